#include "core/media/sequence_source.h"

#include "core/media/sequence_frame.h"

namespace framenote::media {

SequenceSource::SequenceSource(ImageSequence sequence, Rational rate, const DecoderOptions& options)
    : sequence_(std::move(sequence)),
      index_(std::make_shared<const FrameIndex>(
          FrameIndex::ofStills(sequence_.frameCount(), Rational{rate.den, rate.num}))),
      cache_(options.cacheBudgetBytes),
      path_(sequence_.directory + "/" + sequence_.pattern()) {}

Result<VideoFrame> SequenceSource::frame(int64_t n) {
    if (n < 0 || n >= sequence_.frameCount())
        return makeError(path_ + ": frame " + std::to_string(n) + " is outside the sequence (0.." +
                         std::to_string(sequence_.frameCount() - 1) + ")");
    cache_.setPlayhead(n);
    if (auto cached = cache_.find(n)) {
        ++stats_.cacheHits;
        return *cached;
    }
    auto decoded = decodeSequenceFrame(sequence_, n);
    if (!decoded) return makeError(decoded.error());
    if (!decoded->has_value())
        return makeError(path_ + ": frame " + std::to_string(sequence_.fileNumber(n)) +
                         " is missing (no file " + sequence_.fileName(n) + ")");
    ++stats_.framesDecoded;
    cache_.insert(**decoded);
    return **decoded;
}

}  // namespace framenote::media
