#include "ui/render/note_movie.h"

#include <QDir>
#include <QImage>
#include <algorithm>
#include <cmath>

#include "core/media/audio_decoder.h"
#include "core/media/frame_source.h"
#include "core/media/movie_writer.h"

namespace framenote::render {

namespace {

// The source's sound from the range's first frame on, handed to the movie as its pictures go in
// (so the muxer interleaves as it goes and holds little).
class SoundFeed {
  public:
    static Result<std::optional<SoundFeed>> open(const std::string& file, double startSeconds) {
        if (file.empty()) return std::optional<SoundFeed>{};
        auto probe = media::AudioDecoder::open(file, {});
        if (!probe) return makeError(probe.error());
        // The source's own rate and channels, where AAC takes them.
        media::AudioFormat format;
        format.sampleRate = std::clamp((*probe)->sourceSampleRate(), 8000, 96000);
        format.channels = std::clamp((*probe)->sourceChannels(), 1, 8);
        auto decoder = media::AudioDecoder::open(file, format);
        if (!decoder) return makeError(decoder.error());
        if (auto sought = (*decoder)->seek(startSeconds); !sought) return makeError(sought.error());
        return std::optional<SoundFeed>(SoundFeed(std::move(*decoder), startSeconds));
    }

    const media::AudioFormat& format() const { return decoder_->outputFormat(); }

    // Hands `writer` the sound up to `seconds` after the start: the source's samples, silence
    // where the source has none (a gap, or sound that ends before the pictures).
    Status feedUntil(double seconds, media::MovieWriter& writer) {
        const int rate = format().sampleRate;
        const int channels = format().channels;
        const auto target = static_cast<int64_t>(std::llround(seconds * rate));
        while (written_ < target) {
            if (pending_.empty() && !ended_) {
                auto chunk = decoder_->next();
                if (!chunk) return makeError(chunk.error());
                if (!chunk->has_value()) {
                    ended_ = true;
                    continue;
                }
                const media::AudioChunk& got = **chunk;
                const auto at =
                    static_cast<int64_t>(std::llround((got.startSeconds - startSeconds_) * rate));
                const auto* samples = reinterpret_cast<const float*>(got.data.data());
                pending_.assign(samples, samples + static_cast<size_t>(got.frames) * channels);
                pendingAt_ = at;
                // Sound before the start (the decoder's first chunk after a seek) is cut.
                if (pendingAt_ < written_) {
                    const auto skip = std::min<int64_t>(written_ - pendingAt_, got.frames);
                    pending_.erase(pending_.begin(), pending_.begin() + skip * channels);
                    pendingAt_ += skip;
                }
                continue;
            }
            const int64_t gapEnd = pending_.empty() ? target : std::min(target, pendingAt_);
            if (gapEnd > written_) {  // silence until the next samples (or the target)
                silence_.assign(static_cast<size_t>(gapEnd - written_) * channels, 0.0f);
                if (auto fed =
                        writer.addSound(silence_.data(), static_cast<int>(gapEnd - written_));
                    !fed)
                    return fed;
                written_ = gapEnd;
                continue;
            }
            const auto take = std::min<int64_t>(target - written_,
                                                static_cast<int64_t>(pending_.size()) / channels);
            if (auto fed = writer.addSound(pending_.data(), static_cast<int>(take)); !fed)
                return fed;
            pending_.erase(pending_.begin(), pending_.begin() + take * channels);
            written_ += take;
            pendingAt_ += take;
        }
        return Ok{};
    }

  private:
    SoundFeed(std::unique_ptr<media::AudioDecoder> decoder, double startSeconds)
        : decoder_(std::move(decoder)), startSeconds_(startSeconds) {}

    std::unique_ptr<media::AudioDecoder> decoder_;
    double startSeconds_ = 0;
    std::vector<float> pending_;  // decoded samples not yet in the movie, interleaved
    int64_t pendingAt_ = 0;       // where pending_ starts, in samples after the start
    std::vector<float> silence_;
    int64_t written_ = 0;
    bool ended_ = false;
};

}  // namespace

std::optional<FrameRange> annotatedRange(const std::vector<model::Annotation>& notes,
                                         int64_t frameCount) {
    if (notes.empty() || frameCount <= 0) return std::nullopt;
    FrameRange range{INT64_MAX, INT64_MIN};
    for (const model::Annotation& note : notes) {
        range.first = std::min(range.first, note.firstFrame);
        range.last = std::max(range.last, note.lastFrame);
    }
    range.first = std::clamp<int64_t>(range.first, 0, frameCount - 1);
    range.last = std::clamp<int64_t>(range.last, range.first, frameCount - 1);
    return range;
}

Result<NoteMovie> writeNoteMovie(const ReviewReportInput& input, media::FrameSource& decoder,
                                 const QString& path, const NoteMovieOptions& options,
                                 const RenderProgress& progress) {
    const FrameRange range = options.range;
    const int64_t frameCount = decoder.index().frameCount();
    if (range.first < 0 || range.last < range.first || range.last >= frameCount)
        return makeError("frames " + std::to_string(range.first) + " to " +
                         std::to_string(range.last) + " are not in the clip's 0 to " +
                         std::to_string(frameCount - 1));
    const media::FrameIndex& index = decoder.index();
    const double startSeconds =
        static_cast<double>(index.framePts(range.first)) * index.timeBase().toDouble();
    auto sound = SoundFeed::open(options.soundFile, startSeconds);
    if (!sound) return makeError("the sound: " + sound.error());

    const std::vector<model::Annotation> notes = sortedByFrame(input.notes);
    std::unique_ptr<media::MovieWriter> writer;
    NoteMovie made;
    const auto total = static_cast<int>(range.count());
    for (int64_t k = 0; k < range.count(); ++k) {
        if (progress && !progress(static_cast<int>(k), total)) return makeError(kCancelled);
        const int64_t n = range.first + k;
        std::vector<model::Annotation> drawings;
        for (const model::Annotation& note : notes)
            if (note.onFrame(n)) drawings.push_back(note);
        auto picture = frameImage(decoder, n, drawings, input.pixelAspect, options.maxWidth);
        if (!picture) return makeError(picture.error());
        const QImage rgba = picture->convertToFormat(QImage::Format_RGBA8888);
        if (!writer) {
            media::MovieSettings settings;
            settings.width = rgba.width();
            settings.height = rgba.height();
            settings.frameRate = options.frameRate;
            if (input.timecode) settings.startTimecode = input.timecode(range.first).toStdString();
            if (*sound) {
                settings.audioSampleRate = (*sound)->format().sampleRate;
                settings.audioChannels = (*sound)->format().channels;
            }
            auto opened =
                media::MovieWriter::open(QDir::toNativeSeparators(path).toStdString(), settings);
            if (!opened) return makeError(opened.error());
            writer = std::move(*opened);
            made = {range.count(), writer->width(), writer->height(), sound->has_value(),
                    writer->videoEncoderName()};
        }
        if (auto added = writer->addPicture(rgba.constBits(), rgba.width(), rgba.height(),
                                            static_cast<int>(rgba.bytesPerLine()));
            !added)
            return makeError(added.error());
        if (*sound)
            if (auto fed = (*sound)->feedUntil(
                    static_cast<double>(k + 1) / options.frameRate.toDouble(), *writer);
                !fed)
                return makeError("the sound: " + fed.error());
    }
    if (auto finished = writer->finish(); !finished) return makeError(finished.error());
    if (progress) progress(total, total);
    return made;
}

}  // namespace framenote::render
