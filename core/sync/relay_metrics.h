#pragma once
// The relay's counters and histograms, rendered as Prometheus text (version 0.0.4) for
// /metrics; MetricsHttpServer serves them and /healthz on their own port. Touched only on the
// relay's thread.
#include <QByteArray>
#include <QObject>
#include <QTcpServer>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace framenote::sync {

class Histogram {
  public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double value);
    // Quantile estimate from the buckets (upper bound of the bucket holding it).
    double quantile(double q) const;
    uint64_t count() const { return count_; }
    double sum() const { return sum_; }
    double max() const { return max_; }
    void render(QByteArray& out, const char* name, const char* help) const;
    void reset();

  private:
    std::vector<double> bounds_;
    std::vector<uint64_t> counts_;  // per bucket (not cumulative); last is +Inf
    uint64_t count_ = 0;
    double sum_ = 0;
    double max_ = 0;
};

struct RelayMetrics {
    RelayMetrics();

    int64_t connections = 0;  // gauge: open WebSocket connections
    int64_t rooms = 0;        // gauge: rooms in memory
    int64_t joined = 0;       // gauge: connections in a room
    uint64_t connectionsTotal = 0;
    uint64_t messagesIn = 0;  // WebSocket messages received
    uint64_t bytesIn = 0;
    uint64_t messagesOut = 0;  // WebSocket messages sent
    uint64_t bytesOut = 0;
    uint64_t operationsIn = 0;  // operations received (before checks)
    uint64_t operationsCommitted = 0;
    uint64_t operationsDuplicate = 0;  // resends answered with the original sequence
    uint64_t deliveries = 0;           // operations sent to other participants
    uint64_t acks = 0;
    uint64_t presenceIn = 0;
    uint64_t presenceOut = 0;
    uint64_t presenceThinned = 0;   // updates for slow receivers superseded before they could go
    uint64_t presenceProbes = 0;    // round trips measured for slow receivers' presence pacing
    uint64_t presenceBackoffs = 0;  // ... that showed a queue on the link (the pace halved)
    uint64_t commits = 0;           // log transactions
    uint64_t commitFailures = 0;
    uint64_t slowConsumers = 0;
    uint64_t heartbeatTimeouts = 0;
    uint64_t replayedOperations = 0;
    uint64_t snapshotsSent = 0;
    uint64_t snapshotsEncoded = 0;             // built from a room's state (the rest reused one)
    std::map<std::string, uint64_t> rejected;  // by reason (error code name)
    Histogram fanoutLatency;                   // seconds from arrival to the write to each receiver
    Histogram commitSeconds;                   // one log transaction
    Histogram commitBatchOps;                  // operations per transaction

    QByteArray prometheusText() const;
};

// A minimal HTTP/1.1 responder: GET /metrics and GET /healthz, one request per connection.
class MetricsHttpServer : public QObject {
    Q_OBJECT
  public:
    using TextSource = std::function<QByteArray()>;
    using HealthSource = std::function<bool(QByteArray* detail)>;
    MetricsHttpServer(TextSource metrics, HealthSource health, QObject* parent = nullptr);
    bool listen(const QHostAddress& address, quint16 port, QString* error);
    quint16 port() const { return server_.serverPort(); }
    void close() { server_.close(); }

  private:
    void onConnection();
    TextSource metrics_;
    HealthSource health_;
    QTcpServer server_;
};

}  // namespace framenote::sync
