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
    // The same for a paused picture, which is studied rather than played: a renderer whose
    // render() trades exactness for speed gives the exact picture here.
    virtual Result<RgbaImage> renderStill(const VideoFrame& frame, int width, int height) const {
        return render(frame, width, height);
    }
};

}  // namespace framenote::media
