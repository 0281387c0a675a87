// Image sequences from hostile folders and files: clear errors naming the folder or file, never
// a crash, a hang or an allocation by a declared size (docs/ARCHITECTURE.md, "Image
// sequences"). Runs under AddressSanitizer too (`make test-asan`).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/media/image_file_decoder.h"
#include "core/media/image_sequence.h"
#include "tests/support/exr_bytes.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;
using ::testing::AllOf;
using ::testing::HasSubstr;

namespace {

std::string discoveryError(const std::string& input, const fm::SequenceLimits& limits = {}) {
    auto sequence = fm::ImageSequence::discover(input, limits);
    return sequence.ok() ? "(no error)" : sequence.error();
}

std::string decodeError(const std::string& path, const fm::ImageLimits& limits = {}) {
    auto frame = fm::decodeImageFile(path, 0, limits);
    return frame.ok() ? "(no error)" : frame.error();
}

using ft::bytesOf;

TEST(SequenceBadInput, APatternInAnEmptyFolderSaysNothingMatches) {
    ft::ScratchDir dir;
    EXPECT_THAT(discoveryError(dir.path("shot.####.exr")),
                AllOf(HasSubstr(dir.path()), HasSubstr("no file matches shot.####.exr")));
    EXPECT_THAT(discoveryError(dir.path()), HasSubstr("holds no numbered image files"));
    EXPECT_THAT(discoveryError(dir.path("missing/shot.%04d.exr")), HasSubstr("no such folder"));
    EXPECT_THAT(discoveryError(dir.path("plate.1001.exr")), HasSubstr("no such file or folder"));
    EXPECT_THAT(discoveryError(""), HasSubstr("no image sequence given"));
}

TEST(SequenceBadInput, AFileWithoutAFrameNumberIsNoSequence) {
    ft::ScratchDir dir;
    dir.write("plate.exr", "x");
    EXPECT_THAT(discoveryError(dir.path("plate.exr")), HasSubstr("holds no frame number"));
    dir.write("id.1234567890.exr", "x");  // ten digits: an id, not a frame number
    EXPECT_THAT(discoveryError(dir.path("id.1234567890.exr")), HasSubstr("holds no frame number"));
}

TEST(SequenceBadInput, FoldersOverTheLimitsAreRefused) {
    ft::ScratchDir dir;
    for (int n = 1; n <= 11; ++n) dir.write("s." + std::to_string(n) + ".png", "x");
    fm::SequenceLimits few;
    few.maxFiles = 10;
    EXPECT_THAT(discoveryError(dir.path(), few), HasSubstr("more than 10 numbered images"));
    EXPECT_THAT(discoveryError(dir.path("s.1.png"), few), HasSubstr("more than 10"));
    few.maxFiles = 100;
    few.maxEntries = 5;
    EXPECT_THAT(discoveryError(dir.path("s.%d.png"), few), HasSubstr("more than 5 entries"));
    // Numbers far apart would make a list of a billion missing frames.
    dir.write("s.999999999.png", "x");
    EXPECT_THAT(discoveryError(dir.path()),
                AllOf(HasSubstr("1 to 999999999"), HasSubstr("span more than")));
}

TEST(SequenceBadInput, ATruncatedExrIsAnErrorNotAPartialPicture) {
    ft::ScratchDir dir;
    const std::string whole = bytesOf(ft::sequenceDir("exr_half_zip") + "/shot.1001.exr");
    ASSERT_GT(whole.size(), 10000u);
    for (const size_t keep : {whole.size() * 2 / 3, size_t{400}, size_t{20}}) {
        const std::string name = "cut" + std::to_string(keep) + ".exr";
        dir.write(name, whole.substr(0, keep));
        EXPECT_THAT(decodeError(dir.path(name)), HasSubstr(dir.path(name))) << keep;
    }
    // JPEG and PNG decoders would conceal the damage and give a picture: here they fail.
    for (const std::string file : {"jpeg/shot.1001.jpg", "gap/shot.1001.png"}) {
        const std::string bytes = bytesOf(ft::sequenceDir(file));
        const std::string name = "cut" + file.substr(file.size() - 4);
        dir.write(name, bytes.substr(0, bytes.size() * 2 / 3));
        EXPECT_THAT(decodeError(dir.path(name)), HasSubstr("cannot decode it as")) << file;
    }
    // Tiled, PIZ: the same for OpenEXR's other reader.
    const std::string tiled = bytesOf(ft::sequenceDir("exr_codecs") + "/comp.1005.exr");
    dir.write("tiled.exr", tiled.substr(0, tiled.size() / 2));
    EXPECT_THAT(decodeError(dir.path("tiled.exr")), HasSubstr("PIZ"));
}

TEST(SequenceBadInput, NonImagesNamedAsImagesAreRefused) {
    ft::ScratchDir dir;
    const std::string text = "This is a plain text file named like an image.\n";
    for (const char* name : {"text.exr", "text.dpx", "text.tif", "text.png", "text.jpg"}) {
        dir.write(name, text);
        EXPECT_THAT(decodeError(dir.path(name)), HasSubstr(dir.path(name))) << name;
    }
    EXPECT_THAT(decodeError(dir.path("text.exr")), HasSubstr("not a readable OpenEXR file"));
    dir.write("empty.exr", "");
    EXPECT_THAT(decodeError(dir.path("empty.exr")), HasSubstr("the file is empty"));
    dir.write("text.xyz", text);
    EXPECT_THAT(decodeError(dir.path("text.xyz")), HasSubstr("names no image format"));
    EXPECT_THAT(decodeError(dir.path("gone.exr")), HasSubstr("no such file"));
}

// TIFF strips whose compressed data is damaged: FFmpeg's decoder logs the failure and hands over
// a picture with the rest missing; Framenote refuses it and says why. The same files undamaged,
// and a packed-bits one, decode (the watch does not catch warnings such as unknown tags).
TEST(SequenceBadInput, DamagedTiffStripsAreRefusedNotShownPartly) {
    ft::ScratchDir dir;
    for (const std::string compression : {"lzw", "deflate", "packbits"}) {
        SCOPED_TRACE(compression);
        const std::string whole = dir.path(compression + ".tif");
        const auto made = ft::runCommand(
            "ffmpeg -nostdin -v error -y -f lavfi -i testsrc=size=320x180 -frames:v 1 "
            "-pix_fmt rgb48le -compression_algo " +
            compression + " '" + whole + "'");
        ASSERT_EQ(made.exitCode, 0) << made.err;
        EXPECT_EQ(decodeError(whole), "(no error)");
        if (compression == "packbits") continue;  // no structure to find damage by
        std::string bytes = bytesOf(whole);
        for (size_t i = bytes.size() / 3; i < bytes.size() / 3 + 200; ++i) bytes[i] ^= 0x5a;
        dir.write("damaged_" + compression + ".tif", bytes);
        EXPECT_THAT(decodeError(dir.path("damaged_" + compression + ".tif")),
                    AllOf(HasSubstr("damaged_" + compression +
                                    ".tif: damaged: the tiff decoder "
                                    "reported"),
                          HasSubstr("shown whole or not at all")));
    }
}

// A header declaring 100000x100000 pixels in a small file: refused before any allocation.
TEST(SequenceBadInput, AHugeDeclaredExrSizeIsRefused) {
    ft::ScratchDir dir;
    std::string bytes = bytesOf(ft::sequenceDir("exr_half_zip") + "/shot.1001.exr");
    for (const std::string attribute : {"dataWindow", "displayWindow"})
        ft::setExrBox(bytes, attribute, 0, 0, 99999, 99999);
    dir.write("huge.exr", bytes);
    EXPECT_THAT(decodeError(dir.path("huge.exr")),
                AllOf(HasSubstr("huge.exr"), HasSubstr("100000x100000"), HasSubstr("16384x16384")));
}

TEST(SequenceBadInput, PicturesOverTheLimitsAreRefused) {
    fm::ImageLimits small;
    small.maxWidth = 100;
    small.maxHeight = 100;
    // FFmpeg's decoders refuse the size before they tell it (max_pixels); OpenEXR's header
    // tells it.
    for (const std::string file : {"png_unpadded/frame.8.png", "tiff_16bit/shot.1001.tif",
                                   "dpx_10bit/scan.0086400.dpx", "jpeg/shot.1001.jpg"})
        EXPECT_THAT(decodeError(ft::sequenceDir(file), small),
                    AllOf(HasSubstr(file), HasSubstr("over the 100x100 limit")));
    EXPECT_THAT(decodeError(ft::sequenceDir("exr_half_zip/shot.1001.exr"), small),
                AllOf(HasSubstr("320x180"), HasSubstr("100x100")));
    fm::ImageLimits fewBytes;
    fewBytes.maxPictureBytes = 100000;
    EXPECT_THAT(decodeError(ft::sequenceDir("tiff_16bit/shot.1001.tif"), fewBytes),
                HasSubstr("would need"));
    EXPECT_THAT(decodeError(ft::sequenceDir("exr_float_rle/plate.0001.exr"), fewBytes),
                HasSubstr("would need"));
    fm::ImageLimits smallFiles;
    smallFiles.maxFileBytes = 1000;
    EXPECT_THAT(decodeError(ft::sequenceDir("png_unpadded/frame.8.png"), smallFiles),
                HasSubstr("more than the 1000 bytes an image may have"));
}

}  // namespace
