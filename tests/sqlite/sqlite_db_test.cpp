// The SQLite wrapper: errors name the file, transactions and savepoints, value round trips.
#include "core/sqlite/sqlite_db.h"

#include <QTemporaryDir>
#include <limits>

#include "tests/support/result_checks.h"

namespace framenote::test {
namespace {

using sqlite::SqliteDb;

class SqliteDbTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = take(SqliteDb::open(dir_.filePath("t.db")));
        ASSERT_OK(db_->exec("CREATE TABLE t (v)"));
    }
    int64_t rows() { return take(db_->queryInt("SELECT count(*) FROM t")); }
    QTemporaryDir dir_;
    std::unique_ptr<SqliteDb> db_;
};

TEST_F(SqliteDbTest, ErrorsNameTheFileAndSqlitesMessage) {
    const auto bad = db_->prepare("SELEC nothing");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find(dir_.filePath("t.db").toStdString()), std::string::npos)
        << bad.error();
    EXPECT_NE(bad.error().find("syntax error"), std::string::npos) << bad.error();
    const auto missing = SqliteDb::open(dir_.filePath("no/such/dir/x.db"));
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("no/such/dir/x.db"), std::string::npos) << missing.error();
    const auto noCreate = SqliteDb::open(dir_.filePath("absent.db"), SqliteDb::Options{false, 100});
    EXPECT_FALSE(noCreate.ok());
}

TEST_F(SqliteDbTest, TransactionRollsBackUnlessCommitted) {
    {
        auto tx = take(db_->begin());
        ASSERT_OK(db_->exec("INSERT INTO t VALUES (1)"));
    }
    EXPECT_EQ(rows(), 0);
    {
        auto tx = take(db_->begin());
        ASSERT_OK(db_->exec("INSERT INTO t VALUES (1)"));
        ASSERT_OK(tx.commit());
    }
    EXPECT_EQ(rows(), 1);
    EXPECT_FALSE(db_->inTransaction());
}

TEST_F(SqliteDbTest, NestedTransactionRollsBackOnlyItsOwnWrites) {
    auto outer = take(db_->begin());
    ASSERT_OK(db_->exec("INSERT INTO t VALUES (1)"));
    {
        auto inner = take(db_->begin());
        ASSERT_OK(db_->exec("INSERT INTO t VALUES (2)"));
    }  // rolled back
    {
        auto inner = take(db_->begin());
        ASSERT_OK(db_->exec("INSERT INTO t VALUES (3)"));
        ASSERT_OK(inner.commit());
    }
    ASSERT_OK(outer.commit());
    EXPECT_EQ(take(db_->queryInt("SELECT sum(v) FROM t")), 4);
}

TEST_F(SqliteDbTest, ValuesRoundTripExactly) {
    auto insert = take(db_->prepare("INSERT INTO t VALUES (?1)"));
    const QString text = QString::fromUtf8("镜头 \xF0\x9F\x8E\xAC ok");
    const QByteArray blob("\x00\xff\x00", 3);
    ASSERT_OK(insert.bindText(1, text).run());
    ASSERT_OK(insert.bindBlob(1, blob).run());
    ASSERT_OK(insert.bindInt(1, std::numeric_limits<int64_t>::min()).run());
    ASSERT_OK(insert.bindDouble(1, 0.1).run());
    ASSERT_OK(insert.bindNull(1).run());
    ASSERT_OK(insert.bindText(1, QString()).run());  // empty text, not NULL
    auto read = take(db_->prepare("SELECT v FROM t ORDER BY rowid"));
    ASSERT_TRUE(take(read.step()));
    EXPECT_EQ(read.columnText(0), text);
    ASSERT_TRUE(take(read.step()));
    EXPECT_EQ(read.columnBlob(0), blob);
    ASSERT_TRUE(take(read.step()));
    EXPECT_EQ(read.columnInt(0), std::numeric_limits<int64_t>::min());
    ASSERT_TRUE(take(read.step()));
    EXPECT_EQ(read.columnDouble(0), 0.1);
    ASSERT_TRUE(take(read.step()));
    EXPECT_TRUE(read.isNull(0));
    ASSERT_TRUE(take(read.step()));
    EXPECT_FALSE(read.isNull(0));
    EXPECT_FALSE(take(read.step()));
}

TEST_F(SqliteDbTest, BadParameterIsReportedAtStep) {
    auto insert = take(db_->prepare("INSERT INTO t VALUES (?1)"));
    insert.bindInt(5, 1);
    const Status s = insert.run();
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("parameter 5"), std::string::npos) << s.error();
    EXPECT_EQ(rows(), 0);
}

}  // namespace
}  // namespace framenote::test
