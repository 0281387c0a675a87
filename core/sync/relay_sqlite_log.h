#pragma once
// The room log in one SQLite file (WAL): tables rooms and operations (room, sequence, op_id
// unique per room, actor, times, payload). One instance is one connection; the relay opens two
// (a writer on its commit thread, a reader on its event loop), which WAL lets run side by side.
#include <QString>
#include <memory>

#include "core/sync/relay_room_log.h"

namespace framenote::sqlite {
class SqliteDb;
}

namespace framenote::sync {

class SqliteRoomLog final : public RoomLog {
  public:
    struct Options {
        // FULL: a commit is on disk when it returns (survives a power cut); NORMAL: it survives a
        // crash of the relay but the last commits may be lost with the machine.
        bool synchronousFull = true;
        bool create = true;  // create the file when it is missing
        // false: commits never checkpoint the WAL into the database file; someone calls
        // checkpoint() (on another connection and thread: core/sqlite/wal_checkpointer.h) instead.
        bool autoCheckpoint = true;
        int busyTimeoutMs = 10000;
    };
    static constexpr const char* kFileName = "relay.sqlite";

    // Opens (and creates or upgrades) the log at `path`. Refuses files that are not relay logs.
    static Result<std::unique_ptr<SqliteRoomLog>> open(const QString& path, const Options& options);
    static Result<std::unique_ptr<SqliteRoomLog>> open(const QString& path) {
        return open(path, Options{});
    }
    ~SqliteRoomLog() override;

    Result<RoomRecord> openRoom(const QString& room, const QString& creator = {}) override;
    Result<RoomCounts> roomCounts(const QString& creator) override;
    Result<int64_t> storedBytes() override;
    Result<bool> hasRoom(const QString& room) override;
    Result<uint64_t> renewEpoch(const QString& room) override;
    Status append(std::span<const LogRecord> records) override;
    Result<std::vector<LogRecord>> read(const QString& room, int64_t after, int64_t upTo,
                                        int limit) override;
    Result<std::vector<std::pair<QUuid, int64_t>>> operationIds(const QString& room) override;
    Status setFrameCount(const QString& room, int64_t frameCount) override;
    Result<int64_t> lastSequenceBefore(const QString& room, int64_t receivedMs) override;
    Status compact(const QString& room, int64_t through, const std::string& snapshot) override;
    Result<QStringList> rooms() override;
    Status backup(const QString& path) override;
    QString location() const override;

    // Copies the WAL into the database file as far as readers allow (a PASSIVE checkpoint) and
    // syncs it; the next write then starts the WAL over. Safe beside a writer on another
    // connection.
    Status checkpoint();

    // Runs PRAGMA integrity_check.
    Status checkIntegrity();

  private:
    explicit SqliteRoomLog(std::unique_ptr<sqlite::SqliteDb> db);
    std::unique_ptr<sqlite::SqliteDb> db_;
};

}  // namespace framenote::sync
