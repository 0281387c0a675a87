#pragma once
// Writes a decoded frame as a PNG image (FFmpeg's PNG encoder: no GUI library in core/).
#include <string>

#include "core/common/result.h"
#include "core/media/video_frame.h"

namespace framenote::media {

Status writePng(const VideoFrame& frame, const std::string& path);

}  // namespace framenote::media
