#pragma once
// What the benchmarks of the real window (player_bench, overlay_bench) share: waiting in the event
// loop, the percentile they report, and the word for a goal.
#include <QCoreApplication>
#include <QElapsedTimer>
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

// Waits in the event loop until `done` or the timeout; false on timeout.
template <typename Done>
bool waitFor(Done done, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs) return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return true;
}

}  // namespace framenote::bench
