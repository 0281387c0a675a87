#pragma once
// Decodes the one picture of an image file in the decoder's native pixel format: 16-bit stays
// 16-bit, EXR half and float come out as 32-bit float. EXR goes through OpenEXR (exr_decoder.h),
// everything else (DPX, TIFF, PNG, JPEG ...) through FFmpeg's image2 demuxer and the decoder the
// extension names (docs/ARCHITECTURE.md, "Image sequences"). The file is hostile: its size and
// its picture's are bounded before decoding.
#include <cstdint>
#include <string>

#include "core/common/result.h"
#include "core/media/image_limits.h"
#include "core/media/video_frame.h"

namespace framenote::media {

// The picture of the file at `path`, numbered `number` (its VideoFrame::number() and pts).
Result<VideoFrame> decodeImageFile(const std::string& path, int64_t number,
                                   const ImageLimits& limits = {});

}  // namespace framenote::media
