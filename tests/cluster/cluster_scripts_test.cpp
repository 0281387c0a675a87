// scripts/cluster-up and cluster-down (docs/USER_GUIDE.md, "Running a relay cluster"): 3 NATS
// nodes, 3 relays and HAProxy on loopback. A client through HAProxy writes; the relay serving it
// is SIGKILLed; the client connects again to the same address, lands on a standby relay, and
// finds every note it had confirmed. cluster-down stops exactly what cluster-up started.
#include <gtest/gtest.h>
#include <signal.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "core/sync/quantization.h"
#include "tests/cluster/served_notes.h"
#include "tests/support/nats_cluster.h"
#include "tests/support/raw_client.h"
#include "tests/support/relay_process.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;

namespace {

const QString kScripts = QStringLiteral(FRAMENOTE_SOURCE_DIR "/scripts/");

int script(const QString& name, const QStringList& args, QByteArray* out = nullptr) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(kScripts + name, args);
    p.waitForFinished(120'000);
    if (out) *out = p.readAll();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

// name -> pid, from the pids file cluster-up writes.
QHash<QString, qint64> startedProcesses(const QString& dir) {
    QHash<QString, qint64> pids;
    QFile f(QDir(dir).filePath("pids"));
    if (!f.open(QIODevice::ReadOnly)) return pids;
    for (const QByteArray& line : f.readAll().split('\n')) {
        const QList<QByteArray> parts = line.split(' ');
        if (parts.size() == 2) pids.insert(QString::fromLatin1(parts[0]), parts[1].toLongLong());
    }
    return pids;
}

bool alive(qint64 pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0; }

TEST(ClusterScripts, AClientThroughHaproxyOutlivesItsRelay) {
    if (!ft::NatsCluster::available() ||
        QStandardPaths::findExecutable("haproxy", {"/usr/sbin", "/usr/bin"}).isEmpty())
        GTEST_SKIP()
            << "nats-server or haproxy is not installed (scripts/install-deps installs them)";
    QTemporaryDir dir;
    const QString cluster = dir.filePath("cluster");
    QByteArray said;
    int port = 0;
    for (int attempt = 0; attempt < 5 && !port; ++attempt) {  // 24 ports from a random base
        const int base = 20000 + static_cast<int>(QRandomGenerator::global()->bounded(40000));
        if (script(
                "cluster-up",
                {"--dir", cluster, "--port", QString::number(base), "--relay", ft::relayBinary()},
                &said) == 0)
            port = base;
    }
    ASSERT_NE(port, 0) << said.toStdString();
    const auto started = startedProcesses(cluster);
    ASSERT_EQ(started.size(), 7) << said.toStdString();
    const auto down = qScopeGuard([&] { script("cluster-down", {"--dir", cluster}); });
    const QString url = QStringLiteral("ws://127.0.0.1:%1").arg(port);
    QByteArray token;
    ASSERT_EQ(ft::runRelay({"token", "--secret-file", cluster + "/relay-1/relay.secret", "--user",
                            "ana", "--role", "reviewer", "--room", "*"},
                           &token),
              0);
    const std::string bearer = token.trimmed().toStdString();

    ft::RawClient ana;
    ASSERT_TRUE(ana.open(url));
    ASSERT_TRUE(ana.hello(bearer));
    ASSERT_TRUE(ana.join(ft::kRoomMedia, 0, 0, 0, 20'000));
    std::vector<v1::Envelope> sent;
    for (int i = 0; i < 30; ++i) {
        auto op = fm::makeCreate(ft::annotationOf("rect", "ana"), "ana", fm::Role::Reviewer);
        fs::quantizeOperation(op);
        sent.push_back(fs::operationEnvelope(op, ana.context()));
    }
    ana.send(fs::batchEnvelope(sent));
    const auto isAck = [](const v1::Envelope& e) { return e.has_ack(); };
    ASSERT_TRUE(ft::spinUntil([&] { return ana.count(isAck) == sent.size(); }, 20'000));

    // The relay HAProxy sends to dies; the same address now leads to a standby relay.
    ASSERT_EQ(::kill(static_cast<pid_t>(started.value("relay-1")), SIGKILL), 0);
    ASSERT_TRUE(ft::spinUntil([&] { return ana.disconnected(); }, 10'000));
    std::unique_ptr<ft::RawClient> again;
    ASSERT_TRUE(ft::spinUntil(
        [&] {
            again = std::make_unique<ft::RawClient>();
            return again->open(url, 2000) && again->hello(bearer);
        },
        20'000));
    ASSERT_TRUE(again->join(ft::kRoomMedia, 0, 0, 0, 20'000));
    uint64_t head = 0;
    const QSet<QByteArray> there = ft::notesServed(*again, &head);
    EXPECT_EQ(head, sent.size());
    for (const auto& e : sent)
        EXPECT_TRUE(there.contains(QByteArray::fromStdString(e.operation().annotation().id())));

    // cluster-down stops exactly what cluster-up started (relay-1 is gone already).
    ASSERT_EQ(script("cluster-down", {"--dir", cluster}, &said), 0) << said.toStdString();
    for (auto it = started.begin(); it != started.end(); ++it)
        EXPECT_TRUE(ft::spinUntil([&] { return !alive(it.value()); }, 10'000))
            << it.key().toStdString();
    EXPECT_FALSE(QFile::exists(cluster + "/pids"));
}

}  // namespace
