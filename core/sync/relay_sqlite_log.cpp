#include "core/sync/relay_sqlite_log.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <cerrno>
#include <cstring>
#if defined(Q_OS_UNIX)
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "core/common/try.h"
#include "core/sqlite/sqlite_db.h"

namespace framenote::sync {

namespace {

using sqlite::SqliteDb;

// PRAGMA application_id of a relay log ("FnRl"), so that neither side opens the other's file.
constexpr int64_t kRelayApplicationId = 0x466e526c;
// 1: the first; 2: without the unique index on (room, op_id) (see kSchema); 3: rooms.created_by.
constexpr int kSchemaVersion = 3;

constexpr const char* kSchema = R"sql(
CREATE TABLE rooms (
    room              TEXT PRIMARY KEY,
    epoch             INTEGER NOT NULL,          -- random, names the sequence space
    compacted_through INTEGER NOT NULL DEFAULT 0,
    snapshot          BLOB,                      -- v1::Snapshot at compacted_through
    frame_count       INTEGER NOT NULL DEFAULT 0,
    created_ms        INTEGER NOT NULL,
    created_by        TEXT                       -- the user whose Join made it (room quotas)
);
CREATE INDEX rooms_by_creator ON rooms(created_by);
-- The log: every committed operation of every room. A compacted operation keeps its row (op_id
-- for deduplication, who and when for the audit trail) without its payload.
CREATE TABLE operations (
    room        TEXT NOT NULL,
    sequence    INTEGER NOT NULL,
    op_id       BLOB NOT NULL,                   -- 16 bytes, RFC 4122 order
    actor       TEXT NOT NULL,
    time_ms     INTEGER NOT NULL,                -- the actor's clock
    received_ms INTEGER NOT NULL,                -- the relay's clock
    payload     BLOB,                            -- v1::Operation, people by name; NULL once compacted
    PRIMARY KEY (room, sequence)
) WITHOUT ROWID;
CREATE INDEX operations_by_received ON operations(room, received_ms);
)sql";
// No index on op_id: the relay deduplicates by op_id in memory (operationIds() loads every id of
// a room, by its primary key), and op ids are random, so such an index put each new operation on
// a random page: about one 4 KiB page written to the WAL per operation, which made the log the
// bottleneck at 10,000 operations a second on a disk (docs/PERFORMANCE.md "Sync and relay").
constexpr const char* kUpgradeFrom1 = "DROP INDEX IF EXISTS operations_by_op_id";
constexpr const char* kUpgradeFrom2 =
    "ALTER TABLE rooms ADD COLUMN created_by TEXT; CREATE INDEX rooms_by_creator ON "
    "rooms(created_by)";

QByteArray idBlob(const QUuid& id) { return id.toRfc4122(); }

uint64_t newEpoch() {
    uint64_t epoch = 0;
    while (epoch == 0) epoch = QRandomGenerator::system()->generate64() >> 1;  // positive int64
    return epoch;
}

// A new, empty file only its owner may read and write, whatever the umask: the logs hold every
// note of every room. SQLite keeps an existing file's mode and gives its -wal and -shm files the
// same. Refuses an existing path, symbolic links included (even dangling ones, which SQLite would
// follow and create their target).
Status createPrivateFile(const QString& path) {
    if (QFileInfo(path).isSymLink())
        return makeError(path.toStdString() +
                         ": is a symbolic link (the relay never writes through one)");
#if defined(Q_OS_UNIX)
    const int fd = ::open(QFile::encodeName(path).constData(),
                          O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd < 0) {
        if (errno == EEXIST) return makeError(path.toStdString() + ": already exists");
        return makeError(path.toStdString() + ": cannot create: " + std::strerror(errno));
    }
    const bool privateMode = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;  // a umask cannot widen it
    ::close(fd);
    if (!privateMode)
        return makeError(path.toStdString() + ": cannot make it private: " + std::strerror(errno));
#else
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return makeError(path.toStdString() +
                         ": cannot create: " + file.errorString().toStdString());
#endif
    return Ok{};
}

}  // namespace

SqliteRoomLog::SqliteRoomLog(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
SqliteRoomLog::~SqliteRoomLog() = default;

QString SqliteRoomLog::location() const { return db_->path(); }

Result<std::unique_ptr<SqliteRoomLog>> SqliteRoomLog::open(const QString& path,
                                                           const Options& options) {
    if (!options.create && !QFile::exists(path))
        return makeError(path.toStdString() + ": no relay log here");
    if (options.create && !QFileInfo::exists(path) && !QFileInfo(path).isSymLink())
        if (Status s = createPrivateFile(path); !s) return makeError(s.error());
    SqliteDb::Options dbOptions;
    dbOptions.create = options.create;
    dbOptions.busyTimeoutMs = options.busyTimeoutMs;
    auto db = SqliteDb::open(path, dbOptions);
    FRAMENOTE_TRY(db);
    SqliteDb& conn = **db;
    const std::string file = path.toStdString();
    {
        auto wal = conn.prepare("PRAGMA journal_mode = WAL");
        FRAMENOTE_TRY(wal);
        auto row = wal->step();
        FRAMENOTE_TRY(row);
        const QString mode = *row ? wal->columnText(0) : QString();
        wal->reset();
        if (mode.compare("wal", Qt::CaseInsensitive) != 0)
            return makeError(file + ": cannot use write-ahead logging (journal mode is '" +
                             mode.toStdString() + "')");
    }
    FRAMENOTE_TRY(conn.exec(options.synchronousFull ? "PRAGMA synchronous = FULL"
                                                    : "PRAGMA synchronous = NORMAL"));
    FRAMENOTE_TRY(conn.exec("PRAGMA cache_size = -32768"));
    // Without automatic checkpoints a commit never also copies the WAL into the database (and
    // syncs it): checkpoint() does that, on a thread of its own (core/sqlite/wal_checkpointer.h).
    if (!options.autoCheckpoint) FRAMENOTE_TRY(conn.exec("PRAGMA wal_autocheckpoint = 0"));

    auto appId = conn.queryInt("PRAGMA application_id");
    FRAMENOTE_TRY(appId);
    auto version = conn.queryInt("PRAGMA user_version");
    FRAMENOTE_TRY(version);
    if (*appId != 0 && *appId != kRelayApplicationId)
        return makeError(file + ": is an SQLite database of another application, not a relay log");
    if (*version > kSchemaVersion)
        return makeError(file + ": relay log schema " + std::to_string(*version) +
                         " is newer than this relay understands (" +
                         std::to_string(kSchemaVersion) + ")");
    if (*version < kSchemaVersion) {
        // Created or upgraded in one transaction; the version is read again inside it, as the
        // relay's other connection may have done it meanwhile.
        auto tx = conn.begin();
        FRAMENOTE_TRY(tx);
        auto now = conn.queryInt("PRAGMA user_version");
        FRAMENOTE_TRY(now);
        if (*now == 0) {
            auto objects = conn.queryInt("SELECT count(*) FROM sqlite_schema");
            FRAMENOTE_TRY(objects);
            if (*objects > 0)
                return makeError(file + ": is an SQLite database but not a relay log");
            FRAMENOTE_TRY(conn.exec(kSchema));
            FRAMENOTE_TRY(
                conn.exec("PRAGMA application_id = " + std::to_string(kRelayApplicationId)));
        } else {
            if (*now == 1) FRAMENOTE_TRY(conn.exec(kUpgradeFrom1));
            if (*now <= 2) FRAMENOTE_TRY(conn.exec(kUpgradeFrom2));
        }
        if (*now < kSchemaVersion)
            FRAMENOTE_TRY(conn.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion)));
        FRAMENOTE_TRY(tx->commit());
    }
    return std::unique_ptr<SqliteRoomLog>(new SqliteRoomLog(std::move(db.value())));
}

Result<uint64_t> SqliteRoomLog::renewEpoch(const QString& room) {
    const uint64_t epoch = newEpoch();
    auto st = db_->cached("UPDATE rooms SET epoch = ?1 WHERE room = ?2");
    FRAMENOTE_TRY(st);
    st->bindInt(1, static_cast<int64_t>(epoch)).bindText(2, room);
    FRAMENOTE_TRY(st->run());
    return epoch;
}

Result<bool> SqliteRoomLog::hasRoom(const QString& room) {
    auto st = db_->cached("SELECT 1 FROM rooms WHERE room = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, room);
    auto row = st->step();
    FRAMENOTE_TRY(row);
    const bool found = *row;
    st->reset();
    return found;
}

Result<RoomLog::RoomCounts> SqliteRoomLog::roomCounts(const QString& creator) {
    RoomCounts counts;
    auto total = db_->queryInt("SELECT count(*) FROM rooms");
    FRAMENOTE_TRY(total);
    counts.total = *total;
    auto st = db_->cached("SELECT count(*) FROM rooms WHERE created_by = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, creator);
    auto row = st->step();
    FRAMENOTE_TRY(row);
    counts.byCreator = *row ? st->columnInt(0) : 0;
    st->reset();
    return counts;
}

Result<int64_t> SqliteRoomLog::storedBytes() {
    // length() of a blob reads its size from the record header, not its pages.
    auto ops = db_->queryInt("SELECT coalesce(sum(length(payload)), 0) FROM operations");
    FRAMENOTE_TRY(ops);
    auto snapshots = db_->queryInt("SELECT coalesce(sum(length(snapshot)), 0) FROM rooms");
    FRAMENOTE_TRY(snapshots);
    return *ops + *snapshots;
}

Result<RoomRecord> SqliteRoomLog::openRoom(const QString& room, const QString& creator) {
    RoomRecord record;
    record.room = room;
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto st = db_->cached(
            "SELECT epoch, compacted_through, snapshot, frame_count FROM rooms WHERE room = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, room);
        auto row = st->step();
        FRAMENOTE_TRY(row);
        if (*row) {
            record.epoch = static_cast<uint64_t>(st->columnInt(0));
            record.compactedThrough = st->columnInt(1);
            if (!st->isNull(2)) {
                const QByteArray blob = st->columnBlob(2);
                record.snapshot.assign(blob.constData(), static_cast<size_t>(blob.size()));
            }
            record.frameCount = st->columnInt(3);
            st->reset();
            auto head = db_->cached("SELECT max(sequence) FROM operations WHERE room = ?1");
            FRAMENOTE_TRY(head);
            head->bindText(1, room);
            auto headRow = head->step();
            FRAMENOTE_TRY(headRow);
            record.head = *headRow && !head->isNull(0) ? head->columnInt(0) : 0;
            head->reset();
            record.head = std::max(record.head, record.compactedThrough);
            return record;
        }
        st->reset();
        auto insert = db_->cached(
            "INSERT OR IGNORE INTO rooms(room, epoch, created_ms, created_by) VALUES (?1, ?2, ?3, "
            "?4)");
        FRAMENOTE_TRY(insert);
        insert->bindText(1, room)
            .bindInt(2, static_cast<int64_t>(newEpoch()))
            .bindInt(3, QDateTime::currentMSecsSinceEpoch())
            .bindText(4, creator);
        FRAMENOTE_TRY(insert->run());
    }
    return makeError(location().toStdString() + ": room " + room.toStdString() +
                     " could not be created");
}

Status SqliteRoomLog::append(std::span<const LogRecord> records) {
    if (records.empty()) return Ok{};
    auto tx = db_->begin();
    FRAMENOTE_TRY(tx);
    auto insert = db_->cached(
        "INSERT INTO operations(room, sequence, op_id, actor, time_ms, received_ms, payload)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    FRAMENOTE_TRY(insert);
    for (const LogRecord& r : records) {
        insert->bindText(1, r.room)
            .bindInt(2, r.sequence)
            .bindBlob(3, idBlob(r.opId))
            .bindText(4, r.actor)
            .bindInt(5, r.timeMs)
            .bindInt(6, r.receivedMs)
            .bindBlob(7, QByteArray::fromRawData(r.payload.data(),
                                                 static_cast<qsizetype>(r.payload.size())));
        if (Status s = insert->run(); !s)
            return makeError("appending sequence " + std::to_string(r.sequence) + " of room " +
                             r.room.toStdString() + ": " + s.error());
    }
    return tx->commit();
}

Result<std::vector<LogRecord>> SqliteRoomLog::read(const QString& room, int64_t after, int64_t upTo,
                                                   int limit) {
    std::vector<LogRecord> out;
    auto st = db_->cached(
        "SELECT sequence, op_id, actor, time_ms, received_ms, payload FROM operations"
        " WHERE room = ?1 AND sequence > ?2 AND sequence <= ?3 ORDER BY sequence LIMIT ?4");
    FRAMENOTE_TRY(st);
    st->bindText(1, room).bindInt(2, after).bindInt(3, upTo).bindInt(4, limit);
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) {
        LogRecord r;
        r.room = room;
        r.sequence = row.columnInt(0);
        r.opId = QUuid::fromRfc4122(row.columnBlob(1));
        r.actor = row.columnText(2);
        r.timeMs = row.columnInt(3);
        r.receivedMs = row.columnInt(4);
        if (!row.isNull(5)) {
            const QByteArray blob = row.columnBlob(5);
            r.payload.assign(blob.constData(), static_cast<size_t>(blob.size()));
        }
        out.push_back(std::move(r));
    }));
    return out;
}

Result<std::vector<std::pair<QUuid, int64_t>>> SqliteRoomLog::operationIds(const QString& room) {
    std::vector<std::pair<QUuid, int64_t>> out;
    auto st = db_->cached("SELECT op_id, sequence FROM operations WHERE room = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, room);
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) {
        out.emplace_back(QUuid::fromRfc4122(row.columnBlob(0)), row.columnInt(1));
    }));
    return out;
}

Status SqliteRoomLog::setFrameCount(const QString& room, int64_t frameCount) {
    auto st = db_->cached("UPDATE rooms SET frame_count = ?2 WHERE room = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, room).bindInt(2, frameCount);
    return st->run();
}

Result<int64_t> SqliteRoomLog::lastSequenceBefore(const QString& room, int64_t receivedMs) {
    // Sequences grow with arrival, so the answer is the longest prefix received before the time.
    auto st =
        db_->cached("SELECT min(sequence) FROM operations WHERE room = ?1 AND received_ms >= ?2");
    FRAMENOTE_TRY(st);
    st->bindText(1, room).bindInt(2, receivedMs);
    auto row = st->step();
    FRAMENOTE_TRY(row);
    const bool none = !*row || st->isNull(0);
    const int64_t firstKept = none ? 0 : st->columnInt(0);
    st->reset();
    if (!none) return firstKept - 1;
    auto head = db_->cached("SELECT max(sequence) FROM operations WHERE room = ?1");
    FRAMENOTE_TRY(head);
    head->bindText(1, room);
    auto headRow = head->step();
    FRAMENOTE_TRY(headRow);
    const int64_t last = *headRow && !head->isNull(0) ? head->columnInt(0) : 0;
    head->reset();
    return last;
}

Status SqliteRoomLog::compact(const QString& room, int64_t through, const std::string& snapshot) {
    auto tx = db_->begin();
    FRAMENOTE_TRY(tx);
    auto update = db_->cached(
        "UPDATE rooms SET compacted_through = ?2, snapshot = ?3 WHERE room = ?1 AND "
        "compacted_through < ?2");
    FRAMENOTE_TRY(update);
    update->bindText(1, room)
        .bindInt(2, through)
        .bindBlob(3, QByteArray(snapshot.data(), static_cast<qsizetype>(snapshot.size())));
    FRAMENOTE_TRY(update->run());
    if (db_->changes() == 0) return Ok{};  // already compacted this far
    auto drop = db_->cached(
        "UPDATE operations SET payload = NULL WHERE room = ?1 AND sequence <= ?2 AND payload IS "
        "NOT NULL");
    FRAMENOTE_TRY(drop);
    drop->bindText(1, room).bindInt(2, through);
    FRAMENOTE_TRY(drop->run());
    return tx->commit();
}

Result<QStringList> SqliteRoomLog::rooms() {
    QStringList out;
    auto st = db_->cached("SELECT room FROM rooms ORDER BY room");
    FRAMENOTE_TRY(st);
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) { out << row.columnText(0); }));
    return out;
}

Status SqliteRoomLog::backup(const QString& path) {
    if (QFileInfo(path).isSymLink())
        return makeError(path.toStdString() +
                         ": is a symbolic link (the backup never writes through one)");
    if (QFile::exists(path))
        return makeError(path.toStdString() + ": already exists (the backup never overwrites)");
    // VACUUM INTO fills an empty file and keeps its mode: the copy is as private as the log.
    if (Status s = createPrivateFile(path); !s) return makeError("backup: " + s.error());
    auto st = db_->prepare("VACUUM INTO ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, path);
    if (Status s = st->run(); !s) {
        QFile::remove(path);
        return makeError("backup to " + path.toStdString() + ": " + s.error());
    }
    // A log restored from the copy may lack what was committed after it was taken: its rooms get
    // new epochs, so clients holding later sequences refetch instead of trusting them.
    SqliteDb::Options options;
    options.create = false;
    auto copy = SqliteDb::open(path, options);
    FRAMENOTE_TRY(copy);
    auto rooms = (*copy)->prepare("SELECT room FROM rooms");
    FRAMENOTE_TRY(rooms);
    QStringList keys;
    FRAMENOTE_TRY(rooms->forEachRow([&](const auto& row) { keys << row.columnText(0); }));
    for (const QString& key : keys) {
        auto update = (*copy)->prepare("UPDATE rooms SET epoch = ?2 WHERE room = ?1");
        FRAMENOTE_TRY(update);
        update->bindText(1, key).bindInt(2, static_cast<int64_t>(newEpoch()));
        FRAMENOTE_TRY(update->run());
    }
    return Ok{};
}

Status SqliteRoomLog::checkpoint() {
    // PASSIVE: copies what it can without waiting for (or blocking) the writer and the readers.
    auto st = db_->prepare("PRAGMA wal_checkpoint(PASSIVE)");
    FRAMENOTE_TRY(st);
    auto row = st->step();
    if (!row) return makeError(location().toStdString() + ": checkpoint: " + row.error());
    return Ok{};
}

Status SqliteRoomLog::checkIntegrity() {
    auto st = db_->prepare("PRAGMA integrity_check");
    FRAMENOTE_TRY(st);
    QStringList problems;
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) {
        if (row.columnText(0) != "ok") problems << row.columnText(0);
    }));
    if (!problems.isEmpty())
        return makeError(location().toStdString() +
                         ": integrity check failed: " + problems.join("; ").toStdString());
    return Ok{};
}

}  // namespace framenote::sync
