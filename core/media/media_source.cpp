#include "core/media/media_source.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/media/image_sequence.h"
#include "core/media/media_fingerprint.h"
#include "core/media/sequence_fingerprint.h"
#include "core/media/sequence_name.h"
#include "core/media/sequence_source.h"
#include "core/media/timecode.h"
#include "core/media/video_decoder.h"

namespace framenote::media {
namespace {

bool looksLikePattern(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    return name.find('#') != std::string::npos || name.find('%') != std::string::npos;
}

Result<OpenedSource> openMovie(const std::string& path, const SourceOptions& options) {
    auto info = probeMedia(path);
    if (!info) return makeError(info.error());
    auto built = options.indexPath.empty() ? FrameIndex::build(path)
                                           : FrameIndex::loadFrom(options.indexPath);
    if (!built) return makeError(built.error());
    auto fingerprint = mediaFingerprint(path);
    if (!fingerprint) return makeError(fingerprint.error());
    OpenedSource opened;
    opened.media.info = std::move(info.value());
    opened.media.index = std::make_shared<const FrameIndex>(std::move(built.value()));
    opened.media.fingerprint = fingerprint.value();
    auto decoder = VideoDecoder::open(path, opened.media.index, options.decoder);
    if (!decoder) return makeError(decoder.error());
    opened.source = std::move(decoder.value());
    return opened;
}

// What a movie's probe says, said of a sequence: its first picture's geometry and pixel format,
// the rate it plays at, and the timecode its first file's number gives at that rate.
Result<MediaInfo> describeSequence(const ImageSequence& sequence, SequenceSource& source,
                                   Rational rate) {
    MediaInfo info;
    info.path = source.path();
    info.container = "image sequence";
    info.containerLongName = sequence.pattern();
    info.firstFrameNumber = sequence.first;
    for (int64_t n = 0; n < sequence.frameCount(); ++n)
        if (!sequence.isPresent(n)) info.missingFrames.push_back(n);
    const int64_t firstPresent = sequence.present.front() - sequence.first;
    auto picture = source.frame(firstPresent);
    if (!picture) return makeError(picture.error());
    VideoStreamInfo video;
    video.codec = lowerExtension(sequence.suffix);
    video.pixelFormat = picture->pixelFormatName();
    video.bitDepth = picture->bitDepth();
    video.width = picture->width();
    video.height = picture->height();
    video.nominalRate = video.averageRate = rate;
    video.containerFrameCount = sequence.frameCount();
    video.durationSeconds = static_cast<double>(sequence.frameCount()) * rate.den / rate.num;
    info.durationSeconds = video.durationSeconds;
    info.video = video;
    if (auto format = TimecodeFormat::forRate(rate, false))
        info.startTimecode = Timecode(*format).toString(sequence.first);
    return info;
}

Result<OpenedSource> openSequence(const std::string& path, const SourceOptions& options) {
    auto sequence = ImageSequence::discover(path);
    if (!sequence) return makeError(sequence.error());
    const Rational rate = options.sequenceRate.valid() ? options.sequenceRate : Rational{24, 1};
    auto source = std::make_unique<SequenceSource>(*sequence, rate, options.decoder);
    auto info = describeSequence(*sequence, *source, rate);
    if (!info) return makeError(info.error());
    auto fingerprint = sequenceFingerprint(*sequence);
    if (!fingerprint) return makeError(fingerprint.error());
    OpenedSource opened;
    opened.media.info = std::move(info.value());
    opened.media.index = source->sharedIndex();
    opened.media.fingerprint = fingerprint.value();
    opened.source = std::move(source);
    return opened;
}

}  // namespace

bool isSequenceInput(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) return true;
    if (looksLikePattern(path)) return true;
    static const char* const kStills[] = {"exr", "dpx", "tif", "tiff", "png", "jpg", "jpeg"};
    const std::string ext = lowerExtension(std::filesystem::path(path).filename().string());
    return std::any_of(std::begin(kStills), std::end(kStills),
                       [&](const char* still) { return ext == still; });
}

Result<OpenedSource> openSource(const std::string& path, const SourceOptions& options) {
    if (!isSequenceInput(path)) return openMovie(path, options);
    auto sequence = openSequence(path, options);
    // A lone still without a frame number in its name is a one-frame movie to FFmpeg.
    std::error_code ec;
    if (!sequence && std::filesystem::is_regular_file(path, ec) && !looksLikePattern(path))
        if (auto movie = openMovie(path, options)) return movie;
    return sequence;
}

Rational OpenedMedia::frameRate() const {
    if (!info.video) return {};
    if (index && index->hasFieldPairs())
        if (const Rational rate = index->frameRateFromTimestamps(); rate.valid()) return rate;
    return info.video->nominalRate.valid() ? info.video->nominalRate : info.video->averageRate;
}

}  // namespace framenote::media
