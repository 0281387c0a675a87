#include "core/media/framemd5.h"

#include <cinttypes>
#include <cmath>
#include <cstdio>

extern "C" {
#include <libavutil/avutil.h>
#include <libavutil/mathematics.h>
}

namespace framenote::media {

FrameMd5Formatter::FrameMd5Formatter(const MediaInfo& info, const FrameIndex& index)
    : streamTimeBase_(index.timeBase()) {
    Rational rate = info.video ? info.video->nominalRate : Rational{};
    if (!rate.valid() && info.video) rate = info.video->averageRate;
    if (!rate.valid()) rate = {25, 1};
    outputTimeBase_ = {rate.den, rate.num};
    // ffmpeg shifts input timestamps by the container's start time.
    startOffset_ =
        av_rescale_q(static_cast<int64_t>(std::llround(info.startSeconds * AV_TIME_BASE)),
                     AV_TIME_BASE_Q, {streamTimeBase_.num, streamTimeBase_.den});
    if (info.video) {
        sarNum_ = info.video->sampleAspect.num;
        sarDen_ = info.video->sampleAspect.den;
    }
}

std::string FrameMd5Formatter::header(const VideoFrame& first) const {
    char buffer[512];
    std::snprintf(buffer, sizeof(buffer),
                  "#format: frame checksums\n#version: 2\n#hash: MD5\n#tb 0: %d/%d\n"
                  "#media_type 0: video\n#codec_id 0: rawvideo\n#dimensions 0: %dx%d\n"
                  "#sar 0: %d/%d\n#stream#, dts,        pts, duration,     size, hash\n",
                  outputTimeBase_.num, outputTimeBase_.den, first.width(), first.height(), sarNum_,
                  sarDen_);
    return buffer;
}

std::string FrameMd5Formatter::line(const VideoFrame& frame) const {
    const int64_t pts =
        av_rescale_q(frame.pts() - startOffset_, {streamTimeBase_.num, streamTimeBase_.den},
                     {outputTimeBase_.num, outputTimeBase_.den});
    char buffer[256];
    std::snprintf(buffer, sizeof(buffer), "0, %10" PRId64 ", %10" PRId64 ", %8d, %8d, %s\n", pts,
                  pts, 1, frame.packedSize(), frame.md5().c_str());
    return buffer;
}

}  // namespace framenote::media
