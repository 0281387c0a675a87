// The pixel probe's values: stored components read exactly, RGB through the stream's matrix and
// range, for 8- and 10-bit YUV, 10-bit RGB (DPX) and float (EXR) pictures.
#include <gtest/gtest.h>

extern "C" {
#include <libavutil/frame.h>
}

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "core/media/media_source.h"
#include "core/media/pixel_sample.h"
#include "tests/support/decoded_frame.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

// The probe's RGB against the exact conversion (bicubic chroma, accurate rounding) over a grid:
// the typical pixel agrees within a code value; a wrong matrix or range moves most by 8 or more.
void expectRgbLikeTheExactConversion(const fm::VideoFrame& frame) {
    auto exact = frame.toRgba();
    ASSERT_TRUE(exact.ok());
    std::vector<double> errors;
    for (int y = 1; y < frame.height(); y += 7)
        for (int x = 1; x < frame.width(); x += 7) {
            auto sample = fm::samplePixel(frame, x, y);
            ASSERT_TRUE(sample.ok()) << sample.error();
            for (int c = 0; c < 3; ++c) {
                const double probe = std::clamp(sample->rgba[c], 0.0, 1.0) * 255;
                errors.push_back(
                    std::abs(probe - exact->pixels[(size_t(y) * exact->width + x) * 4 + c]));
            }
        }
    std::nth_element(errors.begin(), errors.begin() + errors.size() / 2, errors.end());
    EXPECT_LT(errors[errors.size() / 2], 1.0);
}

TEST(PixelSample, EightBitYuvReadsItsCodesExactly) {
    const fm::VideoFrame frame = ft::decodedFrame(ft::mediaPath("h264_longgop.mp4"), 40);
    const AVFrame* f = frame.avFrame();
    auto sample = fm::samplePixel(frame, 101, 57);
    ASSERT_TRUE(sample.ok()) << sample.error();
    ASSERT_EQ(sample->stored.size(), 3u);
    EXPECT_EQ(sample->stored[0].first, "Y");
    EXPECT_EQ(sample->stored[0].second, f->data[0][57 * f->linesize[0] + 101]);
    EXPECT_EQ(sample->stored[1].first, "Cb");
    EXPECT_EQ(sample->stored[1].second, f->data[1][28 * f->linesize[1] + 50]);  // 4:2:0
    EXPECT_EQ(sample->stored[2].second, f->data[2][28 * f->linesize[2] + 50]);
    EXPECT_FALSE(sample->floatingPoint);
    EXPECT_EQ(sample->rgba[3], 1.0);
    expectRgbLikeTheExactConversion(frame);
}

TEST(PixelSample, TenBitYuvAndRgbKeepTheirDepth) {
    const fm::VideoFrame yuv = ft::decodedFrame(ft::mediaPath("prores.mov"), 10);
    auto sample = fm::samplePixel(yuv, 300, 200);
    ASSERT_TRUE(sample.ok());
    EXPECT_EQ(sample->bitDepth, 10);
    EXPECT_GT(sample->stored[0].second, 255);  // a 10-bit code, not scaled to 8 bits
    expectRgbLikeTheExactConversion(yuv);

    const fm::VideoFrame dpx = ft::decodedFrame(ft::sequenceDir("dpx_10bit"), 2);
    const AVFrame* f = dpx.avFrame();
    auto rgb = fm::samplePixel(dpx, 33, 44);
    ASSERT_TRUE(rgb.ok());
    ASSERT_EQ(rgb->stored[0].first, "R");
    uint16_t red;  // gbrp10le: the red plane is the third
    std::memcpy(&red, f->data[2] + 44 * f->linesize[2] + 2 * 33, 2);
    EXPECT_EQ(rgb->stored[0].second, red);
    EXPECT_DOUBLE_EQ(rgb->rgba[0], red / 1023.0);
}

TEST(PixelSample, FloatPicturesShowTheirValues) {
    const fm::VideoFrame exr = ft::decodedFrame(ft::sequenceDir("exr_float_rle"), 1);
    const AVFrame* f = exr.avFrame();
    auto sample = fm::samplePixel(exr, 160, 90);
    ASSERT_TRUE(sample.ok());
    EXPECT_TRUE(sample->floatingPoint);
    ASSERT_EQ(sample->stored.size(), 4u);  // R, G, B, A
    EXPECT_EQ(sample->stored[3].first, "A");
    float green;  // gbrapf32le: green is the first plane
    std::memcpy(&green, f->data[0] + 90 * f->linesize[0] + 4 * 160, 4);
    EXPECT_FLOAT_EQ(static_cast<float>(sample->stored[1].second), green);
    EXPECT_FLOAT_EQ(static_cast<float>(sample->rgba[1]), green);
}

TEST(PixelSample, OutsideThePictureIsAnError) {
    const fm::VideoFrame frame = ft::decodedFrame(ft::mediaPath("h264_longgop.mp4"), 0);
    EXPECT_FALSE(fm::samplePixel(frame, -1, 0).ok());
    EXPECT_FALSE(fm::samplePixel(frame, frame.width(), 0).ok());
    EXPECT_FALSE(fm::samplePixel(frame, 0, frame.height()).ok());
    EXPECT_FALSE(fm::samplePixel(fm::VideoFrame(), 0, 0).ok());
}

}  // namespace
