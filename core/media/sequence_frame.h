#pragma once
// Frame n of an image sequence: the picture of the file numbered first + n, or nothing when
// that file is missing (a gap), which the viewer shows as missing rather than a neighbour's
// picture (docs/ARCHITECTURE.md, "Image sequences").
#include <cstdint>
#include <optional>

#include "core/common/result.h"
#include "core/media/image_file_decoder.h"
#include "core/media/image_sequence.h"
#include "core/media/video_frame.h"

namespace framenote::media {

// nullopt: the sequence has no file for frame n. An error: n is outside [0, frameCount()), or
// the file cannot be decoded (the message names it). The picture is numbered n.
Result<std::optional<VideoFrame>> decodeSequenceFrame(const ImageSequence& sequence, int64_t frame,
                                                      const ImageLimits& limits = {});

}  // namespace framenote::media
