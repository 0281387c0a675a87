#pragma once
// A token bucket: `rate` tokens a second, at most `burst` stored. Used by the relay for each
// connection's message budget, by the client session to stay under the relay's limit, and by the
// presence pacer (presence_pacer.h), which changes the rate as it goes and may overdraw.
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace framenote::sync {

class TokenBucket {
  public:
    TokenBucket() = default;
    TokenBucket(double ratePerSecond, double burst)
        : rate_(ratePerSecond), burst_(burst), tokens_(burst) {}
    TokenBucket(double ratePerSecond, double burst, double tokens)
        : rate_(ratePerSecond), burst_(burst), tokens_(tokens) {}

    // Takes `count` tokens at time `nowMs` if available.
    bool take(int64_t nowMs, double count = 1) {
        refill(nowMs);
        if (rate_ <= 0) return true;  // unlimited
        if (tokens_ + 1e-9 < count) return false;
        tokens_ -= count;
        return true;
    }
    // Milliseconds until `count` tokens are available (0 when they are).
    int64_t waitMs(int64_t nowMs, double count = 1) {
        refill(nowMs);
        if (rate_ <= 0 || tokens_ >= count) return 0;
        return static_cast<int64_t>(std::ceil((count - tokens_) * 1000.0 / rate_));
    }
    double tokens(int64_t nowMs) {
        refill(nowMs);
        return tokens_;
    }
    // Takes `count` tokens whether or not they are there: a debt, paid before anything else goes.
    void spend(int64_t nowMs, double count) {
        refill(nowMs);
        tokens_ -= count;
    }
    // What is stored so far accrued at the old rate; from now on, `ratePerSecond`.
    void setRate(int64_t nowMs, double ratePerSecond) {
        refill(nowMs);
        rate_ = ratePerSecond;
    }
    double rate() const { return rate_; }
    double burst() const { return burst_; }

  private:
    void refill(int64_t nowMs) {
        if (last_ < 0) last_ = nowMs;
        if (nowMs > last_) {
            tokens_ =
                std::min(burst_, tokens_ + static_cast<double>(nowMs - last_) * rate_ / 1000.0);
            last_ = nowMs;
        }
    }
    double rate_ = 0;
    double burst_ = 0;
    double tokens_ = 0;
    int64_t last_ = -1;
};

}  // namespace framenote::sync
