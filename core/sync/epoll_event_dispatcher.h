#pragma once
// An event dispatcher on Linux epoll for the relay's thread. Qt's own dispatchers on Unix (the
// plain one and glib's) hand every socket notifier to poll() on every turn of the event loop,
// so with a thousand connections each turn costs a thousand file descriptors of kernel work
// whether they have data or not; measured with framenote-loadgen this was over a third of the
// relay's CPU. epoll reports only the ready ones.
//
// Socket notifiers are level-triggered as in Qt; changes to what a descriptor waits for are
// applied just before the next wait (a write notifier switched on and off within one turn
// costs no system call). Timers are kept in a list and fired from processEvents(); posted
// events are sent at the start of each turn; wakeUp() writes an eventfd.
//
// Install it before the thread's event loop exists: QCoreApplication::setEventDispatcher() before
// the QCoreApplication (framenote-relay does), or QThread::setEventDispatcher() before start().
#include <QAbstractEventDispatcher>
#include <atomic>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace framenote::sync {

class EpollEventDispatcher final : public QAbstractEventDispatcher {
    Q_OBJECT
  public:
    explicit EpollEventDispatcher(QObject* parent = nullptr);
    ~EpollEventDispatcher() override;

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;
    void registerSocketNotifier(QSocketNotifier* notifier) override;
    void unregisterSocketNotifier(QSocketNotifier* notifier) override;
    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject* object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject* object) override;
    QList<TimerInfo> registeredTimers(QObject* object) const override;
    int remainingTime(int timerId) override;
    void wakeUp() override;
    void interrupt() override;

  private:
    struct Descriptor {
        QSocketNotifier* read = nullptr;
        QSocketNotifier* write = nullptr;
        QSocketNotifier* exception = nullptr;
        uint32_t registered = 0;  // events epoll waits for now (0: not added)
        bool dirty = false;
        uint32_t wanted() const;
    };
    struct Timer {
        int id = 0;
        qint64 interval = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        QObject* object = nullptr;
        int64_t deadlineNs = 0;
        bool firing = false;
    };

    void markDirty(int fd);
    void applyChanges();
    int activateTimers();
    int64_t nextTimerWaitMs() const;

    int epoll_ = -1;
    int wake_ = -1;  // eventfd
    std::atomic<bool> interrupted_{false};
    std::unordered_map<int, Descriptor> descriptors_;
    std::vector<int> dirty_;
    std::unordered_map<int, Timer> timers_;
};

}  // namespace framenote::sync
