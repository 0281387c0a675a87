#pragma once
// The local draft store: one SQLite file per user profile (docs/USER_GUIDE.md, "Nothing is
// lost"). Every local edit is committed with its operation and its outbox entry in one
// transaction before the caller treats it as done; operations from the relay are merged in by
// sequence; the operation log is kept as history and audit trail.
//
// State: the annotations table always holds the fold of the operations table (those not dropped:
// refused by the relay, or replaced by its snapshot; see "Repairs" below) under the merge
// rule of model::AnnotationState (per-field last writer wins by order key, delete wins, updates
// of a deleted note are dropped). Confirmed operations are ordered by their relay sequence;
// pending ones after every confirmed one, in local order (the rebase of docs/PROTOCOL.md, "The
// merge rule"). Whenever an operation arrives or its order changes (an acknowledgement), its
// annotation is re-folded from that annotation's operations, so arrival order never matters. Common
// cases skip the full fold: a new note, an operation after all others of its note (applied on top
// of the stored state), an acknowledgement that does not reorder anything.
//
// Rooms: one per media (docs/PROTOCOL.md, "Rooms: join, snapshot, replay"), so an operation's room
// is its media_id.
//
// One DraftStore is one SQLite connection and belongs to one thread (the store thread). Several
// processes may open the same file; SQLite's locking (WAL, busy timeout) arbitrates.
#include <QString>
#include <QUuid>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/model/annotation_state.h"
#include "core/model/operation.h"
#include "core/sqlite/sqlite_db.h"
#include "core/sqlite/wal_checkpointer.h"
#include "core/store/annotation_queries.h"
#include "core/store/annotation_table.h"
#include "core/store/import_options.h"
#include "core/store/media_record.h"
#include "core/store/text_search.h"

namespace framenote::store {

class DraftStore {
  public:
    struct Options {
        // How long a write waits for another connection's lock before failing with
        // "database is locked".
        int busyTimeoutMs = 5000;
        // Caps the file at this many pages (0: no cap): a quota, and how a full disk is
        // simulated where a small filesystem cannot be mounted.
        int64_t maxPageCount = 0;
        // Checkpoint the WAL on a thread and connection of its own instead of inside commits
        // (core/sqlite/wal_checkpointer.h): the app's store, where a commit that happens to
        // checkpoint stalls the store thread for milliseconds.
        bool backgroundCheckpoints = false;
    };

    // Order keys of pending operations: above every relay sequence, in local order.
    static constexpr int64_t kPendingOrderBase = int64_t{1} << 62;

    // Opens or creates the file, switches on WAL, foreign keys and the busy timeout, and brings
    // the schema up to date. Refuses files that are not Framenote stores, are corrupt, or come
    // from a newer Framenote.
    static Result<std::unique_ptr<DraftStore>> open(const QString& path, const Options& options);
    static Result<std::unique_ptr<DraftStore>> open(const QString& path) {
        return open(path, Options{});
    }
    ~DraftStore();
    DraftStore(const DraftStore&) = delete;
    DraftStore& operator=(const DraftStore&) = delete;

    const QString& path() const { return db_->path(); }

    // ---- Edits ----

    // A user's edit: validated (shape, frames within the media when its frame count is known)
    // and checked against permissions and the current state; then the operation row, its
    // outbox entry and the new annotation state are committed together. Re-applying an
    // operation already stored (same op_id) succeeds and changes nothing.
    Status applyLocal(const model::Operation& op);
    // An operation from the relay, with its sequence. Idempotent by op_id: an operation already
    // confirmed is ignored; one still in the outbox gets its sequence and leaves the outbox.
    // The room's last confirmed sequence advances while the sequence numbers are contiguous.
    Status applyConfirmed(const model::Operation& op);
    // The relay committed our operation `opId` as `sequence`: it leaves the outbox. When that
    // sequence lies inside the last snapshot (the acknowledgement was lost, and the snapshot
    // already holds the edit's effect), the operation leaves the fold too, as dropped with that
    // reason: the snapshot's stand-in operations hold those sequences.
    Status markAcknowledged(const QUuid& opId, int64_t sequence);
    // Runs `body` in one transaction: all of its edits commit, or none (bulk edits, imports).
    // An edit refused inside (validation, permission, state) leaves no trace and `body` may go
    // on; a failure while writing (disk full, I/O) rolls back the whole transaction even if
    // `body` ignores it. Transactions do not nest.
    // `durability`: Local (the default) commits with synchronous FULL, on disk when it returns;
    // RelayHeld, for what the relay sent and holds (confirmations, acknowledgements, snapshots),
    // commits without a WAL sync of its own (docs/ARCHITECTURE.md, "Storage").
    enum class Durability { Local, RelayHeld };
    Status transaction(const std::function<Status()>& body,
                       Durability durability = Durability::Local);

    // ---- Bulk import ----

    // Imports notes as local edits of `options.actor`: per note a create (without replies),
    // then one reply operation per reply so thread order survives, all pending in the outbox.
    // The operations, outbox and state are those applyLocal would give for the same operations,
    // written in one pass (draft_store_import.cpp says how it is fast); the notes go into the
    // outbox media by media in frame order, each note's operations in their own order. Notes
    // whose id the store already holds are skipped. Every note is checked (shape, frames within
    // the media, permissions) before the first write: one bad note fails the import with its
    // name, and nothing is written. One transaction, or part of the caller's transaction().
    Result<ImportCounts> importAnnotations(const std::vector<model::Annotation>& notes,
                                           const ImportOptions& options);

    // ---- Sync bookkeeping ----

    // The outbox of `room` in local order, to resend after a reconnect (sequence 0 each).
    Result<std::vector<model::Operation>> pendingOperations(const QString& room);
    Result<int64_t> pendingCount();
    // The outbox of `room` only (one clip's unsent edits).
    Result<int64_t> pendingCount(const QString& room);
    // Whether `room` was ever in a shared session (a relay confirmed or named something of it).
    Result<bool> everShared(const QString& room);
    // Whether `opId` waits in the outbox (not confirmed, not dropped).
    Result<bool> isPending(const QUuid& opId);
    Result<int64_t> lastConfirmedSequence(const QString& room);
    // For a snapshot or a relay epoch change; normally applyConfirmed advances it.
    Status setLastConfirmedSequence(const QString& room, int64_t sequence);
    // The relay's epoch of the room's confirmed state (0 until the relay named one). A Join
    // states it with lastConfirmedSequence(): a sequence means nothing in another epoch.
    Result<uint64_t> confirmedEpoch(const QString& room);
    Status setConfirmedEpoch(const QString& room, uint64_t epoch);

    // ---- Repairs the relay asks for (sync_session.h) ----
    //
    // Both keep the log whole: an operation that leaves the fold stays in `operations` with
    // the reason (droppedOperations()), as the audit trail the user can read.

    // The relay refused our pending operation `opId` (forbidden, invalid, ...): it leaves the
    // outbox and the fold, so the visible state becomes the confirmed state plus the remaining
    // pending operations (pending edits that built on it fold as they would on the relay: an
    // edit of a note whose create was refused is dropped). Rejecting an operation already
    // dropped changes nothing; a confirmed one cannot be rejected.
    Status rejectPending(const QUuid& opId, const QString& reason);
    // The user joins `room` under another name or in a lower role than their pending edits were
    // made with (offline under the local name, then through an invitation naming them): those
    // edits are theirs, so they take the session's identity (actor, and the author and role of
    // notes and replies they create) instead of being refused. Returns how many changed.
    Result<int> adoptPending(const QString& room, const QString& user, model::Role role);
    // The relay's log of `room` was reset or compacted past what we hold (a new `epoch`): its
    // confirmed state is now what `snapshotOps` build, in the order given, as of relay sequence
    // `sequence`. They take the sequences just below and including `sequence` (so `sequence`
    // must be at least their count), every confirmed operation held so far leaves the fold, the
    // pending ones stay in the outbox and are re-applied on top, and the room's position
    // becomes (epoch, sequence). All in one transaction. The same snapshot twice changes
    // nothing (sync::snapshotOperations derives op ids from the snapshot).
    Status replaceConfirmedState(const QString& room, uint64_t epoch,
                                 const std::vector<model::Operation>& snapshotOps,
                                 int64_t sequence);
    struct DroppedOperation {
        model::Operation op;
        QString reason;
        int64_t droppedMs = 0;
    };
    // The room's operations that left the fold, most recently dropped first.
    Result<std::vector<DroppedOperation>> droppedOperations(const QString& room);

    // ---- Reading ----

    Result<std::optional<model::Annotation>> annotation(const QUuid& id);
    // Whether the store has ever seen the annotation, deleted ones included.
    Result<bool> annotationExists(const QUuid& id);
    Result<std::optional<model::Operation>> operation(const QUuid& opId);
    // The room's log in merge order: confirmed by sequence, then pending in local order, each
    // with its order key (the sequence, or kPendingOrderBase + its local number), so that a
    // fold of it agrees with operations applied later under their own sequences.
    // Dropped operations are not in it (droppedOperations()).
    struct LoggedOperation {
        model::Operation op;
        int64_t orderKey = 0;
    };
    Result<std::vector<LoggedOperation>> loggedOperations(const QString& room);
    // The same without the keys.
    Result<std::vector<model::Operation>> operations(const QString& room);
    AnnotationQueries& queries() { return queries_; }
    TextSearch& search() { return search_; }

    // ---- Media ----

    Status upsertMedia(const MediaRecord& media);
    Result<std::optional<MediaRecord>> media(const QString& mediaId);

    // ---- Maintenance ----

    // PRAGMA integrity_check and foreign_key_check, and both full-text indexes' own checks.
    Status checkIntegrity();
    sqlite::SqliteDb& database() { return *db_; }

  private:
    explicit DraftStore(std::unique_ptr<sqlite::SqliteDb> db);

    // Its own transaction, or part of the caller's transaction().
    Status inTransaction(const std::function<Status()>& body);
    Status applyConfirmedInTransaction(const model::Operation& op);
    // Runs `commit` with synchronous NORMAL, then FULL again whatever happened.
    Status relayHeld(const std::function<Status()>& commit);
    // Runs the writing half of an edit; a failure poisons the caller's transaction().
    Status writes(const std::function<Status()>& body);
    Status applyLocalInTransaction(const model::Operation& op);
    Status writeLocal(const model::Operation& op);
    // The operation row and its outbox entry, without touching the state; its order key.
    Result<int64_t> logLocal(const model::Operation& op);
    Status checkLocal(const model::Operation& op);
    Status confirm(const QUuid& opId, int64_t sequence, const QString& room, const QUuid& target);
    Status writeConfirmation(const QUuid& opId, int64_t sequence, const QString& room,
                             const QUuid& target);
    Status writeConfirmed(const model::Operation& op);
    Status checkSequenceFree(const QUuid& opId, const QString& room, int64_t sequence);
    // Recomputes one annotation from its operations after `fresh` (at `freshOrder`) was written,
    // or after an order change (fresh == nullptr).
    Status refold(const QUuid& target, const model::Operation* fresh, int64_t freshOrder);
    Status writeFold(const model::AnnotationState& state, const QUuid& target);
    Status advanceConfirmed(const QString& room);
    // Deletes `opId`'s outbox entry, if any (confirmed, refused, or covered by a snapshot).
    Status removeFromOutbox(const QUuid& opId);
    // Takes `opId` out of the outbox and the fold, marked with `reason`; refolds its note.
    Status dropOperation(const QUuid& opId, const QUuid& target, const QString& reason);
    Status writeImport(const std::vector<const model::Annotation*>& notes,
                       const ImportOptions& options, int64_t timeMs);
    // The last sequence a snapshot's stand-in operations occupy (0: none).
    Result<int64_t> snapshotThrough(const QString& room);
    // sync_state keeps a few integers per room (`column` is one of its column names): one of
    // them (0 while the room has no row), and setting one (making the row if needed).
    Result<int64_t> syncStateValue(const char* column, const QString& room);
    Status setSyncStateValue(const char* column, const QString& room, int64_t value);
    Status writeSnapshot(const QString& room, uint64_t epoch,
                         const std::vector<model::Operation>& snapshotOps, int64_t sequence);
    Result<model::Operation> decodeOperation(QByteArrayView payload, int64_t sequence) const;

    std::unique_ptr<sqlite::SqliteDb> db_;
    bool inCallerTransaction_ = false;
    std::optional<std::string> poisoned_;
    AnnotationTable table_;
    AnnotationQueries queries_;
    TextSearch search_;
    // Last: stops (and its connection closes) before the store's own connection.
    std::unique_ptr<sqlite::WalCheckpointer> checkpointer_;
};

}  // namespace framenote::store
