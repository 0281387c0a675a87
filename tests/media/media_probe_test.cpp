// The probe reports what an editor needs to trust a clip: rates, geometry, depth, timecode.
#include "core/media/media_probe.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/media/media_fingerprint.h"
#include "core/media/timecode.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

fm::MediaInfo probe(const std::string& clip) {
    auto info = fm::probeMedia(ft::mediaPath(clip));
    EXPECT_TRUE(info.ok()) << info.error();
    return info.ok() ? info.value() : fm::MediaInfo{};
}

TEST(MediaProbe, DropFrameTimecodeIsReadFromTheMov) {
    const auto info = probe("ntsc_df.mov");
    EXPECT_EQ(info.startTimecode, "01:00:00;00");
    EXPECT_TRUE(info.dropFrameTimecode);
    ASSERT_TRUE(info.video);
    EXPECT_EQ(info.video->nominalRate, (fm::Rational{30000, 1001}));
    auto format = fm::TimecodeFormat::forRate(info.video->nominalRate, info.dropFrameTimecode);
    ASSERT_TRUE(format.ok());
    auto clock = fm::Timecode::fromStart(*format, info.startTimecode);
    ASSERT_TRUE(clock.ok());
    EXPECT_EQ(clock->toString(119), "01:00:03;29");
    ASSERT_EQ(info.audio.size(), 1u);
    EXPECT_EQ(info.audio[0].codec, "pcm_s16le");
    EXPECT_EQ(info.audio[0].channelLayout, "stereo");
}

TEST(MediaProbe, TenBitAndProResDepthsAreReported) {
    EXPECT_EQ(probe("h264_10bit.mkv").video->bitDepth, 10);
    EXPECT_EQ(probe("h264_10bit.mkv").video->pixelFormat, "yuv420p10le");
    const auto prores = probe("prores.mov");
    EXPECT_EQ(prores.video->codec, "prores");
    EXPECT_EQ(prores.video->pixelFormat, "yuv422p10le");
    EXPECT_EQ(prores.video->width, 640);
}

TEST(MediaProbe, NonZeroStartTimesAreReported) {
    EXPECT_NEAR(probe("mpeg2.ts").startSeconds, 1.44, 0.01);
    EXPECT_NEAR(probe("mov_editlist.mov").startSeconds, 10.0, 0.01);
    EXPECT_EQ(probe("mov_editlist.mov").startTimecode, "00:59:58:00");
}

TEST(MediaProbe, FourKGeometryAndBFrames) {
    const auto info = probe("uhd_4k.mp4");
    ASSERT_TRUE(info.video);
    EXPECT_EQ(info.video->width, 3840);
    EXPECT_EQ(info.video->height, 2160);
    EXPECT_TRUE(info.video->hasBFrames);
    EXPECT_EQ(info.video->nominalRate, (fm::Rational{24, 1}));
}

TEST(MediaFingerprint, SameContentUnderAnotherPathHasTheSameId) {
    const auto copy = std::filesystem::temp_directory_path() / "framenote-fingerprint-copy.mov";
    std::filesystem::copy_file(ft::mediaPath("prores.mov"), copy,
                               std::filesystem::copy_options::overwrite_existing);
    auto original = fm::mediaFingerprint(ft::mediaPath("prores.mov"));
    auto copied = fm::mediaFingerprint(copy.string());
    std::filesystem::remove(copy);
    ASSERT_TRUE(original.ok() && copied.ok());
    EXPECT_EQ(*original, *copied);
    EXPECT_EQ(original->size(), 64u);
    auto other = fm::mediaFingerprint(ft::mediaPath("dnxhr.mov"));
    ASSERT_TRUE(other.ok());
    EXPECT_NE(*original, *other);
}

}  // namespace
