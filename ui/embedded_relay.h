#pragma once
// "Host a session": the same RelayServer as framenote-relay, run inside the desktop app on a
// thread of its own (relay_server.h "Threads"), so the UI thread never runs the relay's loop.
// It also signs the tokens of the host and of the people the host invites.
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QThread>
#include <atomic>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/sync/relay_config.h"

namespace framenote::sync {
class RelayServer;
}

namespace framenote::media {
struct SequenceManifest;
}

namespace framenote::ui {

class EmbeddedRelay : public QObject {
    Q_OBJECT
  public:
    explicit EmbeddedRelay(QObject* parent = nullptr);
    ~EmbeddedRelay() override;

    // Starts listening on `port` (0: any free port) with its log and secret in `dataDir`. The
    // relay thread opens the log and binds the port (the disk may stall; the UI thread never
    // waits for it); `started` reports the outcome.
    void start(quint16 port, const QString& dataDir);
    bool starting() const { return starting_; }
    // Tells the clients the relay is shutting down and closes it. Idempotent.
    void stop();
    bool running() const { return server_ != nullptr; }
    quint16 port() const { return port_; }
    // The media port (docs/PROTOCOL.md, "Media transfer"): guests fetch the host's clip there.
    quint16 mediaPort() const { return mediaPort_; }
    // Offers the file at `path` (the open clip) for download as `mediaId`.
    Status offerFile(const QString& mediaId, const QString& path);
    Status offerSequence(const QString& mediaId, const media::SequenceManifest& manifest,
                         const QString& directory);

    // A signed token for `user` in `room`, valid for `validSeconds`.
    QString issueToken(const QString& user, model::Role role, const QString& room,
                       qint64 validSeconds) const;
    // The addresses others on the network can reach this machine at (IPv4 first, no loopback);
    // loopback only when there is no network.
    static QList<QHostAddress> lanAddresses();

  signals:
    // The outcome of start(): an empty `error` when the relay listens; else the cause (port in
    // use, folder not writable).
    void started(QString error);
    // The relay hit a fatal problem after it started (its log cannot be written any more).
    void failed(QString message);

  private:
    QThread thread_;
    QObject* context_ = nullptr;           // lives on thread_
    sync::RelayServer* server_ = nullptr;  // lives on thread_
    QByteArray secret_;
    quint16 port_ = 0;
    quint16 mediaPort_ = 0;
    bool starting_ = false;
    // A relay the relay thread started and the UI thread has not taken yet (freed on shutdown).
    std::atomic<sync::RelayServer*> unclaimed_{nullptr};
};

}  // namespace framenote::ui
