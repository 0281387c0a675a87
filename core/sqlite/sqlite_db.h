#pragma once
// A small RAII wrapper over one SQLite connection (the C API): open, exec, prepared and cached
// statements, transactions. Every error is a framenote::Status naming the file and carrying
// SQLite's own message ("database is locked", "file is not a database", ...), so a user who
// reads it knows which profile is affected and why.
//
// A connection belongs to one thread (the store's thread, so the UI never waits on disk); it is
// opened with SQLITE_OPEN_NOMUTEX and must not be shared.
#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/common/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace framenote::sqlite {

class SqliteDb {
  public:
    struct Options {
        bool create = true;        // create the file when it is missing
        int busyTimeoutMs = 5000;  // how long to wait for another connection's lock
    };

    // A prepared statement. Owned statements are finalized on destruction; statements borrowed
    // from the connection's cache are reset instead, so they never hold a read transaction open
    // after the caller is done with them.
    class Statement {
      public:
        Statement(Statement&& other) noexcept;
        Statement& operator=(Statement&& other) noexcept;
        Statement(const Statement&) = delete;
        Statement& operator=(const Statement&) = delete;
        ~Statement();

        // Parameters are 1-based as in SQLite. A failed bind is reported by the next step().
        Statement& bindInt(int index, int64_t value);
        Statement& bindDouble(int index, double value);
        Statement& bindText(int index, const QString& value);
        Statement& bindText(int index, std::string_view utf8);
        Statement& bindBlob(int index, const QByteArray& value);
        Statement& bindNull(int index);

        // true: a row is ready; false: done (the statement is reset for reuse).
        Result<bool> step();
        // The row loop: steps to the end, calling `fn(*this)` on each row. `fn` returns nothing,
        // or a Status whose error ends the walk and is returned, as is a failed step.
        template <typename Fn>
        Status forEachRow(Fn&& fn);
        // Steps to the end, for statements that return no rows.
        Status run();
        void reset();

        bool isNull(int column) const;
        int64_t columnInt(int column) const;
        double columnDouble(int column) const;
        QString columnText(int column) const;
        QByteArray columnBlob(int column) const;
        // The column's bytes without a copy: valid until the next step() or reset(). For
        // decoding a row in place (stored_form.h) on the query paths.
        QByteArrayView columnBytes(int column) const;

      private:
        friend class SqliteDb;
        Statement(SqliteDb* db, sqlite3_stmt* stmt, bool owned);
        void release();

        SqliteDb* db_ = nullptr;
        sqlite3_stmt* stmt_ = nullptr;
        bool owned_ = true;
        std::string bindError_;
    };

    // Rolls back on destruction unless committed. Inside an open transaction it is a SAVEPOINT,
    // so a failed step rolls back only its own writes and the outer transaction goes on.
    class Transaction {
      public:
        Transaction(Transaction&& other) noexcept;
        Transaction& operator=(Transaction&&) = delete;
        Transaction(const Transaction&) = delete;
        ~Transaction();
        Status commit();
        void rollback();

      private:
        friend class SqliteDb;
        Transaction(SqliteDb* db, bool savepoint) : db_(db), savepoint_(savepoint) {}
        SqliteDb* db_ = nullptr;
        bool savepoint_ = false;
    };

    static Result<std::unique_ptr<SqliteDb>> open(const QString& path, const Options& options);
    static Result<std::unique_ptr<SqliteDb>> open(const QString& path) {
        return open(path, Options{});
    }
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    const QString& path() const { return path_; }

    // Runs one or more statements that return no rows of interest.
    Status exec(std::string_view sql);
    Result<Statement> prepare(std::string_view sql);
    // Prepared once per connection and reused; for the hot paths.
    Result<Statement> cached(const char* sql);
    // The first column of the first row as an integer (0 when there is no row).
    Result<int64_t> queryInt(std::string_view sql);

    // BEGIN IMMEDIATE: takes the write lock up front, so a busy database fails (after the busy
    // timeout) at BEGIN rather than half-way through, and WAL readers never deadlock on upgrade.
    // Nested calls make savepoints.
    Result<Transaction> begin();
    bool inTransaction() const;

    int64_t lastInsertRowId() const;
    int changes() const;
    // An error naming the file, with SQLite's current message for this connection.
    Error error(std::string_view what = {}) const;
    int lastErrorCode() const;
    sqlite3* handle() const { return db_; }

  private:
    SqliteDb(sqlite3* db, QString path) : db_(db), path_(std::move(path)) {}

    sqlite3* db_ = nullptr;
    QString path_;
    std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

template <typename Fn>
Status SqliteDb::Statement::forEachRow(Fn&& fn) {
    for (;;) {
        Result<bool> row = step();
        if (!row) return makeError(row.error());
        if (!*row) return Ok{};
        if constexpr (std::is_void_v<std::invoke_result_t<Fn&, Statement&>>) {
            fn(*this);
        } else {
            if (Status s = fn(*this); !s) return s;
        }
    }
}

}  // namespace framenote::sqlite
