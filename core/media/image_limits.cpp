#include "core/media/image_limits.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

namespace framenote::media {

namespace {

std::string bytesText(int64_t bytes) {
    return bytes < (int64_t{10} << 20) ? std::to_string(bytes) + " bytes"
                                       : std::to_string(bytes >> 20) + " MiB";
}

}  // namespace

std::string sizeText(int64_t width, int64_t height) {
    return std::to_string(width) + "x" + std::to_string(height);
}

std::string pictureOverLimits(const ImageLimits& limits, int64_t width, int64_t height,
                              int pixelFormat) {
    if (width > limits.maxWidth || height > limits.maxHeight)
        return "the picture is " + sizeText(width, height) + ", larger than the " +
               sizeText(limits.maxWidth, limits.maxHeight) + " Framenote decodes";
    const auto format = static_cast<AVPixelFormat>(pixelFormat);
    const int64_t bytes =
        av_image_get_buffer_size(format, static_cast<int>(width), static_cast<int>(height), 1);
    if (bytes >= 0 && bytes <= limits.maxPictureBytes) return {};
    const char* name = av_get_pix_fmt_name(format);
    return "the " + sizeText(width, height) + " " + (name ? name : "?") + " picture would need " +
           (bytes < 0 ? "too many" : bytesText(bytes)) + ", more than the " +
           bytesText(limits.maxPictureBytes) + " Framenote decodes";
}

std::string fileOverLimits(const ImageLimits& limits, int64_t bytes) {
    if (bytes <= limits.maxFileBytes) return {};
    return "the file has " + bytesText(bytes) + ", more than the " +
           bytesText(limits.maxFileBytes) + " an image may have";
}

}  // namespace framenote::media
