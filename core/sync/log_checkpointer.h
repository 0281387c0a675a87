#pragma once
// The relay log's WAL checkpoints, on a thread and a connection of their own, so that no commit
// waits for one (docs/PERFORMANCE.md "Sync and relay"). With SQLite's automatic checkpoints the
// commit that fills the WAL past 1,000 pages also copies it into the database file and syncs
// that file: on a busy disk a stall of tens to hundreds of milliseconds, and every broadcast
// waits for its commit. Here the writer's connection has them off
// (SqliteRoomLog::Options::autoCheckpoint) and this one runs a PASSIVE checkpoint every
// `intervalMs`. Durability is unchanged: a checkpoint copies only committed frames, and the WAL
// starts over only after the database file has been synced.
#include <QString>
#include <QThread>
#include <memory>

#include "core/common/result.h"
#include "core/sync/relay_sqlite_log.h"

namespace framenote::sync {

class LogCheckpointer {
  public:
    LogCheckpointer() = default;
    LogCheckpointer(const LogCheckpointer&) = delete;
    LogCheckpointer& operator=(const LogCheckpointer&) = delete;
    ~LogCheckpointer() { stop(); }

    // Opens its connection to the log at `path` and starts checkpointing every `intervalMs`.
    Status start(const QString& path, const SqliteRoomLog::Options& options, int intervalMs);
    // Waits for a checkpoint in progress, then closes the connection. Idempotent.
    void stop();

  private:
    std::unique_ptr<SqliteRoomLog> log_;  // used on thread_ only
    QThread thread_;
    QObject* context_ = nullptr;  // lives on thread_; owns the timer
};

}  // namespace framenote::sync
