// What the relay sends a client (sync_session_impl.h): one store transaction per message, then
// what changed goes out as signals.
#include <QWebSocket>
#include <algorithm>
#include <utility>

#include "core/store/draft_store.h"
#include "core/sync/snapshot_ops.h"
#include "core/sync/sync_session_impl.h"

namespace framenote::sync {

void SyncSession::Impl::onMessage(const QByteArray& data) {
    lastHeardMs = sessionNowMs();
    DecodeOptions limits;
    limits.maxBytes = 64u << 20;
    DecodeFailure why;
    auto envelope = decodeEnvelope(
        std::string_view(data.constData(), static_cast<size_t>(data.size())), limits, &why);
    if (!envelope) {
        qCWarning(lcSession).noquote()
            << "unreadable message from the relay:" << QString::fromStdString(envelope.error());
        if (why.code == v1::ERROR_CODE_VERSION_MISMATCH) {
            fail(QStringLiteral("the relay speaks another protocol version: %1")
                     .arg(QString::fromStdString(envelope.error())));
            return;
        }
        sendEnvelope(errorEnvelope(why.code, envelope.error()));
        return;
    }
    std::vector<QUuid> changed;
    const qint64 pendingBefore = pendingCount();
    // One store transaction for everything the message confirms; the relay holds all of it.
    Status s = store.transaction(
        [&]() -> Status {
            if (envelope->has_batch()) {
                for (const v1::Envelope& inner : envelope->batch().messages())
                    handle(inner, changed);
            } else {
                handle(*envelope, changed);
            }
            return Ok{};
        },
        store::DraftStore::Durability::RelayHeld);
    QList<model::Operation> confirmed = std::exchange(confirmedByMessage, {});
    if (!s) {
        // Nothing of the message was stored: start again from what the store holds.
        storeError("storing what the relay sent failed: " + s.error());
        q.dropConnection();
        return;
    }
    if (!confirmed.isEmpty()) emit q.confirmed(confirmed);
    if (!changed.empty()) {
        std::sort(changed.begin(), changed.end());
        changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
        emit q.remoteChanged(QList<QUuid>(changed.begin(), changed.end()));
    }
    if (pendingCount() != pendingBefore) {
        emit q.pendingChanged(pendingCount());
        if (state == State::Online) emit q.stateChanged(state, pendingCount());
    }
    if (live) pump();
}

void SyncSession::Impl::handle(const v1::Envelope& e, std::vector<QUuid>& changed) {
    using E = v1::Envelope;
    switch (e.body_case()) {
        case E::kWelcome:
            onWelcome(e.welcome());
            return;
        case E::kParticipants:
            onParticipants(e.participants());
            return;
        case E::kReplay:
            onReplay(e.replay());
            return;
        case E::kSnapshot:
            onSnapshotPart(e.snapshot(), changed);
            return;
        case E::kBroadcast:
            onBroadcast(e.broadcast());
            return;
        case E::kAck:
            onAck(e.ack());
            return;
        case E::kPresence:
            onPresence(e.presence());
            return;
        case E::kError:
            onError(e.error(), changed);
            return;
        case E::kPing: {
            v1::Envelope pong = newEnvelope();
            pong.mutable_pong()->set_nonce(e.ping().nonce());
            pong.mutable_pong()->set_ping_sent_ms(e.ping().sent_ms());
            pong.mutable_pong()->set_server_time_ms(sessionNowMs());
            sendEnvelope(pong);
            return;
        }
        default:
            return;
    }
}

void SyncSession::Impl::onWelcome(const v1::Welcome& w) {
    user = QString::fromStdString(w.user());
    role = roleFromWire(w.role(), model::Role::Reviewer).value_or(model::Role::Reviewer);
    // Stay well under the relay's bucket: presence and pings share the connection.
    const double rate = w.rate_per_second() * 0.8;
    bucket = TokenBucket(rate, std::max(1.0, w.rate_burst() * 0.5));
    auto last = store.lastConfirmedSequence(options.mediaId);
    if (!last) {
        storeError(last.error());
        return;
    }
    participants.clear();
    you = 0;
    lastSeen = *last;
    v1::Envelope e = newEnvelope();
    v1::Join* join = e.mutable_join();
    join->set_media_id(options.mediaId.toStdString());
    join->set_project(options.project.toStdString());
    join->set_last_sequence(static_cast<uint64_t>(*last));
    join->set_epoch(*last > 0 || epoch != 0 ? epoch : 0);
    join->set_frame_count(static_cast<uint64_t>(std::max<int64_t>(0, options.frameCount)));
    sendEnvelope(e);
    joined = true;
}

void SyncSession::Impl::onParticipants(const v1::Participants& p) {
    if (Status s = applyParticipants(p, participants); !s) {
        qCWarning(lcSession).noquote() << QString::fromStdString(s.error());
        return;
    }
    if (p.you()) you = p.you();
    emit q.participantsChanged(participants, you);
    // A full table without a floor comes from a relay that knows none: the room is open.
    if (!p.has_floor() && !p.full()) return;
    Floor next;
    if (p.has_floor()) {
        auto read = floorFromWire(p.floor());
        if (!read) {
            qCWarning(lcSession).noquote() << QString::fromStdString(read.error());
            return;
        }
        next = std::move(*read);
    }
    if (next == floor && !p.full()) return;  // every join tells it, changed or not
    floor = std::move(next);
    emit q.floorChanged(floor);
}

void SyncSession::Impl::onPresence(const v1::Presence& wire) {
    auto p = presenceFromWire(wire);
    if (!p) return;
    const bool recoloured = participants.setColor(p->participant, p->color);
    emit q.presenceReceived(*p);
    if (recoloured) emit q.participantsChanged(participants, you);
}

void SyncSession::Impl::applyConfirmed(const v1::Operation& wire) {
    auto op = operationFromWire(wire, RoomContext{options.mediaId, participants});
    if (!op) {
        qCWarning(lcSession).noquote()
            << "unreadable operation from the relay:" << QString::fromStdString(op.error());
        return;
    }
    lastSeen = std::max(lastSeen, op->sequence);
    const bool mine =
        queue.end() != std::find_if(queue.begin(), queue.end(),
                                    [&](const model::Operation& q) { return q.opId == op->opId; });
    if (Status s = store.applyConfirmed(*op); !s) {
        storeError(s.error());
        return;
    }
    if (mine) {
        // Confirmed by a replay (its acknowledgement was lost): it leaves the outbox.
        std::erase_if(queue, [&](const model::Operation& q) { return q.opId == op->opId; });
        emit q.acknowledged(op->opId, op->sequence);
    } else {
        confirmedByMessage.append(*op);
    }
}

void SyncSession::Impl::onReplay(const v1::Replay& r) {
    if (epoch != r.epoch()) {
        epoch = r.epoch();
        if (Status s = store.setConfirmedEpoch(options.mediaId, epoch); !s) storeError(s.error());
    }
    for (const v1::Operation& w : r.operations()) applyConfirmed(w);
    if (!r.more() && !live) caughtUp();
}

void SyncSession::Impl::onSnapshotPart(const v1::Snapshot& s, std::vector<QUuid>& changed) {
    if (!snapshot || snapshot->epoch != s.epoch() ||
        snapshot->sequence != static_cast<int64_t>(s.sequence()))
        snapshot = SnapshotParts{s.epoch(), static_cast<int64_t>(s.sequence()), {}, {}};
    for (const v1::Annotation& a : s.annotations()) snapshot->annotations.push_back(a);
    for (const std::string& id : s.deleted()) snapshot->deleted.push_back(id);
    if (s.more()) return;
    SnapshotParts parts = std::move(*snapshot);
    snapshot.reset();

    auto last = store.lastConfirmedSequence(options.mediaId);
    if (!last) {
        storeError(last.error());
        return;
    }
    if (parts.epoch == epoch && parts.sequence == *last && *last > 0) {  // nothing new after all
        if (!live) caughtUp();
        return;
    }
    SnapshotContent content;
    const RoomContext context{options.mediaId, participants};
    for (const v1::Annotation& w : parts.annotations) {
        auto a = annotationFromWire(w, context);
        if (!a) {
            qCWarning(lcSession).noquote()
                << "unreadable snapshot annotation:" << QString::fromStdString(a.error());
            continue;
        }
        content.annotations.push_back(std::move(*a));
    }
    for (const std::string& id : parts.deleted)
        if (const QUuid uuid = idFromBytes(id).value_or(QUuid()); !uuid.isNull())
            content.deleted.push_back(uuid);
    // The notes the old confirmed state showed may change or go: the UI refreshes them too.
    auto before = store.operations(options.mediaId);
    if (!before) {
        storeError(before.error());
        return;
    }
    for (const model::Operation& op : *before) changed.push_back(op.target);
    // The snapshot replaces whatever confirmed state the store held (none on a first join; an
    // older epoch's after a relay reset); the outbox stays and is resent once caught up.
    const auto rebuild = snapshotOperations(content, parts.epoch, parts.sequence, options.mediaId);
    if (Status st =
            store.replaceConfirmedState(options.mediaId, parts.epoch, rebuild, parts.sequence);
        !st) {
        fail(QStringLiteral(
                 "the relay's snapshot of room %1 (epoch %2, sequence %3) could not be stored: %4")
                 .arg(options.mediaId)
                 .arg(parts.epoch)
                 .arg(parts.sequence)
                 .arg(QString::fromStdString(st.error())));
        return;
    }
    for (const model::Operation& op : rebuild) changed.push_back(op.target);
    epoch = parts.epoch;
    lastSeen = parts.sequence;
    if (!live) caughtUp();
}

void SyncSession::Impl::onBroadcast(const v1::Broadcast& b) {
    for (const v1::Operation& w : b.operations()) {
        const int64_t sequence = static_cast<int64_t>(w.sequence());
        if (live && sequence > lastSeen + 1) {
            // A gap (it should not happen: the relay's stream is ordered): ask for what is missing.
            auto last = store.lastConfirmedSequence(options.mediaId);
            v1::Envelope e = newEnvelope();
            e.mutable_replay_request()->set_epoch(epoch);
            e.mutable_replay_request()->set_after_sequence(static_cast<uint64_t>(last ? *last : 0));
            sendEnvelope(e);
            qCInfo(lcSession) << "gap before sequence" << sequence << "; replay requested";
        }
        applyConfirmed(w);
    }
}

void SyncSession::Impl::onAck(const v1::Ack& a) {
    const QUuid opId = idFromBytes(a.op_id()).value_or(QUuid());
    const int64_t sequence = static_cast<int64_t>(a.sequence());
    lastSeen = std::max(lastSeen, sequence);
    if (Status s = store.markAcknowledged(opId, sequence); !s) {
        storeError(s.error());
        return;
    }
    std::erase_if(queue, [&](const model::Operation& q) { return q.opId == opId; });
    sent.remove(opId);
    emit q.acknowledged(opId, sequence);
}

void SyncSession::Impl::onError(const v1::Error& e, std::vector<QUuid>& changed) {
    const QUuid opId = idFromBytes(e.op_id()).value_or(QUuid());
    const QString message = QString::fromStdString(e.message());
    qCInfo(lcSession).noquote() << "relay error" << e.code() << message;
    if (e.fatal()) {
        switch (e.code()) {
            case v1::ERROR_CODE_UNAUTHENTICATED:
                fail(QStringLiteral("the relay refused the token: %1").arg(message));
                return;
            case v1::ERROR_CODE_VERSION_MISMATCH:
                fail(QStringLiteral("the relay speaks another protocol version: %1").arg(message));
                return;
            default:
                // Slow consumer, shutting down: the relay closes; reconnect (not before it asks).
                retryAfterMs = static_cast<int>(e.retry_after_ms());
                return;
        }
    }
    if (!opId.isNull()) {
        switch (e.code()) {
            case v1::ERROR_CODE_RATE_LIMITED:
            case v1::ERROR_CODE_QUOTA_EXCEEDED:  // kept: it goes out once the quota has room
            case v1::ERROR_CODE_INTERNAL:
            case v1::ERROR_CODE_SHUTTING_DOWN:
                resendAfter(e.retry_after_ms() > 0 ? static_cast<int>(e.retry_after_ms()) : 1000);
                return;
            default: {
                const auto refused =
                    std::find_if(queue.begin(), queue.end(),
                                 [&](const model::Operation& q) { return q.opId == opId; });
                if (refused == queue.end()) return;
                // Out of the outbox and out of the visible state; the history keeps it with the
                // reason.
                const QUuid target = refused->target;
                const QString reason =
                    QStringLiteral("refused by the relay (%1): %2")
                        .arg(QString::fromStdString(v1::ErrorCode_Name(e.code())), message);
                if (Status s = store.rejectPending(opId, reason); !s) {
                    storeError(s.error());
                    return;
                }
                queue.erase(refused);
                sent.remove(opId);
                changed.push_back(target);
                emit q.operationRefused(opId, e.code(), message);
                return;
            }
        }
    }
    if (e.code() == v1::ERROR_CODE_FORBIDDEN && !live) {
        fail(QStringLiteral("the relay refused to let this user into the room: %1").arg(message));
        return;
    }
    emit q.errorOccurred(QStringLiteral("relay: %1").arg(message), false);
}

void SyncSession::Impl::caughtUp() {
    live = true;
    attempt = 0;
    sent.clear();
    reloadQueue();
    setState(State::Online);
    emit q.stateChanged(state, pendingCount());
    pump();
    if (presence) {
        presenceDirty = true;
        sendPresenceNow();
    }
}

}  // namespace framenote::sync
