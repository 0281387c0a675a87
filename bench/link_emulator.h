#pragma once
// One direction of an emulated access link (for framenote-loadgen's weak-network runs). This
// kernel has no netem, so a "2G" link (100 kbit/s, 300 ms, 1% loss) is emulated in user space, in
// the generator, on the bytes of one client's TCP connection after they reach (or before they
// leave) the client's socket:
//
//   - bandwidth: bytes are cut into TCP segments of at most kMss bytes, and each occupies the
//     link for (bytes + kHeaderBytes) * 8 / bits-per-second, one after the other. Bytes that
//     arrive while the last segment still waits for the link join it (as the kernel fills a
//     segment from the socket buffer while cwnd or the link holds it back);
//   - delay: each segment arrives `delay` after it has left the link;
//   - loss: each segment is lost with probability `loss` and arrives one retransmission timeout
//     later (Linux: RTO = SRTT + max(200 ms, 4 RTTVAR), about RTT + 200 ms on a steady link);
//   - in-order delivery: TCP hands nothing to the application past a hole, so a segment is
//     released no earlier than the one before it (head-of-line blocking after a loss).
//
//   - back-pressure (downlink): the generator reads the client's socket only while fewer than
//     `windowBytes` wait in this link (see LinkParams), and slow clients' sockets have a small
//     receive buffer, so what the link cannot carry stays in the relay's kernel send queue and
//     its own buffer, as behind a real slow link, where the relay can see it (presence thinning,
//     slow-consumer limit).
//
// Not modelled: ACKs and their bandwidth, congestion-window growth (slow start after idle), and
// fast retransmit (which can recover in about one RTT instead of an RTO).
#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <random>
#include <string>

namespace framenote::bench {

struct LinkParams {
    double bitsPerSecond = 100'000;
    int64_t delayNs = 300'000'000;
    double loss = 0.01;
    int64_t rtoNs = 800'000'000;
    // Bytes the sender may have in this link: a TCP sender whose window matches the path (what is
    // on the way, rate x delay) plus two segments of standing queue at the bottleneck. Real 2G
    // networks often buffer far more (seconds: bufferbloat), which only adds delay in front of
    // everything. 0: bitsPerSecond / 8 * delay + 2 * kMss (windowFor).
    size_t windowBytes = 0;
};

class LinkDirection {
  public:
    static constexpr size_t kMss = 1448;        // Ethernet MTU 1500 - IP 20 - TCP 32 (timestamps)
    static constexpr size_t kHeaderBytes = 52;  // IP + TCP with timestamps

    static size_t windowFor(const LinkParams& p) {
        if (p.windowBytes > 0) return p.windowBytes;
        return static_cast<size_t>(p.bitsPerSecond / 8 * static_cast<double>(p.delayNs) / 1e9) +
               2 * kMss;
    }

    void configure(const LinkParams& params, uint64_t seed) {
        params_ = params;
        rng_.seed(seed);
    }

    // `size` bytes enter the link at `now` (steady clock ns).
    void push(int64_t now, const char* data, size_t size) {
        while (size > 0) {
            if (!queue_.empty() && queue_.back().startNs > now &&
                queue_.back().bytes.size() < kMss) {
                // The last segment has not started on the wire yet: fill it up.
                Segment& last = queue_.back();
                const size_t take = std::min(size, kMss - last.bytes.size());
                last.bytes.append(data, take);
                queuedBytes_ += take;
                wireFreeAtNs_ += txNs(take, false);
                last.releaseNs = std::max(arrival(last.lost), previousReleaseNs_);
                data += take;
                size -= take;
                continue;
            }
            const size_t take = std::min(size, kMss);
            Segment s;
            s.startNs = std::max(now, wireFreeAtNs_);
            wireFreeAtNs_ = s.startNs + txNs(take, true);
            s.lost = lossDraw_(rng_) < params_.loss;
            previousReleaseNs_ = queue_.empty() ? lastReleaseNs_ : queue_.back().releaseNs;
            s.releaseNs = std::max(arrival(s.lost), previousReleaseNs_);
            s.bytes.assign(data, take);
            queuedBytes_ += take;
            if (s.lost) ++lost_;
            ++segments_;
            queue_.push_back(std::move(s));
            data += take;
            size -= take;
        }
    }

    // Appends every byte whose time has come to `out`; true if there were any.
    bool pop(int64_t now, std::string& out) {
        bool any = false;
        while (!queue_.empty() && queue_.front().releaseNs <= now) {
            out += queue_.front().bytes;
            queuedBytes_ -= queue_.front().bytes.size();
            lastReleaseNs_ = queue_.front().releaseNs;
            queue_.pop_front();
            any = true;
        }
        return any;
    }

    int64_t nextReleaseNs() const {
        return queue_.empty() ? std::numeric_limits<int64_t>::max() : queue_.front().releaseNs;
    }
    size_t queuedBytes() const { return queuedBytes_; }
    // Whether the sender may put more bytes into the link (back-pressure, LinkParams::windowBytes).
    bool hasRoom() const { return queuedBytes_ < windowFor(params_); }
    uint64_t segments() const { return segments_; }
    uint64_t lost() const { return lost_; }

  private:
    struct Segment {
        int64_t startNs = 0;    // when it starts to occupy the link
        int64_t releaseNs = 0;  // when its bytes reach the application
        bool lost = false;
        std::string bytes;
    };

    int64_t txNs(size_t payload, bool withHeader) const {
        const double bits = 8.0 * static_cast<double>(payload + (withHeader ? kHeaderBytes : 0));
        return static_cast<int64_t>(bits / params_.bitsPerSecond * 1e9);
    }
    int64_t arrival(bool lost) const {
        return wireFreeAtNs_ + params_.delayNs + (lost ? params_.rtoNs : 0);
    }

    LinkParams params_;
    std::mt19937_64 rng_;
    std::uniform_real_distribution<double> lossDraw_{0.0, 1.0};
    std::deque<Segment> queue_;
    size_t queuedBytes_ = 0;
    int64_t wireFreeAtNs_ = 0;
    int64_t lastReleaseNs_ = 0;      // release time of the last segment handed out
    int64_t previousReleaseNs_ = 0;  // release time of the segment before the queue's last
    uint64_t segments_ = 0, lost_ = 0;
};

}  // namespace framenote::bench
