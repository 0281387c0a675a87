#pragma once
// Exact, frame-numbered video decoding: frame(n) always returns the n-th picture of the frame
// index, whether it comes from the cache, from sequential decoding, or from a seek.
//
// A seek starts the decoder at the keyframe the index names for n (the GOP before for open-GOP
// leading pictures), decodes forward and keeps the picture whose pts is n's. Not every container
// keyframe is an entry point for every frame after it: after a periodic intra-refresh "keyframe"
// FFmpeg withholds the pictures of the refresh wave until its recovery point, and after a CRA
// the skipped RASL pictures never come out. So the decoder learns, per start point, the first
// frame it outputs from there, and starts a frame before that point at an earlier keyframe
// (usually the refresh period before), down to the first packet of the file: slower, never
// wrong (docs/ARCHITECTURE.md, "Exact frames").
//
// Not thread-safe: one VideoDecoder lives on one decode thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/common/result.h"
#include "core/media/ffmpeg_util.h"
#include "core/media/frame_cache.h"
#include "core/media/frame_index.h"
#include "core/media/frame_source.h"
#include "core/media/video_frame.h"

namespace framenote::media {

class VideoDecoder : public FrameSource {
  public:
    static Result<std::unique_ptr<VideoDecoder>> open(const std::string& path,
                                                      std::shared_ptr<const FrameIndex> index,
                                                      const DecoderOptions& options = {});
    // Builds the frame index by scanning the file first.
    static Result<std::unique_ptr<VideoDecoder>> open(const std::string& path,
                                                      const DecoderOptions& options = {});
    ~VideoDecoder() override;

    // The exact frame n, in its native pixel format.
    Result<VideoFrame> frame(int64_t n) override;

    // Reverse play (docs/ARCHITECTURE.md, "Reverse play"): decodes the frames just below the
    // cached run that ends at frame n (the GOP before first), so playing or stepping backwards
    // finds them cached, up to `depth` frames below n. Stops as soon as `keepGoing` says so (a
    // request waits) and picks up from there on the next call. Returns true when there is
    // nothing more to do (the run is deep enough, reaches frame 0, or cannot grow).
    bool prefetchBackward(int64_t n, int64_t depth,
                          const std::function<bool()>& keepGoing) override;
    // +1 forward, -1 backward, 0 paused: the cache keeps what lies ahead in that direction.
    void setPlayDirection(int direction) override;

    const FrameIndex& index() const override { return *index_; }
    FrameCache& cache() override { return cache_; }
    const DecoderStats& stats() const override { return stats_; }
    const std::string& path() const override { return path_; }

  private:
    VideoDecoder(std::string path, std::shared_ptr<const FrameIndex> index,
                 const DecoderOptions& options);

    Status openStreams();
    // The latest start at or before packet `limit` that can output frame n, as far as known.
    int64_t startPacketFor(int64_t n, int64_t limit = INT64_MAX) const;
    int64_t recoveryStartFor(int64_t n, int64_t latest) const;
    // The first frame a decode from `start` may cache (-1: all of them).
    int64_t trustedFromFor(int64_t start) const;
    // frame(n) without moving the cache's playhead (prefetching serves frames not shown yet).
    Result<VideoFrame> produce(int64_t n);
    void learnFirstOutput(int64_t frameNumber);
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
    // Start packet -> the first frame decoding from it outputs (INT64_MAX: none at all); a start
    // whose first output comes after n cannot serve n.
    std::unordered_map<int64_t, int64_t> firstOutputFrom_;
    bool recoveryPointStarts_ = false;  // the stream's keyframes are recovery points (above)
    int64_t maxWithheld_ = 0;           // the most pictures a recovery point withheld
    int64_t trustedFrom_ = -1;          // frames below this, decoded since the start, stay uncached
    std::function<bool()> keepGoing_;   // while prefetching: false stops decoding
    bool interrupted_ = false;
};

}  // namespace framenote::media
