#include "core/media/sequence_frame.h"

#include <string>

namespace framenote::media {

Result<std::optional<VideoFrame>> decodeSequenceFrame(const ImageSequence& sequence, int64_t frame,
                                                      const ImageLimits& limits) {
    if (frame < 0 || frame >= sequence.frameCount())
        return makeError(sequence.directory + "/" + sequence.pattern() + ": no frame " +
                         std::to_string(frame) + " (frames 0 to " +
                         std::to_string(sequence.frameCount() - 1) + ")");
    if (!sequence.isPresent(frame)) return std::optional<VideoFrame>();
    auto picture = decodeImageFile(sequence.path(frame), frame, limits);
    if (!picture) return makeError(picture.error());
    return std::optional<VideoFrame>(std::move(*picture));
}

}  // namespace framenote::media
