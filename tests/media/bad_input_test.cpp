// Damaged, odd and missing files get a clear error naming the file, never a crash or a hang.
// Runs under AddressSanitizer too (`make test-asan`).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>

#include "core/media/audio_decoder.h"
#include "core/media/frame_index.h"
#include "core/media/frame_scan.h"
#include "core/media/media_probe.h"
#include "core/media/media_report.h"
#include "core/media/open_problem.h"
#include "core/media/video_decoder.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

bool mentions(const std::string& message, const std::string& what) {
    return message.find(what) != std::string::npos;
}

TEST(BadInput, MissingFileIsNamedAsMissing) {
    const std::string path = ft::mediaPath("does-not-exist.mp4");
    auto index = fm::FrameIndex::build(path);
    ASSERT_FALSE(index.ok());
    EXPECT_TRUE(mentions(index.error(), path)) << index.error();
    EXPECT_TRUE(mentions(index.error(), "no such file")) << index.error();
    auto info = fm::probeMedia(path);
    ASSERT_FALSE(info.ok());
    EXPECT_TRUE(mentions(info.error(), "no such file")) << info.error();
}

TEST(BadInput, EmptyFileIsNamedAsEmpty) {
    auto index = fm::FrameIndex::build(ft::mediaPath("empty.mp4"));
    ASSERT_FALSE(index.ok());
    EXPECT_TRUE(mentions(index.error(), "empty.mp4: the file is empty")) << index.error();
}

TEST(BadInput, TextFileIsNotAMediaFile) {
    auto index = fm::FrameIndex::build(ft::mediaPath("notvideo.mp4"));
    ASSERT_FALSE(index.ok());
    EXPECT_TRUE(mentions(index.error(), "notvideo.mp4: not a media file")) << index.error();
}

TEST(BadInput, DirectoryIsRefused) {
    auto index = fm::FrameIndex::build(ft::mediaDir());
    ASSERT_FALSE(index.ok());
    EXPECT_TRUE(mentions(index.error(), "is a directory")) << index.error();
}

TEST(BadInput, UnreadableFileSaysSo) {
    if (geteuid() == 0) GTEST_SKIP() << "root can read any file; permission check not testable";
    const auto path = std::filesystem::temp_directory_path() / "framenote-unreadable.mp4";
    std::filesystem::copy_file(ft::mediaPath("h264_longgop.mp4"), path,
                               std::filesystem::copy_options::overwrite_existing);
    std::filesystem::permissions(path, std::filesystem::perms::none);
    auto index = fm::FrameIndex::build(path.string());
    std::filesystem::remove(path);
    ASSERT_FALSE(index.ok());
    EXPECT_TRUE(mentions(index.error(), "cannot be read")) << index.error();
}

TEST(BadInput, AudioOnlyFileHasNoVideoButProbesAndDecodesAudio) {
    const std::string path = ft::mediaPath("audio_pcm.wav");
    auto index = fm::FrameIndex::build(path);
    ASSERT_FALSE(index.ok());
    EXPECT_TRUE(mentions(index.error(), "audio_pcm.wav: contains no video stream"))
        << index.error();
    auto info = fm::probeMedia(path);
    ASSERT_TRUE(info.ok()) << info.error();
    EXPECT_FALSE(info->video.has_value());
    ASSERT_EQ(info->audio.size(), 1u);
    EXPECT_EQ(info->audio[0].channels, 2);
    auto audio = fm::AudioDecoder::open(path, {});
    ASSERT_TRUE(audio.ok()) << audio.error();
    auto chunk = (*audio)->next();
    ASSERT_TRUE(chunk.ok());
    EXPECT_TRUE(chunk->has_value());
}

TEST(BadInput, VideoWithoutAudioGivesAClearAudioError) {
    auto audio = fm::AudioDecoder::open(ft::mediaPath("prores.mov"), {});
    ASSERT_FALSE(audio.ok());
    EXPECT_TRUE(mentions(audio.error(), "prores.mov: contains no audio stream")) << audio.error();
}

// A file cut off mid-data: the index holds what is there, and every indexed frame either
// decodes or reports an error; asking beyond the end is an error, not a crash.
TEST(BadInput, TruncatedFileDecodesWhatIsThere) {
    auto decoder = fm::VideoDecoder::open(ft::mediaPath("truncated.mp4"));
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    const fm::FrameIndex* index = &(*decoder)->index();
    EXPECT_GT(index->frameCount(), 0);
    int64_t decoded = 0;
    for (int64_t n = index->frameCount() - 1; n >= 0; n -= 7)
        if ((*decoder)->frame(n).ok()) ++decoded;
    EXPECT_GT(decoded, 0);
    auto beyond = (*decoder)->frame(index->frameCount());
    ASSERT_FALSE(beyond.ok());
    EXPECT_TRUE(mentions(beyond.error(), "outside the clip")) << beyond.error();
}

// The container promises 300 frames; the data holds fewer. Both figures are reported, with
// where the data ends, and every frame past it is named as undecodable by a scan.
TEST(BadInput, TruncatedFileReportsReadableAgainstDeclaredFrames) {
    const std::string path = ft::mediaPath("truncated.mp4");
    auto info = fm::probeMedia(path);
    ASSERT_TRUE(info.ok()) << info.error();
    auto index = fm::FrameIndex::build(path);
    ASSERT_TRUE(index.ok()) << index.error();
    const fm::FrameCompleteness complete = fm::frameCompleteness(*info, *index);
    EXPECT_TRUE(complete.short_);
    EXPECT_EQ(complete.declared, 300);
    EXPECT_EQ(complete.readable, index->frameCount());
    EXPECT_LT(complete.readable, 300);
    EXPECT_GT(complete.dataEnd, 0);
    EXPECT_LE(complete.dataEnd, complete.fileSize);
    const std::string text = fm::mediaReportText(*info, &*index, "id");
    EXPECT_TRUE(mentions(text, "of the 300 frames the container declares can be read")) << text;
}

// FFmpeg conceals the damaged macroblocks and flags the picture; the scan names those frames
// and the intact ones stay clean.
TEST(BadInput, CorruptFramesAreMarkedDamaged) {
    auto decoder = fm::VideoDecoder::open(ft::mediaPath("corrupt.mp4"));
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    const int64_t count = (*decoder)->index().frameCount();
    int64_t shown = 0;
    const fm::DamageReport damage =
        fm::scanFrames(**decoder, 0, count, [&](const fm::VideoFrame& f) {
            ++shown;
            EXPECT_GE(f.number(), 0);
        });
    EXPECT_EQ(damage.framesScanned, count);
    EXPECT_EQ(shown + static_cast<int64_t>(damage.undecodable.size()), count);
    EXPECT_FALSE(damage.clean()) << "5 blocks of random bytes went unnoticed";
    EXPECT_LT(damage.damaged.size() + damage.undecodable.size(), static_cast<size_t>(count / 2));
    EXPECT_TRUE(mentions(damage.summary(), "decoded with errors") ||
                mentions(damage.summary(), "cannot be decoded"))
        << damage.summary();
    // An intact clip is clean.
    auto intact = fm::VideoDecoder::open(ft::mediaPath("h264_longgop.mp4"));
    ASSERT_TRUE(intact.ok()) << intact.error();
    const auto clean = fm::scanFrames(**intact, 0, (*intact)->index().frameCount());
    EXPECT_TRUE(clean.clean()) << clean.summary();
}

TEST(BadInput, CorruptDataNeverCrashesTheDecoder) {
    auto decoder = fm::VideoDecoder::open(ft::mediaPath("corrupt.mp4"));
    ASSERT_TRUE(decoder.ok()) << decoder.error();
    const fm::FrameIndex* index = &(*decoder)->index();
    int64_t failures = 0;
    for (int64_t n = 0; n < index->frameCount(); n += 3) {
        auto frame = (*decoder)->frame(n);
        if (!frame.ok()) {
            ++failures;
            EXPECT_TRUE(mentions(frame.error(), "corrupt.mp4")) << frame.error();
        } else {
            EXPECT_EQ(frame->number(), n);
        }
    }
    // Most of the file is intact: a damaged region must not take the rest down with it.
    EXPECT_LT(failures, index->frameCount() / 3 / 2);
}

TEST(BadInput, RandomBytesInAFrameIndexAreRefused) {
    std::string bytes = "FNIX";
    for (int i = 0; i < 200; ++i) bytes.push_back(static_cast<char>(i * 37));
    auto index = fm::FrameIndex::deserialize(bytes);
    EXPECT_FALSE(index.ok());
    auto notIndex = fm::FrameIndex::deserialize("hello");
    ASSERT_FALSE(notIndex.ok());
    EXPECT_TRUE(mentions(notIndex.error(), "not a Framenote frame index")) << notIndex.error();
}

TEST(BadInput, TruncatedFrameIndexIsRefused) {
    auto built = fm::FrameIndex::build(ft::mediaPath("h264_longgop.mp4"));
    ASSERT_TRUE(built.ok()) << built.error();
    std::string bytes = built->serialize();
    bytes.resize(bytes.size() - 10);
    auto index = fm::FrameIndex::deserialize(bytes);
    ASSERT_FALSE(index.ok());
    EXPECT_TRUE(mentions(index.error(), "truncated or corrupt")) << index.error();
}

TEST(BadInput, IndexOfAnotherFileIsRefusedByTheDecoder) {
    auto built = fm::FrameIndex::build(ft::mediaPath("h264_longgop.mp4"));
    ASSERT_TRUE(built.ok());
    auto index = std::make_shared<const fm::FrameIndex>(std::move(built.value()));
    // The wav has no stream 0 of type video.
    auto decoder = fm::VideoDecoder::open(ft::mediaPath("audio_pcm.wav"), index, {});
    ASSERT_FALSE(decoder.ok());
    EXPECT_TRUE(mentions(decoder.error(), "does not match")) << decoder.error();
}

// Each way a file fails to open has its category, for the app to word (ui/open_failure_text.h).
TEST(BadInput, AFailedOpenIsDiagnosedByCategory) {
    using fm::OpenProblem;
    EXPECT_EQ(fm::diagnoseOpenFailure(ft::mediaPath("does-not-exist.mp4")), OpenProblem::NotFound);
    EXPECT_EQ(fm::diagnoseOpenFailure(ft::mediaDir()), OpenProblem::NotAFile);
    EXPECT_EQ(fm::diagnoseOpenFailure(ft::mediaPath("empty.mp4")), OpenProblem::Empty);
    EXPECT_EQ(fm::diagnoseOpenFailure(ft::mediaPath("notvideo.mp4")), OpenProblem::NotMedia);
    EXPECT_EQ(fm::diagnoseOpenFailure(ft::mediaPath("audio_pcm.wav")), OpenProblem::NoVideoStream);
    if (geteuid() != 0) {  // root reads any file
        const auto path = std::filesystem::temp_directory_path() / "framenote-unreadable-2.mp4";
        std::filesystem::copy_file(ft::mediaPath("h264_longgop.mp4"), path,
                                   std::filesystem::copy_options::overwrite_existing);
        std::filesystem::permissions(path, std::filesystem::perms::none);
        EXPECT_EQ(fm::diagnoseOpenFailure(path.string()), OpenProblem::NotPermitted);
        std::filesystem::remove(path);
    }
}

}  // namespace
