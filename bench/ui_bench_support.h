#pragma once
// What the benchmarks of the real window (player_bench, overlay_bench) share: waiting in the event
// loop, the percentile they report, and the word for a goal.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <vector>

namespace framenote::bench {

// The value at fraction `p` of the sorted samples (0.5: the median); 0 without samples.
inline double percentile(std::vector<double> values, double p) {
    if (values.empty()) return 0;
    std::sort(values.begin(), values.end());
    const size_t i =
        std::min(values.size() - 1, static_cast<size_t>(p * (values.size() - 1) + 0.5));
    return values[i];
}

inline const char* verdict(bool met) { return met ? "met" : "MISSED"; }

// Waits in the event loop until `done` or the timeout; false on timeout. The loop sleeps until
// an event or 5 ms pass: processEvents() alone returns at once when nothing is pending, and a
// loop of it kept one of this machine's two cores busy, which the player then lacked.
template <typename Done>
bool waitFor(Done done, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    QEventLoop loop;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &loop, &QEventLoop::quit);
    tick.start(5);
    while (!done()) {
        if (timer.elapsed() > timeoutMs) return false;
        loop.exec();
    }
    return true;
}

// How long the UI thread could not answer: a 1 ms timer on it whose each tick's lateness beyond
// 1 ms is time the thread was busy (p50/p99/max of `lateMs()` are the stall figures).
class StallProbe {
  public:
    StallProbe() {
        timer_.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            const double gap = sinceLast_.nsecsElapsed() / 1e6;
            sinceLast_.restart();
            lateMs_.push_back(std::max(0.0, gap - 1.0));
        });
    }
    void start() {
        sinceLast_.start();
        timer_.start(1);
    }
    void stop() { timer_.stop(); }
    const std::vector<double>& lateMs() const { return lateMs_; }

  private:
    QTimer timer_;
    QElapsedTimer sinceLast_;
    std::vector<double> lateMs_;
};

}  // namespace framenote::bench
