// DraftStore: what the relay asks of the store beyond new operations (draft_store.h "Repairs"):
// an operation it refused leaves the outbox and the fold; a snapshot after a reset replaces the
// room's confirmed state. The room's position (epoch, sequence) lives here too.
#include <QDateTime>
#include <QSet>

#include "core/common/try.h"
#include "core/model/id_text.h"
#include "core/model/validation.h"
#include "core/store/draft_store.h"
#include "core/store/stored_form.h"

namespace framenote::store {

// ---- The room's position ----

Result<uint64_t> DraftStore::confirmedEpoch(const QString& room) {
    Result<int64_t> epoch = syncStateValue("epoch", room);
    FRAMENOTE_TRY(epoch);
    return static_cast<uint64_t>(*epoch);
}

Status DraftStore::setConfirmedEpoch(const QString& room, uint64_t epoch) {
    return setSyncStateValue("epoch", room, static_cast<int64_t>(epoch));
}

// ---- Refused operations ----

Status DraftStore::rejectPending(const QUuid& opId, const QString& reason) {
    return inTransaction([&]() -> Status {
        Result<sqlite::SqliteDb::Statement> st = db_->cached(
            "SELECT sequence, dropped_reason IS NOT NULL, target FROM operations WHERE op_id = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, model::idText(opId));
        Result<bool> row = st->step();
        FRAMENOTE_TRY(row);
        if (!*row)
            return makeError(path().toStdString() + ": cannot reject operation " +
                             model::idText(opId).toStdString() + ": the store does not hold it");
        const bool confirmed = !st->isNull(0);
        const int64_t sequence = st->columnInt(0);
        const bool dropped = st->columnInt(1) != 0;
        const QUuid target = QUuid::fromString(st->columnText(2));
        st->reset();
        if (dropped) return Ok{};  // refused twice (a resend crossed the first refusal)
        if (confirmed)
            return makeError(path().toStdString() + ": cannot reject operation " +
                             model::idText(opId).toStdString() +
                             ": the relay confirmed it as sequence " + std::to_string(sequence));
        return writes([&] { return dropOperation(opId, target, reason); });
    });
}

Result<int> DraftStore::adoptPending(const QString& room, const QString& user, model::Role role) {
    int changed = 0;
    Status status = inTransaction([&]() -> Status {
        Result<std::vector<model::Operation>> pending = pendingOperations(room);
        FRAMENOTE_TRY(pending);
        QSet<QUuid> targets;
        for (model::Operation op : *pending) {
            const model::Role actorRole =
                std::min(op.actorRole, role);  // never above the session's
            if (op.actor == user && op.actorRole == actorRole) continue;
            op.actor = user;
            op.actorRole = actorRole;
            if (op.type == model::OpType::Create) {
                op.annotation.author = user;
                op.annotation.creatorRole = actorRole;
            } else if (op.type == model::OpType::Reply) {
                op.reply.author = user;
            }
            Result<sqlite::SqliteDb::Statement> update =
                db_->cached("UPDATE operations SET actor = ?2, payload = ?3 WHERE op_id = ?1");
            FRAMENOTE_TRY(update);
            update->bindText(1, model::idText(op.opId))
                .bindText(2, user)
                .bindBlob(3, encodeOperation(op));
            FRAMENOTE_TRY(writes([&] { return update->run(); }));
            targets.insert(op.target);
            ++changed;
        }
        for (const QUuid& target : targets)
            FRAMENOTE_TRY(writes([&] { return refold(target, nullptr, 0); }));
        return Ok{};
    });
    FRAMENOTE_TRY(status);
    return changed;
}

Status DraftStore::removeFromOutbox(const QUuid& opId) {
    Result<sqlite::SqliteDb::Statement> out = db_->cached("DELETE FROM outbox WHERE op_id = ?1");
    FRAMENOTE_TRY(out);
    out->bindText(1, model::idText(opId));
    return out->run();
}

Status DraftStore::dropOperation(const QUuid& opId, const QUuid& target, const QString& reason) {
    FRAMENOTE_TRY(removeFromOutbox(opId));
    Result<sqlite::SqliteDb::Statement> mark =
        db_->cached("UPDATE operations SET dropped_reason = ?2, dropped_ms = ?3 WHERE op_id = ?1");
    FRAMENOTE_TRY(mark);
    mark->bindText(1, model::idText(opId))
        .bindText(2, reason.isEmpty() ? QStringLiteral("refused") : reason)
        .bindInt(3, QDateTime::currentMSecsSinceEpoch());
    FRAMENOTE_TRY(mark->run());
    return refold(target, nullptr, 0);
}

// ---- Snapshot after a reset ----

Status DraftStore::replaceConfirmedState(const QString& room, uint64_t epoch,
                                         const std::vector<model::Operation>& snapshotOps,
                                         int64_t sequence) {
    const std::string label = path().toStdString() + ": snapshot of room " + room.toStdString() +
                              " (epoch " + std::to_string(epoch) + ", sequence " +
                              std::to_string(sequence) + ")";
    if (sequence < static_cast<int64_t>(snapshotOps.size()))
        return makeError(label + ": holds " + std::to_string(snapshotOps.size()) +
                         " operations, more than its sequence number");
    // Everything is checked before the first write (see applyLocalInTransaction).
    for (size_t i = 0; i < snapshotOps.size(); ++i) {
        const model::Operation& op = snapshotOps[i];
        const std::string which = label + ": operation " + std::to_string(i);
        if (op.mediaId != room) return makeError(which + ": belongs to another room");
        if (Status s = model::validateOperation(op); !s) return makeError(which + ": " + s.error());
    }
    return inTransaction(
        [&] { return writes([&] { return writeSnapshot(room, epoch, snapshotOps, sequence); }); });
}

Status DraftStore::writeSnapshot(const QString& room, uint64_t epoch,
                                 const std::vector<model::Operation>& snapshotOps,
                                 int64_t sequence) {
    // Every note the old or the new confirmed state touches is refolded at the end.
    QSet<QString> targets;
    {
        Result<sqlite::SqliteDb::Statement> st = db_->prepare(
            "SELECT target FROM operations WHERE room = ?1 AND dropped_reason IS NULL"
            " UNION SELECT id FROM annotations WHERE media_id = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, room);
        FRAMENOTE_TRY(st->forEachRow([&](const auto& row) { targets.insert(row.columnText(0)); }));
    }
    // The old confirmed operations leave the fold and free their sequence numbers; their
    // order keys stay, so the log still reads in the order they had.
    {
        Result<sqlite::SqliteDb::Statement> st = db_->prepare(
            "UPDATE operations SET sequence = NULL, dropped_reason = ?2, dropped_ms = ?3"
            " WHERE room = ?1 AND sequence IS NOT NULL AND dropped_reason IS NULL");
        FRAMENOTE_TRY(st);
        st->bindText(1, room)
            .bindText(2, QStringLiteral("replaced by the relay's snapshot (epoch %1, sequence %2)")
                             .arg(epoch)
                             .arg(sequence))
            .bindInt(3, QDateTime::currentMSecsSinceEpoch());
        FRAMENOTE_TRY(st->run());
    }
    // The snapshot's operations take the sequences up to `sequence`. One seen before (the same
    // snapshot again) comes back into the fold at its new place.
    Result<sqlite::SqliteDb::Statement> insert = db_->prepare(
        "INSERT INTO operations(op_id, room, sequence, local_seq, order_key, actor, time_ms, "
        "target, type, payload)"
        " VALUES (?1, ?2, ?3, NULL, ?3, ?4, ?5, ?6, ?7, ?8)"
        " ON CONFLICT(op_id) DO UPDATE SET sequence = excluded.sequence,"
        " order_key = excluded.order_key, dropped_reason = NULL, dropped_ms = NULL");
    FRAMENOTE_TRY(insert);
    int64_t next = sequence - static_cast<int64_t>(snapshotOps.size()) + 1;
    for (const model::Operation& op : snapshotOps) {
        insert->bindText(1, model::idText(op.opId))
            .bindText(2, room)
            .bindInt(3, next++)
            .bindText(4, op.actor)
            .bindInt(5, op.timeMs)
            .bindText(6, model::idText(op.target))
            .bindText(7, model::opTypeName(op.type))
            .bindBlob(8, encodeOperation(op));  // the sequence is in its column
        FRAMENOTE_TRY(insert->run());
        FRAMENOTE_TRY(removeFromOutbox(op.opId));
        targets.insert(model::idText(op.target));
    }
    for (const QString& target : targets)
        FRAMENOTE_TRY(refold(QUuid::fromString(target), nullptr, 0));
    FRAMENOTE_TRY(setLastConfirmedSequence(room, sequence));
    FRAMENOTE_TRY(setConfirmedEpoch(room, epoch));
    return setSyncStateValue("snapshot_through", room, sequence);
}

Result<int64_t> DraftStore::snapshotThrough(const QString& room) {
    return syncStateValue("snapshot_through", room);
}

// ---- The dropped operations, for the user ----

Result<std::vector<DraftStore::DroppedOperation>> DraftStore::droppedOperations(
    const QString& room) {
    Result<sqlite::SqliteDb::Statement> st = db_->cached(
        "SELECT payload, dropped_reason, dropped_ms FROM operations"
        " WHERE room = ?1 AND dropped_reason IS NOT NULL ORDER BY dropped_ms DESC, order_key DESC");
    FRAMENOTE_TRY(st);
    st->bindText(1, room);
    std::vector<DroppedOperation> list;
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) -> Status {
        Result<model::Operation> op = decodeOperation(row.columnBytes(0), 0);
        FRAMENOTE_TRY(op);
        list.push_back({std::move(op.value()), row.columnText(1), row.columnInt(2)});
        return Ok{};
    }));
    return list;
}

}  // namespace framenote::store
