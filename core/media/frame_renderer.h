#pragma once
// What turns a decoded frame into the picture shown, in place of the frame server's plain RGBA
// conversion: the colour pipeline (core/colour, docs/ARCHITECTURE.md "Colour") implements it.
#include "core/common/result.h"
#include "core/media/video_frame.h"

namespace framenote::media {

class FrameRenderer {
  public:
    virtual ~FrameRenderer() = default;
    // The frame at `width` x `height` (scaled from the frame's size), as display-ready RGBA.
    // Called on the decode thread while the UI may swap renderers: must be thread-safe.
    virtual Result<RgbaImage> render(const VideoFrame& frame, int width, int height) const = 0;
};

}  // namespace framenote::media
