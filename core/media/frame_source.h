#pragma once
// Where the player's frames come from, whatever the media: a movie file decoded by VideoDecoder
// (exact seeks through the frame index) or an image sequence with a file per frame. The frame
// server, the CLI and the exports ask a FrameSource for frame n and get exactly that picture.
#include <cstdint>
#include <functional>
#include <string>

#include "core/common/result.h"
#include "core/media/frame_cache.h"
#include "core/media/frame_index.h"
#include "core/media/video_frame.h"

namespace framenote::media {

struct DecoderOptions {
    int threads = 0;                         // 0: FFmpeg's automatic choice, as `ffmpeg` uses
    int64_t cacheBudgetBytes = 512ll << 20;  // decoded frames kept around the playhead
};

struct DecoderStats {
    int64_t seeks = 0;      // demuxer repositionings
    int64_t fallbacks = 0;  // start points that did not reach the frame asked for
    int64_t packetsSent = 0;
    int64_t framesDecoded = 0;
    int64_t cacheHits = 0;
    int64_t prefetches = 0;  // frames decoded ahead of reverse play (prefetchBackward)
};

class FrameSource {
  public:
    virtual ~FrameSource() = default;

    // The exact frame n, in its native pixel format; an error names the file and the cause.
    virtual Result<VideoFrame> frame(int64_t n) = 0;
    virtual const FrameIndex& index() const = 0;
    virtual FrameCache& cache() = 0;
    virtual const DecoderStats& stats() const = 0;
    // The file (or, for a sequence, the pattern) the frames come from.
    virtual const std::string& path() const = 0;

    // Decoding ahead of reverse play (VideoDecoder::prefetchBackward); true: nothing to do.
    virtual bool prefetchBackward(int64_t n, int64_t depth,
                                  const std::function<bool()>& keepGoing) {
        (void)n, (void)depth, (void)keepGoing;
        return true;
    }
    // +1 forward, -1 backward, 0 paused: the cache keeps what lies ahead in that direction.
    virtual void setPlayDirection(int direction) { cache().setDirection(direction); }
};

}  // namespace framenote::media
