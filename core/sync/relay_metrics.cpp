#include "core/sync/relay_metrics.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <algorithm>
#include <cstdio>

namespace framenote::sync {

namespace {

void appendNumber(QByteArray& out, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    out.append(buffer);
}

void counter(QByteArray& out, const char* name, const char* help, uint64_t value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" counter\n");
    out.append(name)
        .append(' ')
        .append(QByteArray::number(static_cast<qulonglong>(value)))
        .append('\n');
}

void gauge(QByteArray& out, const char* name, const char* help, int64_t value) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name)
        .append(' ')
        .append(QByteArray::number(static_cast<qlonglong>(value)))
        .append('\n');
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(bounds_.size() + 1, 0) {}

void Histogram::observe(double value) {
    const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
    ++counts_[static_cast<size_t>(it - bounds_.begin())];
    ++count_;
    sum_ += value;
    max_ = std::max(max_, value);
}

void Histogram::reset() {
    std::fill(counts_.begin(), counts_.end(), 0);
    count_ = 0;
    sum_ = 0;
    max_ = 0;
}

double Histogram::quantile(double q) const {
    if (count_ == 0) return 0;
    const double target = q * static_cast<double>(count_);
    uint64_t seen = 0;
    for (size_t i = 0; i < counts_.size(); ++i) {
        seen += counts_[i];
        if (static_cast<double>(seen) >= target) return i < bounds_.size() ? bounds_[i] : max_;
    }
    return max_;
}

void Histogram::render(QByteArray& out, const char* name, const char* help) const {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    uint64_t cumulative = 0;
    for (size_t i = 0; i < bounds_.size(); ++i) {
        cumulative += counts_[i];
        out.append(name).append("_bucket{le=\"");
        appendNumber(out, bounds_[i]);
        out.append("\"} ")
            .append(QByteArray::number(static_cast<qulonglong>(cumulative)))
            .append('\n');
    }
    out.append(name)
        .append("_bucket{le=\"+Inf\"} ")
        .append(QByteArray::number(static_cast<qulonglong>(count_)))
        .append('\n');
    out.append(name).append("_sum ");
    appendNumber(out, sum_);
    out.append('\n');
    out.append(name)
        .append("_count ")
        .append(QByteArray::number(static_cast<qulonglong>(count_)))
        .append('\n');
}

RelayMetrics::RelayMetrics()
    : fanoutLatency({0.0005, 0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05,
                     0.075, 0.1, 0.25, 0.5, 1, 2.5}),
      commitSeconds({0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1}),
      commitBatchOps({1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}) {}

QByteArray RelayMetrics::prometheusText() const {
    QByteArray out;
    out.reserve(8192);
    gauge(out, "framenote_relay_connections", "Open WebSocket connections.", connections);
    gauge(out, "framenote_relay_rooms", "Rooms held in memory.", rooms);
    gauge(out, "framenote_relay_joined_connections", "Connections in a room.", joined);
    counter(out, "framenote_relay_connections_total", "Connections accepted.", connectionsTotal);
    counter(out, "framenote_relay_messages_in_total", "WebSocket messages received.", messagesIn);
    counter(out, "framenote_relay_bytes_in_total", "Bytes of WebSocket messages received.",
            bytesIn);
    counter(out, "framenote_relay_messages_out_total", "WebSocket messages sent.", messagesOut);
    counter(out, "framenote_relay_bytes_out_total", "Bytes of WebSocket messages sent.", bytesOut);
    counter(out, "framenote_relay_operations_in_total", "Operations received.", operationsIn);
    counter(out, "framenote_relay_operations_committed_total",
            "Operations committed to the room logs.", operationsCommitted);
    counter(out, "framenote_relay_operations_duplicate_total",
            "Resent operations acknowledged with their original sequence.", operationsDuplicate);
    counter(out, "framenote_relay_operations_out_total",
            "Operations delivered to other participants (fan-out).", deliveries);
    counter(out, "framenote_relay_acks_total", "Acknowledgements sent.", acks);
    counter(out, "framenote_relay_presence_in_total", "Presence updates received.", presenceIn);
    counter(out, "framenote_relay_presence_out_total", "Presence updates delivered.", presenceOut);
    counter(
        out, "framenote_relay_presence_thinned_total",
        "Presence updates for backed-up receivers replaced by a newer one before they were sent.",
        presenceThinned);
    counter(out, "framenote_relay_presence_probes_total",
            "Round trips (pings) measured to pace presence for backed-up receivers.",
            presenceProbes);
    counter(
        out, "framenote_relay_presence_backoffs_total",
        "Measured round trips that showed a queue on a receiver's link: its presence slowed down.",
        presenceBackoffs);
    counter(out, "framenote_relay_log_commits_total", "Log transactions.", commits);
    counter(out, "framenote_relay_log_commit_failures_total", "Failed log transactions.",
            commitFailures);
    counter(out, "framenote_relay_slow_consumers_total",
            "Connections dropped because their send queue overflowed.", slowConsumers);
    counter(out, "framenote_relay_heartbeat_timeouts_total",
            "Connections dropped after 3 heartbeats of silence.", heartbeatTimeouts);
    counter(out, "framenote_relay_replayed_operations_total", "Operations sent in replays.",
            replayedOperations);
    counter(out, "framenote_relay_snapshots_total", "Snapshots sent.", snapshotsSent);
    counter(out, "framenote_relay_snapshots_encoded_total",
            "Snapshots encoded from a room's state (the others were shared).", snapshotsEncoded);
    out.append("# HELP framenote_relay_rejected_messages_total Messages refused, by reason.\n");
    out.append("# TYPE framenote_relay_rejected_messages_total counter\n");
    for (const auto& [reason, count] : rejected)
        out.append("framenote_relay_rejected_messages_total{reason=\"")
            .append(reason.c_str())
            .append("\"} ")
            .append(QByteArray::number(static_cast<qulonglong>(count)))
            .append('\n');
    fanoutLatency.render(out, "framenote_relay_fanout_latency_seconds",
                         "From an operation's arrival to its write to each receiver.");
    commitSeconds.render(out, "framenote_relay_log_commit_seconds",
                         "Duration of one log transaction.");
    commitBatchOps.render(out, "framenote_relay_log_commit_operations",
                          "Operations per log transaction (group commit).");
    return out;
}

MetricsHttpServer::MetricsHttpServer(TextSource metrics, HealthSource health, QObject* parent)
    : QObject(parent), metrics_(std::move(metrics)), health_(std::move(health)) {
    connect(&server_, &QTcpServer::newConnection, this, &MetricsHttpServer::onConnection);
}

bool MetricsHttpServer::listen(const QHostAddress& address, quint16 port, QString* error) {
    if (server_.listen(address, port)) return true;
    if (error) *error = server_.errorString();
    return false;
}

void MetricsHttpServer::onConnection() {
    while (QTcpSocket* socket = server_.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        // A client that never finishes its request is cut off.
        QTimer::singleShot(5000, socket, [socket] { socket->abort(); });
        // One request per connection: after the answer the rest is read and dropped.
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, answered = false]() mutable {
            if (answered) {
                socket->readAll();
                return;
            }
            if (socket->bytesAvailable() > 16384) {
                socket->abort();
                return;
            }
            if (!socket->canReadLine()) return;
            const QByteArray line = socket->readLine(4096).trimmed();
            const QList<QByteArray> parts = line.split(' ');
            QByteArray status = "200 OK", type = "text/plain; charset=utf-8", body;
            const QByteArray method = parts.value(0), path = parts.value(1).split('?').value(0);
            if (method != "GET" && method != "HEAD") {
                status = "405 Method Not Allowed";
                body = "only GET\n";
            } else if (path == "/metrics") {
                type = "text/plain; version=0.0.4; charset=utf-8";
                body = metrics_();
            } else if (path == "/healthz") {
                QByteArray detail;
                const bool ok = health_(&detail);
                if (!ok) status = "503 Service Unavailable";
                body = (ok ? "ok" : "unhealthy") +
                       (detail.isEmpty() ? QByteArray() : ": " + detail) + "\n";
            } else {
                status = "404 Not Found";
                body = "try /metrics or /healthz\n";
            }
            QByteArray response = "HTTP/1.1 " + status + "\r\nContent-Type: " + type +
                                  "\r\nContent-Length: " + QByteArray::number(body.size()) +
                                  "\r\nConnection: close\r\n\r\n";
            if (method != "HEAD") response += body;
            answered = true;
            socket->write(response);
            socket->disconnectFromHost();
        });
    }
}

}  // namespace framenote::sync
