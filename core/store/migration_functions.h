#pragma once
// SQL functions that schema migrations call to rewrite rows in one UPDATE each, so a step over
// a million notes is a single pass inside SQLite instead of a read loop and a write per row.
// Registered for the lifetime of a MigrationFunctions object, on one connection:
//   framenote_annotation_form(json)  an annotation's JSON (schemas 1-3) -> stored_form.h blob
//   framenote_operation_form(json)   an operation's JSON (schemas 1-3) -> stored_form.h blob
//   framenote_unigram_text(text)     search_tokens.h unigramText()
//   framenote_first_search_rowid(k)  AnnotationTable::firstSearchRowid()
// A row that cannot be converted fails its statement with a message naming what was wrong.
#include "core/common/result.h"
#include "core/sqlite/sqlite_db.h"

namespace framenote::store {

class MigrationFunctions {
  public:
    static Result<MigrationFunctions> install(sqlite::SqliteDb& db);
    MigrationFunctions(MigrationFunctions&& other) noexcept : db_(other.db_) {
        other.db_ = nullptr;
    }
    MigrationFunctions& operator=(MigrationFunctions&&) = delete;
    ~MigrationFunctions();

  private:
    explicit MigrationFunctions(sqlite::SqliteDb* db) : db_(db) {}
    sqlite::SqliteDb* db_;
};

}  // namespace framenote::store
