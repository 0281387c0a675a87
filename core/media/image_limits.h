#pragma once
// What an image file may demand before Framenote decodes it: every byte of it is hostile, so the
// declared size is checked before anything is allocated for it.
#include <cstdint>
#include <string>

namespace framenote::media {

struct ImageLimits {
    int maxWidth = 16384;
    int maxHeight = 16384;
    int64_t maxPictureBytes = int64_t{2} << 30;  // the decoded planes
    int64_t maxFileBytes = int64_t{1} << 30;     // read whole
    int threads = 0;                             // decoder threads; 0: the decoder's choice
};

// Why a picture of this size and pixel format (AVPixelFormat) is refused, naming both and the
// limit; empty when it is within the limits.
std::string pictureOverLimits(const ImageLimits& limits, int64_t width, int64_t height,
                              int pixelFormat);
// The same for a file of `bytes` bytes.
std::string fileOverLimits(const ImageLimits& limits, int64_t bytes);
// "320x180".
std::string sizeText(int64_t width, int64_t height);

}  // namespace framenote::media
