#pragma once
// Decodes an OpenEXR file with OpenEXR itself: FFmpeg 5.1's EXR decoder gives wrong pixels for
// DWAA and DWAB and, for a file cut short, a picture with garbage where the missing blocks were,
// without an error (docs/ARCHITECTURE.md, "Image sequences"). The picture is the one FFmpeg's
// decoder would give: the display window, as 32-bit float planes (gbrpf32le, gbrapf32le with
// alpha, grayf32le for luminance only), zero outside the data window.
#include <cstdint>
#include <string>

#include "core/common/result.h"
#include "core/media/image_limits.h"
#include "core/media/video_frame.h"

namespace framenote::media {

Result<VideoFrame> decodeExrFile(const std::string& path, int64_t number,
                                 const ImageLimits& limits = {});

}  // namespace framenote::media
