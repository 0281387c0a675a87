#pragma once
// Exact, frame-numbered video decoding: frame(n) always returns the n-th picture of the frame
// index, whether it comes from the cache, from sequential decoding, or from a seek.
//
// A seek starts the decoder at the keyframe the index names for n (the GOP before for open-GOP
// leading pictures), decodes forward and keeps the picture whose pts is n's. If that start
// point does not produce n (intra refresh, broken keyframe flags), it falls back to earlier
// keyframes, down to the first packet of the file: slower, never wrong.
//
// Not thread-safe: one VideoDecoder lives on one decode thread.
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include "core/common/result.h"
#include "core/media/ffmpeg_util.h"
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
};

class VideoDecoder {
  public:
    static Result<std::unique_ptr<VideoDecoder>> open(const std::string& path,
                                                      std::shared_ptr<const FrameIndex> index,
                                                      const DecoderOptions& options = {});
    // Builds the frame index by scanning the file first.
    static Result<std::unique_ptr<VideoDecoder>> open(const std::string& path,
                                                      const DecoderOptions& options = {});
    ~VideoDecoder();

    // The exact frame n, in its native pixel format.
    Result<VideoFrame> frame(int64_t n);

    const FrameIndex& index() const { return *index_; }
    FrameCache& cache() { return cache_; }
    const DecoderStats& stats() const { return stats_; }
    const std::string& path() const { return path_; }

  private:
    VideoDecoder(std::string path, std::shared_ptr<const FrameIndex> index,
                 const DecoderOptions& options);

    Status openStreams();
    int64_t startPacketFor(int64_t n) const;
    bool canContinueTo(int64_t n, int64_t startPacket) const;
    Status positionAt(int64_t packet);
    // Decodes forward until frame n is output. Returns false when n was passed or the stream
    // ended without it (the start point was not good enough).
    Result<bool> decodeUntil(int64_t n);
    Result<bool> receiveFrames(int64_t n);
    int64_t identifyPacket(const AVPacket* pkt) const;
    int64_t frameNumberOf(const AVFrame* frame);
    Status reopen();

    std::string path_;
    std::shared_ptr<const FrameIndex> index_;
    DecoderOptions options_;
    FormatContextPtr format_;
    CodecContextPtr codec_;
    PacketPtr packet_;
    FramePtr decoded_;
    FrameCache cache_;
    DecoderStats stats_;

    std::unordered_map<int64_t, int64_t> packetByPos_;  // byte position -> decode index
    bool positioned_ = false;     // the decoder has run continuously since startPacket_
    bool pendingPacket_ = false;  // packet_ holds the next packet, read but not yet sent
    bool drained_ = false;        // end of stream reached; a seek must come next
    int64_t startPacket_ = -1;
    int64_t nextPacket_ = 0;   // decode index of the next packet to send
    int64_t lastOutput_ = -1;  // last frame number output since startPacket_
    int64_t outputCount_ = 0;  // frames output since startPacket_ (for files without usable pts)
    std::set<int64_t> unreliableStarts_;
};

}  // namespace framenote::media
