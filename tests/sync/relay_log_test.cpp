// The relay's room log in SQLite and the stored forms: what is appended reads back in order,
// op ids survive compaction, a snapshot rebuilds exactly the state it summarizes.
#include <gtest/gtest.h>

#include <QFile>
#include <QTemporaryDir>
#include <random>

#include "core/model/annotation_state.h"
#include "core/sqlite/sqlite_db.h"
#include "core/sync/quantization.h"
#include "core/sync/relay_codec.h"
#include "core/sync/relay_sqlite_log.h"
#include "core/sync/snapshot_ops.h"
#include "tests/model/model_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

fs::LogRecord recordOf(const fm::Operation& op, const QString& room, int64_t receivedMs) {
    fs::LogRecord r;
    r.room = room;
    r.sequence = op.sequence;
    r.opId = op.opId;
    r.actor = op.actor;
    r.timeMs = op.timeMs;
    r.receivedMs = receivedMs;
    r.payload = fs::storedOperationBytes(op);
    return r;
}

fs::SnapshotContent contentOf(const fm::AnnotationState& state,
                              const std::vector<fm::Operation>& ops) {
    fs::SnapshotContent content;
    for (const fm::Annotation* a : state.annotations()) content.annotations.push_back(*a);
    QSet<QUuid> deleted;
    for (const fm::Operation& op : ops)
        if (op.type == fm::OpType::Delete) deleted.insert(op.target);
    content.deleted.assign(deleted.begin(), deleted.end());
    return content;
}

}  // namespace

TEST(RelayLog, AppendedOperationsReadBackInSequenceOrder) {
    QTemporaryDir dir;
    auto log = fs::SqliteRoomLog::open(dir.filePath("relay.sqlite"));
    ASSERT_TRUE(log.ok()) << log.error();
    auto room = (*log)->openRoom("media-1");
    ASSERT_TRUE(room.ok()) << room.error();
    EXPECT_NE(room->epoch, 0u);
    EXPECT_EQ(room->head, 0);

    std::mt19937 rng(7);
    auto ops = ft::randomOperations(rng, 200, 5);
    for (auto& op : ops) fs::quantizeOperation(op);  // the wire (and the stored form) is quantized
    std::vector<fs::LogRecord> records;
    for (const auto& op : ops) records.push_back(recordOf(op, "media-1", 1000 + op.sequence));
    ASSERT_TRUE((*log)->append(std::span(records).first(100)).ok());
    ASSERT_TRUE((*log)->append(std::span(records).subspan(100)).ok());
    // A second record with a sequence the room already has makes the whole transaction fail.
    // (Op ids are deduplicated by the relay, in memory: the log keeps no index of them.)
    auto again = records[3];
    again.opId = QUuid::createUuid();
    EXPECT_FALSE((*log)->append(std::span(&again, 1)).ok());

    auto reopened = (*log)->openRoom("media-1");
    ASSERT_TRUE(reopened.ok());
    EXPECT_EQ(reopened->epoch, room->epoch);
    EXPECT_EQ(reopened->head, static_cast<int64_t>(ops.size()));

    auto page = (*log)->read("media-1", 10, 50, 1000);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->size(), 40u);
    for (size_t i = 0; i < page->size(); ++i) {
        const fs::LogRecord& r = (*page)[i];
        EXPECT_EQ(r.sequence, static_cast<int64_t>(11 + i));
        auto op = fs::operationFromStored(r.payload, r.sequence);
        ASSERT_TRUE(op.ok()) << op.error();
        EXPECT_EQ(*op, ops[10 + i]);
    }
    auto ids = (*log)->operationIds("media-1");
    ASSERT_TRUE(ids.ok());
    EXPECT_EQ(ids->size(), ops.size());
    EXPECT_EQ(*(*log)->lastSequenceBefore("media-1", 1000 + 30), 29);
    EXPECT_EQ(*(*log)->lastSequenceBefore("media-1", 999999), static_cast<int64_t>(ops.size()));
    // Another room has its own epoch and sequences.
    auto other = (*log)->openRoom("media-2");
    ASSERT_TRUE(other.ok());
    EXPECT_NE(other->epoch, room->epoch);
    EXPECT_EQ(other->head, 0);
}

TEST(RelayLog, SnapshotOperationsRebuildTheFoldExactly) {
    std::mt19937 rng(11);
    for (int round = 0; round < 20; ++round) {
        auto ops = ft::randomOperations(rng, 300, 8);
        for (auto& op : ops) fs::quantizeOperation(op);
        fm::AnnotationState state;
        for (const auto& op : ops) state.apply(op);
        const fs::SnapshotContent content = contentOf(state, ops);
        // Through the stored form, as the relay keeps it.
        auto stored = fs::snapshotFromStored(
            fs::storedSnapshotBytes(content, 42, static_cast<int64_t>(ops.size())));
        ASSERT_TRUE(stored.ok()) << stored.error();
        const auto rebuild =
            fs::snapshotOperations(*stored, 42, static_cast<int64_t>(ops.size()), "media-1");
        EXPECT_EQ(rebuild.size(), fs::snapshotOperationCount(*stored));
        EXPECT_LE(rebuild.size(), ops.size());  // fits below the snapshot's sequence
        fm::AnnotationState rebuilt;
        for (size_t i = 0; i < rebuild.size(); ++i)
            rebuilt.apply(rebuild[i], static_cast<int64_t>(i + 1));
        ASSERT_TRUE(rebuilt.sameVisibleState(state)) << "round " << round;
        for (const QUuid& id : content.deleted) EXPECT_TRUE(rebuilt.isDeleted(id));
        // Later operations land on the rebuilt state as on the original.
        auto more = ft::randomOperations(rng, 50, 2);
        for (auto& op : more) op.sequence += static_cast<int64_t>(ops.size());
        for (const auto& op : more) {
            state.apply(op);
            rebuilt.apply(op);
        }
        EXPECT_TRUE(rebuilt.sameVisibleState(state)) << "round " << round;
        // The same snapshot gives the same operation ids.
        const auto again =
            fs::snapshotOperations(*stored, 42, static_cast<int64_t>(ops.size()), "media-1");
        for (size_t i = 0; i < again.size(); ++i) EXPECT_EQ(again[i].opId, rebuild[i].opId);
    }
}

TEST(RelayLog, CompactionKeepsOpIdsAndTheSnapshot) {
    QTemporaryDir dir;
    auto log = fs::SqliteRoomLog::open(dir.filePath("relay.sqlite"));
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE((*log)->openRoom("r").ok());
    std::mt19937 rng(5);
    auto ops = ft::randomOperations(rng, 60, 4);
    std::vector<fs::LogRecord> records;
    for (const auto& op : ops) records.push_back(recordOf(op, "r", op.sequence));
    ASSERT_TRUE((*log)->append(records).ok());
    ASSERT_TRUE((*log)->compact("r", 30, "snapshot-bytes").ok());
    auto room = (*log)->openRoom("r");
    ASSERT_TRUE(room.ok());
    EXPECT_EQ(room->compactedThrough, 30);
    EXPECT_EQ(room->snapshot, "snapshot-bytes");
    EXPECT_EQ(room->head, static_cast<int64_t>(ops.size()));
    auto page = (*log)->read("r", 0, 40, 100);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->size(), 40u);
    EXPECT_TRUE((*page)[29].payload.empty());
    EXPECT_FALSE((*page)[30].payload.empty());
    EXPECT_EQ((*log)->operationIds("r")->size(), ops.size());
    // Compacting less far changes nothing.
    ASSERT_TRUE((*log)->compact("r", 10, "older").ok());
    EXPECT_EQ((*log)->openRoom("r")->snapshot, "snapshot-bytes");
}

TEST(RelayLog, BackupIsAConsistentCopyAndRefusesToOverwrite) {
    QTemporaryDir dir;
    auto log = fs::SqliteRoomLog::open(dir.filePath("relay.sqlite"));
    ASSERT_TRUE(log.ok());
    ASSERT_TRUE((*log)->openRoom("r").ok());
    std::mt19937 rng(9);
    auto ops = ft::randomOperations(rng, 20, 2);
    std::vector<fs::LogRecord> records;
    for (const auto& op : ops) records.push_back(recordOf(op, "r", op.sequence));
    ASSERT_TRUE((*log)->append(records).ok());
    const QString copy = dir.filePath("backup.sqlite");
    ASSERT_TRUE((*log)->backup(copy).ok());
    EXPECT_FALSE((*log)->backup(copy).ok());
    fs::SqliteRoomLog::Options options;
    options.create = false;
    auto restored = fs::SqliteRoomLog::open(copy, options);
    ASSERT_TRUE(restored.ok()) << restored.error();
    EXPECT_TRUE((*restored)->checkIntegrity().ok());
    EXPECT_EQ((*restored)->openRoom("r")->head, static_cast<int64_t>(ops.size()));
    EXPECT_NE((*restored)->openRoom("r")->epoch,
              (*log)->openRoom("r")->epoch);  // a new sequence space
}

TEST(RelayLog, RefusesFilesThatAreNotRelayLogs) {
    QTemporaryDir dir;
    QFile junk(dir.filePath("junk.sqlite"));
    ASSERT_TRUE(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(4096, 'x'));
    junk.close();
    EXPECT_FALSE(fs::SqliteRoomLog::open(dir.filePath("junk.sqlite")).ok());
}

// Schema 1 had a unique index on (room, op_id): one random page written per operation. Opening
// such a log drops it and keeps every operation (deduplication lives in the relay's memory).
TEST(RelayLog, AVersionOneLogLosesItsOpIdIndexAndKeepsItsOperations) {
    QTemporaryDir dir;
    const QString path = dir.filePath("relay.sqlite");
    const QUuid opId = QUuid::createUuid();
    {
        auto db = framenote::sqlite::SqliteDb::open(path);
        ASSERT_TRUE(db.ok()) << db.error();
        ASSERT_TRUE((*db)
                        ->exec(R"sql(
            PRAGMA journal_mode = WAL;
            CREATE TABLE rooms (room TEXT PRIMARY KEY, epoch INTEGER NOT NULL,
                compacted_through INTEGER NOT NULL DEFAULT 0, snapshot BLOB,
                frame_count INTEGER NOT NULL DEFAULT 0, created_ms INTEGER NOT NULL);
            CREATE TABLE operations (room TEXT NOT NULL, sequence INTEGER NOT NULL, op_id BLOB NOT NULL,
                actor TEXT NOT NULL, time_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL, payload BLOB,
                PRIMARY KEY (room, sequence)) WITHOUT ROWID;
            CREATE UNIQUE INDEX operations_by_op_id ON operations(room, op_id);
            CREATE INDEX operations_by_received ON operations(room, received_ms);
            PRAGMA application_id = 1181635180;
            PRAGMA user_version = 1;
            INSERT INTO rooms VALUES ('r', 77, 0, NULL, 0, 1);)sql")
                        .ok());
        auto insert =
            (*db)->prepare("INSERT INTO operations VALUES ('r', 1, ?1, 'ana', 5, 6, x'')");
        ASSERT_TRUE(insert.ok());
        insert->bindBlob(1, opId.toRfc4122());
        ASSERT_TRUE(insert->run().ok());
    }
    auto log = fs::SqliteRoomLog::open(path);
    ASSERT_TRUE(log.ok()) << log.error();
    auto ids = (*log)->operationIds("r");
    ASSERT_TRUE(ids.ok()) << ids.error();
    ASSERT_EQ(ids->size(), 1u);
    EXPECT_EQ(ids->front(), std::make_pair(opId, int64_t{1}));
    EXPECT_EQ((*log)->openRoom("r")->epoch, 77u);
    EXPECT_TRUE((*log)->checkIntegrity().ok());
    auto db = framenote::sqlite::SqliteDb::open(path);
    ASSERT_TRUE(db.ok());
    EXPECT_EQ(*(*db)->queryInt("PRAGMA user_version"), 3);
    EXPECT_EQ(*(*db)->queryInt(
                  "SELECT count(*) FROM pragma_table_info('rooms') WHERE name = 'created_by'"),
              1);
    EXPECT_EQ(
        *(*db)->queryInt("SELECT count(*) FROM sqlite_schema WHERE name = 'operations_by_op_id'"),
        0);
}

// The relay's writer has automatic checkpoints off and a connection of its own checkpoints
// (core/sqlite/wal_checkpointer.h): what it copies into the database file is every committed
// operation, and the log stays whole while the writer goes on.
TEST(RelayLog, ACheckpointOnAnotherConnectionCopiesCommittedOperationsIntoTheDatabaseFile) {
    QTemporaryDir dir;
    const QString path = dir.filePath("relay.sqlite");
    fs::SqliteRoomLog::Options options;
    options.autoCheckpoint = false;
    auto writer = fs::SqliteRoomLog::open(path, options);
    ASSERT_TRUE(writer.ok()) << writer.error();
    auto checkpointer = fs::SqliteRoomLog::open(path, options);
    ASSERT_TRUE(checkpointer.ok()) << checkpointer.error();
    ASSERT_TRUE((*writer)->openRoom("r").ok());
    std::mt19937 rng(11);
    auto ops = ft::randomOperations(rng, 3000, 4);
    std::vector<fs::LogRecord> records;
    for (const auto& op : ops) records.push_back(recordOf(op, "r", op.sequence));
    // More than SQLite's automatic threshold (1,000 pages) goes into the WAL uncopied.
    for (size_t at = 0; at < 2000; at += 50)
        ASSERT_TRUE((*writer)->append(std::span(records).subspan(at, 50)).ok());
    const auto databaseOnly = [&](const QString& name) {
        // The database file alone, as if the WAL were gone: what the checkpoints copied.
        const QString copy = dir.filePath(name);
        EXPECT_TRUE(QFile::copy(path, copy));
        fs::SqliteRoomLog::Options readOnly;
        readOnly.create = false;
        auto log = fs::SqliteRoomLog::open(copy, readOnly);
        EXPECT_TRUE(log.ok()) << log.error();
        return log.ok() ? (*log)->openRoom("r")->head : -1;
    };
    EXPECT_LT(databaseOnly("before.sqlite"), 2000);
    ASSERT_TRUE((*checkpointer)->checkpoint().ok());
    EXPECT_EQ(databaseOnly("after.sqlite"), 2000);
    // The writer goes on (the WAL starts over) and a second checkpoint copies the rest.
    ASSERT_TRUE((*writer)->append(std::span(records).subspan(2000)).ok());
    ASSERT_TRUE((*checkpointer)->checkpoint().ok());
    EXPECT_EQ(databaseOnly("again.sqlite"), static_cast<int64_t>(records.size()));
    auto all = (*writer)->read("r", 0, static_cast<int64_t>(records.size()), 5000);
    ASSERT_TRUE(all.ok());
    ASSERT_EQ(all->size(), records.size());
    EXPECT_TRUE((*writer)->checkIntegrity().ok());
}
