// Finding an image sequence: from one file, either pattern spelling or the folder, frame numbers
// from the names, gaps, padding (docs/ARCHITECTURE.md, "Image sequences").
#include "core/media/image_sequence.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/result_checks.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

fm::ImageSequence discover(const std::string& input) {
    return ft::take(fm::ImageSequence::discover(input));
}

void expectSameSequence(const fm::ImageSequence& a, const fm::ImageSequence& b) {
    EXPECT_EQ(a.directory, b.directory);
    EXPECT_EQ(a.prefix, b.prefix);
    EXPECT_EQ(a.suffix, b.suffix);
    EXPECT_EQ(a.padding, b.padding);
    EXPECT_EQ(a.fixedWidth, b.fixedWidth);
    EXPECT_EQ(a.first, b.first);
    EXPECT_EQ(a.last, b.last);
    EXPECT_EQ(a.present, b.present);
    EXPECT_EQ(a.missing, b.missing);
}

TEST(ImageSequence, FileBothPatternsAndFolderGiveTheSameSequence) {
    const std::string dir = ft::sequenceDir("exr_half_zip");
    const auto fromFolder = discover(dir);
    expectSameSequence(discover(dir + "/shot.1010.exr"), fromFolder);
    expectSameSequence(discover(dir + "/shot.####.exr"), fromFolder);
    expectSameSequence(discover(dir + "/shot.%04d.exr"), fromFolder);
    expectSameSequence(discover(dir + "/shot.%d.exr"), fromFolder);
    expectSameSequence(discover(dir + "/"), fromFolder);
    EXPECT_EQ(fromFolder.note, "");
}

TEST(ImageSequence, FrameNumbersComeFromTheNames) {
    const auto sequence = discover(ft::sequenceDir("exr_half_zip") + "/shot.1001.exr");
    EXPECT_EQ(sequence.directory, ft::sequenceDir("exr_half_zip"));
    EXPECT_EQ(sequence.prefix, "shot.");
    EXPECT_EQ(sequence.suffix, ".exr");
    EXPECT_EQ(sequence.padding, 4);
    EXPECT_TRUE(sequence.fixedWidth);
    EXPECT_EQ(sequence.first, 1001);
    EXPECT_EQ(sequence.last, 1024);
    EXPECT_EQ(sequence.frameCount(), 24);
    EXPECT_TRUE(sequence.missing.empty());
    EXPECT_EQ(sequence.fileNumber(0), 1001);
    EXPECT_EQ(sequence.fileName(0), "shot.1001.exr");
    EXPECT_EQ(sequence.path(23), ft::sequenceDir("exr_half_zip") + "/shot.1024.exr");
    EXPECT_EQ(sequence.pattern(), "shot.%04d.exr");
}

TEST(ImageSequence, GapsAreListedAsMissing) {
    const auto sequence = discover(ft::sequenceDir("gap"));
    EXPECT_EQ(sequence.first, 1001);
    EXPECT_EQ(sequence.last, 1020);
    EXPECT_EQ(sequence.frameCount(), 20);
    EXPECT_THAT(sequence.missing, ElementsAre(1006, 1007, 1013));
    EXPECT_EQ(sequence.present.size(), 17u);
    EXPECT_TRUE(sequence.isPresent(4));    // 1005
    EXPECT_FALSE(sequence.isPresent(5));   // 1006
    EXPECT_FALSE(sequence.isPresent(12));  // 1013
    EXPECT_FALSE(sequence.isPresent(-1));
    EXPECT_FALSE(sequence.isPresent(20));
    EXPECT_EQ(sequence.fileName(5), "shot.1006.png");
}

TEST(ImageSequence, PaddingIsReadFromTheNames) {
    const auto dpx = discover(ft::sequenceDir("dpx_10bit"));
    EXPECT_EQ(dpx.padding, 7);
    EXPECT_TRUE(dpx.fixedWidth);
    EXPECT_EQ(dpx.first, 86400);
    EXPECT_EQ(dpx.fileName(0), "scan.0086400.dpx");

    const auto leadingZeros = discover(ft::sequenceDir("exr_float_rle") + "/plate.0007.exr");
    EXPECT_EQ(leadingZeros.padding, 4);
    EXPECT_EQ(leadingZeros.first, 1);
    EXPECT_EQ(leadingZeros.fileName(0), "plate.0001.exr");

    const auto unpadded = discover(ft::sequenceDir("png_unpadded") + "/frame.12.png");
    EXPECT_EQ(unpadded.padding, 1);
    EXPECT_FALSE(unpadded.fixedWidth);
    EXPECT_EQ(unpadded.first, 8);
    EXPECT_EQ(unpadded.last, 19);
    EXPECT_EQ(unpadded.pattern(), "frame.%d.png");
    EXPECT_EQ(unpadded.fileName(2), "frame.10.png");
    // A padded pattern names other files: frame.0008.png does not exist.
    EXPECT_FALSE(fm::ImageSequence::discover(ft::sequenceDir("png_unpadded") + "/frame.####.png"));
}

TEST(ImageSequence, EveryGeneratedSequenceHasItsManifestRange) {
    const auto sequences = ft::manifestSequences();
    ASSERT_GE(sequences.size(), 8u);
    for (const auto& clip : sequences) {
        SCOPED_TRACE(clip.name);
        const auto sequence = discover(ft::sequenceDir(clip.name) + "/" + clip.pattern);
        EXPECT_EQ(sequence.first, clip.first);
        EXPECT_EQ(sequence.last, clip.last);
        EXPECT_EQ(sequence.pattern(), clip.pattern);
    }
}

TEST(ImageSequence, AFolderWithSeveralSequencesOpensTheLongestAndSaysSo) {
    ft::ScratchDir dir;
    for (int n = 1; n <= 3; ++n) dir.write("a." + std::to_string(n) + ".png", "x");
    for (int n = 1001; n <= 1005; ++n) dir.write("b." + std::to_string(n) + ".exr", "x");
    dir.write("b.1006.exr.txt", "not an image");  // other extension: not counted
    dir.write("._b.1001.exr", "macOS metadata");  // hidden: not counted
    dir.write("readme.txt", "no number");
    const auto sequence = discover(dir.path());
    EXPECT_EQ(sequence.prefix, "b.");
    EXPECT_EQ(sequence.present.size(), 5u);
    EXPECT_THAT(sequence.note, HasSubstr("holds 2 image sequences"));
    EXPECT_THAT(sequence.note, HasSubstr("b.%04d.exr"));
    // Naming a file or pattern picks its own sequence.
    EXPECT_EQ(discover(dir.path("a.2.png")).present.size(), 3u);
    EXPECT_EQ(discover(dir.path("a.%d.png")).note, "");
}

TEST(ImageSequence, NamesPaddedToDifferentWidthsAreRefused) {
    ft::ScratchDir dir;
    dir.write("s.007.exr", "x");
    dir.write("s.0008.exr", "x");
    auto sequence = fm::ImageSequence::discover(dir.path("s.007.exr"));
    ASSERT_FALSE(sequence);
    EXPECT_THAT(sequence.error(), HasSubstr("padded to different widths"));
    // A pattern names one padding: the other file is simply not part of it.
    EXPECT_EQ(discover(dir.path("s.###.exr")).present, std::vector<int64_t>{7});
}

TEST(ImageSequence, PatternsNeedExactlyOnePlaceholder) {
    ft::ScratchDir dir;
    dir.write("s.0001.exr", "x");
    for (const char* bad : {"s.%4d.exr", "s.%s.exr", "s.##.#.exr", "s.#%d.exr", "s.%099d.exr"}) {
        auto sequence = fm::ImageSequence::discover(dir.path(bad));
        ASSERT_FALSE(sequence) << bad;
        EXPECT_THAT(sequence.error(), HasSubstr("not a sequence pattern")) << bad;
    }
}

}  // namespace
