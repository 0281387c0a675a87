#include "core/sync/relay_server.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QPointer>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QtEndian>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>
#include <atomic>
#include <chrono>
#include <limits>
#include <map>
#include <deque>
#include <functional>
#include <unordered_map>

#include "core/model/annotation_state.h"
#include "core/model/permissions.h"
#include "core/model/validation.h"
#include "core/sync/held_presence.h"
#include "core/sync/presence_pacer.h"
#include "core/sync/log_checkpointer.h"
#include "core/sync/participant_table.h"
#include "core/sync/relay_auth.h"
#include "core/sync/relay_codec.h"
#include "core/sync/relay_io.h"
#include "core/sync/relay_sqlite_log.h"
#include "core/sync/snapshot_ops.h"
#include "core/sync/socket_backlog.h"
#include "core/sync/token_bucket.h"
#include "core/sync/wire_codec.h"
#include "framenote/version.h"

Q_LOGGING_CATEGORY(lcRelay, "framenote.relay", QtInfoMsg)

namespace framenote::sync {

namespace {

int64_t nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

int64_t monotonicNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Orders for the operations that rebuild a compacted snapshot: below every real sequence.
constexpr int64_t kSnapshotOrderBase = INT64_MIN / 4;

std::string codeName(v1::ErrorCode code) {
    std::string name = v1::ErrorCode_Name(code);
    const std::string prefix = "ERROR_CODE_";
    if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name.empty() ? "unknown" : name;
}

QString mediaIdOfRoom(const QString& key) { return key.section(QLatin1Char('@'), 0, 0); }

std::string roleText(model::Role role) { return model::roleName(role).toStdString(); }

v1::Role roleToWire(model::Role role) {
    switch (role) {
        case model::Role::Viewer: return v1::ROLE_VIEWER;
        case model::Role::Reviewer: return v1::ROLE_REVIEWER;
        case model::Role::Admin: return v1::ROLE_ADMIN;
    }
    return v1::ROLE_UNSPECIFIED;
}

std::string idText(const QUuid& id) { return id.toString(QUuid::WithoutBraces).toStdString(); }

// A presence probe's ping carries its number (presence_pacer.h); a heartbeat's carries nothing.
QByteArray probePayload(uint64_t probe) {
    QByteArray payload(8, Qt::Uninitialized);
    qToBigEndian(probe, payload.data());
    return payload;
}
uint64_t probeNumber(const QByteArray& payload) {
    return payload.size() == 8 ? qFromBigEndian<uint64_t>(payload.constData()) : 0;
}

struct Room;

struct Connection {
    uint64_t id = 0;
    RelaySocket* socket = nullptr;  // released when the connection is gone
    qintptr fd = -1;  // the TCP socket under it (its kernel send queue: socket_backlog.h); -1: unknown
    QString peer;
    enum class Phase { AwaitHello, Ready } phase = Phase::AwaitHello;
    bool closing = false;
    bool gone = false;  // disconnected; erased on the next turn
    int64_t connectedMs = 0;
    int64_t lastHeardMs = 0;
    int64_t lastPingMs = 0;

    QString user;
    model::Role role = model::Role::Reviewer;
    TokenClaims claims;
    bool anyRoom = false;
    int64_t tokenExpiresMs = 0;  // 0: no token
    QString clientName;

    Room* room = nullptr;
    uint32_t participant = 0;
    bool live = false;        // receives broadcasts (after its replay or snapshot)
    bool catchingUp = false;  // replay pages still to send
    int64_t cursor = 0;       // catch-up: last sequence sent

    TokenBucket bucket;
    int64_t lastPresenceMs = -1000000;
    QByteArray pendingPresence;  // coalesced, latest wins
    bool presenceTimerArmed = false;

    std::vector<OutPiece> queue;
    size_t queuedBytes = 0;
    bool dirty = false;
    bool replyDue = false;    // an answer is queued: flush without waiting for the window
    int64_t lastFlushNs = 0;  // the flush window counts from here

    // Presence thinning: while backed up, presence for this receiver waits in heldPresence
    // (latest per sender) instead of the queue, and goes out as presencePacer allows. The pacer
    // keeps what it learnt of the link when thinning ends.
    bool thinning = false;
    int64_t backlogCheckedNs = 0;
    HeldPresence heldPresence;
    PresencePacer presencePacer;
};

struct PendingOp {
    Room* room = nullptr;
    model::Operation op;
    uint64_t origin = 0;
    std::vector<uint64_t> waiters;  // connections that resent it before it was committed
    QByteArray wire;                // v1::Operation with the room's participant numbers
    int64_t receivedNs = 0;
    LogRecord record;
};

struct Room {
    QString key;
    QString mediaId;
    uint64_t epoch = 0;
    int64_t committedHead = 0;
    int64_t nextSequence = 1;
    int64_t compactedThrough = 0;
    int64_t frameCount = 0;
    model::AnnotationState speculative;  // committed + accepted: what new operations are checked against
    model::AnnotationState confirmed;    // committed only: what snapshots show
    QSet<QUuid> speculativeDeleted;
    QSet<QUuid> confirmedDeleted;
    QHash<QUuid, int64_t> sequences;     // op id -> sequence, accepted and committed
    QHash<QUuid, PendingOp*> pending;    // accepted, not yet committed
    ParticipantTable participants;
    RoomContext context{QString(), participants};
    std::vector<Connection*> members;
    std::map<uint32_t, QByteArray> presence;  // latest presence piece per participant
    int64_t emptySinceMs = 0;

    explicit Room(const QString& k) : key(k), mediaId(mediaIdOfRoom(k)), context{mediaIdOfRoom(k), participants} {}
};

void applyToRoom(Room& room, const model::Operation& op, int64_t order, bool confirmedToo) {
    room.speculative.apply(op, order);
    if (op.type == model::OpType::Delete) room.speculativeDeleted.insert(op.target);
    if (confirmedToo) {
        room.confirmed.apply(op, order);
        if (op.type == model::OpType::Delete) room.confirmedDeleted.insert(op.target);
    }
}

// Folds a room's log into a state (for compaction), on whichever thread owns `log`.
Status compactRoom(RoomLog& log, const QString& key, int64_t cutoffMs, int64_t* compactedTo) {
    auto rec = log.openRoom(key);
    if (!rec) return makeError(rec.error());
    auto through = log.lastSequenceBefore(key, cutoffMs);
    if (!through) return makeError(through.error());
    *compactedTo = rec->compactedThrough;
    if (*through <= rec->compactedThrough) return Ok{};
    model::AnnotationState state;
    QSet<QUuid> deleted;
    const QString mediaId = mediaIdOfRoom(key);
    if (!rec->snapshot.empty()) {
        auto content = snapshotFromStored(rec->snapshot);
        if (!content) return makeError(content.error());
        const auto ops = snapshotOperations(*content, rec->epoch, rec->compactedThrough, mediaId);
        for (size_t i = 0; i < ops.size(); ++i) state.apply(ops[i], kSnapshotOrderBase + static_cast<int64_t>(i));
        for (const QUuid& id : content->deleted) deleted.insert(id);
    }
    int64_t cursor = rec->compactedThrough;
    while (cursor < *through) {
        auto page = log.read(key, cursor, *through, 5000);
        if (!page) return makeError(page.error());
        if (page->empty()) break;
        for (const LogRecord& r : *page) {
            if (r.payload.empty())
                return makeError("room " + key.toStdString() + ": sequence " + std::to_string(r.sequence) +
                                 " has no payload but lies after the last compaction");
            auto op = operationFromStored(r.payload, r.sequence);
            if (!op) return makeError(op.error());
            state.apply(*op, r.sequence);
            if (op->type == model::OpType::Delete) deleted.insert(op->target);
            cursor = r.sequence;
        }
    }
    SnapshotContent content;
    for (const model::Annotation* a : state.annotations()) content.annotations.push_back(*a);
    for (const QUuid& id : deleted) content.deleted.push_back(id);
    std::sort(content.deleted.begin(), content.deleted.end());
    if (Status s = log.compact(key, *through, storedSnapshotBytes(content, rec->epoch, *through)); !s)
        return s;
    *compactedTo = *through;
    return Ok{};
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct RelayServer::Impl {
    RelayServer* q;
    RelayConfig config;
    RelayMetrics metrics;
    bool started = false;
    bool stopping = false;
    bool stopped = false;
    QByteArray secret;
    QString relayName;

    std::unique_ptr<QTcpServer> tcp;
    std::unique_ptr<QWebSocketServer> ws;
    std::unique_ptr<MetricsHttpServer> http;
    std::unique_ptr<RelayIo> io;
    QTimer flushTimer;
    QTimer tickTimer;
    QTimer compactionTimer;
    bool flushPosted = false;

    std::unique_ptr<RoomLog> reader;
    std::unique_ptr<RoomLog> writer;  // used on commitThread only
    LogCheckpointer checkpointer;     // the SQLite log's checkpoints, off the commit path
    QThread commitThread;
    QObject* commitContext = nullptr;  // lives on commitThread

    std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections;
    // Descriptors of accepted sockets still in their WebSocket handshake, by peer address:port
    // (QWebSocket does not expose its socket's).
    struct Accepted {
        QTcpSocket* socket = nullptr;
        qintptr fd = -1;
        QMetaObject::Connection onDestroyed;
    };
    QHash<QString, Accepted> accepted;
    std::vector<uint64_t> thinned;  // connections with thinning on
    QTimer thinTimer;
    uint64_t nextConnectionId = 1;
    std::map<QString, std::unique_ptr<Room>> rooms;
    std::vector<uint64_t> dirty;
    std::vector<OutPiece> spareQueue;  // flush(): empty, keeps its capacity
    static constexpr size_t kSpareQueueCapacity = 1024;  // a catch-up's larger one is let go

    std::vector<std::shared_ptr<PendingOp>> accumulating;
    std::vector<std::shared_ptr<PendingOp>> inFlight;
    bool commitInFlight = false;
    bool commitPosted = false;
    std::string lastFailure;

    explicit Impl(RelayServer* owner, RelayConfig c) : q(owner), config(std::move(c)) {}

    // ---- Setup ----

    Status start();
    void stop();
    void onPendingTcp();
    void onNewWebSocket();

    // ---- Connections ----

    Connection* find(uint64_t id) {
        auto it = connections.find(id);
        return it == connections.end() ? nullptr : it->second.get();
    }
    void onBinary(uint64_t id, const QByteArray& data);
    void onText(uint64_t id, const QString& text);
    void onDisconnected(uint64_t id);
    void handle(Connection& c, const v1::Envelope& e);
    void onHello(Connection& c, const v1::Hello& hello);
    void onJoin(Connection& c, const v1::Join& join);
    void onOperation(Connection& c, const v1::Operation& wire);
    void onPresence(Connection& c, const v1::Presence& wire);
    void onReplayRequest(Connection& c, const v1::ReplayRequest& request);
    void leaveRoom(Connection& c);
    void fatal(Connection& c, v1::Envelope error);
    void refuse(Connection& c, v1::ErrorCode code, const std::string& message, const QUuid& opId = QUuid(),
                uint32_t retryAfterMs = 0);
    void closeConnection(Connection& c, QWebSocketProtocol::CloseCode code, const QString& reason);

    // ---- Rooms ----

    Result<Room*> room(const QString& key);
    void announce(Room& room, uint32_t number);
    void startCatchUp(Connection& c, int64_t after);
    void pumpCatchUp(Connection& c);
    void sendSnapshot(Connection& c);
    void goLive(Connection& c);
    void forwardPresence(Connection& c, const QByteArray& piece);
    // Bytes waiting to leave for a reader that does not keep up: in its socket and its kernel
    // send queue (not those still on their way to the I/O thread).
    size_t backlogBytes(const Connection& c) const;
    void checkBacklog(Connection& c, int64_t now);
    void releaseThinned();
    void unloadIdleRooms(int64_t now);

    // ---- Commits ----

    // Runs work at the end of this event-loop turn, once however often it is asked for meanwhile.
    void postOnce(bool& posted, std::function<void()> work);
    void scheduleCommit();
    void startCommit();
    void onCommitted(Status status, double seconds, size_t count);
    void failUncommitted(const std::string& why);

    // ---- Sending ----

    void enqueue(Connection& c, OutPiece piece);
    // An answer to the connection's own request (Welcome, its catch-up, a refusal, a pong): it
    // goes out at the end of this turn, whatever the flush window (which paces fan-out only).
    void enqueueEnvelope(Connection& c, const v1::Envelope& e) {
        enqueue(c, OutPiece{OutPiece::Kind::Envelope, innerEnvelopeBytes(e), 0});
        c.replyDue = true;
    }
    void armFlush();
    void onSocketEvents(std::vector<SocketEvent>& events);
    // Sends what is queued for each dirty connection whose flush window has passed (every one
    // when ignoreWindow), and times the rest.
    void flushDirty(bool ignoreWindow);
    void flush(Connection& c);
    void sendNow(Connection& c, const QByteArray& message);

    void tick();
    void runCompaction(int64_t retainMs);
};

// ---- Setup -----------------------------------------------------------------------------------

Status RelayServer::Impl::start() {
    if (started) return makeError("the relay is already started");
    relayName = config.relayName.isEmpty()
                    ? QStringLiteral("framenote-relay %1").arg(QString::fromLatin1(framenote::kVersion))
                    : config.relayName;

    // The log.
    if (config.logFactory) {
        auto w = config.logFactory();
        if (!w) return makeError(w.error());
        auto r = config.logFactory();
        if (!r) return makeError(r.error());
        writer = std::move(w.value());
        reader = std::move(r.value());
    } else {
        if (config.dataDir.isEmpty()) return makeError("no data directory given (--data-dir)");
        QDir dir(config.dataDir);
        if (!dir.exists() && !QDir().mkpath(config.dataDir))
            return makeError(config.dataDir.toStdString() + ": cannot create the data directory");
        const QFileInfo info(config.dataDir);
        if (!info.isDir() || !info.isReadable() || !info.isWritable())
            return makeError(config.dataDir.toStdString() +
                             ": the data directory is not a readable and writable directory");
        const QString path = dir.filePath(QString::fromLatin1(SqliteRoomLog::kFileName));
        SqliteRoomLog::Options options;
        options.synchronousFull = config.synchronousFull;
        options.autoCheckpoint = config.checkpointIntervalMs <= 0;
        auto w = SqliteRoomLog::open(path, options);
        if (!w) return makeError(w.error());
        auto r = SqliteRoomLog::open(path, options);
        if (!r) return makeError(r.error());
        writer = std::move(w.value());
        reader = std::move(r.value());
        if (!options.autoCheckpoint)
            if (Status s = checkpointer.start(path, options, config.checkpointIntervalMs); !s) return s;
    }

    // The secret (tokens are accepted on open relays too).
    if (!config.secret.isEmpty()) {
        secret = config.secret;
    } else if (!config.dataDir.isEmpty()) {
        auto s = loadOrCreateSecret(QDir(config.dataDir).filePath("relay.secret"));
        if (!s) return makeError(s.error());
        secret = *s;
    } else if (!config.open) {
        return makeError("no token secret: give a data directory or a secret");
    }

    // Listening.
    if (!config.tlsCertificate.isEmpty() || !config.tlsKey.isEmpty()) {
        if (config.tlsCertificate.isEmpty() || config.tlsKey.isEmpty())
            return makeError("TLS needs both --tls-cert and --tls-key");
        const auto certs = QSslCertificate::fromPath(config.tlsCertificate, QSsl::Pem);
        if (certs.isEmpty())
            return makeError(config.tlsCertificate.toStdString() + ": no PEM certificate could be read");
        QFile keyFile(config.tlsKey);
        if (!keyFile.open(QIODevice::ReadOnly))
            return makeError(config.tlsKey.toStdString() + ": " + keyFile.errorString().toStdString());
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull()) key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (key.isNull())
            return makeError(config.tlsKey.toStdString() + ": not an unencrypted PEM RSA or EC key");
        if (!QSslSocket::supportsSsl())
            return makeError("TLS is not available: Qt found no TLS backend (OpenSSL)");
        QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(certs.first());
        if (certs.size() > 1) ssl.setLocalCertificateChain(certs);
        ssl.setPrivateKey(key);
        ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
        auto server = std::make_unique<QSslServer>();
        server->setSslConfiguration(ssl);
        server->setHandshakeTimeout(config.helloTimeoutMs);
        tcp = std::move(server);
    } else {
        tcp = std::make_unique<QTcpServer>();
    }
    tcp->setListenBacklogSize(config.listenBacklog);
    tcp->setMaxPendingConnections(config.maxPendingConnections);
    if (!tcp->listen(config.address, config.port))
        return makeError("cannot listen on " + config.address.toString().toStdString() + " port " +
                         std::to_string(config.port) + ": " + tcp->errorString().toStdString());
    QObject::connect(tcp.get(), &QTcpServer::pendingConnectionAvailable, q, [this] { onPendingTcp(); });

    ws = std::make_unique<QWebSocketServer>(relayName, QWebSocketServer::NonSecureMode);
    ws->setMaxPendingConnections(config.maxPendingConnections);
    ws->setHandshakeTimeout(config.helloTimeoutMs);
    QObject::connect(ws.get(), &QWebSocketServer::newConnection, q, [this] { onNewWebSocket(); });

    if (config.metricsPort >= 0) {
        http = std::make_unique<MetricsHttpServer>(
            [this] { return metrics.prometheusText(); },
            [this](QByteArray* detail) {
                if (!lastFailure.empty()) {
                    *detail = QByteArray::fromStdString(lastFailure);
                    return false;
                }
                return !stopping;
            });
        QString error;
        if (!http->listen(config.metricsAddress, static_cast<quint16>(config.metricsPort), &error))
            return makeError("cannot listen on metrics port " + std::to_string(config.metricsPort) +
                             ": " + error.toStdString());
    }

    const int ioThreads = config.ioThreads > 0 ? config.ioThreads : std::clamp(QThread::idealThreadCount(), 1, 4);
    io = std::make_unique<RelayIo>(ioThreads, q, [this](std::vector<SocketEvent>& events) { onSocketEvents(events); });

    // The commit thread.
    commitContext = new QObject;
    commitContext->moveToThread(&commitThread);
    QObject::connect(&commitThread, &QThread::finished, commitContext, &QObject::deleteLater);
    commitThread.setObjectName("relay-commit");
    commitThread.start();

    flushTimer.setSingleShot(true);
    flushTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&flushTimer, &QTimer::timeout, q, [this] { flushDirty(false); });
    thinTimer.setInterval(std::max(1, config.presenceThinCheckMs));
    QObject::connect(&thinTimer, &QTimer::timeout, q, [this] { releaseThinned(); });
    tickTimer.setInterval(std::clamp(config.heartbeatMs / 10, 20, 5000));
    QObject::connect(&tickTimer, &QTimer::timeout, q, [this] { tick(); });
    tickTimer.start();
    if (config.compactionIntervalMs > 0) {
        compactionTimer.setInterval(config.compactionIntervalMs);
        QObject::connect(&compactionTimer, &QTimer::timeout, q, [this] { runCompaction(config.retainMs); });
        compactionTimer.start();
    }
    started = true;
    qCInfo(lcRelay).noquote() << relayName << "listening on port" << tcp->serverPort()
                              << (config.tlsCertificate.isEmpty() ? "(ws)" : "(wss)")
                              << (config.open ? "open session" : "tokens required");
    return Ok{};
}

void RelayServer::Impl::onPendingTcp() {
    while (QTcpSocket* socket = tcp->nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (stopping) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const QString key = socket->peerAddress().toString() + ":" + QString::number(socket->peerPort());
        accepted.insert(key, Accepted{socket, socket->socketDescriptor(),
                                      QObject::connect(socket, &QObject::destroyed, q, [this, key] { accepted.remove(key); })});
        ws->handleConnection(socket);
    }
}

void RelayServer::Impl::onNewWebSocket() {
    while (QWebSocket* socket = ws->nextPendingConnection()) {
        if (stopping) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto c = std::make_unique<Connection>();
        c->id = nextConnectionId++;
        c->peer = socket->peerAddress().toString() + ":" + QString::number(socket->peerPort());
        // The TCP socket under it (not its child) moves to the I/O thread with it.
        QTcpSocket* transport = nullptr;
        if (auto it = accepted.find(c->peer); it != accepted.end()) {
            c->fd = it->fd;
            transport = it->socket;
            QObject::disconnect(it->onDestroyed);
            accepted.erase(it);
        }
        if (!transport) {
            qCWarning(lcRelay).noquote() << "connection from" << c->peer << "has no accepted socket; closed";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        c->connectedMs = c->lastHeardMs = c->lastPingMs = nowMs();
        c->bucket = TokenBucket(config.ratePerSecond, config.rateBurst);
        PresencePacer::Settings pacing;
        pacing.targetQueueNs = int64_t{config.presenceQueueTargetMs} * 1'000'000;
        c->presencePacer = PresencePacer(pacing);
        const quint64 hard = static_cast<quint64>(config.maxMessageBytes) *
                             static_cast<quint64>(std::max(1, config.hardMessageFactor));
        socket->setMaxAllowedIncomingMessageSize(hard);
        socket->setMaxAllowedIncomingFrameSize(hard);
        const uint64_t id = c->id;
        // QWebSocketServer stays connected to the TCP socket it upgraded (it deletes the socket
        // when it disconnects, from this thread): cut that, the socket now belongs to the
        // QWebSocket and its I/O thread.
        QObject::disconnect(transport, nullptr, ws.get(), nullptr);
        c->socket = io->adopt(socket, transport, id);
        ++metrics.connections;
        ++metrics.connectionsTotal;
        qCDebug(lcRelay).noquote() << "connection" << id << "from" << c->peer;
        connections.emplace(id, std::move(c));
    }
}

void RelayServer::Impl::onSocketEvents(std::vector<SocketEvent>& events) {
    for (SocketEvent& e : events) {
        switch (e.kind) {
            case SocketEvent::Kind::Binary:
                onBinary(e.connection, e.data);
                break;
            case SocketEvent::Kind::Text:
                onText(e.connection, QString::fromUtf8(e.data));
                break;
            case SocketEvent::Kind::Pong:
                if (Connection* c = find(e.connection)) {
                    c->lastHeardMs = nowMs();
                    switch (c->presencePacer.pongReceived(monotonicNs(), probeNumber(e.data))) {
                        case PresencePacer::Sample::NotAProbe: break;
                        case PresencePacer::Sample::Queue: ++metrics.presenceBackoffs; [[fallthrough]];
                        case PresencePacer::Sample::Clear: ++metrics.presenceProbes; break;
                    }
                }
                break;
            case SocketEvent::Kind::Written:
                if (Connection* c = find(e.connection); c && c->catchingUp)
                    pumpCatchUp(*c);
                else if (c && c->socket)
                    c->socket->watchWritten(false);
                break;
            case SocketEvent::Kind::Disconnected:
                onDisconnected(e.connection);
                break;
        }
    }
}

void RelayServer::Impl::stop() {
    if (!started || stopped) return;
    stopping = true;
    tcp->close();
    if (http) http->close();
    tickTimer.stop();
    compactionTimer.stop();
    thinTimer.stop();
    // Commit and acknowledge what was accepted.
    QElapsedTimer waited;
    waited.start();
    while ((commitInFlight || !accumulating.empty()) && waited.elapsed() < 15000) {
        if (!commitInFlight) startCommit();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (commitInFlight) QThread::msleep(1);
    }
    flushDirty(true);
    std::vector<uint64_t> ids;
    for (const auto& [id, c] : connections) ids.push_back(id);
    for (uint64_t id : ids) {
        Connection* c = find(id);
        if (!c || c->closing) continue;
        v1::Envelope e = errorEnvelope(v1::ERROR_CODE_SHUTTING_DOWN, "the relay is shutting down");
        e.mutable_error()->set_retry_after_ms(1000);
        fatal(*c, e);
    }
    // Let the last bytes go out.
    waited.restart();
    const auto anyOpen = [&] {
        return std::any_of(connections.begin(), connections.end(), [](const auto& e) { return !e.second->gone; });
    };
    while (anyOpen() && waited.elapsed() < 500) QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    for (auto& [id, c] : connections) {
        if (c->gone) continue;
        c->socket->abort();
        c->socket->release();
        --metrics.connections;
    }
    connections.clear();
    io->stop();
    ws->close();
    // Sockets still in their handshake may be deleted after this object: forget them now.
    for (const Accepted& a : std::as_const(accepted)) QObject::disconnect(a.onDestroyed);
    accepted.clear();
    commitThread.quit();
    commitThread.wait();
    checkpointer.stop();
    writer.reset();
    reader.reset();
    rooms.clear();
    stopped = true;
    qCInfo(lcRelay) << "relay stopped";
}

// ---- Messages ----------------------------------------------------------------------------------

void RelayServer::Impl::onText(uint64_t id, const QString& text) {
    Connection* c = find(id);
    if (!c || c->closing || stopping) return;
    c->lastHeardMs = nowMs();
    ++metrics.messagesIn;
    metrics.bytesIn += static_cast<uint64_t>(text.size());
    refuse(*c, v1::ERROR_CODE_MALFORMED,
           "text messages are not part of the protocol: every message is a binary Envelope");
}

void RelayServer::Impl::onBinary(uint64_t id, const QByteArray& data) {
    Connection* c = find(id);
    if (!c || c->closing || stopping) return;
    c->lastHeardMs = nowMs();
    ++metrics.messagesIn;
    metrics.bytesIn += static_cast<uint64_t>(data.size());
    DecodeOptions options;
    options.maxBytes = config.maxMessageBytes;
    DecodeFailure why;
    auto envelope = decodeEnvelope(std::string_view(data.constData(), static_cast<size_t>(data.size())),
                                   options, &why);
    if (!envelope) {
        ++metrics.rejected[codeName(why.code)];
        if (why.code == v1::ERROR_CODE_VERSION_MISMATCH) {
            fatal(*c, refusalEnvelope(envelope.error(), why));
            return;
        }
        enqueueEnvelope(*c, refusalEnvelope(envelope.error(), why));
        return;
    }
    if (envelope->has_batch()) {
        for (const v1::Envelope& inner : envelope->batch().messages()) {
            handle(*c, inner);
            if (c->closing) return;
        }
    } else {
        handle(*c, *envelope);
    }
}

void RelayServer::Impl::handle(Connection& c, const v1::Envelope& e) {
    using E = v1::Envelope;
    const auto body = e.body_case();
    if (body == E::kPresence) {
        onPresence(c, e.presence());
        return;
    }
    if (body == E::kHello) {
        onHello(c, e.hello());
        return;
    }
    const int64_t now = nowMs();
    if (!c.bucket.take(now)) {
        const QUuid opId = body == E::kOperation && e.operation().op_id().size() == 16
                               ? QUuid::fromRfc4122(QByteArrayView(e.operation().op_id().data(), 16))
                               : QUuid();
        refuse(c, v1::ERROR_CODE_RATE_LIMITED,
               "rate limit: at most " + std::to_string(static_cast<int>(config.ratePerSecond)) +
                   " messages a second (burst " + std::to_string(static_cast<int>(config.rateBurst)) + ")",
               opId, static_cast<uint32_t>(std::max<int64_t>(1, c.bucket.waitMs(now))));
        return;
    }
    if (c.phase == Connection::Phase::AwaitHello && body != E::kPing && body != E::kPong &&
        body != E::kError) {
        refuse(c, v1::ERROR_CODE_UNEXPECTED, bodyName(e) + " before Hello: the first message is Hello");
        return;
    }
    switch (body) {
        case E::kJoin:
            onJoin(c, e.join());
            return;
        case E::kLeave:
            leaveRoom(c);
            return;
        case E::kOperation:
            onOperation(c, e.operation());
            return;
        case E::kReplayRequest:
            onReplayRequest(c, e.replay_request());
            return;
        case E::kPing: {
            v1::Envelope pong = newEnvelope();
            pong.mutable_pong()->set_nonce(e.ping().nonce());
            pong.mutable_pong()->set_ping_sent_ms(e.ping().sent_ms());
            pong.mutable_pong()->set_server_time_ms(now);
            enqueueEnvelope(c, pong);
            return;
        }
        case E::kPong:
            return;
        case E::kError:
            qCInfo(lcRelay).noquote() << "connection" << c.id << "reports an error:"
                                      << QString::fromStdString(e.error().message());
            return;
        default:
            refuse(c, v1::ERROR_CODE_UNEXPECTED, "a relay does not accept " + bodyName(e) + " messages");
            return;
    }
}

void RelayServer::Impl::onHello(Connection& c, const v1::Hello& hello) {
    if (c.phase != Connection::Phase::AwaitHello) {
        refuse(c, v1::ERROR_CODE_UNEXPECTED, "a second Hello: the connection already said Hello");
        return;
    }
    c.clientName = QString::fromStdString(hello.client_name()).left(200);
    const int64_t now = nowMs();
    if (!hello.token().empty() || !config.open) {
        auto claims = verifyToken(QString::fromStdString(hello.token()), secret, now / 1000);
        if (!claims) {
            ++metrics.rejected["unauthenticated"];
            fatal(c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED, claims.error()));
            return;
        }
        c.claims = *claims;
        c.user = claims->user;
        c.role = claims->role;
        c.anyRoom = claims->rooms.contains(QStringLiteral("*"));
        c.tokenExpiresMs = claims->expiresAt * 1000;
    } else {
        const QString name = QString::fromStdString(hello.display_name()).trimmed();
        if (name.isEmpty() || name.size() > 128) {
            ++metrics.rejected["unauthenticated"];
            fatal(c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED,
                                   "hello.display_name: an open session needs a name of 1 to 128 "
                                   "characters (or a token)"));
            return;
        }
        c.user = name;
        c.role = model::Role::Reviewer;
        c.anyRoom = true;
    }
    c.phase = Connection::Phase::Ready;
    v1::Envelope e = newEnvelope();
    v1::Welcome* w = e.mutable_welcome();
    w->set_protocol_version(kProtocolVersion);
    w->set_relay_name(relayName.toStdString());
    w->set_user(c.user.toStdString());
    w->set_role(roleToWire(c.role));
    if (!c.anyRoom)
        for (const QString& room : c.claims.rooms) w->add_rooms(room.toStdString());
    w->set_server_time_ms(now);
    w->set_max_message_bytes(static_cast<uint32_t>(config.maxMessageBytes));
    w->set_rate_per_second(static_cast<uint32_t>(config.ratePerSecond));
    w->set_rate_burst(static_cast<uint32_t>(config.rateBurst));
    w->set_heartbeat_seconds(static_cast<uint32_t>(std::max(1, config.heartbeatMs / 1000)));
    w->set_token_expires_ms(c.tokenExpiresMs);
    enqueueEnvelope(c, e);
    qCDebug(lcRelay).noquote() << "connection" << c.id << "is" << c.user << "(" << model::roleName(c.role)
                               << ")," << c.clientName;
}

void RelayServer::Impl::onJoin(Connection& c, const v1::Join& join) {
    const QString mediaId = QString::fromStdString(join.media_id());
    const QString project = QString::fromStdString(join.project());
    if (mediaId.size() > 200 || mediaId.contains(QLatin1Char('@')) || project.size() > 200) {
        refuse(c, v1::ERROR_CODE_INVALID, "join.media_id: at most 200 characters, without '@'");
        return;
    }
    if (!c.anyRoom && !c.claims.allowsRoom(mediaId)) {
        refuse(c, v1::ERROR_CODE_FORBIDDEN,
               "join: the token of " + c.user.toStdString() + " does not allow room " + mediaId.toStdString());
        return;
    }
    leaveRoom(c);
    const QString key = project.isEmpty() ? mediaId : mediaId + QLatin1Char('@') + project;
    auto loaded = room(key);
    if (!loaded) {
        refuse(c, v1::ERROR_CODE_INTERNAL, "join: the room log cannot be read: " + loaded.error());
        return;
    }
    Room& r = **loaded;
    if (join.frame_count() > 0 && r.frameCount == 0) {
        r.frameCount = static_cast<int64_t>(join.frame_count());
        const int64_t frames = r.frameCount;
        QMetaObject::invokeMethod(commitContext, [log = writer.get(), key, frames] {
            if (Status s = log->setFrameCount(key, frames); !s)
                qCWarning(lcRelay).noquote() << QString::fromStdString(s.error());
        });
    }
    c.room = &r;
    c.participant = r.participants.assign(c.user, c.role);
    r.participants.setOnline(c.participant, true);
    r.members.push_back(&c);
    ++metrics.joined;
    c.live = false;
    // The joiner's table first (numbers before their use), then the others learn it is online.
    v1::Envelope full = newEnvelope();
    *full.mutable_participants() = participantsToWire(r.participants, c.participant, true);
    enqueueEnvelope(c, full);
    announce(r, c.participant);

    const uint64_t epoch = join.epoch();
    const int64_t last = static_cast<int64_t>(join.last_sequence());
    const bool noPosition = epoch == 0 && last == 0;
    const bool sameEpoch = noPosition || epoch == r.epoch;
    const bool inLog = last >= r.compactedThrough && last <= r.committedHead;
    const bool shortEnough = !noPosition || r.committedHead - r.compactedThrough <= config.fullReplayLimit;
    if (sameEpoch && inLog && shortEnough && !(noPosition && r.compactedThrough > 0))
        startCatchUp(c, last);
    else
        sendSnapshot(c);
}

void RelayServer::Impl::onReplayRequest(Connection& c, const v1::ReplayRequest& request) {
    if (!c.room) {
        refuse(c, v1::ERROR_CODE_NOT_JOINED, "replay_request: join a room first");
        return;
    }
    Room& r = *c.room;
    const int64_t after = static_cast<int64_t>(request.after_sequence());
    if (request.epoch() == r.epoch && after >= r.compactedThrough && after <= r.committedHead) {
        c.live = false;
        startCatchUp(c, after);
    } else {
        c.live = false;
        sendSnapshot(c);
    }
}

void RelayServer::Impl::leaveRoom(Connection& c) {
    Room* r = c.room;
    if (!r) return;
    std::erase(r->members, &c);
    --metrics.joined;
    c.room = nullptr;
    c.live = false;
    c.catchingUp = false;
    c.pendingPresence.clear();
    c.heldPresence.clear();
    const bool stillOnline = std::any_of(r->members.begin(), r->members.end(),
                                         [&](const Connection* m) { return m->participant == c.participant; });
    if (!stillOnline) {
        r->participants.setOnline(c.participant, false);
        r->presence.erase(c.participant);
        for (Connection* m : r->members) m->heldPresence.forget(c.participant);
        announce(*r, c.participant);
    }
    if (r->members.empty()) r->emptySinceMs = nowMs();
    c.participant = 0;
}

void RelayServer::Impl::onDisconnected(uint64_t id) {
    Connection* c = find(id);
    if (!c || c->gone) return;
    // A write can report the disconnection synchronously, deep inside code that still holds the
    // connection: it is forgotten on the next turn, not here.
    c->gone = true;
    leaveRoom(*c);
    c->closing = true;
    c->queue.clear();
    c->queuedBytes = 0;
    c->socket->release();
    c->socket = nullptr;
    --metrics.connections;
    qCDebug(lcRelay) << "connection" << id << "closed";
    QMetaObject::invokeMethod(q, [this, id] {
        std::erase(dirty, id);
        connections.erase(id);
    }, Qt::QueuedConnection);
}

void RelayServer::Impl::refuse(Connection& c, v1::ErrorCode code, const std::string& message,
                               const QUuid& opId, uint32_t retryAfterMs) {
    ++metrics.rejected[codeName(code)];
    v1::Envelope e = errorEnvelope(code, message, opId);
    if (retryAfterMs) e.mutable_error()->set_retry_after_ms(retryAfterMs);
    enqueueEnvelope(c, e);
}

void RelayServer::Impl::fatal(Connection& c, v1::Envelope error) {
    if (c.closing) return;
    error.mutable_error()->set_fatal(true);
    // What was queued goes first (acks of committed operations), then the error, then the close.
    flush(c);
    sendNow(c, QByteArray::fromStdString(encodeEnvelope(error)));
    closeConnection(c, error.error().code() == v1::ERROR_CODE_SHUTTING_DOWN ? QWebSocketProtocol::CloseCodeGoingAway
                                                                            : QWebSocketProtocol::CloseCodePolicyViolated,
                    QString::fromStdString(codeName(error.error().code())));
}

void RelayServer::Impl::closeConnection(Connection& c, QWebSocketProtocol::CloseCode code, const QString& reason) {
    if (c.closing) return;
    leaveRoom(c);
    c.closing = true;
    c.queue.clear();
    c.queuedBytes = 0;
    c.socket->close(code, reason);
}

// ---- Operations --------------------------------------------------------------------------------

void RelayServer::Impl::onOperation(Connection& c, const v1::Operation& wire) {
    ++metrics.operationsIn;
    const QUuid opId = QUuid::fromRfc4122(QByteArrayView(wire.op_id().data(), 16));  // 16: checked by the codec
    if (!c.room) {
        refuse(c, v1::ERROR_CODE_NOT_JOINED, "operation: join a room first", opId);
        return;
    }
    Room& r = *c.room;
    auto decoded = operationFromWire(wire, r.context);
    if (!decoded) {
        refuse(c, v1::ERROR_CODE_MALFORMED, decoded.error(), opId);
        return;
    }
    model::Operation& op = *decoded;
    op.sequence = 0;
    const std::string label = "operation " + idText(opId) + " (" + model::opTypeName(op.type).toStdString() + ")";
    if (op.mediaId != r.mediaId) {
        refuse(c, v1::ERROR_CODE_INVALID, label + ": media_id " + op.mediaId.toStdString() + " is not the joined room", opId);
        return;
    }
    // The actor is this connection's user, acting in its role or a lower one: edits made offline
    // (as a reviewer) by someone who now hosts as admin go through. The permission checks below
    // use the operation's role, so a lower role never gains anything.
    if (op.actor != c.user || static_cast<int>(op.actorRole) > static_cast<int>(c.role)) {
        refuse(c, v1::ERROR_CODE_FORBIDDEN,
               label + ": the actor is " + op.actor.toStdString() + " (" + roleText(op.actorRole) +
                   "), but this connection is " + c.user.toStdString() + " (" + roleText(c.role) + ")",
               opId);
        return;
    }
    // A resend: acknowledge with the original sequence (once committed).
    if (auto it = r.sequences.constFind(opId); it != r.sequences.constEnd()) {
        ++metrics.operationsDuplicate;
        if (PendingOp* p = r.pending.value(opId)) {
            if (p->origin != c.id) p->waiters.push_back(c.id);
        } else {
            enqueueEnvelope(c, ackEnvelope(opId, *it));
            ++metrics.acks;
        }
        return;
    }
    model::Limits limits;
    if (r.frameCount > 0) limits.frameCount = r.frameCount;
    if (Status s = model::validateOperation(op, limits); !s) {
        refuse(c, v1::ERROR_CODE_INVALID, label + ": " + s.error(), opId);
        return;
    }
    if (Status s = model::checkRichText(op); !s) {
        refuse(c, v1::ERROR_CODE_INVALID, label + ": " + s.error(), opId);
        return;
    }
    const std::string who = c.user.toStdString() + " (" + roleText(op.actorRole) + ")";
    if (op.type == model::OpType::Create) {
        if (!model::canCreate(op.actorRole)) {
            refuse(c, v1::ERROR_CODE_FORBIDDEN, label + ": " + who + " may not create notes", opId);
            return;
        }
        if (op.annotation.author != op.actor || op.annotation.creatorRole != op.actorRole) {
            refuse(c, v1::ERROR_CODE_FORBIDDEN,
                   label + ": a note is created in its author's name and role (annotation.author " +
                       op.annotation.author.toStdString() + ", creator_role " + roleText(op.annotation.creatorRole) + ")",
                   opId);
            return;
        }
        if (op.annotation.mediaId != r.mediaId) {
            refuse(c, v1::ERROR_CODE_INVALID, label + ": annotation.media_id is not the joined room", opId);
            return;
        }
        if (r.speculative.find(op.target) || r.speculative.isDeleted(op.target)) {
            refuse(c, v1::ERROR_CODE_INVALID, label + ": annotation " + idText(op.target) + " already exists", opId);
            return;
        }
    } else {
        const model::Annotation* a = r.speculative.find(op.target);
        if (!a && !r.speculative.isDeleted(op.target)) {
            refuse(c, v1::ERROR_CODE_INVALID, label + ": annotation " + idText(op.target) + " does not exist", opId);
            return;
        }
        // An update of a deleted note is committed (its sender's outbox drains) and changes nothing.
        if (a) {
            switch (op.type) {
                case model::OpType::Reply:
                    if (!model::canReply(op.actorRole)) {
                        refuse(c, v1::ERROR_CODE_FORBIDDEN, label + ": " + who + " may not reply", opId);
                        return;
                    }
                    if (op.reply.author != op.actor) {
                        refuse(c, v1::ERROR_CODE_FORBIDDEN, label + ": a reply is written in its author's name", opId);
                        return;
                    }
                    break;
                case model::OpType::EditReply: {
                    const model::Reply* existing = nullptr;
                    for (const model::Reply& reply : a->replies)
                        if (reply.id == op.reply.id) existing = &reply;
                    if (!existing) {
                        refuse(c, v1::ERROR_CODE_INVALID, label + ": reply " + idText(op.reply.id) + " does not exist", opId);
                        return;
                    }
                    if (!model::canEditReply(op.actor, op.actorRole, *existing)) {
                        refuse(c, v1::ERROR_CODE_FORBIDDEN,
                               label + ": " + who + " may not edit a reply by " + existing->author.toStdString(), opId);
                        return;
                    }
                    break;
                }
                default:
                    if (!model::canModify(op.actor, op.actorRole, *a)) {
                        refuse(c, v1::ERROR_CODE_FORBIDDEN,
                               label + ": " + who + " may not change a note by " + a->author.toStdString() + " (" +
                                   roleText(a->creatorRole) + ")",
                               opId);
                        return;
                    }
                    break;
            }
        } else if (!model::canCreate(op.actorRole)) {
            refuse(c, v1::ERROR_CODE_FORBIDDEN, label + ": " + who + " may not change notes", opId);
            return;
        }
    }
    if (stopping) {
        refuse(c, v1::ERROR_CODE_SHUTTING_DOWN, label + ": the relay is shutting down", opId, 1000);
        return;
    }

    // Accepted: it gets the next sequence now and is acknowledged once committed.
    auto p = std::make_shared<PendingOp>();
    p->room = &r;
    p->origin = c.id;
    p->receivedNs = monotonicNs();
    op.sequence = r.nextSequence++;
    p->op = std::move(op);
    const model::Operation& accepted = p->op;
    applyToRoom(r, accepted, accepted.sequence, false);
    r.sequences.insert(opId, accepted.sequence);
    r.pending.insert(opId, p.get());
    p->record.room = r.key;
    p->record.sequence = accepted.sequence;
    p->record.opId = opId;
    p->record.actor = accepted.actor;
    p->record.timeMs = accepted.timeMs;
    p->record.receivedMs = nowMs();
    p->record.payload = storedOperationBytes(accepted);
    p->wire = QByteArray::fromStdString(operationToWire(accepted, r.context).SerializeAsString());
    accumulating.push_back(std::move(p));
    scheduleCommit();
}

void RelayServer::Impl::postOnce(bool& posted, std::function<void()> work) {
    if (posted) return;
    posted = true;
    QMetaObject::invokeMethod(q, [&posted, work = std::move(work)] {
        posted = false;
        work();
    }, Qt::QueuedConnection);
}

void RelayServer::Impl::scheduleCommit() {
    if (commitInFlight) return;
    // After every socket that is ready in this turn has been read: one transaction for all.
    postOnce(commitPosted, [this] { startCommit(); });
}

void RelayServer::Impl::startCommit() {
    if (commitInFlight || accumulating.empty()) return;
    inFlight = std::move(accumulating);
    accumulating.clear();
    commitInFlight = true;
    auto records = std::make_shared<std::vector<LogRecord>>();
    records->reserve(inFlight.size());
    for (const auto& p : inFlight) records->push_back(p->record);
    QPointer<RelayServer> owner = q;
    QMetaObject::invokeMethod(commitContext, [this, owner, log = writer.get(), records] {
        QElapsedTimer timer;
        timer.start();
        Status status = log->append(*records);
        const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        const size_t count = records->size();
        if (!owner) return;
        QMetaObject::invokeMethod(owner, [this, status, seconds, count] { onCommitted(status, seconds, count); },
                                  Qt::QueuedConnection);
    });
}

void RelayServer::Impl::onCommitted(Status status, double seconds, size_t count) {
    commitInFlight = false;
    ++metrics.commits;
    metrics.commitSeconds.observe(seconds);
    metrics.commitBatchOps.observe(static_cast<double>(count));
    if (!status) {
        ++metrics.commitFailures;
        lastFailure = status.error();
        qCWarning(lcRelay).noquote() << "log commit failed:" << QString::fromStdString(status.error());
        failUncommitted(status.error());
        emit q->failed(QString::fromStdString(status.error()));
        return;
    }
    lastFailure.clear();
    for (const auto& p : inFlight) {
        Room& r = *p->room;
        const model::Operation& op = p->op;
        r.committedHead = op.sequence;
        r.confirmed.apply(op, op.sequence);
        if (op.type == model::OpType::Delete) r.confirmedDeleted.insert(op.target);
        r.pending.remove(op.opId);
        ++metrics.operationsCommitted;
        const QByteArray ack = innerEnvelopeBytes(ackEnvelope(op.opId, op.sequence));
        const auto ackTo = [&](uint64_t id) {
            if (Connection* c = find(id); c && !c->closing) {
                enqueue(*c, OutPiece{OutPiece::Kind::Envelope, ack, 0});
                ++metrics.acks;
            }
        };
        ackTo(p->origin);
        for (uint64_t w : p->waiters) ackTo(w);
        const OutPiece piece{OutPiece::Kind::Operation, p->wire, p->receivedNs};
        for (Connection* m : r.members) {
            if (!m->live || m->id == p->origin || m->closing) continue;
            if (!p->waiters.empty() && std::find(p->waiters.begin(), p->waiters.end(), m->id) != p->waiters.end())
                continue;
            enqueue(*m, piece);
        }
    }
    inFlight.clear();
    if (!accumulating.empty()) startCommit();
}

void RelayServer::Impl::failUncommitted(const std::string& why) {
    std::vector<std::shared_ptr<PendingOp>> failed = std::move(inFlight);
    failed.insert(failed.end(), accumulating.begin(), accumulating.end());
    inFlight.clear();
    accumulating.clear();
    QSet<Room*> touched;
    for (const auto& p : failed) {
        Room& r = *p->room;
        touched.insert(&r);
        r.sequences.remove(p->op.opId);
        r.pending.remove(p->op.opId);
        const std::string message = "operation " + idText(p->op.opId) + " was not committed (" + why + "); resend it later";
        const auto tell = [&](uint64_t id) {
            if (Connection* c = find(id); c && !c->closing) refuse(*c, v1::ERROR_CODE_INTERNAL, message, p->op.opId, 1000);
        };
        tell(p->origin);
        for (uint64_t w : p->waiters) tell(w);
    }
    // What was accepted but not committed never happened.
    for (Room* r : touched) {
        r->speculative = r->confirmed;
        r->speculativeDeleted = r->confirmedDeleted;
        r->nextSequence = r->committedHead + 1;
    }
}

// ---- Rooms -------------------------------------------------------------------------------------

Result<Room*> RelayServer::Impl::room(const QString& key) {
    if (auto it = rooms.find(key); it != rooms.end()) return it->second.get();
    auto rec = reader->openRoom(key);
    if (!rec) return makeError(rec.error());
    auto r = std::make_unique<Room>(key);
    r->epoch = rec->epoch;
    r->compactedThrough = rec->compactedThrough;
    r->frameCount = rec->frameCount;
    if (!rec->snapshot.empty()) {
        auto content = snapshotFromStored(rec->snapshot);
        if (!content) return makeError(content.error());
        const auto ops = snapshotOperations(*content, rec->epoch, rec->compactedThrough, r->mediaId);
        for (size_t i = 0; i < ops.size(); ++i)
            applyToRoom(*r, ops[i], kSnapshotOrderBase + static_cast<int64_t>(i), true);
        for (const model::Annotation& a : content->annotations)
            if (!a.author.isEmpty()) r->participants.assign(a.author, a.creatorRole);
    }
    auto ids = reader->operationIds(key);
    if (!ids) return makeError(ids.error());
    r->sequences.reserve(static_cast<qsizetype>(ids->size()));
    for (const auto& [id, sequence] : *ids) r->sequences.insert(id, sequence);
    int64_t cursor = rec->compactedThrough;
    for (;;) {
        auto page = reader->read(key, cursor, rec->head, 5000);
        if (!page) return makeError(page.error());
        if (page->empty()) break;
        for (const LogRecord& record : *page) {
            if (record.payload.empty())
                return makeError("room " + key.toStdString() + ": sequence " + std::to_string(record.sequence) +
                                 " has no payload after the last compaction");
            auto op = operationFromStored(record.payload, record.sequence);
            if (!op) return makeError("room " + key.toStdString() + ", sequence " + std::to_string(record.sequence) +
                                      ": " + op.error());
            applyToRoom(*r, *op, record.sequence, true);
            if (!op->actor.isEmpty()) r->participants.assign(op->actor, op->actorRole);
            cursor = record.sequence;
        }
    }
    r->committedHead = rec->head;
    r->nextSequence = rec->head + 1;
    r->emptySinceMs = nowMs();
    Room* raw = r.get();
    rooms.emplace(key, std::move(r));
    metrics.rooms = static_cast<int64_t>(rooms.size());
    qCDebug(lcRelay).noquote() << "room" << key << "loaded: epoch" << raw->epoch << "head" << raw->committedHead;
    return raw;
}

void RelayServer::Impl::announce(Room& r, uint32_t number) {
    const Participant* p = r.participants.find(number);
    if (!p) return;
    v1::Envelope e = newEnvelope();
    v1::Participants* list = e.mutable_participants();
    v1::Participant* entry = list->add_participants();
    entry->set_number(p->number);
    entry->set_name(p->name.toStdString());
    entry->set_role(roleToWire(p->role));
    entry->set_online(p->online);
    list->set_full(false);
    const QByteArray piece = innerEnvelopeBytes(e);
    for (Connection* m : r.members)
        if (m->participant != number && !m->closing) enqueue(*m, OutPiece{OutPiece::Kind::Envelope, piece, 0});
}

void RelayServer::Impl::startCatchUp(Connection& c, int64_t after) {
    c.catchingUp = true;
    c.socket->watchWritten(true);
    c.live = false;
    c.cursor = after;
    pumpCatchUp(c);
}

void RelayServer::Impl::pumpCatchUp(Connection& c) {
    const size_t window = std::max<size_t>(config.pageBytes * 4, 1u << 20);
    while (c.catchingUp && !c.closing && c.room &&
           c.socket->unsentBytes() + c.queuedBytes < window) {
        Room& r = *c.room;
        auto page = reader->read(r.key, c.cursor, r.committedHead, config.replayPageOperations);
        if (!page) {
            qCWarning(lcRelay).noquote() << "replay of room" << r.key << "failed:" << QString::fromStdString(page.error());
            c.catchingUp = false;
            sendSnapshot(c);
            return;
        }
        v1::Envelope e = newEnvelope();
        v1::Replay* replay = e.mutable_replay();
        replay->set_epoch(r.epoch);
        replay->set_after_sequence(static_cast<uint64_t>(c.cursor));
        replay->set_head_sequence(static_cast<uint64_t>(r.committedHead));
        size_t bytes = 0;
        int64_t last = c.cursor;
        for (const LogRecord& record : *page) {
            if (record.payload.empty()) {  // compacted meanwhile: a snapshot instead
                c.catchingUp = false;
                sendSnapshot(c);
                return;
            }
            auto op = operationFromStored(record.payload, record.sequence);
            if (!op) {
                qCWarning(lcRelay).noquote() << "room" << r.key << QString::fromStdString(op.error());
                c.catchingUp = false;
                sendSnapshot(c);
                return;
            }
            v1::Operation* w = replay->add_operations();
            *w = operationToWire(*op, r.context);
            bytes += w->ByteSizeLong();
            last = record.sequence;
            ++metrics.replayedOperations;
            if (bytes > config.pageBytes) break;
        }
        if (!page->empty() && last == c.cursor) break;  // nothing usable (cannot happen)
        c.cursor = last;
        const bool more = c.cursor < r.committedHead;
        replay->set_more(more);
        enqueueEnvelope(c, e);
        if (!more) {
            c.catchingUp = false;
            goLive(c);
        }
    }
}

void RelayServer::Impl::sendSnapshot(Connection& c) {
    if (!c.room) return;
    Room& r = *c.room;
    ++metrics.snapshotsSent;
    const auto startPart = [&]() {
        v1::Envelope e = newEnvelope();
        e.mutable_snapshot()->set_epoch(r.epoch);
        e.mutable_snapshot()->set_sequence(static_cast<uint64_t>(r.committedHead));
        return e;
    };
    v1::Envelope part = startPart();
    size_t bytes = 0;
    const auto finishPart = [&](bool more) {
        part.mutable_snapshot()->set_more(more);
        enqueueEnvelope(c, part);
        part = startPart();
        bytes = 0;
    };
    for (const model::Annotation* a : r.confirmed.annotations()) {
        v1::Annotation* w = part.mutable_snapshot()->add_annotations();
        *w = annotationToWire(*a, r.context);
        bytes += w->ByteSizeLong() + 4;
        if (bytes > config.pageBytes) finishPart(true);
    }
    std::vector<QUuid> deleted(r.confirmedDeleted.begin(), r.confirmedDeleted.end());
    std::sort(deleted.begin(), deleted.end());
    for (const QUuid& id : deleted) {
        const QByteArray b = id.toRfc4122();
        part.mutable_snapshot()->add_deleted(b.constData(), 16);
        bytes += 18;
        if (bytes > config.pageBytes) finishPart(true);
    }
    finishPart(false);
    c.catchingUp = false;
    goLive(c);
}

void RelayServer::Impl::goLive(Connection& c) {
    c.live = true;
    if (!c.room) return;
    for (const auto& [number, piece] : c.room->presence)
        if (number != c.participant) enqueue(c, OutPiece{OutPiece::Kind::Envelope, piece, 0});
}

void RelayServer::Impl::onPresence(Connection& c, const v1::Presence& wire) {
    ++metrics.presenceIn;
    if (!c.room) {
        refuse(c, v1::ERROR_CODE_NOT_JOINED, "presence: join a room first");
        return;
    }
    auto presence = presenceFromWire(wire);
    if (!presence) {
        refuse(c, v1::ERROR_CODE_MALFORMED, presence.error());
        return;
    }
    presence->participant = c.participant;
    v1::Envelope e = newEnvelope();
    *e.mutable_presence() = presenceToWire(*presence);
    const QByteArray piece = innerEnvelopeBytes(e);
    const int64_t now = nowMs();
    const int64_t interval = config.presencePerSecond > 0 ? static_cast<int64_t>(1000.0 / config.presencePerSecond) : 0;
    if (now - c.lastPresenceMs >= interval) {
        c.lastPresenceMs = now;
        c.pendingPresence.clear();  // superseded: the armed timer finds nothing to send
        forwardPresence(c, piece);
        return;
    }
    c.pendingPresence = piece;  // latest wins
    if (c.presenceTimerArmed) return;
    c.presenceTimerArmed = true;
    const uint64_t id = c.id;
    QTimer::singleShot(static_cast<int>(interval - (now - c.lastPresenceMs)), Qt::PreciseTimer, q, [this, id] {
        Connection* conn = find(id);
        if (!conn) return;
        conn->presenceTimerArmed = false;
        if (conn->pendingPresence.isEmpty() || !conn->room) return;
        conn->lastPresenceMs = nowMs();
        const QByteArray latest = std::move(conn->pendingPresence);
        conn->pendingPresence.clear();
        forwardPresence(*conn, latest);
    });
}

void RelayServer::Impl::forwardPresence(Connection& c, const QByteArray& piece) {
    Room& r = *c.room;
    r.presence[c.participant] = piece;
    for (Connection* m : r.members) {
        if (m == &c || !m->live || m->closing || m->participant == c.participant) continue;
        if (m->thinning) {
            if (m->heldPresence.hold(c.participant, piece)) ++metrics.presenceThinned;
            continue;
        }
        enqueue(*m, OutPiece{OutPiece::Kind::Envelope, piece, 0});
        ++metrics.presenceOut;
    }
}

size_t RelayServer::Impl::backlogBytes(const Connection& c) const {
    return c.socket->blockedBytes() + unsentKernelBytes(c.fd);
}

// After a flush: a receiver whose bytes pile up (a slow link) gets presence thinned from now on.
// Looked at every presenceThinCheckMs at most: an ioctl per flush would cost more than it saves.
void RelayServer::Impl::checkBacklog(Connection& c, int64_t now) {
    if (config.presenceThinBytes == 0 || c.thinning || c.gone) return;
    if (now - c.backlogCheckedNs < int64_t{config.presenceThinCheckMs} * 1'000'000) return;
    c.backlogCheckedNs = now;
    if (backlogBytes(c) <= config.presenceThinBytes) return;
    c.thinning = true;
    thinned.push_back(c.id);
    if (!thinTimer.isActive()) thinTimer.start();
}

// Every presenceThinCheckMs while some receiver is thinned. One that drained gets held presence,
// the longest waiting first (behind whatever operations are already queued), as fast as its
// pacer allows: a link too slow for every update must keep room for the operations, and a queue
// the relay cannot see (in the link) must not build in front of them. A ping follows, so the
// next round trip tells the pacer what that did. It leaves thinning once it has drained with
// nothing held.
void RelayServer::Impl::releaseThinned() {
    const int64_t now = monotonicNs();
    std::erase_if(thinned, [&](uint64_t id) {
        Connection* c = find(id);
        if (!c || c->closing || c->gone) return true;
        if (c->presencePacer.probeDue(now)) {
            c->lastPingMs = nowMs();
            c->socket->ping(probePayload(c->presencePacer.probeSent(now)));
        }
        if (backlogBytes(*c) > config.presenceThinBytes) return false;
        c->backlogCheckedNs = now;
        if (c->heldPresence.empty()) {
            c->thinning = false;
            return true;
        }
        const double allowance = c->presencePacer.allowance(now);
        if (allowance <= 0) return false;
        size_t bytes = 0;
        for (QByteArray& piece : c->heldPresence.take(static_cast<size_t>(allowance))) {
            bytes += static_cast<size_t>(piece.size());
            enqueue(*c, OutPiece{OutPiece::Kind::Envelope, std::move(piece), 0});
            ++metrics.presenceOut;
        }
        c->presencePacer.spent(now, bytes);
        return false;
    });
    if (thinned.empty()) thinTimer.stop();
}

void RelayServer::Impl::unloadIdleRooms(int64_t now) {
    for (auto it = rooms.begin(); it != rooms.end();) {
        Room& r = *it->second;
        if (r.members.empty() && r.pending.isEmpty() && now - r.emptySinceMs > config.roomIdleUnloadMs)
            it = rooms.erase(it);
        else
            ++it;
    }
    metrics.rooms = static_cast<int64_t>(rooms.size());
}

// ---- Sending -----------------------------------------------------------------------------------

void RelayServer::Impl::enqueue(Connection& c, OutPiece piece) {
    if (c.closing) return;
    c.queuedBytes += static_cast<size_t>(piece.bytes.size());
    c.queue.push_back(std::move(piece));
    if (!c.dirty) {
        c.dirty = true;
        dirty.push_back(c.id);
        armFlush();
    }
}

// The flush window paces each connection, not the relay: a connection that was sent nothing
// for a window gets its deliveries at the end of this turn (after the commit that made them),
// one that was sent something less than a window ago waits for the rest of it. Quiet rooms
// thus see every operation at once, busy ones get one batch per window and connection. An answer
// to the connection's own request (replyDue) does not wait.
void RelayServer::Impl::armFlush() { postOnce(flushPosted, [this] { flushDirty(false); }); }

void RelayServer::Impl::flushDirty(bool ignoreWindow) {
    const int64_t windowNs = ignoreWindow ? 0 : int64_t{config.flushWindowMs} * 1000000;
    const int64_t now = monotonicNs();
    std::vector<uint64_t> ids = std::move(dirty);
    dirty.clear();
    std::vector<uint64_t> waiting;
    int64_t nextDueNs = std::numeric_limits<int64_t>::max();
    for (uint64_t id : ids) {
        Connection* c = find(id);
        if (!c) continue;
        if (windowNs <= 0 || c->replyDue || now - c->lastFlushNs >= windowNs) {
            flush(*c);
            continue;
        }
        waiting.push_back(id);
        nextDueNs = std::min(nextDueNs, c->lastFlushNs + windowNs);
    }
    dirty.insert(dirty.end(), waiting.begin(), waiting.end());
    if (waiting.empty()) return;
    const int64_t waitMs = (nextDueNs - now + 999999) / 1000000;
    if (!flushTimer.isActive() || flushTimer.remainingTime() > waitMs)
        flushTimer.start(static_cast<int>(std::max<int64_t>(1, waitMs)));
}

void RelayServer::Impl::flush(Connection& c) {
    c.dirty = false;
    c.replyDue = false;
    if (c.queue.empty() || c.closing) {
        c.queue.clear();
        c.queuedBytes = 0;
        return;
    }
    if (c.socket->unsentBytes() > config.sendQueueBytes) {
        ++metrics.slowConsumers;
        qCInfo(lcRelay).noquote() << "connection" << c.id << "(" << c.user << ") is a slow consumer:"
                                  << c.socket->unsentBytes() << "bytes unsent; dropped";
        c.queue.clear();
        c.queuedBytes = 0;
        v1::Envelope e = errorEnvelope(v1::ERROR_CODE_SLOW_CONSUMER,
                                       "send queue over " + std::to_string(config.sendQueueBytes) +
                                           " bytes: reconnect and catch up by replay");
        e.mutable_error()->set_fatal(true);
        sendNow(c, QByteArray::fromStdString(encodeEnvelope(e)));
        closeConnection(c, QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("slow consumer"));
        return;
    }
    // The connection's queue trades places with an empty one that kept its capacity, so queues
    // do not regrow from nothing in every round.
    std::vector<OutPiece> pieces = std::move(spareQueue);
    pieces.swap(c.queue);
    c.queuedBytes = 0;
    c.lastFlushNs = monotonicNs();
    for (const QByteArray& message : assembleMessages(pieces, config.maxOutMessageBytes)) sendNow(c, message);
    const int64_t now = monotonicNs();
    for (const OutPiece& p : pieces) {
        if (p.kind != OutPiece::Kind::Operation) continue;
        ++metrics.deliveries;
        metrics.fanoutLatency.observe(static_cast<double>(now - p.receivedNs) / 1e9);
    }
    pieces.clear();
    if (pieces.capacity() <= kSpareQueueCapacity) spareQueue = std::move(pieces);
    checkBacklog(c, now);
    if (c.catchingUp) pumpCatchUp(c);
}

void RelayServer::Impl::sendNow(Connection& c, const QByteArray& message) {
    if (c.gone) return;
    c.socket->send(message);
    ++metrics.messagesOut;
    metrics.bytesOut += static_cast<uint64_t>(message.size());
}

// ---- Housekeeping ------------------------------------------------------------------------------

void RelayServer::Impl::tick() {
    const int64_t now = nowMs();
    std::vector<uint64_t> timedOut, noHello, expired;
    for (auto& [id, c] : connections) {
        if (c->closing) continue;
        if (c->phase == Connection::Phase::AwaitHello && now - c->connectedMs > config.helloTimeoutMs) {
            noHello.push_back(id);
        } else if (now - c->lastHeardMs > 3 * static_cast<int64_t>(config.heartbeatMs)) {
            timedOut.push_back(id);
        } else if (c->tokenExpiresMs > 0 && now > c->tokenExpiresMs + kTokenClockSkewSeconds * 1000) {
            expired.push_back(id);
        } else if (now - c->lastPingMs >= config.heartbeatMs) {
            c->lastPingMs = now;
            c->socket->ping();
        }
    }
    for (uint64_t id : noHello)
        if (Connection* c = find(id))
            fatal(*c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED, "no Hello within " +
                                                                        std::to_string(config.helloTimeoutMs / 1000) + " s"));
    for (uint64_t id : expired)
        if (Connection* c = find(id))
            fatal(*c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED,
                                    "token expired at " +
                                        QDateTime::fromMSecsSinceEpoch(c->tokenExpiresMs, Qt::UTC)
                                            .toString(Qt::ISODate)
                                            .toStdString()));
    for (uint64_t id : timedOut) {
        if (Connection* c = find(id)) {
            ++metrics.heartbeatTimeouts;
            qCInfo(lcRelay) << "connection" << id << "silent for" << (now - c->lastHeardMs) << "ms; dropped";
            leaveRoom(*c);
            c->closing = true;
            c->socket->abort();
        }
    }
    unloadIdleRooms(now);
}

void RelayServer::Impl::runCompaction(int64_t retainMs) {
    QPointer<RelayServer> owner = q;
    const int64_t cutoff = nowMs() - retainMs;
    QMetaObject::invokeMethod(commitContext, [this, owner, log = writer.get(), cutoff] {
        auto keys = log->rooms();
        if (!keys) return;
        std::vector<std::pair<QString, int64_t>> done;
        for (const QString& key : *keys) {
            int64_t through = 0;
            if (Status s = compactRoom(*log, key, cutoff, &through); !s)
                qCWarning(lcRelay).noquote() << "compaction of room" << key << "failed:" << QString::fromStdString(s.error());
            done.emplace_back(key, through);
        }
        if (!owner) return;
        QMetaObject::invokeMethod(owner, [this, done] {
            for (const auto& [key, through] : done)
                if (auto it = rooms.find(key); it != rooms.end())
                    it->second->compactedThrough = std::max(it->second->compactedThrough, through);
        }, Qt::QueuedConnection);
    });
}

// ---- RelayServer -------------------------------------------------------------------------------

RelayServer::RelayServer(RelayConfig config, QObject* parent)
    : QObject(parent), d_(std::make_unique<Impl>(this, std::move(config))) {}

RelayServer::~RelayServer() { stop(); }

Status RelayServer::start() { return d_->start(); }
void RelayServer::stop() { d_->stop(); }
quint16 RelayServer::port() const { return d_->tcp ? d_->tcp->serverPort() : 0; }
quint16 RelayServer::metricsPort() const { return d_->http ? d_->http->port() : 0; }
bool RelayServer::secure() const { return !d_->config.tlsCertificate.isEmpty(); }
const RelayConfig& RelayServer::config() const { return d_->config; }
const RelayMetrics& RelayServer::metrics() const { return d_->metrics; }
QByteArray RelayServer::metricsText() const { return d_->metrics.prometheusText(); }

Status RelayServer::compactNow(int64_t retainMs) {
    if (!d_->started || d_->stopped) return makeError("the relay is not running");
    // Wait for the commit thread to run the compaction (it is serialized with the commits).
    d_->runCompaction(retainMs);
    std::atomic<bool> done{false};
    QMetaObject::invokeMethod(d_->commitContext, [&done] { done = true; });
    while (!done) QThread::msleep(1);
    QCoreApplication::processEvents();  // the rooms learn how far they were compacted
    return Ok{};
}

}  // namespace framenote::sync
