#pragma once
// The relay (docs/ARCHITECTURE.md, "The relay"; docs/PROTOCOL.md): orders each room's operations,
// commits them to the room log before acknowledging them, fans them out, replays what reconnecting
// clients missed, relays presence. The same object runs in the headless framenote-relay and in
// the desktop app ("Host a session").
//
// Threads: a RelayServer lives on the thread that creates it and runs on that thread's event
// loop (the desktop app gives it a QThread of its own; the UI thread never runs it). Log commits
// run on an internal thread: the operations that arrive in one event-loop turn are committed in
// one transaction while the loop goes on (group commit), then acknowledged and broadcast.
//
// Connections: its own QTcpServer (or QSslServer for TLS) accepts with a large listen backlog and
// TCP_NODELAY, and hands each socket to a QWebSocketServer for the handshake (its own listener
// keeps Nagle on and a backlog of 50).
#include <QObject>
#include <memory>

#include "core/common/result.h"
#include "core/sync/relay_config.h"
#include "core/sync/relay_metrics.h"

namespace framenote::media {
struct SequenceManifest;
}

namespace framenote::sync {

class RelayServer : public QObject {
    Q_OBJECT
  public:
    explicit RelayServer(RelayConfig config, QObject* parent = nullptr);
    ~RelayServer() override;

    // Opens the log and listens. The error names the cause: the data directory cannot be
    // created or written, the log is not a relay log, the port is in use, the TLS files do not
    // load.
    Status start();
    // Commits what was accepted and acknowledges it, tells every client the relay is shutting
    // down (ERROR_CODE_SHUTTING_DOWN), closes the connections and the log. Idempotent; also run
    // by the destructor.
    void stop();

    quint16 port() const;
    quint16 metricsPort() const;  // 0 without a metrics server
    quint16 mediaPort() const;    // 0 without media transfers (RelayConfig::mediaPort)
    // Serves the file at `path` as /media/MEDIA_ID without copying it (a host's open clip),
    // after checking that its media id is `mediaId`. Any thread (the media store locks).
    Status offerMedia(const QString& mediaId, const QString& path);
    // An image sequence, its manifest made from the files in `directory`
    // (MediaStore::offerSequence).
    Status offerSequence(const QString& mediaId, const media::SequenceManifest& manifest,
                         const QString& directory);
    bool secure() const;
    const RelayConfig& config() const;
    const RelayMetrics& metrics() const;
    QByteArray metricsText() const;

    // Compacts every room now: operations received more than `retainMs` ago give way to a
    // snapshot (the periodic compaction does the same with config().retainMs). Blocks until done.
    Status compactNow(int64_t retainMs);

  signals:
    // A fatal problem after start (the log cannot be written any more, ...).
    void failed(QString message);

  private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

}  // namespace framenote::sync
