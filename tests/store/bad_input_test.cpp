// Damaged and hostile conditions on real files: garbage over the file, another program's
// database, a lock held by another connection, a full disk.
#include <sqlite3.h>
#include <sys/mount.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <random>

#include "store_fixtures.h"

namespace framenote::test {
namespace {

void fillWithNotes(store::DraftStore& s, int count) {
    ASSERT_OK(s.transaction([&]() -> Status {
        for (int i = 0; i < count; ++i)
            if (Status r = s.applyLocal(
                    createOp(note("m1", i, i + 3, QString("note %1 镜头 %2").arg(i).arg(i * 7))));
                !r)
                return r;
        return Ok{};
    }));
}

void scribble(const QString& path, qint64 from, qint64 length) {
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadWrite));
    std::mt19937 rng(42);
    QByteArray garbage(static_cast<int>(length), '\0');
    for (char& c : garbage) c = static_cast<char>(rng());
    ASSERT_TRUE(file.seek(from));
    ASSERT_EQ(file.write(garbage), length);
}

class BadInputTest : public StoreTest {};

TEST_F(BadInputTest, GarbageOverTheHeaderIsRefusedNamingTheFile) {
    fillWithNotes(store(), 50);
    store_.reset();  // the last connection checkpoints the WAL into the file
    const QString copy = path("copy.framenote");
    ASSERT_TRUE(QFile::copy(path(), copy));
    scribble(copy, 0, 4096);

    const auto damaged = store::DraftStore::open(copy);
    ASSERT_FALSE(damaged.ok());
    EXPECT_NE(damaged.error().find(copy.toStdString()), std::string::npos) << damaged.error();
    EXPECT_NE(damaged.error().find("not a database"), std::string::npos) << damaged.error();

    reopen();  // the original is untouched
    EXPECT_EQ(take(store().queries().count("m1")), 50);
    EXPECT_OK(store().checkIntegrity());
}

TEST_F(BadInputTest, DamagedPagesAreReportedNotCrashed) {
    fillWithNotes(store(), 400);
    store_.reset();
    const QString copy = path("copy.framenote");
    ASSERT_TRUE(QFile::copy(path(), copy));
    const qint64 size = QFileInfo(copy).size();
    ASSERT_GT(size, 64 * 1024);
    scribble(copy, size / 3, size / 3);

    auto damaged = store::DraftStore::open(copy);
    if (!damaged.ok()) {
        EXPECT_NE(damaged.error().find(copy.toStdString()), std::string::npos) << damaged.error();
        return;
    }
    store::DraftStore& s = **damaged;
    const Status check = s.checkIntegrity();
    ASSERT_FALSE(check.ok());
    EXPECT_NE(check.error().find(copy.toStdString()), std::string::npos) << check.error();
    // Every kind of read fails cleanly or answers; none may crash.
    (void)s.queries().page("m1", {}, 1000);
    (void)s.queries().onFrame("m1", 200);
    (void)s.search().search("镜头");
    (void)s.pendingOperations("m1");
    (void)s.applyLocal(createOp(note("m1", 1, 1, "after damage")));
}

TEST_F(BadInputTest, AnotherProgramsSqliteFileIsRefused) {
    const QString foreign = path("foreign.db");
    {
        auto db = take(sqlite::SqliteDb::open(foreign));
        ASSERT_OK(db->exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"));
    }
    const auto r = store::DraftStore::open(foreign);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("not a Framenote store"), std::string::npos) << r.error();
    auto db = take(sqlite::SqliteDb::open(foreign));
    EXPECT_EQ(take(db->queryInt("SELECT count(*) FROM sqlite_schema")), 1);  // left alone
}

TEST_F(BadInputTest, LockedDatabaseFailsWithAClearErrorAfterTheBusyTimeout) {
    const model::Annotation kept = note("m1", 1, 1, "kept");
    ASSERT_OK(store().applyLocal(createOp(kept)));
    store::DraftStore::Options options;
    options.busyTimeoutMs = 300;
    auto s = take(store::DraftStore::open(path(), options));

    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(path().toUtf8().constData(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr), SQLITE_OK);

    QElapsedTimer timer;
    timer.start();
    const model::Annotation blocked = note("m1", 2, 2, "blocked");
    const Status write = s->applyLocal(createOp(blocked));
    const qint64 waited = timer.elapsed();
    ASSERT_FALSE(write.ok());
    EXPECT_NE(write.error().find("database is locked"), std::string::npos) << write.error();
    EXPECT_NE(write.error().find(path().toStdString()), std::string::npos) << write.error();
    EXPECT_GE(waited, 250);
    EXPECT_LT(waited, 3000);
    // Readers are not blocked (WAL), and a store can still be opened.
    EXPECT_TRUE(take(s->annotation(kept.id)).has_value());
    EXPECT_OK(store::DraftStore::open(path(), options));

    ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(other);
    ASSERT_OK(s->applyLocal(createOp(blocked)));  // the user retries: nothing was lost
    EXPECT_EQ(take(s->queries().count("m1")), 2);
    EXPECT_EQ(take(s->pendingCount()), 2);
}

// A real 2 MiB filesystem where the test may mount one (root; 2 MiB rather than 512 KiB because
// every commit appends each page it touched to the WAL, ~100 KiB for one note with its indexes,
// until a checkpoint); otherwise SQLite's own page cap,
// which fails writes with the same SQLITE_FULL ("database or disk is full").
class FullDiskTest : public ::testing::Test {
  protected:
    void SetUp() override {
        mountPoint_ = dir_.filePath("small");
        ASSERT_TRUE(QDir().mkpath(mountPoint_));
        mounted_ = ::mount("tmpfs", mountPoint_.toUtf8().constData(), "tmpfs", 0, "size=2m") == 0;
    }
    void TearDown() override {
        if (mounted_) ::umount2(mountPoint_.toUtf8().constData(), MNT_DETACH);
    }
    QTemporaryDir dir_;
    QString mountPoint_;
    bool mounted_ = false;
};

TEST_F(FullDiskTest, FullDiskFailsTheEditAndKeepsEveryEarlierOne) {
    const QString file = QDir(mountPoint_).filePath("profile.framenote");
    std::unique_ptr<store::DraftStore> s;
    if (mounted_) {
        s = take(store::DraftStore::open(file));
    } else {
        GTEST_LOG_(INFO)
            << "cannot mount a tmpfs here: simulating a full disk with PRAGMA max_page_count";
        { take(store::DraftStore::open(file)); }
        store::DraftStore::Options options;
        options.maxPageCount = 120;
        s = take(store::DraftStore::open(file, options));
    }

    std::vector<QUuid> saved;
    Status failure = Ok{};
    const QString words = QString("grain flicker 镜头 ").repeated(8);
    for (int i = 0; i < 5000 && failure.ok(); ++i) {
        const model::Annotation a = note("m1", i, i, QString::number(i) + words);
        failure = s->applyLocal(createOp(a));
        if (failure.ok()) saved.push_back(a.id);
    }
    ASSERT_FALSE(failure.ok()) << "the disk never filled";
    EXPECT_NE(failure.error().find("full"), std::string::npos) << failure.error();
    EXPECT_NE(failure.error().find(file.toStdString()), std::string::npos) << failure.error();
    ASSERT_GT(saved.size(), 5u) << failure.error();
    EXPECT_EQ(take(s->queries().count("m1")), static_cast<int64_t>(saved.size()));

    // The user makes room and starts again: every edit that was reported saved is there.
    s.reset();
    if (mounted_) {
        ASSERT_EQ(
            ::mount("tmpfs", mountPoint_.toUtf8().constData(), "tmpfs", MS_REMOUNT, "size=8m"), 0);
    }
    s = take(store::DraftStore::open(file));
    EXPECT_OK(s->checkIntegrity());
    EXPECT_EQ(take(s->queries().count("m1")), static_cast<int64_t>(saved.size()));
    EXPECT_EQ(take(s->pendingCount()), static_cast<int64_t>(saved.size()));
    for (const QUuid& id : saved) EXPECT_TRUE(take(s->annotation(id)).has_value());
    EXPECT_OK(s->applyLocal(createOp(note("m1", 1, 1, "after"))));
    s.reset();
}

// A bulk import that hits the disk limit half-way: the caller's body even ignores the failed
// edits, yet nothing of the transaction is committed, because an edit may be half-written.
TEST_F(BadInputTest, FullDiskInsideATransactionRollsBackAllOfIt) {
    fillWithNotes(store(), 5);
    const int64_t pages = take(store().database().queryInt("PRAGMA page_count"));
    store::DraftStore::Options options;
    options.maxPageCount = pages + 40;
    auto s = take(store::DraftStore::open(path(), options));
    int failures = 0;
    const Status result = s->transaction([&]() -> Status {
        for (int i = 0; i < 2000; ++i)
            if (!s->applyLocal(createOp(note("m1", i, i, QString("bulk %1 ").arg(i).repeated(20))))
                     .ok())
                ++failures;
        return Ok{};
    });
    ASSERT_GT(failures, 0);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().find("full"), std::string::npos) << result.error();
    EXPECT_NE(result.error().find("rolled back"), std::string::npos) << result.error();
    EXPECT_EQ(take(s->queries().count("m1")), 5);
    EXPECT_EQ(take(s->pendingCount()), 5);
    EXPECT_OK(s->checkIntegrity());
}

}  // namespace
}  // namespace framenote::test
