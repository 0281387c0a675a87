#include "core/media/picture_channel.h"

#include <cmath>

namespace framenote::media {

void isolateChannel(RgbaImage& image, PictureChannel channel) {
    if (channel == PictureChannel::Colour) return;
    // The weights as 16-bit fixed point, summing to 65536: luminance in integers, rounded.
    const int wr = static_cast<int>(std::lround(kRec709Luma[0] * 65536));
    const int wb = static_cast<int>(std::lround(kRec709Luma[2] * 65536));
    const int wg = 65536 - wr - wb;
    uint8_t* p = image.pixels.data();
    for (size_t i = 0, n = image.pixels.size(); i + 3 < n; i += 4) {
        uint8_t grey = 0;
        switch (channel) {
            case PictureChannel::Red:
                grey = p[i];
                break;
            case PictureChannel::Green:
                grey = p[i + 1];
                break;
            case PictureChannel::Blue:
                grey = p[i + 2];
                break;
            case PictureChannel::Alpha:
                grey = p[i + 3];
                break;
            case PictureChannel::Luminance:
                grey =
                    static_cast<uint8_t>((wr * p[i] + wg * p[i + 1] + wb * p[i + 2] + 32768) >> 16);
                break;
            case PictureChannel::Colour:
                break;
        }
        p[i] = p[i + 1] = p[i + 2] = grey;
        p[i + 3] = 255;
    }
}

Result<RgbaImage> ChannelRenderer::render(const VideoFrame& frame, int width, int height) const {
    auto image = frame.toRgba(width, height, VideoFrame::RgbaQuality::Display);
    if (image) isolateChannel(*image, channel_);
    return image;
}

}  // namespace framenote::media
