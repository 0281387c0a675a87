// Audio decoded and resampled by Framenote matches what ffmpeg's own conversion produces.
#include "core/media/audio_decoder.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>

#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

std::vector<int16_t> ffmpegSamples(const std::string& clip, int rate, double from = 0) {
    const auto result = ft::runCommand("ffmpeg -nostdin -v error -ss " + std::to_string(from) +
                                       " -i '" + ft::mediaPath(clip) + "' -map 0:a:0 -ac 2 -ar " +
                                       std::to_string(rate) + " -f s16le -");
    EXPECT_EQ(result.exitCode, 0) << result.err;
    std::vector<int16_t> samples(result.out.size() / 2);
    std::memcpy(samples.data(), result.out.data(), samples.size() * 2);
    return samples;
}

std::vector<int16_t> ourSamples(fm::AudioDecoder& decoder, double* firstChunkStart = nullptr) {
    std::vector<int16_t> samples;
    bool first = true;
    while (true) {
        auto chunk = decoder.next();
        EXPECT_TRUE(chunk.ok());
        if (!chunk.ok() || !chunk->has_value()) break;
        if (first && firstChunkStart) *firstChunkStart = (*chunk)->startSeconds;
        first = false;
        const auto& data = (*chunk)->data;
        const size_t old = samples.size();
        samples.resize(old + data.size() / 2);
        std::memcpy(samples.data() + old, data.data(), data.size());
    }
    return samples;
}

fm::AudioFormat stereoS16(int rate) {
    fm::AudioFormat format;
    format.sampleRate = rate;
    format.channels = 2;
    format.sample = fm::AudioFormat::Sample::Int16;
    return format;
}

// Largest difference between corresponding samples; the sizes must match too.
int maxDifference(const std::vector<int16_t>& a, const std::vector<int16_t>& b) {
    int worst = 0;
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
        worst = std::max(worst, std::abs(a[i] - b[i]));
    return worst;
}

TEST(AudioDecoder, AacDecodesToTheSameSamplesAsFfmpeg) {
    auto decoder = fm::AudioDecoder::open(ft::mediaPath("h264_longgop.mp4"), stereoS16(48000));
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    const auto ours = ourSamples(**decoder);
    const auto theirs = ffmpegSamples("h264_longgop.mp4", 48000);
    ASSERT_GT(theirs.size(), 48000u * 2);
    EXPECT_EQ(ours.size(), theirs.size());
    EXPECT_LE(maxDifference(ours, theirs), 1);
}

TEST(AudioDecoder, PcmResampledTo44100MatchesFfmpegsResampler) {
    auto decoder = fm::AudioDecoder::open(ft::mediaPath("ntsc_df.mov"), stereoS16(44100));
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    EXPECT_EQ((*decoder)->sourceSampleRate(), 48000);
    const auto ours = ourSamples(**decoder);
    const auto theirs = ffmpegSamples("ntsc_df.mov", 44100);
    ASSERT_GT(theirs.size(), 44100u * 2);
    // swresample flushes its last few samples at the end of the stream; compare the body.
    EXPECT_NEAR(static_cast<double>(ours.size()), static_cast<double>(theirs.size()), 64 * 2);
    EXPECT_LE(maxDifference(ours, theirs), 1);
}

TEST(AudioDecoder, SeekInPcmStartsOnTheExactSample) {
    auto decoder = fm::AudioDecoder::open(ft::mediaPath("ntsc_df.mov"), stereoS16(48000));
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    const auto whole = ourSamples(**decoder);
    auto seeked = fm::AudioDecoder::open(ft::mediaPath("ntsc_df.mov"), stereoS16(48000));
    ASSERT_TRUE(seeked.ok());
    ASSERT_TRUE((*seeked)->seek(1.5).ok());
    double start = -1;
    const auto tail = ourSamples(**seeked, &start);
    EXPECT_DOUBLE_EQ(start, 1.5);
    const size_t offset = 72000 * 2;  // 1.5 s of stereo at 48 kHz
    ASSERT_EQ(tail.size(), whole.size() - offset);
    EXPECT_TRUE(std::equal(tail.begin(), tail.end(), whole.begin() + offset));
}

TEST(AudioDecoder, FloatOutputHasTheRequestedChannelCount) {
    fm::AudioFormat mono;
    mono.channels = 1;
    auto decoder = fm::AudioDecoder::open(ft::mediaPath("uhd_4k.mp4"), mono);
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    auto chunk = (*decoder)->next();
    ASSERT_TRUE(chunk.ok() && chunk->has_value());
    EXPECT_EQ((*chunk)->data.size(), static_cast<size_t>((*chunk)->frames) * 4);
}

}  // namespace
