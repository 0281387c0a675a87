#pragma once
// How fast held presence may go to one slow receiver (docs/PROTOCOL.md "Presence thinning").
//
// A slow link hides most of its queue from the relay: the bytes wait in the bottleneck's buffer
// and the receiver's socket buffer, not in the relay's kernel send queue, so "the connection has
// drained" does not mean the link is idle. Presence released into that queue in a burst delays
// every operation behind it by the burst's time on the link (on 2G, a room's worth of presence
// is half a second). The relay sees that queue the only way it can: by the round trip of a
// WebSocket ping, which follows everything sent before it down the same stream. Presence gets a
// rate that grows by a step for each round trip within `targetQueueNs` of the lowest in the last
// minute and halves for each one above (additive increase, multiplicative decrease on delay, as
// LEDBAT, RFC 6817, does for background traffic), and goes out in small portions at that rate,
// so it fills the capacity the operations leave without building a queue in front of them.
//
// A peer that does not answer pings (every RFC 6455 client must) keeps the starting rate.
// All times are steady-clock nanoseconds, passed in, so the logic is testable without a clock.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility>

#include "core/sync/token_bucket.h"

namespace framenote::sync {

class PresencePacer {
  public:
    struct Settings {
        int64_t targetQueueNs = 50'000'000;  // round trip above the base that counts as a queue
        double startBytesPerSecond = 1024;   // before any round trip was measured
        double minBytesPerSecond = 256;      // a few updates a second even on a congested link
        double maxBytesPerSecond = 64 << 20;
        double stepBytesPerSecond = 256;         // added for each round trip without a queue
        double portionBytes = 512;               // saved-up allowance at most (the largest burst)
        int64_t baseWindowNs = 60'000'000'000;   // the base round trip is the lowest of this long
        int64_t probeTimeoutNs = 3'000'000'000;  // an unanswered probe is given up after this
    };

    PresencePacer() : PresencePacer(Settings{}) {}
    // Starts with nothing saved up: a receiver just found slow gets presence as it accrues.
    explicit PresencePacer(Settings s)
        : s_(s), allowance_(s.startBytesPerSecond, s.portionBytes, 0) {}

    // A probe (ping) may be sent: none is in flight, or the last was not answered in time.
    bool probeDue(int64_t now) const {
        return probeSentNs_ < 0 || now - probeSentNs_ > s_.probeTimeoutNs;
    }
    // Returns the probe's number, for the ping to carry (its pong brings it back).
    uint64_t probeSent(int64_t now) {
        probeSentNs_ = now;
        return ++probe_;
    }

    enum class Sample { NotAProbe, Clear, Queue };
    // A pong that carried `probe`: the round trip of the probe in flight, if it is that one (not
    // a heartbeat's pong, nor the late answer to a probe given up). Says whether it showed a queue.
    Sample pongReceived(int64_t now, uint64_t probe) {
        if (probeSentNs_ < 0 || probe != probe_) return Sample::NotAProbe;
        const int64_t rttNs = now - probeSentNs_;
        probeSentNs_ = -1;
        // A sliding minimum: samples kept in increasing round trip, so the front is the lowest of
        // the window.
        while (!samples_.empty() && now - samples_.front().first > s_.baseWindowNs)
            samples_.pop_front();
        while (!samples_.empty() && samples_.back().second >= rttNs) samples_.pop_back();
        samples_.emplace_back(now, rttNs);
        lastQueueNs_ = rttNs - samples_.front().second;
        // The first round trip, or one well below the last: a queue from before is still going
        // down, and the base may be lower yet. Wait for it before growing.
        const bool settling = previousRttNs_ < 0 || rttNs < previousRttNs_ - s_.targetQueueNs;
        previousRttNs_ = rttNs;
        const double rate = allowance_.rate();
        if (lastQueueNs_ > s_.targetQueueNs) {
            allowance_.setRate(ms(now), std::max(s_.minBytesPerSecond, rate / 2));
            return Sample::Queue;
        }
        if (!settling)
            allowance_.setRate(ms(now),
                               std::min(s_.maxBytesPerSecond, rate + s_.stepBytesPerSecond));
        return Sample::Clear;
    }

    // Bytes of presence that may go now. Sending may overdraw it by one update: the debt is paid
    // before anything else goes.
    double allowance(int64_t now) { return allowance_.tokens(ms(now)); }
    void spent(int64_t now, size_t bytes) { allowance_.spend(ms(now), double(bytes)); }

    double bytesPerSecond() const { return allowance_.rate(); }
    int64_t lastQueueNs() const { return lastQueueNs_; }
    int64_t baseRoundTripNs() const { return samples_.empty() ? -1 : samples_.front().second; }

  private:
    static int64_t ms(int64_t ns) { return ns / 1'000'000; }

    Settings s_;
    TokenBucket allowance_;  // bytes of presence, at the pace's rate
    int64_t probeSentNs_ = -1;
    uint64_t probe_ = 0;
    int64_t lastQueueNs_ = 0;
    int64_t previousRttNs_ = -1;
    std::deque<std::pair<int64_t, int64_t>> samples_;  // (time, round trip), increasing round trips
};

}  // namespace framenote::sync
