// Decoding image sequences: every frame equals ffmpeg's framemd5, gaps stay missing, the bit
// depth is kept, and the RGBA renditions of every format agree (docs/ARCHITECTURE.md, "Image
// sequences").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

extern "C" {
#include <libavutil/frame.h>
}

#include "core/media/image_file_decoder.h"
#include "core/media/sequence_frame.h"
#include "tests/support/exr_bytes.h"
#include "tests/support/result_checks.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;
using ::testing::HasSubstr;

namespace {

fm::ImageSequence sequenceOf(const std::string& name) {
    return ft::take(fm::ImageSequence::discover(ft::sequenceDir(name)));
}

fm::VideoFrame frameOf(const fm::ImageSequence& sequence, int64_t n) {
    auto frame = ft::take(fm::decodeSequenceFrame(sequence, n));
    if (!frame) ADD_FAILURE() << sequence.path(n) << " decoded as missing";
    return frame ? *frame : fm::VideoFrame{};
}

TEST(SequenceDecode, EveryFrameEqualsFfmpegFramemd5) {
    int64_t checked = 0;
    for (const auto& clip : ft::manifestSequences()) {
        SCOPED_TRACE(clip.name);
        const auto sequence = sequenceOf(clip.name);
        const auto runs = ft::referenceSequenceRuns(clip.name);
        ASSERT_FALSE(runs.empty()) << "no ground truth for " << clip.name;
        size_t frames = 0;
        for (const auto& [start, references] : runs) {
            for (size_t i = 0; i < references.size(); ++i) {
                const int64_t n = start + static_cast<int64_t>(i) - sequence.first;
                const fm::VideoFrame frame = frameOf(sequence, n);
                EXPECT_EQ(frame.md5(), references[i].md5) << sequence.path(n);
                EXPECT_EQ(frame.packedSize(), references[i].size) << sequence.path(n);
                EXPECT_EQ(frame.number(), n);
                EXPECT_EQ(frame.pts(), n);
                ++frames;
            }
        }
        EXPECT_EQ(frames, sequence.present.size()) << "every present file has ground truth";
        checked += static_cast<int64_t>(frames);
    }
    EXPECT_GE(checked, 100);
}

TEST(SequenceDecode, MissingFramesAreMissingNotANeighbour) {
    const auto sequence = sequenceOf("gap");
    for (const int64_t n : {5, 6, 12}) {  // 1006, 1007, 1013
        auto frame = fm::decodeSequenceFrame(sequence, n);
        ASSERT_TRUE(frame.ok()) << frame.error();
        EXPECT_FALSE(frame->has_value()) << "frame " << n << " is a gap";
    }
    EXPECT_EQ(frameOf(sequence, 4).md5(), ft::referenceSequenceRuns("gap").at(1001).at(4).md5);
    EXPECT_EQ(frameOf(sequence, 7).md5(), ft::referenceSequenceRuns("gap").at(1008).at(0).md5);
}

TEST(SequenceDecode, FramesOutsideTheSequenceAreAnError) {
    const auto sequence = sequenceOf("gap");
    for (const int64_t n : {int64_t{-1}, int64_t{20}}) {
        auto frame = fm::decodeSequenceFrame(sequence, n);
        ASSERT_FALSE(frame.ok());
        EXPECT_THAT(frame.error(), HasSubstr("no frame " + std::to_string(n)));
    }
}

// Where an EXR's display window reaches past its data window, the picture there is black,
// whatever the decoder's reused memory last held: here, the same picture placed 20 pixels to
// the left and up, in a canvas of the same size.
TEST(SequenceDecode, AnExrDisplayWindowPastItsDataIsBlackThere) {
    ft::ScratchDir dir;
    const std::string original = ft::bytesOf(ft::sequenceDir("exr_half_zip") + "/shot.1001.exr");
    std::string topLeft = original;  // data at (0, 0) of a 340x200 canvas
    ft::setExrBox(topLeft, "displayWindow", 0, 0, 339, 199);
    std::string bottomRight = original;  // data at (20, 20)
    ft::setExrBox(bottomRight, "displayWindow", -20, -20, 319, 179);
    dir.write("top_left.exr", topLeft);
    dir.write("bottom_right.exr", bottomRight);
    for (int round = 0; round < 3; ++round) {
        for (const char* name : {"top_left.exr", "bottom_right.exr"}) {
            SCOPED_TRACE(name);
            const fm::VideoFrame frame = ft::take(fm::decodeImageFile(dir.path(name), 0));
            ASSERT_EQ(frame.width(), 340);
            ASSERT_EQ(frame.height(), 200);
            const bool dataFirst = std::string(name) == "top_left.exr";
            const int blankX = dataFirst ? 330 : 5, blankY = dataFirst ? 190 : 5;
            const int dataX = dataFirst ? 5 : 25, dataY = dataFirst ? 5 : 25;
            for (int plane = 0; plane < 3; ++plane) {
                const auto at = [&](int x, int y) {
                    const AVFrame* av = frame.avFrame();
                    return reinterpret_cast<const float*>(av->data[plane] +
                                                          ptrdiff_t{y} * av->linesize[plane])[x];
                };
                // Every row and column of the border, on each side the data does not reach.
                for (int i = 0; i < 200; ++i) EXPECT_EQ(at(blankX, i), 0.0f) << plane << " " << i;
                for (int i = 0; i < 340; ++i) EXPECT_EQ(at(i, blankY), 0.0f) << plane << " " << i;
                EXPECT_NE(at(dataX, dataY) + at(dataX + 100, dataY + 80), 0.0f);
            }
        }
    }
}

TEST(SequenceDecode, BitDepthAndPixelFormatAreKept) {
    const std::vector<std::tuple<std::string, std::string, int>> expected = {
        {"exr_half_zip", "gbrpf32le", 32}, {"exr_float_rle", "gbrapf32le", 32},
        {"exr_codecs", "gbrpf32le", 32},   {"exr_dwa", "gbrpf32le", 32},
        {"dpx_10bit", "gbrp10le", 10},     {"tiff_16bit", "rgb48le", 16},
        {"png_unpadded", "rgb24", 8},      {"jpeg", "yuvj420p", 8},
    };
    for (const auto& [name, format, depth] : expected) {
        const fm::VideoFrame frame = frameOf(sequenceOf(name), 0);
        EXPECT_EQ(frame.pixelFormatName(), format) << name;
        EXPECT_EQ(frame.bitDepth(), depth) << name;
        EXPECT_EQ(frame.width(), 320) << name;
        EXPECT_EQ(frame.height(), 180) << name;
    }
}

// Every sequence shows the same test pattern, so its first frame in 8-bit RGBA matches the PNG's
// up to rounding (and JPEG's loss).
TEST(SequenceDecode, RgbaRenditionsOfEveryFormatAgree) {
    const auto png = ft::take(frameOf(sequenceOf("png_unpadded"), 0).toRgba());
    for (const auto& [name, tolerance] :
         std::vector<std::pair<std::string, double>>{{"exr_half_zip", 1.0},
                                                     {"exr_float_rle", 1.0},
                                                     {"exr_codecs", 1.0},
                                                     {"exr_dwa", 3.0},
                                                     {"dpx_10bit", 1.0},
                                                     {"tiff_16bit", 1.0},
                                                     {"jpeg", 6.0}}) {
        const auto rgba = ft::take(frameOf(sequenceOf(name), 0).toRgba());
        ASSERT_EQ(rgba.pixels.size(), png.pixels.size()) << name;
        double difference = 0;
        for (size_t i = 0; i < rgba.pixels.size(); ++i)
            difference += std::abs(int{rgba.pixels[i]} - int{png.pixels[i]});
        EXPECT_LT(difference / static_cast<double>(rgba.pixels.size()), tolerance) << name;
        EXPECT_EQ(rgba.pixels[3], 255) << name << ": opaque";
    }
}

TEST(SequenceDecode, APercentSignInTheFolderNameIsNoPattern) {
    ft::ScratchDir dir("100%_final %04d");
    for (const char* name : {"shot.1001.png", "shot.1002.png"})
        std::filesystem::copy_file(ft::sequenceDir("gap") + "/" + name, dir.path(name));
    const auto sequence = ft::take(fm::ImageSequence::discover(dir.path("shot.####.png")));
    EXPECT_EQ(frameOf(sequence, 1).md5(), ft::referenceSequenceRuns("gap").at(1001).at(1).md5);
}

}  // namespace
