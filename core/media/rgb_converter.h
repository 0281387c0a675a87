#pragma once
// One swscale context from a frame's format to an RGB format, with the frame's colour matrix and
// range: the only place the matrix is chosen for a CPU conversion (VideoFrame::toRgba and the
// colour pipeline both convert through it).
#include <memory>

#include "core/common/result.h"
#include "core/media/video_frame.h"

struct SwsContext;

namespace framenote::media {

struct SwsContextDeleter {
    void operator()(SwsContext* context) const;
};
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextDeleter>;

// `dstFormat`: an AVPixelFormat (AV_PIX_FMT_RGBA, AV_PIX_FMT_GBRPF32LE ...); `flags`: SWS_*.
// YUV frames take their stream's matrix and range (VideoFrame::effectiveColorspace); RGB and
// float frames take none.
Result<SwsContextPtr> rgbConverter(const VideoFrame& frame, int width, int height, int dstFormat,
                                   int flags);

}  // namespace framenote::media
