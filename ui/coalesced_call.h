#pragma once
// Runs a piece of work at most once per interval, however often it is asked for: the calls that
// come while one is due are folded into it. A burst of changes (a replay, a busy room, an import,
// undoing a large selection) then costs one rebuild of a list of thousands of notes, not one
// each. The first request after a quiet spell runs on the next turn of the event loop.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <functional>

namespace framenote::ui {

class CoalescedCall : public QObject {
  public:
    CoalescedCall(int intervalMs, std::function<void()> work, QObject* parent)
        : QObject(parent), intervalMs_(intervalMs), work_(std::move(work)) {
        timer_.setSingleShot(true);
        connect(&timer_, &QTimer::timeout, this, [this] {
            sinceLast_.start();
            work_();
        });
    }
    void request() {
        if (timer_.isActive()) return;
        const qint64 since = sinceLast_.isValid() ? sinceLast_.elapsed() : intervalMs_;
        timer_.start(static_cast<int>(std::max<qint64>(0, intervalMs_ - since)));
    }

  private:
    int intervalMs_;
    std::function<void()> work_;
    QTimer timer_;
    QElapsedTimer sinceLast_;
};

}  // namespace framenote::ui
