#pragma once
// framenote-loadgen's latency figures: a histogram of delays and the fan-out recorder that keeps
// one overall and one per path across the emulated slow links (loadgen_client.h).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <vector>

namespace framenote::bench {

// The generator's clock: op ids carry it (loadgen_client.h), latencies are differences of it.
inline int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// 1 us resolution up to 2 s, then 1 ms up to 10 min.
class Latency {
  public:
    Latency() : fine_(2'000'000, 0), coarse_(600'001, 0) {}
    void add(int64_t ns) {
        const int64_t us = std::max<int64_t>(ns / 1000, 0);
        if (us < 2'000'000)
            ++fine_[static_cast<size_t>(us)];
        else
            ++coarse_[static_cast<size_t>(std::min<int64_t>(us / 1000, 600'000))];
        ++n_;
        max_ = std::max(max_, ns);
    }
    double quantileMs(double q) const {
        if (!n_) return 0;
        const uint64_t target = static_cast<uint64_t>(q * static_cast<double>(n_));
        uint64_t seen = 0;
        for (size_t i = 0; i < fine_.size(); ++i) {
            seen += fine_[i];
            if (seen > target) return static_cast<double>(i) / 1000.0;
        }
        for (size_t i = 2000; i < coarse_.size(); ++i) {
            seen += coarse_[i];
            if (seen > target) return static_cast<double>(i);
        }
        return static_cast<double>(max_) / 1e6;
    }
    double maxMs() const { return static_cast<double>(max_) / 1e6; }
    uint64_t count() const { return n_; }
    void reset() {
        std::fill(fine_.begin(), fine_.end(), 0);
        std::fill(coarse_.begin(), coarse_.end(), 0);
        n_ = 0;
        max_ = 0;
    }

  private:
    std::vector<uint32_t> fine_, coarse_;
    uint64_t n_ = 0;
    int64_t max_ = 0;
};

// Fan-out latency, overall and by path when some clients sit behind an emulated slow link:
// path = 2 * (sender slow) + (receiver slow).
struct FanoutRecorder {
    Latency all;
    std::array<Latency, 4> path;
    std::vector<char> slow;     // by client index
    bool receiverSlow = false;  // of the client being read
    bool anySlow = false;
    void add(uint32_t sender, int64_t ns) {
        all.add(ns);
        if (!anySlow) return;
        const bool senderSlow = sender < slow.size() && slow[sender];
        path[(senderSlow ? 2 : 0) + (receiverSlow ? 1 : 0)].add(ns);
    }
    void reset() {
        all.reset();
        if (anySlow)
            for (Latency& l : path) l.reset();
    }
};

}  // namespace framenote::bench
