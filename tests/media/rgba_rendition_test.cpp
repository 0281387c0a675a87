// The fast rendition the raster viewer shows while playing (RgbaQuality::Display) has the same
// colours as the exact one used for exports: the same matrix, range and bit depth, differing only
// by interpolation and rounding. A wrong matrix or range would shift every pixel far more.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/media/video_decoder.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

struct Case {
    const char* clip;
    int64_t frame;
};

class RgbaRendition : public testing::TestWithParam<Case> {};

TEST_P(RgbaRendition, DisplayQualityHasTheExactColours) {
    const Case c = GetParam();
    auto decoder = fm::VideoDecoder::open(ft::mediaPath(c.clip));
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    auto frame = (*decoder)->frame(c.frame);
    ASSERT_TRUE(frame.ok()) << frame.error();
    auto exact = frame->toRgba();
    auto display = frame->toRgba(0, 0, fm::VideoFrame::RgbaQuality::Display);
    ASSERT_TRUE(exact.ok() && display.ok());
    ASSERT_EQ(display->width, exact->width);
    ASSERT_EQ(display->height, exact->height);
    std::vector<int> errors;
    double sum = 0;
    for (size_t i = 0; i < exact->pixels.size(); ++i) {
        if (i % 4 == 3) continue;  // alpha
        const int e = std::abs(exact->pixels[i] - display->pixels[i]);
        errors.push_back(e);
        sum += e;
    }
    const double mean = sum / static_cast<double>(errors.size());
    std::nth_element(errors.begin(), errors.begin() + static_cast<ptrdiff_t>(errors.size() / 2),
                     errors.end());
    const int median = errors[errors.size() / 2];
    // Bilinear against bicubic chroma differs a lot at the test pattern's sharp colour edges (p99
    // up to ~50), so the check is on the typical pixel: a wrong matrix or range moves most pixels
    // by 8 or more (limited vs full range scales every value by 255/219).
    EXPECT_LE(median, 2) << c.clip;
    EXPECT_LT(mean, 4.0) << c.clip;
}

TEST(RgbaRendition, ScaledDownRenditionHasTheRequestedSize) {
    auto decoder = fm::VideoDecoder::open(ft::mediaPath("uhd_4k.mp4"));
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    auto frame = (*decoder)->frame(10);
    ASSERT_TRUE(frame.ok());
    auto small = frame->toRgba(1280, 720, fm::VideoFrame::RgbaQuality::Display);
    ASSERT_TRUE(small.ok());
    EXPECT_EQ(small->width, 1280);
    EXPECT_EQ(small->height, 720);
    EXPECT_EQ(small->pixels.size(), 1280u * 720u * 4u);
}

INSTANTIATE_TEST_SUITE_P(Clips, RgbaRendition,
                         testing::Values(Case{"h264_longgop.mp4", 77}, Case{"h264_10bit.mkv", 50},
                                         Case{"prores.mov", 20}, Case{"dnxhr.mov", 30},
                                         Case{"ntsc_df.mov", 5}),
                         [](const testing::TestParamInfo<Case>& info) {
                             std::string name = info.param.clip;
                             std::replace_if(
                                 name.begin(), name.end(),
                                 [](char ch) { return !std::isalnum(ch); }, '_');
                             return name;
                         });

}  // namespace
