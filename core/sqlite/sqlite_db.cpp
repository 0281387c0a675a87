#include "core/sqlite/sqlite_db.h"

#include <sqlite3.h>

#include "core/common/try.h"

namespace framenote::sqlite {

// ---- Statement ----

SqliteDb::Statement::Statement(SqliteDb* db, sqlite3_stmt* stmt, bool owned)
    : db_(db), stmt_(stmt), owned_(owned) {}

SqliteDb::Statement::Statement(Statement&& other) noexcept
    : db_(other.db_),
      stmt_(other.stmt_),
      owned_(other.owned_),
      bindError_(std::move(other.bindError_)) {
    other.stmt_ = nullptr;
}

SqliteDb::Statement& SqliteDb::Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        release();
        db_ = other.db_;
        stmt_ = other.stmt_;
        owned_ = other.owned_;
        bindError_ = std::move(other.bindError_);
        other.stmt_ = nullptr;
    }
    return *this;
}

SqliteDb::Statement::~Statement() { release(); }

void SqliteDb::Statement::release() {
    if (!stmt_) return;
    if (owned_) {
        sqlite3_finalize(stmt_);
    } else {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    stmt_ = nullptr;
}

namespace {

void noteBind(SqliteDb* db, int rc, int index, std::string* bindError) {
    if (rc != SQLITE_OK && bindError->empty())
        *bindError = "parameter " + std::to_string(index) + ": " + sqlite3_errstr(rc);
    (void)db;
}

}  // namespace

SqliteDb::Statement& SqliteDb::Statement::bindInt(int index, int64_t value) {
    noteBind(db_, sqlite3_bind_int64(stmt_, index, value), index, &bindError_);
    return *this;
}

SqliteDb::Statement& SqliteDb::Statement::bindDouble(int index, double value) {
    noteBind(db_, sqlite3_bind_double(stmt_, index, value), index, &bindError_);
    return *this;
}

SqliteDb::Statement& SqliteDb::Statement::bindText(int index, const QString& value) {
    const QByteArray utf8 = value.toUtf8();
    return bindText(index, std::string_view(utf8.constData(), static_cast<size_t>(utf8.size())));
}

SqliteDb::Statement& SqliteDb::Statement::bindText(int index, std::string_view utf8) {
    // SQLITE_TRANSIENT: SQLite copies, so temporaries are safe to pass. A null pointer would
    // bind NULL, and an empty string is not NULL.
    noteBind(db_,
             sqlite3_bind_text64(stmt_, index, utf8.data() ? utf8.data() : "", utf8.size(),
                                 SQLITE_TRANSIENT, SQLITE_UTF8),
             index, &bindError_);
    return *this;
}

SqliteDb::Statement& SqliteDb::Statement::bindBlob(int index, const QByteArray& value) {
    // A null QByteArray would bind NULL; an empty blob is still a blob.
    noteBind(db_,
             sqlite3_bind_blob64(stmt_, index, value.isNull() ? "" : value.constData(),
                                 static_cast<sqlite3_uint64>(value.size()), SQLITE_TRANSIENT),
             index, &bindError_);
    return *this;
}

SqliteDb::Statement& SqliteDb::Statement::bindNull(int index) {
    noteBind(db_, sqlite3_bind_null(stmt_, index), index, &bindError_);
    return *this;
}

Result<bool> SqliteDb::Statement::step() {
    if (!bindError_.empty()) {
        Error e = db_->error(bindError_ + " in: " + sqlite3_sql(stmt_));
        bindError_.clear();
        sqlite3_reset(stmt_);
        return e;
    }
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) {
        sqlite3_reset(stmt_);
        return false;
    }
    Error e = db_->error();
    sqlite3_reset(stmt_);
    return e;
}

Status SqliteDb::Statement::run() {
    return forEachRow([](Statement&) {});
}

void SqliteDb::Statement::reset() { sqlite3_reset(stmt_); }

bool SqliteDb::Statement::isNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

int64_t SqliteDb::Statement::columnInt(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double SqliteDb::Statement::columnDouble(int column) const {
    return sqlite3_column_double(stmt_, column);
}

QString SqliteDb::Statement::columnText(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return QString::fromUtf8(text, sqlite3_column_bytes(stmt_, column));
}

QByteArray SqliteDb::Statement::columnBlob(int column) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    if (!data)
        return sqlite3_column_type(stmt_, column) == SQLITE_NULL ? QByteArray() : QByteArray("");
    return QByteArray(static_cast<const char*>(data), size);
}

QByteArrayView SqliteDb::Statement::columnBytes(int column) const {
    const void* data = sqlite3_column_blob(stmt_, column);
    return QByteArrayView(static_cast<const char*>(data), sqlite3_column_bytes(stmt_, column));
}

// ---- Transaction ----

SqliteDb::Transaction::Transaction(Transaction&& other) noexcept
    : db_(other.db_), savepoint_(other.savepoint_) {
    other.db_ = nullptr;
}

SqliteDb::Transaction::~Transaction() { rollback(); }

Status SqliteDb::Transaction::commit() {
    if (!db_) return makeError("commit: the transaction is no longer active");
    Status s = db_->exec(savepoint_ ? "RELEASE fn_savepoint" : "COMMIT");
    if (!s) {
        rollback();  // e.g. SQLITE_FULL while writing the WAL: nothing of it stays
        return s;
    }
    db_ = nullptr;
    return Ok{};
}

void SqliteDb::Transaction::rollback() {
    if (!db_) return;
    // SQLite may already have rolled back by itself (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM).
    if (db_->inTransaction()) {
        const char* sql =
            savepoint_ ? "ROLLBACK TO fn_savepoint; RELEASE fn_savepoint" : "ROLLBACK";
        sqlite3_exec(db_->handle(), sql, nullptr, nullptr, nullptr);
    }
    db_ = nullptr;
}

// ---- SqliteDb ----

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const QString& path, const Options& options) {
    sqlite3* handle = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    if (options.create) flags |= SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &handle, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = handle ? sqlite3_errmsg(handle) : sqlite3_errstr(rc);
        sqlite3_close_v2(handle);
        return makeError(path.toStdString() + ": cannot open: " + message);
    }
    std::unique_ptr<SqliteDb> db(new SqliteDb(handle, path));
    sqlite3_busy_timeout(handle, options.busyTimeoutMs);
    sqlite3_extended_result_codes(handle, 1);
    return db;
}

SqliteDb::~SqliteDb() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    cache_.clear();
    sqlite3_close_v2(db_);
}

Status SqliteDb::exec(std::string_view sql) {
    char* message = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return Ok{};
    std::string detail = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    return makeError(path_.toStdString() + ": " + detail);
}

Result<SqliteDb::Statement> SqliteDb::prepare(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return error("cannot prepare '" + std::string(sql) + "'");
    return Statement(this, stmt, true);
}

Result<SqliteDb::Statement> SqliteDb::cached(const char* sql) {
    auto it = cache_.find(std::string_view(sql));
    if (it == cache_.end()) {
        sqlite3_stmt* stmt = nullptr;
        const int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK) return error(std::string("cannot prepare '") + sql + "'");
        it = cache_.emplace(sql, stmt).first;
    }
    return Statement(this, it->second, false);
}

Result<int64_t> SqliteDb::queryInt(std::string_view sql) {
    Result<Statement> st = prepare(sql);
    FRAMENOTE_TRY(st);
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    return *row ? st->columnInt(0) : int64_t{0};
}

Result<SqliteDb::Transaction> SqliteDb::begin() {
    const bool nested = inTransaction();
    if (Status s = exec(nested ? "SAVEPOINT fn_savepoint" : "BEGIN IMMEDIATE"); !s)
        return makeError(s.error());
    return Transaction(this, nested);
}

bool SqliteDb::inTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

int64_t SqliteDb::lastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int SqliteDb::changes() const { return sqlite3_changes(db_); }

Error SqliteDb::error(std::string_view what) const {
    std::string message = path_.toStdString() + ": ";
    if (!what.empty()) message += std::string(what) + ": ";
    message += sqlite3_errmsg(db_);
    return makeError(std::move(message));
}

int SqliteDb::lastErrorCode() const { return sqlite3_extended_errcode(db_); }

}  // namespace framenote::sqlite
