// framenote-relay as a process over a damaged log: a log that lacks operations the relay
// acknowledged (replaced by an empty file, or by an older copy) is refused at start with what is
// missing; --accept-loss goes on under new epochs, so that no client takes the new content for
// the old.
#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "core/sync/quantization.h"
#include "tests/support/relay_process.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;

namespace {

const QStringList kLogFiles = {"relay.sqlite", "relay.sqlite-wal", "relay.sqlite-shm"};

// Writes `count` notes to the test room as ana and returns the last acknowledged sequence.
int64_t write(ft::RelayProcess& relay, int count) {
    ft::RawClient ana;
    EXPECT_TRUE(ana.open(relay.url()));
    EXPECT_TRUE(ana.hello(ft::issueToken(relay.dataDir(), "ana", "reviewer")));
    EXPECT_TRUE(ana.join(ft::kRoomMedia));
    int64_t last = 0;
    for (int i = 0; i < count; ++i) {
        auto op = fm::makeCreate(ft::annotationOf("rect", "ana"), "ana", fm::Role::Reviewer);
        fs::quantizeOperation(op);
        ana.sendOperation(op);
        const v1::Envelope* answer = ana.answerTo(op.opId);
        EXPECT_TRUE(answer && answer->has_ack());
        if (answer && answer->has_ack()) last = static_cast<int64_t>(answer->ack().sequence());
    }
    return last;
}

void copyLog(const QString& from, const QString& to) {
    QDir().mkpath(to);
    for (const QString& name : kLogFiles) {
        QFile::remove(QDir(to).filePath(name));
        if (QFile::exists(QDir(from).filePath(name)))
            QFile::copy(QDir(from).filePath(name), QDir(to).filePath(name));
    }
}

}  // namespace

TEST(RelayDamage, AnEmptiedLogIsRefusedAtStartWithWhatIsMissing) {
    QTemporaryDir dir;
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.filePath("data")));
    ASSERT_EQ(write(relay, 5), 5);
    relay.kill();  // no clean shutdown
    for (const QString& name : kLogFiles) QFile::remove(QDir(relay.dataDir()).filePath(name));
    QFile empty(QDir(relay.dataDir()).filePath("relay.sqlite"));
    ASSERT_TRUE(empty.open(QIODevice::WriteOnly));  // zero length
    empty.close();
    EXPECT_FALSE(relay.restart());
    const QByteArray err = relay.errors();
    EXPECT_TRUE(err.contains("lacks operations this relay acknowledged")) << err.toStdString();
    EXPECT_TRUE(err.contains(ft::kRoomMedia.toUtf8())) << err.toStdString();
    EXPECT_TRUE(err.contains("acknowledged through sequence 5")) << err.toStdString();
    EXPECT_TRUE(err.contains("--accept-loss")) << err.toStdString();
}

TEST(RelayDamage, AnOlderCopyIsRefusedAndAcceptLossGoesOnUnderANewEpoch) {
    QTemporaryDir dir;
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.filePath("data")));
    ASSERT_EQ(write(relay, 3), 3);
    ASSERT_EQ(relay.terminate(), 0);
    copyLog(relay.dataDir(), dir.filePath("old"));
    ASSERT_TRUE(relay.restart());
    ASSERT_EQ(write(relay, 4), 7);
    // The epoch a client holds with its 7 operations.
    ft::RawClient witness;
    ASSERT_TRUE(witness.open(relay.url()));
    ASSERT_TRUE(witness.hello(ft::issueToken(relay.dataDir(), "wit", "viewer")));
    ASSERT_TRUE(witness.join(ft::kRoomMedia));
    const v1::Envelope* replay = witness.last([](const v1::Envelope& e) { return e.has_replay(); });
    ASSERT_NE(replay, nullptr);
    const uint64_t epoch = replay->replay().epoch();
    ASSERT_EQ(relay.terminate(), 0);

    copyLog(dir.filePath("old"), relay.dataDir());  // back to 3 operations
    EXPECT_FALSE(relay.restart());
    EXPECT_TRUE(relay.errors().contains("but the log ends at sequence 3"))
        << relay.errors().toStdString();

    ft::RelayProcess lenient;
    ASSERT_TRUE(lenient.start(relay.dataDir(), relay.port(), {"--accept-loss"}))
        << lenient.errors().toStdString();
    EXPECT_TRUE(lenient.errors().contains("new epochs")) << lenient.errors().toStdString();
    // The client that held sequence 7 of the old epoch gets a snapshot of the new one: never
    // sequences 4 to 7 of the same epoch with other content.
    ft::RawClient back;
    ASSERT_TRUE(back.open(lenient.url()));
    ASSERT_TRUE(back.hello(ft::issueToken(lenient.dataDir(), "wit", "viewer")));
    ASSERT_TRUE(back.join(ft::kRoomMedia, 3, epoch));
    const v1::Envelope* snapshot =
        back.last([](const v1::Envelope& e) { return e.has_snapshot(); });
    ASSERT_NE(snapshot, nullptr) << "a client of the lost epoch was not sent a snapshot";
    EXPECT_NE(snapshot->snapshot().epoch(), epoch);
    EXPECT_EQ(snapshot->snapshot().sequence(), 3u);
    // And the next start is clean: the ledger follows the new epoch.
    ASSERT_EQ(lenient.terminate(), 0);
    ASSERT_TRUE(relay.restart()) << relay.errors().toStdString();
}
