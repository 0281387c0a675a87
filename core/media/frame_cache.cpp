#include "core/media/frame_cache.h"

namespace framenote::media {

void FrameCache::setBudget(int64_t budgetBytes) {
    budget_ = budgetBytes;
    evict();
}

void FrameCache::insert(const VideoFrame& frame) {
    if (frame.isNull() || budget_ <= 0) return;
    auto [it, inserted] = frames_.emplace(frame.number(), frame);
    if (!inserted) return;
    bytes_ += frame.memoryBytes();
    evict();
}

std::optional<VideoFrame> FrameCache::find(int64_t frame) const {
    auto it = frames_.find(frame);
    if (it == frames_.end()) return std::nullopt;
    return it->second;
}

void FrameCache::clear() {
    frames_.clear();
    bytes_ = 0;
}

void FrameCache::evict() {
    // The map is ordered by frame number, so the farthest frame is always at one of the ends.
    while (bytes_ > budget_ && !frames_.empty()) {
        auto first = frames_.begin();
        auto last = std::prev(frames_.end());
        const int64_t below = playhead_ - first->first;
        const int64_t above = (last->first - playhead_) * (direction_ < 0 ? 4 : 1);
        auto victim = below >= above ? first : last;
        bytes_ -= victim->second.memoryBytes();
        frames_.erase(victim);
    }
}

}  // namespace framenote::media
