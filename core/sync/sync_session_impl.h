#pragma once
// SyncSession's private parts, shared by its two source files (sync_session.h; the client's
// side of docs/PROTOCOL.md, "Client checklist"):
//   sync_session.cpp          the public calls, the connection (reconnects, pings), sending
//   sync_session_receive.cpp  what the relay sends: catch-up, broadcasts, acks, errors
// Everything here runs on the session's thread (the store thread in the app).
#include <QDateTime>
#include <QLoggingCategory>
#include <QSet>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/sync/sync_session.h"
#include "core/sync/token_bucket.h"
#include "core/sync/wire_codec.h"

class QTimer;
class QWebSocket;

Q_DECLARE_LOGGING_CATEGORY(lcSession)

namespace framenote::sync {

struct SyncSession::Impl {
    Impl(SyncSession& owner, store::DraftStore& store, Options options);

    // ---- Connection (sync_session.cpp)
    void connectNow();
    void onConnected();
    void onDisconnected();
    void onPingTick();
    void scheduleReconnect(int minimumMs = 0);
    void fail(const QString& message);  // fatal: stop and say why
    void storeError(const std::string& message);
    void setState(State state);

    // ---- Receiving (sync_session_receive.cpp)
    void onMessage(const QByteArray& data);
    void handle(const v1::Envelope& e, std::vector<QUuid>& changed);
    void onWelcome(const v1::Welcome& w);
    void onParticipants(const v1::Participants& p);
    void onPresence(const v1::Presence& wire);
    void onReplay(const v1::Replay& r);
    void onSnapshotPart(const v1::Snapshot& s, std::vector<QUuid>& changed);
    void onBroadcast(const v1::Broadcast& b);
    void onAck(const v1::Ack& a);
    void onError(const v1::Error& e, std::vector<QUuid>& changed);
    void caughtUp();
    void applyConfirmed(const v1::Operation& wire);

    // ---- Sending (sync_session.cpp)
    void reloadQueue();
    void pump();
    void resendAfter(int ms);
    void setPresence(const Presence& presence);
    void sendPresenceNow();
    void sendEnvelope(const v1::Envelope& e);

    qint64 pendingCount() const { return static_cast<qint64>(queue.size()); }
    bool queued(const QUuid& opId) const;

    SyncSession& q;
    store::DraftStore& store;
    Options options;
    // Children of the session (they move with it to another thread).
    QWebSocket* socket = nullptr;
    QTimer* reconnectTimer = nullptr;
    QTimer* pingTimer = nullptr;
    QTimer* pumpTimer = nullptr;
    QTimer* presenceTimer = nullptr;

    State state = State::Offline;
    bool running = false;
    bool joined = false;  // Join sent on this connection
    bool live = false;    // caught up: the outbox may be sent
    int attempt = 0;      // reconnect attempts since the last success
    int64_t lastHeardMs = 0;
    int64_t lastPingMs = 0;  // when this session last pinged the relay
    // The relay's retry_after_ms from a fatal error: the next reconnect waits at least this long.
    int retryAfterMs = 0;
    QString lastError;

    QString user;
    model::Role role = model::Role::Reviewer;
    ParticipantTable participants;
    uint32_t you = 0;
    Floor floor;
    uint64_t epoch = 0;
    int64_t lastSeen = 0;  // highest sequence received on this connection
    TokenBucket bucket;

    // The snapshot being received (parts until more == false).
    struct SnapshotParts {
        uint64_t epoch = 0;
        int64_t sequence = 0;
        std::vector<v1::Annotation> annotations;
        std::vector<std::string> deleted;
    };
    std::optional<SnapshotParts> snapshot;

    // Others' operations the message being handled confirmed (stored; emitted after commit).
    QList<model::Operation> confirmedByMessage;
    std::deque<model::Operation> queue;  // unacknowledged, in local order
    QSet<QUuid> sent;                    // sent on this connection
    int64_t resendAtMs = 0;

    std::optional<Presence> presence;
    std::optional<uint32_t> presenceColor;
    bool presenceDirty = false;
    int64_t lastPresenceMs = -1000000;
};

inline int64_t sessionNowMs() { return QDateTime::currentMSecsSinceEpoch(); }

}  // namespace framenote::sync
