#pragma once
// The draft store's schema as forward migration steps 1..N. PRAGMA user_version records the
// step a file has reached; each step runs in its own transaction, so a crash leaves the file at
// the previous version, never half-way. Files newer than this code are refused, not guessed at.
#include "core/common/result.h"
#include "core/sqlite/sqlite_db.h"

namespace framenote::store {

class Schema {
  public:
    // Written to PRAGMA application_id so another program's SQLite file is not mistaken for ours.
    static constexpr int kApplicationId = 0x466e6f74;  // "Fnot"

    static int latestVersion();
    static Result<int> version(sqlite::SqliteDb& db);
    // Brings the file up to `target` (tests stop at an older step to make an old file).
    static Status migrate(sqlite::SqliteDb& db, int target);
    static Status migrate(sqlite::SqliteDb& db) { return migrate(db, latestVersion()); }
};

}  // namespace framenote::store
