// The media id of an image sequence: the same for a copy in another folder, another for a
// renamed shot or a changed frame file (docs/PROTOCOL.md, "Media id of an image sequence").
#include "core/media/sequence_fingerprint.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/result_checks.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

std::string idOf(const std::string& input) {
    return ft::take(fm::sequenceFingerprint(ft::take(fm::ImageSequence::discover(input))));
}

TEST(SequenceFingerprint, ACopyInAnotherFolderKeepsTheId) {
    const std::string original = idOf(ft::sequenceDir("exr_half_zip"));
    EXPECT_EQ(original.size(), 64u);
    EXPECT_EQ(original.find_first_not_of("0123456789abcdef"), std::string::npos) << original;
    ft::ScratchDir copy("elsewhere/renamed_folder");
    copy.copyFilesFrom(ft::sequenceDir("exr_half_zip"));
    EXPECT_EQ(idOf(copy.path()), original);
    EXPECT_EQ(idOf(copy.path("shot.####.exr")), original);
}

TEST(SequenceFingerprint, ChangedFilesOrNamesChangeTheId) {
    ft::ScratchDir copy;
    copy.copyFilesFrom(ft::sequenceDir("exr_half_zip"));
    const std::string original = idOf(copy.path());

    {  // One byte of the first file, the size unchanged.
        std::fstream first(copy.path("shot.1001.exr"),
                           std::ios::in | std::ios::out | std::ios::binary);
        first.seekp(2000);
        first.put('\x5a');
    }
    const std::string firstChanged = idOf(copy.path());
    EXPECT_NE(firstChanged, original);

    // A re-rendered frame in the middle with another size.
    std::filesystem::copy_file(copy.path("shot.1002.exr"), copy.path("shot.1010.exr"),
                               std::filesystem::copy_options::overwrite_existing);
    const std::string middleChanged = idOf(copy.path());
    EXPECT_NE(middleChanged, firstChanged);

    // A frame gone (a gap).
    std::filesystem::remove(copy.path("shot.1011.exr"));
    EXPECT_NE(idOf(copy.path()), middleChanged);

    // The same files under another shot name.
    ft::ScratchDir renamed;
    for (const auto& entry : std::filesystem::directory_iterator(copy.path())) {
        const std::string name = entry.path().filename().string();
        std::filesystem::copy_file(entry.path(), renamed.path("other" + name.substr(4)));
    }
    EXPECT_NE(idOf(renamed.path()), idOf(copy.path()));
}

// The example of docs/PROTOCOL.md, "Media id of an image sequence", computed there in Python.
TEST(SequenceFingerprint, MatchesTheDocumentedExample) {
    ft::ScratchDir dir;
    for (const int n : {1001, 1002, 1004})
        dir.write("shot." + std::to_string(n) + ".exr", "frame " + std::to_string(n) + "\n");
    EXPECT_EQ(idOf(dir.path()), "b63252fe1a1b624def527519b305ee930860626a332d6d91ef21143929e21840");
}

}  // namespace
