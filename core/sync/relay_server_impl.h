#pragma once
// The relay's private parts, shared by its source files (docs/ARCHITECTURE.md, "The relay"):
//   relay_server.cpp      lifecycle (start, stop, housekeeping) and message dispatch
//   relay_connection.cpp  accepting sockets, the WebSocket upgrade, Hello, closing
//   relay_rooms.cpp       room state: loading, joining, catch-up (replay and snapshots), compaction
//   relay_commit.cpp      the commit pipeline: admission of operations, group commit, acks
//   relay_fanout.cpp      sending: queues, the flush window, presence and its thinning
//   relay_floor.cpp       who drives playback: floor requests, and the floor as people come and go
// Everything here runs on the relay's thread unless it says otherwise.
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
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>
#include <QtEndian>
#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <mutex>
#include <unordered_map>

#include "core/model/annotation_state.h"
#include "core/model/permissions.h"
#include "core/model/validation.h"
#include "core/sqlite/wal_checkpointer.h"
#include "core/sync/ack_ledger.h"
#include "core/sync/held_presence.h"
#include "core/sync/media_id.h"
#include "core/sync/participant_table.h"
#include "core/sync/presence_pacer.h"
#include "core/sync/relay_auth.h"
#include "core/sync/relay_codec.h"
#include "core/sync/relay_io.h"
#include "core/sync/relay_server.h"
#include "core/sync/relay_sqlite_log.h"
#include "core/sync/snapshot_ops.h"
#include "core/sync/socket_backlog.h"
#include "core/sync/token_bucket.h"
#include "core/sync/token_revocations.h"
#include "core/sync/tus_server.h"
#include "core/sync/wire_codec.h"
#include "framenote/version.h"

Q_DECLARE_LOGGING_CATEGORY(lcRelay)

namespace framenote::sync {

inline int64_t nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

inline int64_t monotonicNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Orders for the operations that rebuild a compacted snapshot: below every real sequence.
inline constexpr int64_t kSnapshotOrderBase = INT64_MIN / 4;

inline std::string codeName(v1::ErrorCode code) {
    std::string name = v1::ErrorCode_Name(code);
    const std::string prefix = "ERROR_CODE_";
    if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return name.empty() ? "unknown" : name;
}

inline QString mediaIdOfRoom(const QString& key) { return key.section(QLatin1Char('@'), 0, 0); }

// A presence probe's ping carries its number (presence_pacer.h); a heartbeat's carries nothing.
inline QByteArray probePayload(uint64_t probe) {
    QByteArray payload(8, Qt::Uninitialized);
    qToBigEndian(probe, payload.data());
    return payload;
}
inline uint64_t probeNumber(const QByteArray& payload) {
    return payload.size() == 8 ? qFromBigEndian<uint64_t>(payload.constData()) : 0;
}

struct Room;

// A room's snapshot encoded once (Envelope pieces of at most RelayConfig::pageBytes each) and
// shared by every connection that is sent it; each connection streams it part by part as its
// socket drains (docs/PROTOCOL.md, "Rooms").
struct EncodedSnapshot {
    uint64_t epoch = 0;
    int64_t sequence = 0;
    std::vector<QByteArray> parts;
};

struct Connection {
    uint64_t id = 0;
    RelaySocket* socket = nullptr;  // released when the connection is gone
    qintptr fd =
        -1;  // the TCP socket under it (its kernel send queue: socket_backlog.h); -1: unknown
    QString peer;
    QString address;  // the peer's, without the port (per-address limits)
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
    bool live = false;  // receives broadcasts (after its replay or snapshot)
    // Catch-up, at most one at a time: a snapshot's parts, then replay pages from the log up to
    // the head, then live. Paced by the socket draining, never queued whole.
    bool catchingUp = false;
    std::shared_ptr<const EncodedSnapshot> snapshot;  // being sent; null: replaying
    size_t snapshotPart = 0;                          // the next part to queue
    bool awaitingSnapshot = false;                    // its room is encoding the snapshot it needs
    int64_t cursor = 0;                               // replay: last sequence sent

    TokenBucket bucket;                                                    // messages
    TokenBucket byteBucket;                                                // bytes received
    TokenBucket floorBucket{kFloorRequestsPerSecond, kFloorRequestBurst};  // FloorRequests
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
    model::AnnotationState
        speculative;  // committed + accepted: what new operations are checked against
    model::AnnotationState confirmed;  // committed only: what snapshots show
    QSet<QUuid> speculativeDeleted;
    QSet<QUuid> confirmedDeleted;
    QHash<QUuid, int64_t> sequences;   // op id -> sequence, accepted and committed
    QHash<QUuid, PendingOp*> pending;  // accepted, not yet committed
    ParticipantTable participants;
    RoomContext context{QString(), participants};
    std::vector<Connection*> members;
    std::map<uint32_t, QByteArray> presence;  // latest presence piece per participant
    Floor floor;  // who drives playback (floor.h); kept in memory only, like presence
    int64_t emptySinceMs = 0;
    std::shared_ptr<const EncodedSnapshot> snapshotCache;  // the latest one assembled
    // Snapshots are assembled from the confirmed annotations encoded one by one and kept: once a
    // snapshot was asked for (encoderWarm), a change marks its annotation stale, and the encoder
    // re-encodes only those, a few milliseconds per event-loop turn (encodeSome()).
    QHash<QUuid, std::string> encodedAnnotations;
    QSet<QUuid> staleAnnotations;
    bool encoderWarm = false;
    bool encoding = false;                   // an encoder pass is scheduled
    std::vector<uint64_t> awaitingSnapshot;  // connections parked until it is assembled
    int64_t storedBytes = 0;                 // what the log holds for it (operations and snapshot)

    explicit Room(const QString& k)
        : key(k), mediaId(mediaIdOfRoom(k)), context{mediaIdOfRoom(k), participants} {}
};

// Applies an operation to the room's speculative state, and to its confirmed one when it is
// already committed.
void applyToRoom(Room& room, const model::Operation& op, int64_t order, bool confirmedToo);

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
    // Media transfers (tus_server.h), on threads of their own: they see the token secret (set
    // before start, never changed) and a copy of the revocations under a lock.
    std::unique_ptr<MediaStore> media;
    std::unique_ptr<TusServer> tus;
    std::mutex mediaRevocationsMutex;
    TokenRevocations mediaRevocations;
    std::unique_ptr<RelayIo> io;
    QTimer flushTimer;
    QTimer tickTimer;
    QTimer compactionTimer;
    bool flushPosted = false;

    std::unique_ptr<RoomLog> reader;
    std::unique_ptr<RoomLog> writer;       // used on commitThread only
    sqlite::WalCheckpointer checkpointer;  // the SQLite log's checkpoints, off the commit path
    TokenRevocations revocations;          // relay.revoked as last read (applyRevocations())
    std::unique_ptr<AckLedger>
        ledger;  // used on commitThread after start(); null without a data directory
    QThread commitThread;
    QObject* commitContext = nullptr;  // lives on commitThread

    std::unordered_map<uint64_t, std::unique_ptr<Connection>> connections;
    // Descriptors of accepted sockets still in their WebSocket handshake, by peer address:port
    // (QWebSocket does not expose its socket's).
    struct Accepted {
        QTcpSocket* socket = nullptr;
        qintptr fd = -1;
        QString address;         // the peer's, without the port
        int64_t acceptedMs = 0;  // the upgrade must be done by acceptedMs + handshakeTimeoutMs
        QMetaObject::Connection onDestroyed;
    };
    QHash<QString, Accepted> accepted;
    std::vector<uint64_t> thinned;  // connections with thinning on
    QTimer thinTimer;
    uint64_t nextConnectionId = 1;
    std::map<QString, std::unique_ptr<Room>> rooms;
    std::vector<uint64_t> dirty;
    int64_t storedBytes = 0;           // the whole log's (the relay's storage quota)
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
    // The media store and its HTTP server, when config.mediaPort asks for them.
    Status startMedia();
    Result<TokenClaims> authorizeMedia(const QString& token);
    // Opens the acknowledgement ledger and compares the log with it (ack_ledger.h).
    Status checkAcknowledged();
    void stop();
    void onPendingTcp();
    void onNewWebSocket();
    // Why a new socket from `address` is turned away (too many not yet authenticated, too many
    // from that address), or nothing.
    std::optional<std::string> admissionLimit(const QString& address) const;
    // Closes sockets whose WebSocket upgrade is not done within handshakeTimeoutMs.
    void expireHandshakes(int64_t now);

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
    std::optional<std::string> frameCountConflict(Room& r, int64_t frames);
    void onOperation(Connection& c, const v1::Operation& wire);
    std::optional<std::string> resendMismatch(Room& r, const model::Operation& op,
                                              int64_t sequence);
    // Why `bytes` more would exceed the room's or the relay's storage quota, or nothing.
    std::optional<std::string> storageQuotaRefusal(const Room& r, int64_t bytes) const;
    void onPresence(Connection& c, const v1::Presence& wire);
    void onReplayRequest(Connection& c, const v1::ReplayRequest& request);

    // ---- The floor (relay_floor.cpp) ----

    void onFloorRequest(Connection& c, const v1::FloorRequest& request);
    // The floor as `number` (with `role`) came online in, or left, room `r`.
    void floorOnJoin(Room& r, uint32_t number, model::Role role);
    void floorOnLeave(Room& r, uint32_t number);
    // Sets the room's floor and tells every member when it changed.
    void setFloor(Room& r, Floor floor);
    void leaveRoom(Connection& c);
    void fatal(Connection& c, v1::Envelope error);
    void refuse(Connection& c, v1::ErrorCode code, const std::string& message,
                const QUuid& opId = QUuid(), uint32_t retryAfterMs = 0);
    void closeConnection(Connection& c, QWebSocketProtocol::CloseCode code, const QString& reason);

    // ---- Rooms ----

    // The room, loaded from the log (and created there in `creator`'s name when new).
    Result<Room*> room(const QString& key, const QString& creator = {});
    // Why `c` may not create room `key`, or nothing (the room quotas).
    std::optional<std::string> roomQuotaRefusal(const Connection& c, const QString& key);
    void announce(Room& room, uint32_t number);
    void startCatchUp(Connection& c, int64_t after);
    void pumpCatchUp(Connection& c);
    void sendSnapshot(Connection& c);
    // Whether the room's last snapshot can still be sent: the log replays from it and it is at
    // most RelayConfig::snapshotReuseOps behind the head (the replay brings the rest).
    bool snapshotReusable(const Room& r) const;
    static constexpr int kEncodeSliceMs = 5;  // the encoder's share of one event-loop turn
    void scheduleEncoding(Room& r);
    void encodeSome(const QString& key);
    std::shared_ptr<const EncodedSnapshot> assembleSnapshot(Room& r);
    // The confirmed state of `r` changed by `op`: its encoded annotation is stale.
    void confirmedChanged(Room& r, const model::Operation& op);
    // Whether a catch-up is under way (and the request refused: one at a time per connection).
    bool refuseWhileCatchingUp(Connection& c, const char* what);
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
    void applyRevocations();
    void runCompaction(int64_t retainMs);
};

}  // namespace framenote::sync
