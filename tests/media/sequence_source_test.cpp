// An image sequence opened as the player and the CLI open it (media_source.h): frames numbered
// from 0 with the first file's number shown, every present frame ffmpeg's picture, a gap an
// error that says "missing", never a neighbour's picture.
#include <gtest/gtest.h>

#include "core/media/media_source.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

class SequenceSource : public ::testing::TestWithParam<ft::SequenceClip> {};

TEST_P(SequenceSource, OpensFromItsFolderWithEveryFrameAsFfmpegDecodesIt) {
    const ft::SequenceClip& clip = GetParam();
    auto opened = fm::openSource(ft::sequenceDir(clip.name));
    ASSERT_TRUE(opened.ok()) << opened.error();
    const fm::MediaInfo& info = opened->media.info;
    EXPECT_EQ(info.firstFrameNumber, clip.first);
    ASSERT_EQ(opened->media.index->frameCount(), clip.last - clip.first + 1);
    ASSERT_TRUE(info.video.has_value());
    EXPECT_EQ(info.video->nominalRate.num, 24);
    EXPECT_FALSE(opened->media.fingerprint.empty());
    // Frame n is file first + n; ffmpeg's runs are keyed by their first file number.
    int64_t checked = 0;
    for (const auto& [start, frames] : ft::referenceSequenceRuns(clip.name))
        for (size_t i = 0; i < frames.size(); ++i) {
            const int64_t n = start - clip.first + static_cast<int64_t>(i);
            auto frame = opened->source->frame(n);
            ASSERT_TRUE(frame.ok()) << frame.error();
            EXPECT_EQ(frame->md5(), frames[i].md5) << clip.name << " file " << start + i;
            ++checked;
        }
    EXPECT_EQ(checked + static_cast<int64_t>(info.missingFrames.size()),
              opened->media.index->frameCount());
    for (int64_t n : info.missingFrames) {
        auto frame = opened->source->frame(n);
        ASSERT_FALSE(frame.ok()) << "frame " << n << " is a gap but gave a picture";
        EXPECT_NE(frame.error().find("is missing"), std::string::npos) << frame.error();
    }
}

INSTANTIATE_TEST_SUITE_P(Generated, SequenceSource, ::testing::ValuesIn(ft::manifestSequences()),
                         [](const ::testing::TestParamInfo<ft::SequenceClip>& info) {
                             return info.param.name;
                         });

TEST(SequenceSourceOpen, AFileOrAPatternOpensTheSameSequenceWithTimecodeFromItsNumber) {
    const std::string dir = ft::sequenceDir("gap");
    auto fromFile = fm::openSource(dir + "/shot.1003.png");
    auto fromPattern = fm::openSource(dir + "/shot.####.png");
    ASSERT_TRUE(fromFile.ok()) << fromFile.error();
    ASSERT_TRUE(fromPattern.ok()) << fromPattern.error();
    EXPECT_EQ(fromFile->media.fingerprint, fromPattern->media.fingerprint);
    EXPECT_EQ(fromFile->media.info.missingFrames, (std::vector<int64_t>{5, 6, 12}));
    // 1001 frames at 24 fps: 41 s and 17 frames.
    EXPECT_EQ(fromFile->media.info.startTimecode, "00:00:41:17");
    fm::SourceOptions at25;
    at25.sequenceRate = {25, 1};
    auto faster = fm::openSource(dir, at25);
    ASSERT_TRUE(faster.ok()) << faster.error();
    EXPECT_EQ(faster->media.info.startTimecode, "00:00:40:01");
    EXPECT_EQ(faster->media.fingerprint, fromFile->media.fingerprint);  // the rate is not content
}

}  // namespace
