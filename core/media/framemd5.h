#pragma once
// Lines in the layout of `ffmpeg -map 0:v:0 -fps_mode passthrough -f framemd5 -`, so a run of
// Framenote's decoder can be diffed against FFmpeg's own (the hash column always; timestamps
// are rescaled to 1/frame-rate as ffmpeg does, which matches on constant-rate clips).
#include <cstdint>
#include <string>

#include "core/media/frame_index.h"
#include "core/media/media_probe.h"
#include "core/media/video_frame.h"

namespace framenote::media {

class FrameMd5Formatter {
  public:
    FrameMd5Formatter(const MediaInfo& info, const FrameIndex& index);

    std::string header(const VideoFrame& firstFrame) const;
    std::string line(const VideoFrame& frame) const;

  private:
    Rational outputTimeBase_;  // 1 / the stream's frame rate, as ffmpeg's encoder uses
    Rational streamTimeBase_;
    int64_t startOffset_ = 0;  // the container start time, in stream time base
    int sarNum_ = 1;
    int sarDen_ = 1;
};

}  // namespace framenote::media
