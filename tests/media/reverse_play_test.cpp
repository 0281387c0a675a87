// Reverse play: the decoder decodes the GOP below the playhead ahead of time, so that playing
// backwards finds every frame cached, exact, and a request never waits for a GOP's decode.
#include <gtest/gtest.h>

#include "core/media/video_decoder.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

// Decodes ahead until there is nothing left to do (as the frame server's idle worker does).
void prefetchUntilDone(fm::VideoDecoder& decoder, int64_t playhead, int64_t depth) {
    for (int i = 0; i < 1000 && !decoder.prefetchBackward(playhead, depth, [] { return true; });
         ++i) {
    }
}

int64_t frameBytes(fm::VideoDecoder& decoder) {
    auto frame = decoder.frame(0);
    return frame.ok() ? frame->memoryBytes() : 0;
}

// The whole clip backwards, across the 250-frame GOP boundary: with the worker decoding ahead
// between frames, every frame asked for is already in the cache and is the exact picture.
TEST(ReversePlay, EveryFrameBackwardsIsReadyAndExact) {
    const std::string clip = "h264_longgop.mp4";  // GOPs of 250 frames, 300 frames
    const auto reference = ft::referenceFrames(clip);
    auto probe = fm::VideoDecoder::open(ft::mediaPath(clip));
    ASSERT_TRUE(probe.ok()) << probe.error();
    const int64_t bytes = frameBytes(**probe);
    ASSERT_GT(bytes, 0);
    // A budget of 200 frames: less than the run being shown plus the whole GOP below it, so the
    // cache must drop the frames already shown and the far end of the GOP below.
    auto decoder = fm::VideoDecoder::open(ft::mediaPath(clip), fm::DecoderOptions{0, 200 * bytes});
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    fm::VideoDecoder& d = **decoder;
    d.setPlayDirection(-1);
    const int64_t last = d.index().frameCount() - 1;
    ASSERT_TRUE(d.frame(last).ok());
    int64_t waited = 0;
    for (int64_t n = last; n >= 0; --n) {
        prefetchUntilDone(d, n + 1 <= last ? n + 1 : last, 150);
        const int64_t sentBefore = d.stats().packetsSent;
        auto frame = d.frame(n);
        ASSERT_TRUE(frame.ok()) << frame.error();
        ASSERT_EQ(frame->md5(), reference[n].md5) << "frame " << n;
        if (d.stats().packetsSent != sentBefore) ++waited;
    }
    EXPECT_EQ(waited, 0) << "frames that had to be decoded on request";
    EXPECT_GT(d.stats().prefetches, 0);
    EXPECT_LE(d.cache().bytes(), 200 * bytes);
}

// A request interrupts decoding ahead at once; the next call picks up where it stopped.
TEST(ReversePlay, DecodingAheadStopsWhenARequestWaitsAndResumes) {
    const std::string clip = "h264_longgop.mp4";
    auto decoder = fm::VideoDecoder::open(ft::mediaPath(clip), fm::DecoderOptions{0, 1ll << 30});
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    fm::VideoDecoder& d = **decoder;
    d.setPlayDirection(-1);
    ASSERT_TRUE(d.frame(260).ok());  // the cached run is 250..260: the GOP below is 0..249
    int budget = 20;                 // packets allowed before "a request arrives"
    EXPECT_FALSE(d.prefetchBackward(260, 100, [&] { return budget-- > 0; }));
    const int64_t sentWhenInterrupted = d.stats().packetsSent;
    EXPECT_LE(sentWhenInterrupted, 40);  // the frames to 260 (B-frames delay it), then 20
    EXPECT_FALSE(d.cache().contains(249));
    prefetchUntilDone(d, 260, 100);
    EXPECT_TRUE(d.cache().contains(249));
    EXPECT_TRUE(d.cache().contains(160));
    // It resumed: the GOP was decoded once; a restart would have sent its first 20 again.
    EXPECT_LE(d.stats().packetsSent, sentWhenInterrupted + 250 - 20 + 8);
}

}  // namespace
