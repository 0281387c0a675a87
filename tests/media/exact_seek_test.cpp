// The promise users rely on most: frame N is the N-th picture ffmpeg decodes, whichever way we
// got there (sequential, seek forward, seek back, cache), on every kind of clip we generate.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <set>

#include "core/media/frame_index.h"
#include "core/media/media_probe.h"
#include "core/media/media_report.h"
#include "core/media/media_source.h"
#include "core/media/video_decoder.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

// Every clip make-test-media lists in manifest.tsv must be here (checked below).
const std::vector<std::string> kClips = {
    "h264_longgop.mp4",
    "h264_opengop.mp4",
    "h264_intrarefresh.mp4",
    "hevc_opengop.mp4",
    "vfr.mkv",
    "mov_editlist.mov",
    "ntsc_df.mov",
    "prores.mov",
    "dnxhr.mov",
    "h264_10bit.mkv",
    "mpeg2.ts",
    "uhd_4k.mp4",
    // Container keyframes that are not entry points for every frame after them.
    "h264_ir_g24.mkv",
    "h264_ir_g24_bf.mp4",
    "h264_ir_g60.mp4",
    "h264_ir_g60_bf.mkv",
    "h264_recovery_noidr.mkv",
    // Field coding.
    "h264_mbaff.mkv",
    "hevc_fields.mkv",
    "mpeg2_interlaced.mpg",
    "h264_paff.ts",
    "h264_paff_g48.mkv",
    // Sound against pictures (the movie export keeps them in sync).
    "av_sync.mp4",
};

// Decoding every frame from its own seek costs a GOP per frame: too slow for the 4K clip,
// which the sampled tests cover.
const std::set<std::string> kTooSlowForEveryFrame = {"uhd_4k.mp4"};

// First, last, the frames around every keyframe, then random frames up to `atLeast`,
// all shuffled so that the decoder jumps forward and backward.
std::vector<int64_t> framesToCheck(const fm::FrameIndex& index, size_t atLeast, uint32_t seed) {
    const int64_t count = index.frameCount();
    std::vector<int64_t> frames = {0, count - 1};
    for (int64_t key : index.keyframeFrames())
        for (int64_t d = -2; d <= 2; ++d)
            if (key + d >= 0 && key + d < count) frames.push_back(key + d);
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int64_t> any(0, count - 1);
    while (frames.size() < atLeast) frames.push_back(any(rng));
    std::shuffle(frames.begin(), frames.end(), rng);
    return frames;
}

class ExactSeek : public ::testing::TestWithParam<std::string> {
  protected:
    void SetUp() override {
        reference_ = ft::referenceFrames(GetParam());
        ASSERT_FALSE(reference_.empty()) << "no ffmpeg framemd5 for " << GetParam();
        auto built = fm::FrameIndex::build(ft::mediaPath(GetParam()));
        ASSERT_TRUE(built.ok()) << built.error();
        index_ = std::make_shared<const fm::FrameIndex>(std::move(built.value()));
    }

    // Decodes `frames` in order and returns a description of every mismatch.
    std::vector<std::string> mismatches(const std::vector<int64_t>& frames, int64_t cacheBytes) {
        fm::DecoderOptions options;
        options.cacheBudgetBytes = cacheBytes;
        auto decoder = fm::VideoDecoder::open(ft::mediaPath(GetParam()), index_, options);
        EXPECT_TRUE(decoder.ok()) << decoder.error();
        std::vector<std::string> wrong;
        if (!decoder.ok()) return {"cannot open"};
        for (int64_t n : frames) {
            auto frame = (*decoder)->frame(n);
            if (!frame.ok()) {
                wrong.push_back("frame " + std::to_string(n) + ": " + frame.error());
                continue;
            }
            if (frame->number() != n || frame->md5() != reference_[n].md5)
                wrong.push_back("frame " + std::to_string(n) + ": got md5 " + frame->md5() +
                                ", ffmpeg " + reference_[n].md5);
        }
        return wrong;
    }

    int64_t frameBytes() {
        auto decoder = fm::VideoDecoder::open(ft::mediaPath(GetParam()), index_, {});
        if (!decoder.ok()) return 0;
        auto frame = (*decoder)->frame(0);
        return frame.ok() ? frame->memoryBytes() : 0;
    }

    std::vector<ft::ReferenceFrame> reference_;
    std::shared_ptr<const fm::FrameIndex> index_;
};

std::string joined(const std::vector<std::string>& lines) {
    std::string text;
    for (size_t i = 0; i < std::min<size_t>(lines.size(), 10); ++i) text += lines[i] + "\n";
    return text;
}

TEST_P(ExactSeek, FrameCountEqualsFfmpegs) {
    EXPECT_EQ(index_->frameCount(), static_cast<int64_t>(reference_.size()));
}

TEST_P(ExactSeek, RandomJumpsLandOnTheExactFrame) {
    ASSERT_EQ(index_->frameCount(), static_cast<int64_t>(reference_.size()));
    const auto frames = framesToCheck(*index_, 200, 20261125);
    // No cache: every jump is a real seek.
    const auto wrong = mismatches(frames, 0);
    EXPECT_TRUE(wrong.empty()) << wrong.size() << " of " << frames.size() << " frames wrong:\n"
                               << joined(wrong);
}

TEST_P(ExactSeek, RandomJumpsWithTheCacheLandOnTheExactFrame) {
    ASSERT_EQ(index_->frameCount(), static_cast<int64_t>(reference_.size()));
    const auto frames = framesToCheck(*index_, 200, 7);
    const auto wrong = mismatches(frames, 1ll << 30);
    EXPECT_TRUE(wrong.empty()) << joined(wrong);
}

TEST_P(ExactSeek, SteppingForwardThenBackThroughTheWholeClipMatches) {
    ASSERT_EQ(index_->frameCount(), static_cast<int64_t>(reference_.size()));
    std::vector<int64_t> frames;
    for (int64_t n = 0; n < index_->frameCount(); ++n) frames.push_back(n);
    for (int64_t n = index_->frameCount() - 1; n >= 0; --n) frames.push_back(n);
    // A cache of ten frames: stepping back leaves it every few frames and must seek back.
    const auto wrong = mismatches(frames, 10 * frameBytes());
    EXPECT_TRUE(wrong.empty()) << joined(wrong);
}

// Not a sample: every frame, each reached by a seek (backwards, with no cache, so that nothing
// is left over from the frame before), against ffmpeg's sequential decode.
TEST_P(ExactSeek, EveryFrameReachedByItsOwnSeekMatches) {
    if (kTooSlowForEveryFrame.count(GetParam())) GTEST_SKIP() << "sampled only (see above)";
    ASSERT_EQ(index_->frameCount(), static_cast<int64_t>(reference_.size()));
    std::vector<int64_t> frames;
    for (int64_t n = index_->frameCount() - 1; n >= 0; --n) frames.push_back(n);
    const auto wrong = mismatches(frames, 0);
    EXPECT_TRUE(wrong.empty()) << wrong.size() << " of " << frames.size() << " frames wrong:\n"
                               << joined(wrong);
}

// A whole file is never reported as truncated (the report's check must not cry wolf).
TEST_P(ExactSeek, AWholeFileIsNotReportedShortOfFrames) {
    auto info = fm::probeMedia(ft::mediaPath(GetParam()));
    ASSERT_TRUE(info.ok()) << info.error();
    const fm::FrameCompleteness complete = fm::frameCompleteness(*info, *index_);
    EXPECT_FALSE(complete.short_) << complete.readable << " readable, " << complete.declared
                                  << " declared";
    EXPECT_EQ(complete.readable, index_->frameCount());
}

TEST_P(ExactSeek, SavedIndexReloadsIdentically) {
    auto reloaded = fm::FrameIndex::deserialize(index_->serialize());
    ASSERT_TRUE(reloaded.ok()) << reloaded.error();
    ASSERT_EQ(reloaded->frameCount(), index_->frameCount());
    for (int64_t n = 0; n < index_->frameCount(); ++n)
        ASSERT_EQ(reloaded->framePts(n), index_->framePts(n)) << "frame " << n;
    EXPECT_EQ(reloaded->keyframeFrames(), index_->keyframeFrames());
}

INSTANTIATE_TEST_SUITE_P(Clips, ExactSeek, ::testing::ValuesIn(kClips),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param;
                             std::replace(name.begin(), name.end(), '.', '_');
                             return name;
                         });

// After an intra-refresh "keyframe" the decoder outputs nothing until the refresh wave has
// passed. A seek into that stretch must start one refresh period earlier, not at the file's
// start: the decoder learns each start point's first output and keeps using the start point for
// the frames it serves.
TEST(IntraRefresh, SeeksStartAtMostOneRefreshPeriodEarly) {
    const std::string clip = "h264_ir_g24.mkv";
    constexpr int64_t kPeriod = 24;
    auto decoder = fm::VideoDecoder::open(ft::mediaPath(clip), fm::DecoderOptions{0, 0});
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    const auto reference = ft::referenceFrames(clip);
    const auto keys = (*decoder)->index().keyframeFrames();
    ASSERT_GE(keys.size(), 6u) << "the clip should have a refresh point every 24 frames";
    // First the frames just after each refresh point (inside the wave), then frames late in
    // each period, which the refresh point itself serves; all in a jumping order.
    std::vector<int64_t> frames;
    for (int64_t key : keys) frames.push_back(key + 1);
    for (int64_t key : keys) frames.push_back(key + kPeriod - 2);
    std::mt19937 rng(19);
    std::shuffle(frames.begin(), frames.end(), rng);
    for (int64_t n : frames) {
        if (n >= (*decoder)->index().frameCount()) continue;
        const int64_t sentBefore = (*decoder)->stats().packetsSent;
        auto frame = (*decoder)->frame(n);
        ASSERT_TRUE(frame.ok()) << frame.error();
        EXPECT_EQ(frame->md5(), reference[n].md5) << "frame " << n;
        const int64_t sent = (*decoder)->stats().packetsSent - sentBefore;
        // Within the wave: the period before plus this one's start, and the try that learned
        // it; later in the period: at most the period.
        EXPECT_LE(sent, 3 * kPeriod + 4) << "frame " << n << " decoded " << sent << " packets";
    }
}

// H.264 field pictures a packet each: the second field is no frame of its own, and the clip
// plays at its frame rate, not the field rate FFmpeg's guess gives (its figures stay in info,
// as framemd5 prints them).
TEST(FieldPairs, AFieldPerPacketClipCountsFramesAndPlaysAtItsFrameRate) {
    for (const std::string clip : {"h264_paff.ts", "h264_paff_g48.mkv"}) {
        SCOPED_TRACE(clip);
        auto opened = fm::openSource(ft::mediaPath(clip));
        ASSERT_TRUE(opened.ok()) << opened.error();
        const fm::FrameIndex& index = *opened->media.index;
        EXPECT_TRUE(index.hasFieldPairs());
        EXPECT_EQ(index.packets().size(), 2 * static_cast<size_t>(index.frameCount()));
        EXPECT_EQ(index.frameCount(), 60);
        EXPECT_EQ(opened->media.frameRate(), (fm::Rational{25, 1}));
    }
    auto ts = fm::openSource(ft::mediaPath("h264_paff.ts"));
    ASSERT_TRUE(ts.ok());
    EXPECT_EQ(ts->media.info.video->nominalRate, (fm::Rational{50, 1}));  // FFmpeg's, kept
    auto progressive = fm::openSource(ft::mediaPath("h264_mbaff.mkv"));
    ASSERT_TRUE(progressive.ok());
    EXPECT_FALSE(progressive->media.index->hasFieldPairs());  // MBAFF: a packet per frame
    EXPECT_EQ(progressive->media.frameRate(), progressive->media.info.video->nominalRate);
}

TEST(ExactSeekCoverage, EveryGeneratedClipIsTested) {
    const auto manifest = ft::manifestClips();
    ASSERT_FALSE(manifest.empty()) << "manifest.tsv missing in " << ft::mediaDir();
    const std::set<std::string> tested(kClips.begin(), kClips.end());
    for (const auto& clip : manifest) EXPECT_TRUE(tested.count(clip)) << clip << " is not tested";
}

}  // namespace
