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
// store (the store thread). Construct it there, or construct it and moveToThread() it before
// start(); call its methods on that thread (queued invocations from the UI). Its signals carry
// everything as values, so that a receiver on another thread connects to them directly (queued)
// and never calls back into the session (docs/ARCHITECTURE.md, "Threads").
//
// The wire types stay behind the private implementation (sync_session_impl.h): this header
// does not bring the generated protobuf headers to its users.
#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <QUuid>
#include <memory>
#include <optional>

#include "core/common/result.h"
#include "core/model/operation.h"
#include "core/sync/floor.h"
#include "core/sync/participant_table.h"
#include "core/sync/presence.h"

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
    std::optional<uint32_t> presenceColor() const;
    // Asks the relay to change who drives playback (docs/PROTOCOL.md, "Presenter-led sessions");
    // the answer is a floorChanged() or an errorOccurred(). Offline: errorOccurred at once.
    void requestFloor(const FloorChange& change);
    // The room's floor as the relay last announced it (open until it says otherwise). While it
    // is presenter-led and another participant presents, presence goes out without presenting.
    const Floor& floor() const;

    State state() const;
    // Operations of this room waiting for the relay's acknowledgement.
    qint64 pendingCount() const;
    const QString& user() const;
    model::Role role() const;
    uint32_t participantNumber() const;
    const ParticipantTable& participants() const;
    uint64_t epoch() const;
    const Options& options() const;
    // Why the session stopped on its own (fatal error), or empty.
    const QString& lastError() const;

  signals:
    void stateChanged(framenote::sync::SyncSession::State state, qint64 pending);
    void pendingChanged(qint64 pending);
    // Others' operations the relay confirmed, stored, in sequence order: a receiver holding the
    // fold of the confirmed log applies them on top (ReviewSession::applyConfirmed).
    void confirmed(QList<framenote::model::Operation> ops);
    // A snapshot or the rollback of a refused edit of ours rewrote these annotations in the
    // store: read them again.
    void remoteChanged(QList<QUuid> targets);
    void acknowledged(QUuid opId, qint64 sequence);
    void operationRefused(QUuid opId, int code, QString message);
    void presenceReceived(framenote::sync::Presence presence);
    // The room's participants as the relay announced them, with the colours of their latest
    // presence (participants().color(number)), and which of them is this session (0: not known
    // yet). Emitted on every announcement and when someone's colour changes.
    void participantsChanged(framenote::sync::ParticipantTable participants, quint32 you);
    // The room's floor changed (and on every join).
    void floorChanged(framenote::sync::Floor floor);
    // Something the user should know: a fatal error from the relay (`fatal`: the session has
    // stopped, lastError() says why), a store failure, a refusal of the relay.
    void errorOccurred(QString message, bool fatal);

  private:
    struct Impl;
    std::unique_ptr<Impl> d_;
};

}  // namespace framenote::sync
