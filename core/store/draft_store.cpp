#include "core/store/draft_store.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include "core/common/try.h"
#include "core/model/admission.h"
#include "core/model/annotation_state.h"
#include "core/model/id_text.h"
#include "core/model/json_codec.h"
#include "core/model/permissions.h"
#include "core/model/validation.h"
#include "core/store/schema.h"
#include "core/store/stored_form.h"
#include "core/store/stored_json.h"

namespace framenote::store {

DraftStore::DraftStore(std::unique_ptr<sqlite::SqliteDb> db)
    : db_(std::move(db)), table_(*db_), queries_(*db_, table_), search_(*db_) {}

DraftStore::~DraftStore() = default;

Result<std::unique_ptr<DraftStore>> DraftStore::open(const QString& path, const Options& options) {
    sqlite::SqliteDb::Options dbOptions;
    dbOptions.busyTimeoutMs = options.busyTimeoutMs;
    Result<std::unique_ptr<sqlite::SqliteDb>> db = sqlite::SqliteDb::open(path, dbOptions);
    FRAMENOTE_TRY(db);
    sqlite::SqliteDb& conn = **db;

    // Reading the journal mode reads the header: a file that is not a database fails here.
    Result<sqlite::SqliteDb::Statement> wal = conn.prepare("PRAGMA journal_mode = WAL");
    FRAMENOTE_TRY(wal);
    Result<bool> row = wal->step();
    FRAMENOTE_TRY(row);
    const QString mode = *row ? wal->columnText(0) : QString();
    wal->reset();
    if (mode.compare("wal", Qt::CaseInsensitive) != 0)
        return makeError(path.toStdString() +
                         ": cannot use write-ahead logging (journal mode is '" +
                         mode.toStdString() + "')");
    // FULL: a commit is on disk when it returns, so an edit survives a power cut too, not
    // only a crash. Edits are small and rare next to the cost of losing one.
    FRAMENOTE_TRY(conn.exec(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA cache_size = -65536"));
    if (options.maxPageCount > 0)
        FRAMENOTE_TRY(conn.exec("PRAGMA max_page_count = " + std::to_string(options.maxPageCount)));
    FRAMENOTE_TRY(Schema::migrate(conn));
    // Statement journals in memory. Inside a transaction, every statement that may fail half
    // way (an insert into a table with unique indexes, an R*Tree or FTS5 write) saves the pages
    // it touches first; by default that journal spills to a temporary file past 64 KiB and
    // stays a file for the rest of the transaction, so a bulk import wrote about 30 kB per note
    // to /var/tmp (600 MB for 20,000 notes). Set after the migration, whose one-statement
    // rewrites of whole tables may well spill to a file.
    FRAMENOTE_TRY(conn.exec("PRAGMA temp_store = MEMORY"));
    // Reads through a memory map (SQLite caps it at 2 GiB here) instead of a pread and a copy
    // per page: frame and range queries visit one random page per note they return, and at a
    // million notes the file is far larger than the page cache. Writes still go through the
    // WAL as before. Measured on a 1M-note store: range query p50 146 -> 100 us, p99 1.5 ->
    // 0.9 ms. The price is that an I/O error while reading becomes SIGBUS instead of an error.
    FRAMENOTE_TRY(conn.exec("PRAGMA mmap_size = 2147483648"));
    std::unique_ptr<DraftStore> store(new DraftStore(std::move(db.value())));
    if (options.backgroundCheckpoints) {
        // Checked every second: at a busy room's 100 edits a second the WAL stays a few MiB.
        constexpr int kCheckpointIntervalMs = 1000;
        FRAMENOTE_TRY(store->db_->exec("PRAGMA wal_autocheckpoint = 0"));
        store->checkpointer_ = std::make_unique<sqlite::WalCheckpointer>();
        FRAMENOTE_TRY(store->checkpointer_->start(path, kCheckpointIntervalMs,
                                                  QStringLiteral("store-checkpoint"),
                                                  options.busyTimeoutMs));
    }
    return store;
}

// ---- Transactions ----

Status DraftStore::inTransaction(const std::function<Status()>& body) {
    if (inCallerTransaction_) return body();
    Result<sqlite::SqliteDb::Transaction> tx = db_->begin();
    FRAMENOTE_TRY(tx);
    FRAMENOTE_TRY(body());  // the transaction's destructor rolls back
    return tx->commit();
}

Status DraftStore::writes(const std::function<Status()>& body) {
    Status s = body();
    // Half of an edit may be written: the caller's transaction must not commit it.
    if (!s && inCallerTransaction_ && !poisoned_) poisoned_ = s.error();
    return s;
}

Status DraftStore::relayHeld(const std::function<Status()>& commit) {
    FRAMENOTE_TRY(db_->exec("PRAGMA synchronous = NORMAL"));
    Status done = commit();
    if (Status full = db_->exec("PRAGMA synchronous = FULL"); !full && done) return full;
    return done;
}

Status DraftStore::transaction(const std::function<Status()>& body, Durability durability) {
    if (durability == Durability::RelayHeld && !inCallerTransaction_)
        return relayHeld([&] { return transaction(body, Durability::Local); });
    if (inCallerTransaction_) return makeError(path().toStdString() + ": transactions do not nest");
    Result<sqlite::SqliteDb::Transaction> tx = db_->begin();
    FRAMENOTE_TRY(tx);
    // No savepoint per edit inside: FTS5 flushes its pending index data at every savepoint,
    // which made bulk writes several times slower. Edits check everything before writing
    // instead, and a failure after the first write poisons the transaction (writes()).
    inCallerTransaction_ = true;
    poisoned_.reset();
    Status s = body();
    inCallerTransaction_ = false;
    if (!s) return s;
    if (poisoned_) return makeError(*poisoned_ + " (the whole transaction was rolled back)");
    return tx->commit();
}

// ---- Local edits ----

Status DraftStore::applyLocal(const model::Operation& op) {
    return inTransaction([&] { return applyLocalInTransaction(op); });
}

Status DraftStore::checkLocal(const model::Operation& op) {
    const std::string label = model::operationLabel(op);
    model::Limits limits;
    {
        Result<sqlite::SqliteDb::Statement> st =
            db_->cached("SELECT frame_count FROM media WHERE media_id = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, op.mediaId);
        Result<bool> row = st->step();
        FRAMENOTE_TRY(row);
        if (*row && st->columnInt(0) > 0) limits.frameCount = st->columnInt(0);
    }
    if (op.mediaId.isEmpty()) return makeError(label + ": media_id: missing");
    std::optional<model::Annotation> current;
    if (op.type == model::OpType::Create) {
        Result<bool> exists = table_.exists(op.target);
        FRAMENOTE_TRY(exists);
        if (*exists) current = op.annotation;  // only its existence matters to admit()
    } else {
        Result<std::optional<model::Annotation>> found = table_.find(op.target);
        FRAMENOTE_TRY(found);
        current = std::move(*found);
    }
    // A deleted note is gone from the table: an edit of it is refused as of a missing one.
    const model::AdmissionTarget target{current ? &*current : nullptr, false};
    if (std::optional<model::Refusal> no = model::admit(op, target, limits))
        return makeError(no->message);
    return Ok{};
}

Status DraftStore::applyLocalInTransaction(const model::Operation& input) {
    // Everything is checked before the first write, so a refused edit leaves no trace even
    // inside a caller's transaction.
    {
        Result<sqlite::SqliteDb::Statement> st =
            db_->cached("SELECT 1 FROM operations WHERE op_id = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, model::idText(input.opId));
        Result<bool> known = st->step();
        FRAMENOTE_TRY(known);
        if (*known) return Ok{};  // idempotent by op_id
    }
    FRAMENOTE_TRY(checkLocal(input));
    return writes([&] { return writeLocal(input); });
}

Status DraftStore::writeLocal(const model::Operation& input) {
    Result<int64_t> order = logLocal(input);
    FRAMENOTE_TRY(order);
    model::Operation op = input;
    op.sequence = 0;  // pending
    return refold(op.target, &op, *order);
}

Result<int64_t> DraftStore::logLocal(const model::Operation& input) {
    model::Operation op = input;
    op.sequence = 0;
    const QString opId = model::idText(op.opId);

    // The outbox row comes first: its AUTOINCREMENT key is the local order, never reused
    // (the foreign key to operations is deferred to the commit).
    Result<sqlite::SqliteDb::Statement> outbox =
        db_->cached("INSERT INTO outbox(op_id, room) VALUES (?1, ?2)");
    FRAMENOTE_TRY(outbox);
    outbox->bindText(1, opId).bindText(2, op.mediaId);
    FRAMENOTE_TRY(outbox->run());
    const int64_t localSeq = db_->lastInsertRowId();

    Result<sqlite::SqliteDb::Statement> insert = db_->cached(
        "INSERT INTO operations(op_id, room, sequence, local_seq, order_key, actor, time_ms, "
        "target, type, payload)"
        " VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    FRAMENOTE_TRY(insert);
    insert->bindText(1, opId)
        .bindText(2, op.mediaId)
        .bindInt(3, localSeq)
        .bindInt(4, kPendingOrderBase + localSeq)
        .bindText(5, op.actor)
        .bindInt(6, op.timeMs)
        .bindText(7, model::idText(op.target))
        .bindText(8, model::opTypeName(op.type))
        .bindBlob(9, encodeOperation(op));
    FRAMENOTE_TRY(insert->run());
    return kPendingOrderBase + localSeq;
}

// ---- Confirmed operations ----

Status DraftStore::checkSequenceFree(const QUuid& opId, const QString& room, int64_t sequence) {
    Result<sqlite::SqliteDb::Statement> st =
        db_->cached("SELECT op_id FROM operations WHERE room = ?1 AND sequence = ?2");
    FRAMENOTE_TRY(st);
    st->bindText(1, room).bindInt(2, sequence);
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    if (*row && st->columnText(0) != model::idText(opId))
        return makeError(path().toStdString() + ": sequence " + std::to_string(sequence) +
                         " of room " + room.toStdString() + " already belongs to operation " +
                         st->columnText(0).toStdString() + ", not " +
                         model::idText(opId).toStdString());
    return Ok{};
}

Status DraftStore::confirm(const QUuid& opId, int64_t sequence, const QString& room,
                           const QUuid& target) {
    FRAMENOTE_TRY(checkSequenceFree(opId, room, sequence));
    return writes([&] { return writeConfirmation(opId, sequence, room, target); });
}

Status DraftStore::writeConfirmation(const QUuid& opId, int64_t sequence, const QString& room,
                                     const QUuid& target) {
    int64_t oldKey = 0;
    bool wasDropped = false;  // the relay confirmed what it had refused, or a snapshot returns
    {
        Result<sqlite::SqliteDb::Statement> st = db_->cached(
            "SELECT order_key, dropped_reason IS NOT NULL FROM operations WHERE op_id = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, model::idText(opId));
        Result<bool> row = st->step();
        FRAMENOTE_TRY(row);
        oldKey = st->columnInt(0);
        wasDropped = st->columnInt(1) != 0;
    }
    Result<sqlite::SqliteDb::Statement> update = db_->cached(
        "UPDATE operations SET sequence = ?2, order_key = ?2, dropped_reason = NULL,"
        " dropped_ms = NULL WHERE op_id = ?1");
    FRAMENOTE_TRY(update);
    update->bindText(1, model::idText(opId)).bindInt(2, sequence);
    FRAMENOTE_TRY(update->run());
    FRAMENOTE_TRY(removeFromOutbox(opId));
    // Its order moved from "after everything" to its sequence. The merge depends only on the
    // relative order of the note's operations: unless another one lies in between, nothing
    // changes (the usual case: our edit confirmed as the newest).
    Result<sqlite::SqliteDb::Statement> between = db_->cached(
        "SELECT 1 FROM operations WHERE target = ?1 AND order_key > ?2 AND order_key < ?3 LIMIT 1");
    FRAMENOTE_TRY(between);
    between->bindText(1, model::idText(target))
        .bindInt(2, std::min(sequence, oldKey))
        .bindInt(3, std::max(sequence, oldKey));
    Result<bool> crossed = between->step();
    FRAMENOTE_TRY(crossed);
    between->reset();
    if (*crossed || wasDropped) FRAMENOTE_TRY(refold(target, nullptr, 0));
    return advanceConfirmed(room);
}

Status DraftStore::applyConfirmed(const model::Operation& input) {
    const std::string label = model::operationLabel(input);
    if (input.sequence <= 0)
        return makeError(label + ": a confirmed operation needs the relay's sequence number");
    // The relay checked permissions; the shape is checked again so nothing unreadable is stored.
    if (Status s = model::validateOperation(input); !s) return makeError(label + ": " + s.error());
    if (input.mediaId.isEmpty()) return makeError(label + ": media_id: missing");

    // The relay holds a confirmed operation: should a power cut take this commit (and the room's
    // sequence, written in the same transaction), the next join fetches it again. So it commits
    // without waiting for the disk (WAL, synchronous NORMAL), and the next local edit's commit,
    // FULL again, syncs it with its own (docs/ARCHITECTURE.md, "Storage").
    if (inCallerTransaction_) return applyConfirmedInTransaction(input);
    return relayHeld([&] { return applyConfirmedInTransaction(input); });
}

Status DraftStore::applyConfirmedInTransaction(const model::Operation& input) {
    return inTransaction([&]() -> Status {
        Result<sqlite::SqliteDb::Statement> st =
            db_->cached("SELECT sequence FROM operations WHERE op_id = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, model::idText(input.opId));
        Result<bool> row = st->step();
        FRAMENOTE_TRY(row);
        if (*row) {
            const bool pending = st->isNull(0);
            st->reset();
            if (!pending) return Ok{};  // a replay of what we have: the first confirmation stands
            return confirm(input.opId, input.sequence, input.mediaId, input.target);
        }
        st->reset();
        FRAMENOTE_TRY(checkSequenceFree(input.opId, input.mediaId, input.sequence));
        return writes([&] { return writeConfirmed(input); });
    });
}

Status DraftStore::writeConfirmed(const model::Operation& input) {
    Result<sqlite::SqliteDb::Statement> insert = db_->cached(
        "INSERT INTO operations(op_id, room, sequence, local_seq, order_key, actor, time_ms, "
        "target, type, payload)"
        " VALUES (?1, ?2, ?3, NULL, ?3, ?4, ?5, ?6, ?7, ?8)");
    FRAMENOTE_TRY(insert);
    insert->bindText(1, model::idText(input.opId))
        .bindText(2, input.mediaId)
        .bindInt(3, input.sequence)
        .bindText(4, input.actor)
        .bindInt(5, input.timeMs)
        .bindText(6, model::idText(input.target))
        .bindText(7, model::opTypeName(input.type))
        .bindBlob(8, encodeOperation(input));  // the sequence is in its column
    FRAMENOTE_TRY(insert->run());
    FRAMENOTE_TRY(refold(input.target, &input, input.sequence));
    return advanceConfirmed(input.mediaId);
}

Status DraftStore::markAcknowledged(const QUuid& opId, int64_t sequence) {
    if (sequence <= 0)
        return makeError("acknowledgement of operation " + model::idText(opId).toStdString() +
                         ": sequence must be positive");
    return inTransaction([&]() -> Status {
        Result<sqlite::SqliteDb::Statement> st =
            db_->cached("SELECT sequence, target, room FROM operations WHERE op_id = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, model::idText(opId));
        Result<bool> row = st->step();
        FRAMENOTE_TRY(row);
        if (!*row)
            return makeError(path().toStdString() + ": acknowledgement of unknown operation " +
                             model::idText(opId).toStdString());
        const bool pending = st->isNull(0);
        const int64_t existing = st->columnInt(0);
        const QUuid target = QUuid::fromString(st->columnText(1));
        const QString room = st->columnText(2);
        st->reset();
        if (!pending) {
            if (existing == sequence) return Ok{};
            return makeError(path().toStdString() + ": operation " +
                             model::idText(opId).toStdString() + " was confirmed as sequence " +
                             std::to_string(existing) + ", not " + std::to_string(sequence));
        }
        Result<int64_t> snapshot = snapshotThrough(room);
        FRAMENOTE_TRY(snapshot);
        if (sequence <= *snapshot)
            return writes([&] {
                return dropOperation(
                    opId, target,
                    QStringLiteral("confirmed by the relay as sequence %1, already part of its "
                                   "snapshot (through sequence %2)")
                        .arg(sequence)
                        .arg(*snapshot));
            });
        return confirm(opId, sequence, room, target);
    });
}

Status DraftStore::advanceConfirmed(const QString& room) {
    Result<int64_t> last = lastConfirmedSequence(room);
    FRAMENOTE_TRY(last);
    int64_t next = *last;
    for (;;) {
        Result<sqlite::SqliteDb::Statement> st =
            db_->cached("SELECT 1 FROM operations WHERE room = ?1 AND sequence = ?2");
        FRAMENOTE_TRY(st);
        st->bindText(1, room).bindInt(2, next + 1);
        Result<bool> row = st->step();
        FRAMENOTE_TRY(row);
        if (!*row) break;
        ++next;
    }
    if (next == *last) return Ok{};
    return setLastConfirmedSequence(room, next);
}

// ---- The fold ----

Result<model::Operation> DraftStore::decodeOperation(QByteArrayView payload,
                                                     int64_t sequence) const {
    return store::decodeOperation(payload, sequence, path());
}

namespace {

// A state holding exactly `a` as the fold of earlier operations: a create, then its replies one
// by one so their order stays, all at order keys below every real one. Valid for applying an
// operation that comes after every other operation of the note (refold's fast path).
model::AnnotationState seededWith(const model::Annotation& a) {
    model::AnnotationState state;
    int64_t order = INT64_MIN + 1;
    uint synthetic = 0;
    const auto syntheticId = [&synthetic] {
        return QUuid(++synthetic, 0xf5ee, 0xd000, 0, 0, 0, 0, 0, 0, 0, 0);
    };
    model::Operation create;
    create.opId = syntheticId();
    create.type = model::OpType::Create;
    create.mediaId = a.mediaId;
    create.target = a.id;
    create.annotation = a;
    create.annotation.replies.clear();
    state.apply(create, order++);
    for (const model::Reply& reply : a.replies) {
        model::Operation op;
        op.opId = syntheticId();
        op.type = model::OpType::Reply;
        op.mediaId = a.mediaId;
        op.target = a.id;
        op.reply = reply;
        op.timeMs = 0;  // no bump: updated_ms is already the annotation's own
        state.apply(op, order++);
    }
    return state;
}

}  // namespace

Status DraftStore::writeFold(const model::AnnotationState& state, const QUuid& target) {
    if (const model::Annotation* a = state.find(target)) return table_.write(*a);
    if (state.isDeleted(target)) return table_.markDeleted(target);
    // No create in the fold: updates that arrived before their create (no row yet), or the
    // create left the fold (refused, replaced by a snapshot) and the row must go with it.
    return table_.erase(target);
}

Status DraftStore::refold(const QUuid& target, const model::Operation* fresh, int64_t freshOrder) {
    if (fresh) {
        // Fast paths, so a note edited a thousand times costs no more per edit than a new one.
        Result<sqlite::SqliteDb::Statement> st = db_->cached(
            "SELECT max(order_key) FROM operations WHERE target = ?1 AND op_id <> ?2"
            " AND dropped_reason IS NULL");
        FRAMENOTE_TRY(st);
        st->bindText(1, model::idText(target)).bindText(2, model::idText(fresh->opId));
        Result<bool> row = st->step();
        FRAMENOTE_TRY(row);
        const bool alone = st->isNull(0);
        const int64_t before = st->columnInt(0);
        st->reset();
        if (alone) {  // a new note: its create is all there is
            model::AnnotationState state;
            state.apply(*fresh, freshOrder);
            return writeFold(state, target);
        }
        if (before < freshOrder) {  // on top of everything: the stored row is the fold so far
            Result<std::optional<AnnotationTable::Row>> current = table_.findRow(target);
            FRAMENOTE_TRY(current);
            if (*current && (*current)->deleted) return Ok{};  // delete wins over what follows
            if (*current) {
                model::AnnotationState state = seededWith((*current)->annotation);
                state.apply(*fresh, freshOrder);
                return writeFold(state, target);
            }
        }
    }
    struct Row {
        QString opId;
        QByteArray payload;
        int64_t orderKey;
        int64_t sequence;
    };
    std::vector<Row> rows;
    {
        Result<sqlite::SqliteDb::Statement> st = db_->cached(
            "SELECT op_id, payload, order_key, sequence FROM operations"
            " WHERE target = ?1 AND dropped_reason IS NULL ORDER BY order_key");
        FRAMENOTE_TRY(st);
        st->bindText(1, model::idText(target));
        FRAMENOTE_TRY(st->forEachRow([&](const auto& row) {
            rows.push_back({row.columnText(0), row.columnBlob(1), row.columnInt(2),
                            row.isNull(3) ? 0 : row.columnInt(3)});
        }));
    }
    const QString freshId = fresh ? model::idText(fresh->opId) : QString();
    model::AnnotationState state;
    for (const Row& row : rows) {
        if (fresh && row.opId == freshId) {
            state.apply(*fresh, row.orderKey);
            continue;
        }
        Result<model::Operation> op = decodeOperation(row.payload, row.sequence);
        FRAMENOTE_TRY(op);
        state.apply(*op, row.orderKey);
    }
    return writeFold(state, target);
}

// ---- Sync bookkeeping ----

Result<std::vector<model::Operation>> DraftStore::pendingOperations(const QString& room) {
    Result<sqlite::SqliteDb::Statement> st = db_->cached(
        "SELECT o.payload FROM outbox b JOIN operations o ON o.op_id = b.op_id"
        " WHERE b.room = ?1 ORDER BY b.local_seq");
    FRAMENOTE_TRY(st);
    st->bindText(1, room);
    std::vector<model::Operation> ops;
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) -> Status {
        Result<model::Operation> op = decodeOperation(row.columnBytes(0), 0);
        FRAMENOTE_TRY(op);
        // Edits saved before text was sanitized on input would be refused by the relay now. Should
        // an older relay have logged one and its acknowledgement been lost, the resend is
        // deduplicated by op_id and the relay keeps its copy: the two differ only in escaping,
        // which every reader sanitizes again.
        model::sanitizeTexts(*op);
        ops.push_back(std::move(op.value()));
        return Ok{};
    }));
    return ops;
}

Result<int64_t> DraftStore::pendingCount() { return db_->queryInt("SELECT count(*) FROM outbox"); }

Result<int64_t> DraftStore::pendingCount(const QString& room) {
    Result<sqlite::SqliteDb::Statement> st =
        db_->cached("SELECT count(*) FROM outbox WHERE room = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, room);
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    return *row ? st->columnInt(0) : int64_t{0};
}

Result<bool> DraftStore::everShared(const QString& room) {
    // A relay confirmed something of the room, or named its epoch: it has been shared.
    Result<sqlite::SqliteDb::Statement> st =
        db_->cached("SELECT 1 FROM sync_state WHERE room = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, room);
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    st->reset();
    return *row;
}

Result<bool> DraftStore::isPending(const QUuid& opId) {
    Result<sqlite::SqliteDb::Statement> st = db_->cached("SELECT 1 FROM outbox WHERE op_id = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, model::idText(opId));
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    st->reset();
    return *row;
}

Result<int64_t> DraftStore::syncStateValue(const char* column, const QString& room) {
    const std::string sql = std::string("SELECT ") + column + " FROM sync_state WHERE room = ?1";
    Result<sqlite::SqliteDb::Statement> st = db_->cached(sql.c_str());
    FRAMENOTE_TRY(st);
    st->bindText(1, room);
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    return *row ? st->columnInt(0) : int64_t{0};
}

Status DraftStore::setSyncStateValue(const char* column, const QString& room, int64_t value) {
    const std::string sql = std::string("INSERT INTO sync_state(room, ") + column +
                            ") VALUES (?1, ?2) ON CONFLICT(room) DO UPDATE SET " + column +
                            " = excluded." + column;
    Result<sqlite::SqliteDb::Statement> st = db_->cached(sql.c_str());
    FRAMENOTE_TRY(st);
    st->bindText(1, room).bindInt(2, value);
    return st->run();
}

Result<int64_t> DraftStore::lastConfirmedSequence(const QString& room) {
    return syncStateValue("last_confirmed_sequence", room);
}

Status DraftStore::setLastConfirmedSequence(const QString& room, int64_t sequence) {
    return setSyncStateValue("last_confirmed_sequence", room, sequence);
}

// ---- Reading ----

Result<std::optional<model::Annotation>> DraftStore::annotation(const QUuid& id) {
    return table_.find(id);
}

Result<bool> DraftStore::annotationExists(const QUuid& id) { return table_.exists(id); }

Result<std::optional<model::Operation>> DraftStore::operation(const QUuid& opId) {
    Result<sqlite::SqliteDb::Statement> st =
        db_->cached("SELECT payload, sequence FROM operations WHERE op_id = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, model::idText(opId));
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    if (!*row) return std::optional<model::Operation>();
    Result<model::Operation> op =
        decodeOperation(st->columnBytes(0), st->isNull(1) ? 0 : st->columnInt(1));
    FRAMENOTE_TRY(op);
    return std::optional<model::Operation>(std::move(op.value()));
}

Result<std::vector<model::Operation>> DraftStore::operations(const QString& room) {
    Result<std::vector<LoggedOperation>> logged = loggedOperations(room);
    FRAMENOTE_TRY(logged);
    std::vector<model::Operation> ops;
    ops.reserve(logged->size());
    for (LoggedOperation& entry : *logged) ops.push_back(std::move(entry.op));
    return ops;
}

Result<std::vector<DraftStore::LoggedOperation>> DraftStore::loggedOperations(const QString& room) {
    Result<sqlite::SqliteDb::Statement> st = db_->cached(
        "SELECT payload, sequence, order_key FROM operations WHERE room = ?1"
        " AND dropped_reason IS NULL ORDER BY order_key");
    FRAMENOTE_TRY(st);
    st->bindText(1, room);
    std::vector<LoggedOperation> ops;
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) -> Status {
        Result<model::Operation> op =
            decodeOperation(row.columnBytes(0), row.isNull(1) ? 0 : row.columnInt(1));
        FRAMENOTE_TRY(op);
        ops.push_back({std::move(op.value()), row.columnInt(2)});
        return Ok{};
    }));
    return ops;
}

// ---- Media ----

Status DraftStore::upsertMedia(const MediaRecord& m) {
    if (m.mediaId.isEmpty()) return makeError("media: media_id missing");
    Result<sqlite::SqliteDb::Statement> st = db_->cached(
        "INSERT INTO media(media_id, path_hints, probe, frame_count, frame_index, updated_ms)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        " ON CONFLICT(media_id) DO UPDATE SET path_hints = excluded.path_hints, probe = "
        "excluded.probe,"
        " frame_count = excluded.frame_count, frame_index = excluded.frame_index,"
        " updated_ms = excluded.updated_ms");
    FRAMENOTE_TRY(st);
    st->bindText(1, m.mediaId)
        .bindText(2, QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(m.pathHints))
                                           .toJson(QJsonDocument::Compact)))
        .bindText(3, compactJson(m.probe))
        .bindInt(4, m.frameCount)
        .bindInt(6, m.updatedMs ? m.updatedMs : QDateTime::currentMSecsSinceEpoch());
    if (m.frameIndex.isEmpty())
        st->bindNull(5);
    else
        st->bindBlob(5, m.frameIndex);
    return st->run();
}

Result<std::optional<MediaRecord>> DraftStore::media(const QString& mediaId) {
    Result<sqlite::SqliteDb::Statement> st = db_->cached(
        "SELECT path_hints, probe, frame_count, frame_index, updated_ms FROM media WHERE media_id "
        "= ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, mediaId);
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    if (!*row) return std::optional<MediaRecord>();
    MediaRecord m;
    m.mediaId = mediaId;
    const QJsonDocument hints = QJsonDocument::fromJson(st->columnText(0).toUtf8());
    for (const QJsonValue& hint : hints.array()) m.pathHints.append(hint.toString());
    m.probe = QJsonDocument::fromJson(st->columnText(1).toUtf8()).object();
    m.frameCount = st->columnInt(2);
    m.frameIndex = st->isNull(3) ? QByteArray() : st->columnBlob(3);
    m.updatedMs = st->columnInt(4);
    return std::optional<MediaRecord>(std::move(m));
}

// ---- Maintenance ----

Status DraftStore::checkIntegrity() {
    const std::string file = path().toStdString();
    {
        Result<sqlite::SqliteDb::Statement> st = db_->prepare("PRAGMA integrity_check");
        FRAMENOTE_TRY(st);
        QStringList problems;
        FRAMENOTE_TRY(st->forEachRow([&](const auto& row) {
            if (row.columnText(0) != "ok") problems.append(row.columnText(0));
        }));
        if (!problems.isEmpty())
            return makeError(file +
                             ": integrity check failed: " + problems.join("; ").toStdString());
    }
    Result<int64_t> orphans = db_->queryInt("SELECT count(*) FROM pragma_foreign_key_check");
    FRAMENOTE_TRY(orphans);
    if (*orphans > 0)
        return makeError(file + ": " + std::to_string(*orphans) + " rows break a foreign key");
    for (const char* fts : {"search_trigram", "search_unigram"}) {
        const std::string sql =
            std::string("INSERT INTO ") + fts + "(" + fts + ") VALUES ('integrity-check')";
        if (Status s = db_->exec(sql); !s) return makeError(s.error() + " (" + fts + ")");
    }
    return Ok{};
}

}  // namespace framenote::store
