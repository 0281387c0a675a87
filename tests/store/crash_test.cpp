// Crash safety on the real file format: a child process makes edits and reports each one after
// its commit returns; it is killed with SIGKILL at random moments, again and again. Then every
// reported edit must be in the file, the file must pass its integrity checks, the outbox must
// hold exactly the unconfirmed operations, and the notes must be the fold of the log.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <algorithm>
#include <random>

#include "core/model/annotation_state.h"
#include "core/model/id_text.h"
#include "core/store/annotation_table.h"
#include "store_fixtures.h"

namespace framenote::test {
namespace {

struct Reports {
    QSet<QUuid> ops;             // "op <id>": committed local edits
    QHash<QUuid, int64_t> acks;  // "ack <id> <seq>": committed acknowledgements
};

void parseLine(const QString& line, Reports* reports) {
    const QStringList parts = line.split(' ');
    if (parts.size() == 2 && parts[0] == "op")
        reports->ops.insert(QUuid::fromString(parts[1]));
    else if (parts.size() == 3 && parts[0] == "ack")
        reports->acks.insert(QUuid::fromString(parts[1]), parts[2].toLongLong());
    else
        ADD_FAILURE() << "unexpected line from the writer: " << line.toStdString();
}

// Runs the writer for about `lifeMs` and kills it with SIGKILL; collects what it reported.
void runAndKill(const QString& db, int seed, int lifeMs, Reports* reports) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        ::dup2(fds[1], STDOUT_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        const std::string path = db.toStdString();
        const std::string seedText = std::to_string(seed);
        ::execl(STORE_CRASH_WRITER, STORE_CRASH_WRITER, path.c_str(), seedText.c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[1]);
    QByteArray buffer;
    QElapsedTimer timer;
    timer.start();
    bool killed = false;
    for (;;) {
        const qint64 left = lifeMs - timer.elapsed();
        if (left <= 0 && !killed) {
            ::kill(pid, SIGKILL);
            killed = true;
        }
        pollfd p{fds[0], POLLIN, 0};
        ::poll(&p, 1, killed ? 1000 : static_cast<int>(std::max<qint64>(left, 1)));
        if (!(p.revents & (POLLIN | POLLHUP))) continue;
        char chunk[4096];
        const ssize_t n = ::read(fds[0], chunk, sizeof chunk);
        if (n <= 0) break;  // the child is gone and the pipe is drained
        buffer.append(chunk, static_cast<int>(n));
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the writer stopped by itself (exit " << WEXITSTATUS(status) << ")";
    // A line is reported only when complete: the last one may not have been written at all.
    const QList<QByteArray> lines = buffer.split('\n');
    for (qsizetype i = 0; i + 1 < lines.size(); ++i)
        parseLine(QString::fromUtf8(lines[i]), reports);
}

TEST(CrashSafety, EveryReportedEditSurvivesSigkillAndTheOutboxHoldsExactlyTheUnconfirmed) {
    QTemporaryDir dir;
    const QString db = dir.filePath("crash.framenote");
    constexpr int kRounds = 30;
    std::mt19937 rng(2024);
    Reports reports;
    QElapsedTimer timer;
    timer.start();
    for (int round = 0; round < kRounds; ++round)
        runAndKill(db, round, 20 + static_cast<int>(rng() % 400), &reports);
    EXPECT_LT(timer.elapsed(), 20000);
    ASSERT_GT(reports.ops.size(), kRounds) << "the writer hardly wrote anything";

    auto s = take(store::DraftStore::open(db));
    ASSERT_OK(s->checkIntegrity());

    const std::vector<model::Operation> log = take(s->operations("crash"));
    QHash<QUuid, int64_t> sequences;
    for (const auto& op : log) sequences.insert(op.opId, op.sequence);
    QSet<QUuid> outbox;
    for (const auto& op : take(s->pendingOperations("crash"))) outbox.insert(op.opId);

    // Every edit the writer was told is saved, is saved.
    for (const QUuid& id : reports.ops)
        EXPECT_TRUE(sequences.contains(id)) << "lost " << id.toString().toStdString();
    // Every acknowledgement it was told is saved, is saved, and took the edit out of the outbox.
    for (auto it = reports.acks.begin(); it != reports.acks.end(); ++it) {
        EXPECT_EQ(sequences.value(it.key(), -1), it.value());
        EXPECT_FALSE(outbox.contains(it.key()));
    }
    // The outbox is exactly the operations without a sequence.
    QSet<QUuid> unconfirmed;
    for (const auto& op : log)
        if (op.sequence == 0) unconfirmed.insert(op.opId);
    EXPECT_EQ(outbox, unconfirmed);
    // At most one commit per round can have happened without its line being written.
    int unreported = 0;
    for (const auto& op : log) unreported += reports.ops.contains(op.opId) ? 0 : 1;
    EXPECT_LE(unreported, kRounds);
    // No acknowledgement can be in the file and its sequence skipped.
    EXPECT_EQ(take(s->lastConfirmedSequence("crash")),
              static_cast<int64_t>(log.size() - unconfirmed.size()));

    // The notes are the fold of the log (operations() is in merge order).
    model::AnnotationState state;
    for (size_t i = 0; i < log.size(); ++i) state.apply(log[i], static_cast<int64_t>(i));
    std::vector<model::Annotation> expected;
    for (const auto* a : state.annotations()) expected.push_back(*a);
    std::sort(expected.begin(), expected.end(), [](const auto& x, const auto& y) {
        const QString xi = model::idText(x.id);
        const QString yi = model::idText(y.id);
        return std::tie(x.firstFrame, x.createdMs, xi) < std::tie(y.firstFrame, y.createdMs, yi);
    });
    EXPECT_EQ(take(s->queries().page("crash", {}, 1000000)).items, expected);
}

}  // namespace
}  // namespace framenote::test
