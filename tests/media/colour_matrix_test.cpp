// Without a colour config the picture is the stream's own colours: each kind of clip (BT.601,
// BT.709 and BT.2020 matrices, limited and full range, 8 and 10 bit, and an untagged SD clip)
// converts to RGB as ffmpeg's own conversion of the same file does (docs/ARCHITECTURE.md,
// "Colour"). The clips are made here by ffmpeg; ffmpeg's scale filter reads each frame's matrix
// and range.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/media/media_source.h"
#include "core/media/picture_channel.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

struct Kind {
    const char* name;
    const char* encode;  // ffmpeg output options
};

const Kind kKinds[] = {
    {"bt601_limited",
     "-pix_fmt yuv420p -colorspace smpte170m -color_primaries smpte170m "
     "-color_trc smpte170m -color_range tv"},
    {"bt709_limited",
     "-pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 "
     "-color_trc bt709 -color_range tv"},
    {"bt709_full",
     "-pix_fmt yuv420p -colorspace bt709 -color_primaries bt709 -color_trc bt709 "
     "-color_range pc"},
    {"bt2020_limited_10bit",
     "-pix_fmt yuv420p10le -colorspace bt2020nc -color_primaries "
     "bt2020 -color_trc bt2020-10 -color_range tv"},
    {"untagged_sd", "-pix_fmt yuv420p"},
};

// ffmpeg's RGB of the file's first frame, with the same filter quality as our exact conversion.
std::vector<uint8_t> ffmpegRgb(const std::string& path) {
    const ft::CommandResult r = ft::runCommand(
        "ffmpeg -nostdin -v error -i '" + path +
        "' -frames:v 1 -vf scale=flags=bicubic+accurate_rnd+full_chroma_int+full_chroma_inp,"
        "format=rgb24 -f rawvideo -");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    return {r.out.begin(), r.out.end()};
}

double meanDifference(const fm::RgbaImage& ours, const std::vector<uint8_t>& rgb) {
    if (rgb.size() != size_t(ours.width) * ours.height * 3) return 255;
    double sum = 0;
    for (size_t i = 0, j = 0; j < rgb.size(); i += 4, j += 3)
        for (int c = 0; c < 3; ++c) sum += std::abs(int(ours.pixels[i + c]) - int(rgb[j + c]));
    return sum / double(rgb.size());
}

TEST(ColourMatrix, EachKindOfClipConvertsAsFfmpegConvertsIt) {
    ft::ScratchDir dir;
    std::vector<std::vector<uint8_t>> theirs;
    for (const Kind& kind : kKinds) {
        const std::string path = dir.path(std::string(kind.name) + ".mp4");
        const ft::CommandResult made = ft::runCommand(
            "ffmpeg -nostdin -v error -f lavfi -i testsrc2=size=320x240:rate=24 -frames:v 1 "
            "-c:v libx264 -qp 0 " +
            std::string(kind.encode) + " '" + path + "'");
        ASSERT_EQ(made.exitCode, 0) << kind.name << ": " << made.err;
        auto opened = fm::openSource(path);
        ASSERT_TRUE(opened.ok()) << opened.error();
        auto frame = opened->source->frame(0);
        ASSERT_TRUE(frame.ok()) << frame.error();
        auto ours = frame->toRgba();
        ASSERT_TRUE(ours.ok());
        theirs.push_back(ffmpegRgb(path));
        EXPECT_LT(meanDifference(*ours, theirs.back()), 0.6) << kind.name;
        // What the raster viewer shows without a config: the same matrix and range on swscale's
        // fast path (bilinear, 8-bit chroma steps: 2.2 to 2.6 here).
        auto shown = fm::ChannelRenderer(fm::PictureChannel::Colour).render(*frame, 0, 0);
        ASSERT_TRUE(shown.ok());
        EXPECT_LT(meanDifference(*shown, theirs.back()), 3.0) << kind.name;
    }
    // The kinds really differ: the same pattern decoded through another matrix or range moves
    // the average value by several codes, far beyond the agreement asked above.
    auto opened = fm::openSource(dir.path("bt709_limited.mp4"));
    ASSERT_TRUE(opened.ok());
    auto bt709 = opened->source->frame(0);
    ASSERT_TRUE(bt709.ok());
    auto ours709 = bt709->toRgba();
    ASSERT_TRUE(ours709.ok());
    const double otherMatrix = meanDifference(*ours709, theirs[0]);  // BT.601's pattern
    const double otherRange = meanDifference(*ours709, theirs[2]);   // full range
    std::printf("mean difference to another matrix %.2f, to another range %.2f\n", otherMatrix,
                otherRange);
    EXPECT_GT(otherMatrix, 3.0);
    EXPECT_GT(otherRange, 3.0);
}

}  // namespace
