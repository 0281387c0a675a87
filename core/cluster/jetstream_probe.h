#pragma once
// Whether this relay reaches a JetStream quorum: a write a quorum must take, every 2 s on a thread
// of its own with its own connection, for /healthz and /metrics (docs/ARCHITECTURE.md, "Relay
// cluster"). A relay with nothing to commit still learns that its cluster lost its quorum.
// Reading it never blocks.
#include <QByteArray>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/cluster/jetstream_log.h"

namespace framenote::cluster {

class JetStreamProbe {
  public:
    explicit JetStreamProbe(JetStreamSettings settings, int intervalMs = 2000);
    ~JetStreamProbe();
    JetStreamProbe(const JetStreamProbe&) = delete;
    JetStreamProbe& operator=(const JetStreamProbe&) = delete;

    // False with why while the last probe write failed (no quorum, no node).
    bool healthy(QByteArray* why) const;
    // framenote_relay_jetstream_up, _request_seconds (the last one) and _failures_total.
    QByteArray prometheusText() const;

  private:
    void run();

    JetStreamSettings settings_;
    int intervalMs_;
    std::atomic<bool> up_{true};  // until the first answer says otherwise
    std::atomic<double> requestSeconds_{0};
    std::atomic<long long> failures_{0};
    mutable std::mutex mutex_;
    std::string problem_;  // mutex_
    std::condition_variable wake_;
    bool stopping_ = false;  // mutex_
    std::thread thread_;
};

}  // namespace framenote::cluster
