#pragma once
// Waiting in tests (CONTRIBUTING.md, "Writing a test that waits"). A test waits for something it
// can observe: spinUntil() with a condition, a round trip that proves a message was handled
// (RawClient::roundTrip), a signal, a counter. settle() is the one fixed wait, for the few checks
// whose subject is time itself; every call says why.
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>
#include <cstdint>
#include <functional>
#include <string_view>

namespace framenote::test {

// Spins the event loop until `done` or the timeout; returns done().
inline bool spinUntil(const std::function<bool()>& done, int timeoutMs = 5000) {
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs) return done();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        if (!done()) QThread::usleep(200);
    }
    return true;
}

// Spins the event loop for `ms` milliseconds. Only where the passing of time is what is tested
// (a rate budget refills, a window passes, a pacer spaces its sends): `why` names the clock the
// test depends on. Never as a pause before asserting that nothing happened, which passes on a
// slow machine whatever the code does: wait for a round trip instead.
inline void settle(int ms, std::string_view why) {
    (void)why;  // for the reader: the call site states it
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        QThread::usleep(200);
    }
}

// Waits until the wall clock is past `ms` (milliseconds since the epoch) and returns the time:
// for a test that needs a moment strictly between two events ("after the import, before the
// edits"), however fast the machine.
inline int64_t clockPast(int64_t ms) {
    int64_t now = QDateTime::currentMSecsSinceEpoch();
    for (; now <= ms; now = QDateTime::currentMSecsSinceEpoch()) QThread::usleep(100);
    return now;
}

}  // namespace framenote::test
