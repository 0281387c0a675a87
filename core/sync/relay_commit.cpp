// The relay's commit pipeline: admission of operations, group commit, acknowledgements.
#include "core/model/admission.h"
#include "core/model/id_text.h"
#include "core/sync/relay_server_impl.h"

namespace framenote::sync {

// ---- Operations --------------------------------------------------------------------------------

std::optional<std::string> RelayServer::Impl::storageQuotaRefusal(const Room& r,
                                                                  int64_t bytes) const {
    if (config.maxRoomBytes > 0 && r.storedBytes + bytes > config.maxRoomBytes)
        return "room " + r.key.toStdString() + " holds " + std::to_string(r.storedBytes) +
               " bytes, and its quota is " + std::to_string(config.maxRoomBytes);
    if (config.maxStoredBytes > 0 && storedBytes + bytes > config.maxStoredBytes)
        return "the relay holds " + std::to_string(storedBytes) + " bytes, and its quota is " +
               std::to_string(config.maxStoredBytes);
    return std::nullopt;
}

// Why an operation whose op_id is already sequence `sequence` of the room is not a true resend of
// it (another actor, or other content), or nothing when it is. The content is compared in its
// stored form; an operation compacted into a snapshot keeps only its actor to compare.
std::optional<std::string> RelayServer::Impl::resendMismatch(Room& r, const model::Operation& op,
                                                             int64_t sequence) {
    std::string storedActor, storedBytes;
    if (PendingOp* p = r.pending.value(op.opId)) {
        storedActor = p->record.actor.toStdString();
        storedBytes = p->record.payload;
    } else {
        auto page = reader->read(r.key, sequence - 1, sequence, 1);
        if (!page || page->empty() || page->front().sequence != sequence)
            return std::string("and its log record cannot be read") +
                   (page ? "" : ": " + page.error());
        storedActor = page->front().actor.toStdString();
        storedBytes = page->front().payload;
    }
    if (storedActor != op.actor.toStdString())
        return "sent by " + storedActor + ": an op_id is used once";
    if (!storedBytes.empty() && storedBytes != storedOperationBytes(op))
        return std::string(
            "with other content: a resend repeats the operation unchanged, an edit needs a new "
            "op_id");
    return std::nullopt;
}

void RelayServer::Impl::onOperation(Connection& c, const v1::Operation& wire) {
    ++metrics.operationsIn;
    const QUuid opId = *idFromBytes(wire.op_id());  // 16 bytes: checked by the codec
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
    const std::string label = model::operationLabel(op);
    if (op.mediaId != r.mediaId) {
        refuse(c, v1::ERROR_CODE_INVALID,
               label + ": media_id " + op.mediaId.toStdString() + " is not the joined room", opId);
        return;
    }
    // The actor is this connection's user, acting in its role or a lower one: edits made offline
    // (as a reviewer) by someone who now hosts as admin go through. The permission checks below
    // use the operation's role, so a lower role never gains anything.
    if (op.actor != c.user || static_cast<int>(op.actorRole) > static_cast<int>(c.role)) {
        refuse(c, v1::ERROR_CODE_FORBIDDEN,
               label + ": the actor is " + op.actor.toStdString() + " (" +
                   model::roleName(op.actorRole).toStdString() + "), but this connection is " +
                   c.user.toStdString() + " (" + model::roleName(c.role).toStdString() + ")",
               opId);
        return;
    }
    // A resend: acknowledged with the original sequence (once committed), but only a true one.
    if (auto it = r.sequences.constFind(opId); it != r.sequences.constEnd()) {
        if (std::optional<std::string> why = resendMismatch(r, op, *it)) {
            refuse(c, v1::ERROR_CODE_INVALID,
                   label + ": op_id " + model::idText(opId).toStdString() +
                       " is already sequence " + std::to_string(*it) + " of this room, " + *why,
                   opId);
            return;
        }
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
    const model::AdmissionTarget target{r.speculative.find(op.target),
                                        r.speculative.isDeleted(op.target)};
    if (std::optional<model::Refusal> no = model::admit(op, target, limits)) {
        refuse(c,
               no->code == model::Refusal::Code::Forbidden ? v1::ERROR_CODE_FORBIDDEN
                                                           : v1::ERROR_CODE_INVALID,
               no->message, opId);
        return;
    }
    if (stopping) {
        refuse(c, v1::ERROR_CODE_SHUTTING_DOWN, label + ": the relay is shutting down", opId, 1000);
        return;
    }
    std::string payload = storedOperationBytes(op);
    if (std::optional<std::string> why =
            storageQuotaRefusal(r, static_cast<int64_t>(payload.size()))) {
        refuse(c, v1::ERROR_CODE_QUOTA_EXCEEDED, label + ": " + *why, opId, 60000);
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
    p->record.payload = std::move(payload);
    r.storedBytes += static_cast<int64_t>(p->record.payload.size());
    storedBytes += static_cast<int64_t>(p->record.payload.size());
    p->wire = QByteArray::fromStdString(operationToWire(accepted, r.context).SerializeAsString());
    accumulating.push_back(std::move(p));
    scheduleCommit();
}

void RelayServer::Impl::postOnce(bool& posted, std::function<void()> work) {
    if (posted) return;
    posted = true;
    QMetaObject::invokeMethod(
        q,
        [&posted, work = std::move(work)] {
            posted = false;
            work();
        },
        Qt::QueuedConnection);
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
    std::map<QString, AckLedger::Entry> heads;  // what the acks will promise, per room
    for (const auto& p : inFlight) {
        records->push_back(p->record);
        heads[p->room->key] = AckLedger::Entry{p->room->epoch, p->record.sequence};
    }
    auto promised = std::make_shared<std::vector<std::pair<QString, AckLedger::Entry>>>(
        heads.begin(), heads.end());
    QPointer<RelayServer> owner = q;
    QMetaObject::invokeMethod(commitContext, [this, owner, log = writer.get(), records, promised] {
        QElapsedTimer timer;
        timer.start();
        Status status = log->append(*records);
        // The ledger learns what is about to be acknowledged before the acks go out. Its failure
        // does not hold the acks back (the log has the operations) but makes the relay unhealthy.
        Status remembered = status && ledger ? ledger->record(*promised) : Status(Ok{});
        const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        const size_t count = records->size();
        if (!owner) return;
        QMetaObject::invokeMethod(
            owner,
            [this, status, remembered, seconds, count] {
                onCommitted(status, seconds, count);
                if (!remembered) {
                    lastFailure = remembered.error();
                    qCWarning(lcRelay).noquote() << QString::fromStdString(remembered.error());
                }
            },
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
        qCWarning(lcRelay).noquote()
            << "log commit failed:" << QString::fromStdString(status.error());
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
        confirmedChanged(r, op);
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
            if (!p->waiters.empty() &&
                std::find(p->waiters.begin(), p->waiters.end(), m->id) != p->waiters.end())
                continue;
            enqueue(*m, piece);
        }
    }
    inFlight.clear();
    if (!accumulating.empty()) startCommit();
}

void RelayServer::Impl::failUncommitted(const std::string& why) {
    // Members learn the cause, not where the relay keeps its files (its own log names them).
    std::string cause = why;
    for (const QString& path : {writer->location(), config.dataDir})
        for (size_t at;
             !path.isEmpty() && (at = cause.find(path.toStdString())) != std::string::npos;)
            cause.replace(at, static_cast<size_t>(path.toUtf8().size()), "the room log");
    std::vector<std::shared_ptr<PendingOp>> failed = std::move(inFlight);
    failed.insert(failed.end(), accumulating.begin(), accumulating.end());
    inFlight.clear();
    accumulating.clear();
    QSet<Room*> touched;
    for (const auto& p : failed) {
        Room& r = *p->room;
        touched.insert(&r);
        r.storedBytes -= static_cast<int64_t>(p->record.payload.size());
        storedBytes -= static_cast<int64_t>(p->record.payload.size());
        r.sequences.remove(p->op.opId);
        r.pending.remove(p->op.opId);
        const std::string message = "operation " + model::idText(p->op.opId).toStdString() +
                                    " was not committed (" + cause + "); resend it later";
        const auto tell = [&](uint64_t id) {
            if (Connection* c = find(id); c && !c->closing)
                refuse(*c, v1::ERROR_CODE_INTERNAL, message, p->op.opId, 1000);
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

}  // namespace framenote::sync
