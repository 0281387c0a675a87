#pragma once
// A queue between threads that many push to and one drains in whole batches (the relay's hand-off
// to its I/O threads and back). The consumer passes its previous batch back to take(), so the
// two vectors trade places and keep their capacity: in steady state a push allocates nothing
// (a fresh vector per batch reallocated itself a few times in every round, which at a million
// deliveries a second was a tenth of the relay thread's time).
#include <mutex>
#include <utility>
#include <vector>

namespace framenote::sync {

template <typename T>
class BatchQueue {
  public:
    // False when nothing was waiting before this item: the consumer needs a wake-up (one per
    // batch). Items pushed after close() are dropped (and need none).
    bool push(T item) {
        std::lock_guard lock(mutex_);
        if (closed_) return false;
        const bool wasEmpty = items_.empty();
        items_.push_back(std::move(item));
        return wasEmpty;
    }

    // Everything pushed since the last take, in order, into `batch` (cleared first).
    void take(std::vector<T>& batch) {
        batch.clear();
        std::lock_guard lock(mutex_);
        batch.swap(items_);
    }

    // Drops what waits, and everything pushed from now on.
    void close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        items_.clear();
    }

  private:
    std::mutex mutex_;
    std::vector<T> items_;
    bool closed_ = false;
};

}  // namespace framenote::sync
