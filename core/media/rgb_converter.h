#pragma once
// One swscale context from a frame's format to an RGB format, with the frame's colour matrix and
// range, and one back to YUV for the movie export: the only place a matrix is chosen for a CPU
// conversion (VideoFrame::toRgba, the colour pipeline and the movie writer convert through it).
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

// The other way, for encoding: `srcFormat` RGB pictures of width x height to `dstFormat` (a
// YUV format) scaled to dstWidth x dstHeight, in the BT.709 matrix at limited range, which is
// what the encoded stream is tagged with and what every player assumes for HD.
Result<SwsContextPtr> yuvConverter(int width, int height, int srcFormat, int dstWidth,
                                   int dstHeight, int dstFormat, int flags);

}  // namespace framenote::media
