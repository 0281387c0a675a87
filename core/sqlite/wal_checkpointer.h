#pragma once
// A SQLite file's WAL checkpoints, on a thread and a connection of their own, so that no commit
// waits for one. With SQLite's automatic checkpoints the commit that fills the WAL past 1,000
// pages also copies it into the database file and syncs that file: a stall of milliseconds to
// hundreds of milliseconds in whatever thread committed. The writer's connection turns them off
// (`PRAGMA wal_autocheckpoint = 0`) and this runs a PASSIVE checkpoint every `intervalMs`.
// Durability is unchanged: a checkpoint copies only committed frames, and the WAL starts over only
// after the database file has been synced. Used by the relay's log (docs/PERFORMANCE.md, "Sync
// and relay") and the draft store (docs/ARCHITECTURE.md, "Storage").
#include <QString>
#include <QThread>
#include <memory>

#include "core/common/result.h"
#include "core/sqlite/sqlite_db.h"

namespace framenote::sqlite {

class WalCheckpointer {
  public:
    WalCheckpointer() = default;
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;
    ~WalCheckpointer() { stop(); }

    // Opens its own connection to the existing file at `path` and checkpoints it every
    // `intervalMs` on a thread named `threadName`. A failed checkpoint is logged and retried.
    Status start(const QString& path, int intervalMs, const QString& threadName,
                 int busyTimeoutMs = 5000);
    // Waits for a checkpoint in progress, then closes the connection. Idempotent.
    void stop();
    bool running() const { return context_ != nullptr; }

  private:
    std::unique_ptr<SqliteDb> db_;  // used on thread_ only
    QThread thread_;
    QObject* context_ = nullptr;  // lives on thread_; owns the timer
};

}  // namespace framenote::sqlite
