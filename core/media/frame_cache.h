#pragma once
// Decoded frames kept around the playhead within a byte budget, so stepping back or replaying
// a loop costs no decode. When full, the frames farthest from the playhead go first (in reverse
// play, those already passed count four times as far).
#include <cstdint>
#include <map>
#include <optional>

#include "core/media/video_frame.h"

namespace framenote::media {

class FrameCache {
  public:
    explicit FrameCache(int64_t budgetBytes) : budget_(budgetBytes) {}

    void setBudget(int64_t budgetBytes);
    int64_t budget() const { return budget_; }
    int64_t bytes() const { return bytes_; }
    size_t size() const { return frames_.size(); }

    // Eviction keeps the frames nearest this one.
    void setPlayhead(int64_t frame) { playhead_ = frame; }
    // Playing backwards (-1), the frames above the playhead have been shown: they go first.
    void setDirection(int direction) { direction_ = direction; }
    void insert(const VideoFrame& frame);
    std::optional<VideoFrame> find(int64_t frame) const;
    bool contains(int64_t frame) const { return frames_.count(frame) != 0; }
    void clear();

  private:
    void evict();

    std::map<int64_t, VideoFrame> frames_;
    int64_t budget_;
    int64_t bytes_ = 0;
    int64_t playhead_ = 0;
    int direction_ = 0;
};

}  // namespace framenote::media
