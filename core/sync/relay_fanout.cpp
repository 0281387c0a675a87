// The relay's sending side: queues, the flush window, presence and its thinning.
#include "core/model/permissions.h"
#include "core/sync/relay_server_impl.h"

namespace framenote::sync {

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
    // A shape in progress becomes a note: only a role that may create notes may show one. The
    // laser, by contrast, is everyone's (PROTOCOL.md, "Live strokes in presence").
    if (presence->drawing && !model::canCreate(c.role)) {
        refuse(c, v1::ERROR_CODE_FORBIDDEN,
               "presence.drawing: a viewer cannot draw (the laser pointer is allowed)");
        return;
    }
    // Presenting drives the others' playback: in a presenter-led room only the presenter may.
    if (presence->presenting && !mayDrive(c.room->floor, c.participant)) {
        refuse(c, v1::ERROR_CODE_FORBIDDEN,
               "presence.presenting: in a presenter-led session only the presenter (participant " +
                   std::to_string(c.room->floor.presenter) +
                   ") drives playback; ask to drive (floor_request.ask)");
        return;
    }
    presence->participant = c.participant;
    v1::Envelope e = newEnvelope();
    *e.mutable_presence() = presenceToWire(*presence);
    const QByteArray piece = innerEnvelopeBytes(e);
    const int64_t now = nowMs();
    const int64_t interval =
        config.presencePerSecond > 0 ? static_cast<int64_t>(1000.0 / config.presencePerSecond) : 0;
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
    QTimer::singleShot(static_cast<int>(interval - (now - c.lastPresenceMs)), Qt::PreciseTimer, q,
                       [this, id] {
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
void RelayServer::Impl::armFlush() {
    postOnce(flushPosted, [this] { flushDirty(false); });
}

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
        qCInfo(lcRelay).noquote() << "connection" << c.id << "(" << c.user
                                  << ") is a slow consumer:" << c.socket->unsentBytes()
                                  << "bytes unsent; dropped";
        c.queue.clear();
        c.queuedBytes = 0;
        v1::Envelope e = errorEnvelope(v1::ERROR_CODE_SLOW_CONSUMER,
                                       "send queue over " + std::to_string(config.sendQueueBytes) +
                                           " bytes: reconnect and catch up by replay");
        e.mutable_error()->set_fatal(true);
        sendNow(c, QByteArray::fromStdString(encodeEnvelope(e)));
        closeConnection(c, QWebSocketProtocol::CloseCodePolicyViolated,
                        QString::fromStdString(codeName(v1::ERROR_CODE_SLOW_CONSUMER)));
        return;
    }
    // The connection's queue trades places with an empty one that kept its capacity, so queues
    // do not regrow from nothing in every round.
    std::vector<OutPiece> pieces = std::move(spareQueue);
    pieces.swap(c.queue);
    c.queuedBytes = 0;
    c.lastFlushNs = monotonicNs();
    for (const QByteArray& message : assembleMessages(pieces, config.maxOutMessageBytes))
        sendNow(c, message);
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

}  // namespace framenote::sync
