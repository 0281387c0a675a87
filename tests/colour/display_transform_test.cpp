// The viewer's CPU colour pipeline: known values of the transforms, exposure and gamma, and whole
// decoded pictures through it, as the frame server renders them (docs/ARCHITECTURE.md, "Colour").
#include <gmock/gmock.h>
#include <gtest/gtest.h>

extern "C" {
#include <libavutil/frame.h>
}

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/colour/colour_config.h"
#include "core/colour/display_transform.h"
#include "core/media/ffmpeg_util.h"
#include "core/media/media_source.h"
#include "core/media/picture_channel.h"
#include "tests/support/decoded_frame.h"
#include "tests/support/test_media.h"

namespace fc = framenote::colour;
namespace fm = framenote::media;
namespace ft = framenote::test;
using testing::HasSubstr;

namespace {

std::shared_ptr<const fc::DisplayTransform> transform(const fc::ViewSettings& settings) {
    auto config = fc::ColourConfig::builtIn();
    EXPECT_TRUE(config.ok()) << config.error();
    auto made = fc::DisplayTransform::create(*config, settings);
    EXPECT_TRUE(made.ok()) << made.error();
    return made ? *made : nullptr;
}

// The sRGB encoding of a linear value (IEC 61966-2-1), computed here independently of OCIO.
double srgbEncoded(double linear) {
    return linear <= 0.0031308 ? 12.92 * linear : 1.055 * std::pow(linear, 1 / 2.4) - 0.055;
}

TEST(DisplayTransform, UnToneMappedLinearRec709IsTheSrgbEncoding) {
    auto view = transform({"Linear Rec.709 (sRGB)", "sRGB - Display", "Un-tone-mapped"});
    ASSERT_TRUE(view);
    for (const float v : {0.0f, 0.002f, 0.18f, 0.5f, 1.0f}) {
        const auto out = view->apply({v, v, v});
        for (const float channel : out) EXPECT_NEAR(channel, srgbEncoded(v), 2e-4) << v;
    }
}

TEST(DisplayTransform, AcesSdrVideoToneMapsMidGrey) {
    // ACEScg 0.18 through the ACES 1.0 SDR video output transform on an sRGB display: 0.356
    // (OpenColorIO's reference value), and a highlight of 16 stays below display white.
    auto view = transform({"ACEScg", "sRGB - Display", "ACES 1.0 - SDR Video"});
    ASSERT_TRUE(view);
    EXPECT_NEAR(view->apply({0.18f, 0.18f, 0.18f})[1], 0.35595, 1e-4);
    EXPECT_LT(view->apply({16.f, 16.f, 16.f})[1], 1.0f);
    EXPECT_GT(view->apply({16.f, 16.f, 16.f})[1], 0.95f);
}

TEST(DisplayTransform, ExposureIsInStopsBeforeTheViewAndGammaAfter) {
    const fc::ViewSettings plain{"ACEScg", "sRGB - Display", "ACES 1.0 - SDR Video"};
    fc::ViewSettings brighter = plain;
    brighter.exposure = 1.0;
    auto base = transform(plain);
    auto up = transform(brighter);
    ASSERT_TRUE(base && up);
    // One stop up doubles the scene value before the tone mapping.
    EXPECT_NEAR(up->apply({0.09f, 0.09f, 0.09f})[0], base->apply({0.18f, 0.18f, 0.18f})[0], 1e-5);

    fc::ViewSettings gamma{"sRGB - Texture", "sRGB - Display", "Un-tone-mapped"};
    gamma.gamma = 2.0;
    auto withGamma = transform(gamma);
    ASSERT_TRUE(withGamma);
    // sRGB texture shows as itself on an sRGB display; gamma 2 then takes the square root.
    EXPECT_NEAR(withGamma->apply({0.25f, 0.25f, 0.25f})[2], 0.5, 1e-4);
}

TEST(DisplayTransform, NamesTheConfigLacksAreRefused) {
    auto config = fc::ColourConfig::builtIn();
    ASSERT_TRUE(config.ok());
    auto space = fc::DisplayTransform::create(*config, {"Nope", "sRGB - Display", "Raw"});
    ASSERT_FALSE(space.ok());
    EXPECT_THAT(space.error(), HasSubstr("has no colour space \"Nope\""));
    auto display = fc::DisplayTransform::create(*config, {"ACEScg", "Cinema", "Raw"});
    ASSERT_FALSE(display.ok());
    EXPECT_THAT(display.error(), HasSubstr("has no display \"Cinema\""));
    // A view of another display.
    auto view = fc::DisplayTransform::create(*config,
                                             {"ACEScg", "sRGB - Display", "ACES 1.0 - SDR Cinema"});
    ASSERT_FALSE(view.ok());
    EXPECT_THAT(view.error(), HasSubstr("has no view \"ACES 1.0 - SDR Cinema\""));
}

// Every pixel of a half-float EXR frame, rendered whole, equals the transform of its own source
// value to within one 8-bit code value: no plane mixed up, no row band lost at a seam.
TEST(DisplayTransform, ExrPixelsGoThroughTheTransformAtFullPrecision) {
    auto view = transform({"ACEScg", "sRGB - Display", "ACES 1.0 - SDR Video"});
    ASSERT_TRUE(view);
    const fm::VideoFrame frame = ft::decodedFrame(ft::sequenceDir("exr_half_zip"), 3);
    ASSERT_EQ(frame.pixelFormatName(), "gbrpf32le");
    auto image = view->renderStill(frame, 0, 0);  // a paused picture: the exact path
    ASSERT_TRUE(image.ok()) << image.error();
    ASSERT_EQ(image->width, frame.width());
    ASSERT_EQ(image->height, frame.height());
    const AVFrame* f = frame.avFrame();
    int worst = 0;
    for (int y = 0; y < f->height; ++y)
        for (int x = 0; x < f->width; ++x) {
            const auto at = [&](int plane) {
                float v;
                std::memcpy(&v, f->data[plane] + ptrdiff_t{y} * f->linesize[plane] + 4 * x, 4);
                return v;
            };
            const auto expected = view->apply({at(2), at(0), at(1)});  // planes are G, B, R
            const uint8_t* got = &image->pixels[(size_t(y) * f->width + x) * 4];
            for (int c = 0; c < 3; ++c) {
                const int want = std::lround(std::clamp(expected[c], 0.f, 1.f) * 255);
                worst = std::max(worst, std::abs(want - got[c]));
            }
            ASSERT_EQ(got[3], 255) << x << "," << y;
        }
    EXPECT_LE(worst, 1);
}

// Video through the Raw view is the stream's own colours: the same matrix and range as the exact
// conversion used for exports, now in float (a 10-bit clip, and a 4:2:2 one scaled down).
TEST(DisplayTransform, RawViewOfVideoIsTheStreamsOwnColours) {
    auto raw = transform({"Rec.1886 Rec.709 - Display", "sRGB - Display", "Raw"});
    ASSERT_TRUE(raw);
    for (const auto& [clip, width, height] :
         {std::tuple{"h264_10bit.mkv", 0, 0}, std::tuple{"prores.mov", 320, 180}}) {
        const fm::VideoFrame frame = ft::decodedFrame(ft::mediaPath(clip), 5);
        auto exact = frame.toRgba(width, height, fm::VideoFrame::RgbaQuality::Exact);
        auto managed = raw->render(frame, width, height);
        ASSERT_TRUE(exact.ok() && managed.ok()) << clip;
        ASSERT_EQ(managed->pixels.size(), exact->pixels.size()) << clip;
        double sum = 0;
        for (size_t i = 0; i < exact->pixels.size(); ++i) {
            if (i % 4 == 3) {
                ASSERT_EQ(managed->pixels[i], 255);
                continue;
            }
            sum += std::abs(int(exact->pixels[i]) - int(managed->pixels[i]));
        }
        // Bilinear against bicubic scaling and chroma; a wrong matrix or range moves most values
        // by 8 or more (measured: 0.6 to 1.5 here, the fast 8-bit display path 1.2 to 4.3).
        EXPECT_LT(sum / double(exact->pixels.size() / 4 * 3), 2.0) << clip;
    }
}

// The Un-tone-mapped sRGB display shows Rec.1886 video darker in the mid-tones than its code
// values (a 2.4 gamma display encoding decoded and re-encoded for sRGB): a real transform, not
// a copy.
TEST(DisplayTransform, VideoOnAnotherDisplayIsConverted) {
    auto view = transform({"Rec.1886 Rec.709 - Display", "sRGB - Display", "Un-tone-mapped"});
    ASSERT_TRUE(view);
    const double linear = std::pow(0.5, 2.4);
    EXPECT_NEAR(view->apply({0.5f, 0.5f, 0.5f})[0], srgbEncoded(linear), 2e-3);
}

// One channel shows as grey: without a config on the plain conversion, with one before the view
// (OpenColorIO's channel view); through the Raw view both give the same greys.
TEST(PictureChannel, OneChannelShowsAsGreyWithAndWithoutAConfig) {
    const fm::VideoFrame frame = ft::decodedFrame(ft::mediaPath("prores.mov"), 5);
    auto plain = frame.toRgba(0, 0, fm::VideoFrame::RgbaQuality::Display);
    ASSERT_TRUE(plain.ok());
    const std::vector<uint8_t>& colour = plain->pixels;

    auto red = fm::ChannelRenderer(fm::PictureChannel::Red).render(frame, 0, 0);
    ASSERT_TRUE(red.ok());
    for (size_t i = 0; i < colour.size(); i += 4) {
        ASSERT_EQ(red->pixels[i], colour[i]);
        ASSERT_EQ(red->pixels[i + 1], colour[i]);
        ASSERT_EQ(red->pixels[i + 2], colour[i]);
        ASSERT_EQ(red->pixels[i + 3], 255);
    }
    auto luminance = fm::ChannelRenderer(fm::PictureChannel::Luminance).render(frame, 0, 0);
    ASSERT_TRUE(luminance.ok());
    for (size_t i = 0; i < colour.size(); i += 4 * 997) {
        const double y = 0.2126 * colour[i] + 0.7152 * colour[i + 1] + 0.0722 * colour[i + 2];
        ASSERT_NEAR(luminance->pixels[i + 1], y, 1.0) << i;
    }

    fc::ViewSettings settings{"Rec.1886 Rec.709 - Display", "sRGB - Display", "Raw"};
    settings.channel = fm::PictureChannel::Green;
    auto green = transform(settings);
    ASSERT_TRUE(green);
    auto managed = green->render(frame, 0, 0);
    ASSERT_TRUE(managed.ok());
    double sum = 0;
    for (size_t i = 0; i < colour.size(); i += 4) {
        ASSERT_EQ(managed->pixels[i], managed->pixels[i + 1]);
        ASSERT_EQ(managed->pixels[i + 2], managed->pixels[i + 1]);
        ASSERT_EQ(managed->pixels[i + 3], 255);
        sum += std::abs(int(managed->pixels[i + 1]) - int(colour[i + 1]));
    }
    EXPECT_LT(sum / double(colour.size() / 4), 1.5);
}

// The baked LUTs (playback) against the transform itself (a paused picture): within one 8-bit
// code value over video and through the Un-tone-mapped view; through the ACES SDR view with
// exposure and gamma, over a synthetic float frame sweeping 2^-12 to 2^8 in every colour
// combination, all but the values near the display gamut's edge (saturated colours, where the
// output transform clips: about 2 % of the values) are within one code value.
TEST(DisplayTransform, BakedLutsStayCloseToTheTransform) {
    // A float frame whose three channels sweep 20 stops at different rates.
    fm::FramePtr sweep(av_frame_alloc());
    sweep->format = AV_PIX_FMT_GBRPF32LE;
    sweep->width = 512;
    sweep->height = 128;
    ASSERT_GE(av_frame_get_buffer(sweep.get(), 0), 0);
    for (int y = 0; y < sweep->height; ++y)
        for (int x = 0; x < sweep->width; ++x) {
            const double t = (y * sweep->width + x) / double(sweep->width * sweep->height);
            const float values[3] = {float(std::exp2(-12 + 20 * t)),
                                     float(std::exp2(-12 + 20 * std::fmod(t * 7, 1.0))),
                                     float(std::exp2(-12 + 20 * std::fmod(t * 31, 1.0)))};
            for (int plane = 0; plane < 3; ++plane)
                std::memcpy(sweep->data[plane] + y * sweep->linesize[plane] + 4 * x, &values[plane],
                            4);
        }
    const fm::VideoFrame linear(sweep.get(), 0);
    const fm::VideoFrame video = ft::decodedFrame(ft::mediaPath("prores.mov"), 12);

    fc::ViewSettings graded{"ACEScg", "sRGB - Display", "ACES 1.0 - SDR Video"};
    graded.exposure = 1.5;
    graded.gamma = 1.2;
    struct Case {
        fc::ViewSettings settings;
        const fm::VideoFrame* frame;
        double maxShareOff;  // of the colour values, off by more than one code value
    };
    const Case cases[] = {
        {{"Rec.1886 Rec.709 - Display", "sRGB - Display", "ACES 1.0 - SDR Video"}, &video, 0.0},
        {{"Linear Rec.709 (sRGB)", "Rec.1886 Rec.709 - Display", "Un-tone-mapped"}, &linear, 0.0},
        {graded, &linear, 0.03},  // measured: 2.1 %, worst 52 code values
    };
    for (const Case& c : cases) {
        auto view = transform(c.settings);
        ASSERT_TRUE(view);
        auto baked = view->render(*c.frame, 0, 0);
        auto exact = view->renderStill(*c.frame, 0, 0);
        ASSERT_TRUE(baked.ok() && exact.ok());
        int worst = 0;
        size_t off = 0;
        for (size_t i = 0; i < exact->pixels.size(); ++i) {
            const int d = std::abs(int(baked->pixels[i]) - int(exact->pixels[i]));
            worst = std::max(worst, d);
            off += d > 1;
        }
        const double share = off / double(exact->pixels.size() / 4 * 3);
        std::printf("%s / %s: %.3f %% of values off by more than one code value, worst %d\n",
                    c.settings.inputSpace.c_str(), c.settings.view.c_str(), share * 100, worst);
        EXPECT_LE(share, c.maxShareOff) << c.settings.inputSpace << " / " << c.settings.view;
        if (c.maxShareOff == 0) {
            EXPECT_LE(worst, 1);
        }
    }
}

}  // namespace
