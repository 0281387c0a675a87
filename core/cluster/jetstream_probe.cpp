#include "core/cluster/jetstream_probe.h"

#include <chrono>

namespace framenote::cluster {

JetStreamProbe::JetStreamProbe(JetStreamSettings settings, int intervalMs)
    : settings_(std::move(settings)), intervalMs_(intervalMs), thread_([this] { run(); }) {}

JetStreamProbe::~JetStreamProbe() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void JetStreamProbe::run() {
    std::unique_ptr<JetStreamLog> log;
    for (;;) {
        const auto start = std::chrono::steady_clock::now();
        std::string problem;
        if (!log) {
            auto opened = JetStreamLog::open(settings_);
            if (opened)
                log = std::move(*opened);
            else
                problem = opened.error();
        }
        // A write a quorum must take, as an operation's would.
        if (log)
            if (Status written = log->probeWrite(); !written) problem = written.error();
        requestSeconds_ =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        up_ = problem.empty();
        if (!problem.empty()) ++failures_;
        std::unique_lock lock(mutex_);
        problem_ = problem;
        if (wake_.wait_for(lock, std::chrono::milliseconds(intervalMs_),
                           [this] { return stopping_; }))
            return;
    }
}

bool JetStreamProbe::healthy(QByteArray* why) const {
    if (up_) return true;
    std::lock_guard lock(mutex_);
    if (why) *why = "no JetStream quorum answers (" + QByteArray::fromStdString(problem_) + ")";
    return false;
}

QByteArray JetStreamProbe::prometheusText() const {
    return "# HELP framenote_relay_jetstream_up Whether the last write to JetStream was taken by a "
           "quorum.\n"
           "# TYPE framenote_relay_jetstream_up gauge\n"
           "framenote_relay_jetstream_up " +
           QByteArray(up_ ? "1" : "0") +
           "\n# HELP framenote_relay_jetstream_request_seconds How long that request took.\n"
           "# TYPE framenote_relay_jetstream_request_seconds gauge\n"
           "framenote_relay_jetstream_request_seconds " +
           QByteArray::number(requestSeconds_.load(), 'f', 6) +
           "\n# HELP framenote_relay_jetstream_failures_total Requests to JetStream that failed.\n"
           "# TYPE framenote_relay_jetstream_failures_total counter\n"
           "framenote_relay_jetstream_failures_total " +
           QByteArray::number(failures_.load()) + "\n";
}

}  // namespace framenote::cluster
