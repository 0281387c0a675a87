#pragma once
// Uploads of media to a relay that wait to resume (sync::UploadResumeStates), kept in the draft
// store so that sharing a clip goes on after the app was closed or crashed, as edits do. Its own
// connection to the store's file, so the thread uploading need not wait on the store thread:
// the rows are small, written a few times per upload, and SQLite's locking (WAL, busy timeout)
// arbitrates with the store.
#include <QByteArray>
#include <QString>
#include <memory>

#include "core/common/result.h"
#include "core/sqlite/sqlite_db.h"

namespace framenote::store {

class UploadResumeTable {
  public:
    // Opens (and if needed creates or upgrades) the store at `path`.
    static Result<std::unique_ptr<UploadResumeTable>> open(const QString& path);

    // The state saved under `key`, or empty.
    Result<QByteArray> load(const QString& key);
    Status save(const QString& key, const QByteArray& state);
    Status remove(const QString& key);

    // At most this much per state: one saved larger is refused (a resume state is a list of
    // upload URLs, a few hundred bytes per chunk).
    static constexpr qsizetype kMaxStateBytes = 4 << 20;

  private:
    explicit UploadResumeTable(std::unique_ptr<sqlite::SqliteDb> db) : db_(std::move(db)) {}
    std::unique_ptr<sqlite::SqliteDb> db_;
};

}  // namespace framenote::store
