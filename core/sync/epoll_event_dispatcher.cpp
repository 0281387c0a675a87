#include "core/sync/epoll_event_dispatcher.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>
#include <array>
#include <cerrno>
#include <chrono>

namespace framenote::sync {

namespace {

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

uint32_t EpollEventDispatcher::Descriptor::wanted() const {
    uint32_t events = 0;
    if (read) events |= EPOLLIN | EPOLLRDHUP;
    if (write) events |= EPOLLOUT;
    if (exception) events |= EPOLLPRI;
    return events;
}

EpollEventDispatcher::EpollEventDispatcher(QObject* parent) : QAbstractEventDispatcher(parent) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.fd = wake_;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
}

EpollEventDispatcher::~EpollEventDispatcher() {
    if (wake_ >= 0) ::close(wake_);
    if (epoll_ >= 0) ::close(epoll_);
}

// ---- Socket notifiers
// ----------------------------------------------------------------------------

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier* notifier) {
    const int fd = static_cast<int>(notifier->socket());
    Descriptor& d = descriptors_[fd];
    switch (notifier->type()) {
        case QSocketNotifier::Read:
            d.read = notifier;
            break;
        case QSocketNotifier::Write:
            d.write = notifier;
            break;
        case QSocketNotifier::Exception:
            d.exception = notifier;
            break;
    }
    markDirty(fd);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier* notifier) {
    const int fd = static_cast<int>(notifier->socket());
    auto it = descriptors_.find(fd);
    if (it == descriptors_.end()) return;
    Descriptor& d = it->second;
    if (d.read == notifier) d.read = nullptr;
    if (d.write == notifier) d.write = nullptr;
    if (d.exception == notifier) d.exception = nullptr;
    if (!d.wanted() && d.registered) {
        // The descriptor may be closed right after this: remove it now, not lazily.
        epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
        d.registered = 0;
    }
    if (!d.wanted() && !d.dirty) {
        descriptors_.erase(it);
        return;
    }
    markDirty(fd);
}

void EpollEventDispatcher::markDirty(int fd) {
    Descriptor& d = descriptors_[fd];
    if (d.dirty) return;
    d.dirty = true;
    dirty_.push_back(fd);
}

void EpollEventDispatcher::applyChanges() {
    std::vector<int> fds;
    fds.swap(dirty_);
    for (int fd : fds) {
        auto it = descriptors_.find(fd);
        if (it == descriptors_.end()) continue;
        Descriptor& d = it->second;
        d.dirty = false;
        const uint32_t wanted = d.wanted();
        if (wanted == d.registered) {
            if (!wanted) descriptors_.erase(it);
            continue;
        }
        epoll_event ev{};
        ev.events = wanted;
        ev.data.fd = fd;
        if (!wanted) {
            epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
            descriptors_.erase(it);
            continue;
        }
        const int op = d.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
        if (epoll_ctl(epoll_, op, fd, &ev) != 0 && errno == EEXIST)
            epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &ev);
        d.registered = wanted;
    }
}

// ---- Timers ------------------------------------------------------------------------------------

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject* object) {
    Timer t;
    t.id = timerId;
    t.interval = interval;
    t.type = timerType;
    t.object = object;
    t.deadlineNs = nowNs() + static_cast<int64_t>(interval) * 1'000'000;
    timers_[timerId] = t;
}

bool EpollEventDispatcher::unregisterTimer(int timerId) { return timers_.erase(timerId) > 0; }

bool EpollEventDispatcher::unregisterTimers(QObject* object) {
    bool any = false;
    for (auto it = timers_.begin(); it != timers_.end();) {
        if (it->second.object == object) {
            it = timers_.erase(it);
            any = true;
        } else {
            ++it;
        }
    }
    return any;
}

QList<QAbstractEventDispatcher::TimerInfo> EpollEventDispatcher::registeredTimers(
    QObject* object) const {
    QList<TimerInfo> out;
    for (const auto& [id, t] : timers_)
        if (t.object == object) out.append(TimerInfo(id, static_cast<int>(t.interval), t.type));
    return out;
}

int EpollEventDispatcher::remainingTime(int timerId) {
    auto it = timers_.find(timerId);
    if (it == timers_.end()) return -1;
    return static_cast<int>(std::max<int64_t>(0, (it->second.deadlineNs - nowNs()) / 1'000'000));
}

int64_t EpollEventDispatcher::nextTimerWaitMs() const {
    if (timers_.empty()) return -1;
    int64_t earliest = INT64_MAX;
    for (const auto& [id, t] : timers_)
        if (!t.firing) earliest = std::min(earliest, t.deadlineNs);
    if (earliest == INT64_MAX) return -1;
    const int64_t wait = earliest - nowNs();
    return wait <= 0 ? 0 : (wait + 999'999) / 1'000'000;  // round up: never wake before it is due
}

int EpollEventDispatcher::activateTimers() {
    const int64_t now = nowNs();
    std::vector<std::pair<int64_t, int>> due;
    for (const auto& [id, t] : timers_)
        if (!t.firing && t.deadlineNs <= now) due.emplace_back(t.deadlineNs, id);
    std::sort(due.begin(), due.end());
    int fired = 0;
    for (const auto& [deadline, id] : due) {
        auto it = timers_.find(id);
        if (it == timers_.end() || it->second.firing) continue;  // unregistered by an earlier one
        Timer& t = it->second;
        // The next deadline first, so that the handler may stop or restart the timer.
        t.deadlineNs =
            std::max<int64_t>(t.deadlineNs + static_cast<int64_t>(t.interval) * 1'000'000, now);
        t.firing = true;
        QObject* object = t.object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++fired;
        if (auto again = timers_.find(id); again != timers_.end()) again->second.firing = false;
    }
    return fired;
}

// ---- The loop
// ------------------------------------------------------------------------------------

void EpollEventDispatcher::wakeUp() {
    const uint64_t one = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_, &one, sizeof one);
}

void EpollEventDispatcher::interrupt() {
    interrupted_.store(true);
    wakeUp();
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags) {
    interrupted_.store(false);
    emit awake();
    QCoreApplication::sendPostedEvents();
    if (interrupted_.load()) return false;

    const bool includeTimers = !(flags & QEventLoop::X11ExcludeTimers);
    const bool includeNotifiers = !(flags & QEventLoop::ExcludeSocketNotifiers);
    const bool wait = flags & QEventLoop::WaitForMoreEvents;
    int timeout = 0;
    if (wait) {
        const int64_t timerWait = includeTimers ? nextTimerWaitMs() : -1;
        timeout = timerWait < 0 ? -1 : static_cast<int>(std::min<int64_t>(timerWait, INT32_MAX));
        emit aboutToBlock();
    }
    applyChanges();
    std::array<epoll_event, 256> ready;
    int n = epoll_wait(epoll_, ready.data(), static_cast<int>(ready.size()), timeout);
    if (n < 0) n = 0;  // EINTR
    if (wait && timeout != 0) emit awake();

    int handled = 0;
    for (int i = 0; i < n; ++i) {
        const int fd = ready[static_cast<size_t>(i)].data.fd;
        const uint32_t events = ready[static_cast<size_t>(i)].events;
        if (fd == wake_) {
            uint64_t value;
            [[maybe_unused]] ssize_t r = ::read(wake_, &value, sizeof value);
            ++handled;
            continue;
        }
        if (!includeNotifiers) continue;
        // Each notifier is looked up again: an earlier activation may have removed it.
        const auto activate = [&](QSocketNotifier* Descriptor::*which) {
            auto it = descriptors_.find(fd);
            if (it == descriptors_.end()) return;
            QSocketNotifier* notifier = it->second.*which;
            if (!notifier || !notifier->isEnabled()) return;
            QEvent event(QEvent::SockAct);
            QCoreApplication::sendEvent(notifier, &event);
            ++handled;
        };
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) activate(&Descriptor::read);
        if (events & (EPOLLOUT | EPOLLHUP | EPOLLERR)) activate(&Descriptor::write);
        if (events & EPOLLPRI) activate(&Descriptor::exception);
    }
    if (includeTimers) handled += activateTimers();
    return handled > 0;
}

}  // namespace framenote::sync
