#pragma once
// The client side of a shared review (docs/PROTOCOL.md "Client checklist"): one room (one media),
// one relay, one local DraftStore.
//
//  - Connects with a QWebSocket and keeps reconnecting: exponential backoff from 0.5 s doubling to
//    30 s, with jitter. A relay silent for 90 s is dropped (the session pings every 30 s).
//  - Hello, then Join with the position the store holds (DraftStore::lastConfirmedSequence and
//    confirmedEpoch); the relay's Replay pages are applied with DraftStore::applyConfirmed, one
//    store transaction per message. A Snapshot (a first join into a compacted room, or the
//    relay's log was reset: another epoch) replaces the store's confirmed state of the room
//    (DraftStore::replaceConfirmedState); local pending edits stay on top and are resent.
//  - Then, and after every reconnect, it sends the outbox (DraftStore::pendingOperations) in
//    order, paced under the relay's rate limit; resending is safe (op_id deduplication). An Ack
//    confirms the operation in the store (markAcknowledged); Broadcasts are applied as they come.
//    An operation the relay refuses (forbidden, invalid) is rolled back and leaves the outbox
//    (DraftStore::rejectPending; the store's history keeps it with the reason), is reported by
//    operationRefused(), and is never resent.
//  - Local edits: submit() quantizes (PROTOCOL.md "Encoding"), commits with applyLocal and sends.
//    Edits committed to the store by other code are picked up by outboxChanged().
//  - Presence: setPresence() sends at most 30 updates a second, coalesced (latest wins).
//
// Threads: a SyncSession uses its DraftStore directly, so it lives on the thread that owns the
// store (the store thread). Construct it there, or construct it and
// moveToThread() it before start(); call its methods on that thread (queued invocations from
// the UI). Its signals cross to the UI as queued signals.
#include <QObject>
#include <QSet>
#include <QSslConfiguration>
#include <QUrl>
#include <QUuid>
#include <deque>
#include <memory>
#include <optional>

#include "core/common/result.h"
#include "core/model/operation.h"
#include "core/sync/participant_table.h"
#include "core/sync/presence.h"
#include "core/sync/token_bucket.h"
#include "framenote_sync.pb.h"

class QTimer;
class QWebSocket;

namespace framenote::store {
class DraftStore;
}

namespace framenote::sync {

class SyncSession : public QObject {
    Q_OBJECT
  public:
    enum class State { Offline, Connecting, Online };
    Q_ENUM(State)

    struct Options {
        QUrl url;         // ws://host:port/ or wss://...
        QString mediaId;  // the room
        QString project;  // optional room scope
        int64_t frameCount =
            0;                // stated at Join so that the relay checks frame ranges (0: unknown)
        QString token;        // signed token; empty on open relays
        QString displayName;  // the user's name on open relays
        QString clientName;   // software and version; default "Framenote VERSION"
        int backoffInitialMs = 500;
        int backoffMaxMs = 30000;
        int pingIntervalMs = 30000;
        int silenceTimeoutMs = 90000;
        int presencePerSecond = 30;
        size_t maxBatchBytes = 128u << 10;  // outbox resends go in Batches up to this size
        std::optional<QSslConfiguration> ssl;
        bool ignoreSslErrors = false;  // tests with self-signed certificates only
    };

    SyncSession(store::DraftStore& store, Options options, QObject* parent = nullptr);
    ~SyncSession() override;

    // What a local edit goes through before DraftStore::applyLocal: quantized to the values the
    // wire carries, so the local replica equals everyone else's.
    static model::Operation prepareLocal(model::Operation op);

    // Connects, and reconnects until stop().
    void start();
    void stop();
    // Drops the connection as a network failure would (reconnects after the backoff).
    void dropConnection();
    // A new token (for example after ERROR_CODE_UNAUTHENTICATED); used from the next connection.
    void setToken(const QString& token);

    // A local edit: prepareLocal(), DraftStore::applyLocal() (validation, permissions, outbox in
    // one transaction), then sent when online. The error is the store's refusal.
    Status submit(model::Operation op);
    // The store's outbox gained operations committed by other code: send them.
    void outboxChanged();
    void setPresence(const Presence& presence);
    // This participant's colour (ARGB, 0xAARRGGBB), carried by every presence update from now on
    // (a Presence given to setPresence() with a colour of its own keeps that one). Re-sends the
    // current presence with it when one was set; otherwise it goes with the first setPresence().
    // nullopt: none chosen (others pick one for us).
    void setPresenceColor(std::optional<uint32_t> argb);
    std::optional<uint32_t> presenceColor() const { return presenceColor_; }

    State state() const { return state_; }
    // Operations of this room waiting for the relay's acknowledgement.
    qint64 pendingCount() const { return static_cast<qint64>(queue_.size()); }
    const QString& user() const { return user_; }
    model::Role role() const { return role_; }
    uint32_t participantNumber() const { return you_; }
    const ParticipantTable& participants() const { return participants_; }
    uint64_t epoch() const { return epoch_; }
    const Options& options() const { return options_; }
    // Why the session stopped on its own (fatal error), or empty.
    const QString& lastError() const { return lastError_; }

  signals:
    void stateChanged(framenote::sync::SyncSession::State state, qint64 pending);
    void pendingChanged(qint64 pending);
    // Others' colours are in participants().color(number), kept from their latest presence; a
    // change of one also emits participantsChanged().
    // Confirmed operations of others, a snapshot, or the rollback of a refused edit of ours
    // changed these annotations in the store.
    void remoteChanged(QList<QUuid> targets);
    void acknowledged(QUuid opId, qint64 sequence);
    void operationRefused(QUuid opId, int code, QString message);
    void presenceReceived(framenote::sync::Presence presence);
    void participantsChanged();
    // Something the user should know: a fatal error from the relay, a store failure.
    void errorOccurred(QString message);

  private:
    void connectNow();
    void onConnected();
    void onDisconnected();
    void onMessage(const QByteArray& data);
    void handle(const v1::Envelope& e, std::vector<QUuid>& changed);
    void onWelcome(const v1::Welcome& w);
    void onReplay(const v1::Replay& r, std::vector<QUuid>& changed);
    void onSnapshotPart(const v1::Snapshot& s, std::vector<QUuid>& changed);
    void onBroadcast(const v1::Broadcast& b, std::vector<QUuid>& changed);
    void onAck(const v1::Ack& a);
    void onError(const v1::Error& e, std::vector<QUuid>& changed);
    void caughtUp();
    void applyConfirmed(const v1::Operation& wire, std::vector<QUuid>& changed);
    void reloadQueue();
    void pump();
    void resendAfter(int ms);
    void sendPresenceNow();
    void sendEnvelope(const v1::Envelope& e);
    void setState(State state);
    void scheduleReconnect(int minimumMs = 0);
    void fail(const QString& message);  // fatal: stop and say why
    void storeError(const std::string& message);

    store::DraftStore& store_;
    Options options_;
    QWebSocket* socket_ = nullptr;
    QTimer* reconnectTimer_ = nullptr;
    QTimer* pingTimer_ = nullptr;
    QTimer* pumpTimer_ = nullptr;
    QTimer* presenceTimer_ = nullptr;

    State state_ = State::Offline;
    bool running_ = false;
    bool joined_ = false;  // Join sent on this connection
    bool live_ = false;    // caught up: the outbox may be sent
    int attempt_ = 0;      // reconnect attempts since the last success
    int64_t lastHeardMs_ = 0;
    QString lastError_;

    QString user_;
    model::Role role_ = model::Role::Reviewer;
    ParticipantTable participants_;
    uint32_t you_ = 0;
    uint64_t epoch_ = 0;
    int64_t lastSeen_ = 0;  // highest sequence received on this connection
    TokenBucket bucket_;

    // The snapshot being received (parts until more == false).
    struct SnapshotParts {
        uint64_t epoch = 0;
        int64_t sequence = 0;
        std::vector<v1::Annotation> annotations;
        std::vector<std::string> deleted;
    };
    std::optional<SnapshotParts> snapshot_;

    std::deque<model::Operation> queue_;  // unacknowledged, in local order
    QSet<QUuid> sent_;                    // sent on this connection
    int64_t resendAtMs_ = 0;

    std::optional<Presence> presence_;
    std::optional<uint32_t> presenceColor_;
    bool presenceDirty_ = false;
    int64_t lastPresenceMs_ = -1000000;
};

}  // namespace framenote::sync
