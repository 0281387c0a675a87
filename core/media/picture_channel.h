#pragma once
// Which of a picture's channels the viewer shows: all of them, or one as grey (R, G, B, A, or
// the luminance of R, G and B). The colour pipeline isolates the channel before the view
// transform (core/colour); without colour management it is isolated here, on the RGBA shown.
#include <array>

#include "core/media/frame_renderer.h"
#include "core/media/video_frame.h"

namespace framenote::media {

enum class PictureChannel { Colour, Red, Green, Blue, Alpha, Luminance };

// Rec.709 luma weights (R, G, B): the luminance shown without a colour config.
inline constexpr std::array<double, 3> kRec709Luma{0.2126, 0.7152, 0.0722};

// Replaces each pixel of `image` by the grey of `channel` (alpha becomes opaque); Colour leaves
// it as it is.
void isolateChannel(RgbaImage& image, PictureChannel channel);

// The frame server's plain conversion with one channel shown: the viewer without a colour config.
class ChannelRenderer final : public FrameRenderer {
  public:
    explicit ChannelRenderer(PictureChannel channel) : channel_(channel) {}
    PictureChannel channel() const { return channel_; }
    Result<RgbaImage> render(const VideoFrame& frame, int width, int height) const override;

  private:
    PictureChannel channel_;
};

}  // namespace framenote::media
