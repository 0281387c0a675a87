// framenote-relay --cluster (docs/ARCHITECTURE.md, "Relay cluster"): relays keeping their rooms
// in NATS JetStream, on a real 3-node nats-server cluster on loopback. A relay SIGKILLed under
// load leaves its rooms to another relay on the same cluster: its client reconnects there, and
// every operation it had acknowledged is there.
#include <gtest/gtest.h>

#include <QDir>
#include <QElapsedTimer>
#include <QSet>
#include <QTemporaryDir>
#include <QThread>

#include "core/cluster/jetstream_log.h"
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

// Waits until the cluster answers (its leaders elected) and makes the stream, as a relay would.
bool clusterReady(const ft::NatsCluster& nats) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 30'000) {
        if (framenote::cluster::JetStreamLog::open({nats.urls(), 3, 1000})) return true;
        QThread::msleep(200);
    }
    return false;
}

TEST(RelayCluster, ARelayThatDiesLeavesItsRoomsToAnotherWithNothingAcknowledgedLost) {
    if (!ft::NatsCluster::available())
        GTEST_SKIP() << "nats-server is not installed (scripts/install-deps installs it)";
    ft::NatsCluster nats(3);
    ASSERT_TRUE(clusterReady(nats)) << nats.logs().toStdString();
    QTemporaryDir dirA, dirB;
    const QStringList cluster{"--cluster", nats.urls().join(',')};
    ft::RelayProcess relayA;
    ASSERT_TRUE(relayA.start(dirA.path(), 0, cluster)) << relayA.why();
    // Both relays take the same tokens: one secret.
    const QString secret = QDir(dirA.path()).filePath("relay.secret");
    const std::string token = ft::issueToken(dirA.path(), "ana", "reviewer");
    ft::RawClient ana;
    ASSERT_TRUE(ana.open(relayA.url()));
    ASSERT_TRUE(ana.hello(token));
    ASSERT_TRUE(ana.join(ft::kRoomMedia));
    // Batches in a row: the relay commits (publishes to JetStream) and acknowledges them one
    // after the other, so the kill comes with some acknowledged and some on their way.
    std::vector<fm::Operation> ops;
    for (int b = 0; b < 20; ++b) {
        std::vector<v1::Envelope> batch;
        for (int i = 0; i < 10; ++i) {
            auto op = fm::makeCreate(ft::annotationOf("rect", "ana"), "ana", fm::Role::Reviewer);
            fs::quantizeOperation(op);
            ops.push_back(op);
            batch.push_back(fs::operationEnvelope(op, ana.context()));
        }
        ana.send(fs::batchEnvelope(batch));
    }
    const auto isAck = [](const v1::Envelope& e) { return e.has_ack(); };
    ASSERT_TRUE(ft::spinUntil([&] { return ana.count(isAck) >= 1; }, 20'000))
        << relayA.output().toStdString();
    relayA.kill();  // SIGKILL, acknowledgements on their way
    QSet<QByteArray> acknowledged;
    for (const auto& e : ana.received())
        if (e.has_ack()) acknowledged.insert(QByteArray::fromStdString(e.ack().op_id()));
    ASSERT_GE(acknowledged.size(), 1);

    // Another relay, another machine's data folder, the same cluster.
    ft::RelayProcess relayB;
    ASSERT_TRUE(relayB.start(dirB.path(), 0, cluster + QStringList{"--secret-file", secret}))
        << relayB.why();
    ft::RawClient again;
    ASSERT_TRUE(again.open(relayB.url()));
    ASSERT_TRUE(again.hello(token));
    ASSERT_TRUE(again.join(ft::kRoomMedia, 0, 0, 0, 20'000)) << relayB.output().toStdString();
    uint64_t head = 0;
    const QSet<QByteArray> there = ft::notesServed(again, &head);  // at relay B
    EXPECT_GE(head, static_cast<uint64_t>(acknowledged.size()));
    int missing = 0;
    for (const fm::Operation& op : ops) {
        const auto wire = fs::operationEnvelope(op, ana.context());
        if (!acknowledged.contains(QByteArray::fromStdString(wire.operation().op_id()))) continue;
        missing +=
            there.contains(QByteArray::fromStdString(wire.operation().annotation().id())) ? 0 : 1;
    }
    EXPECT_EQ(missing, 0) << "acknowledged at relay A, not served by relay B";
    // And B goes on with the room: a new note is acknowledged at the next sequence.
    auto next = fm::makeCreate(ft::annotationOf("rect", "ana"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(next);
    const auto envelope = fs::operationEnvelope(next, again.context());
    again.send(envelope);
    const v1::Envelope* answer = again.answerTo(
        QUuid::fromRfc4122(QByteArray::fromStdString(envelope.operation().op_id())), 10'000);
    ASSERT_NE(answer, nullptr);
    ASSERT_TRUE(answer->has_ack()) << answer->DebugString();
    EXPECT_EQ(answer->ack().sequence(), head + 1);
}

// /healthz follows the cluster's quorum even when nothing is being written, and /metrics shows the
// JetStream view; the relay comes back to healthy with its cluster, and stops cleanly.
TEST(RelayCluster, HealthzFailsWithoutAQuorumAndRecoversWithIt) {
    if (!ft::NatsCluster::available())
        GTEST_SKIP() << "nats-server is not installed (scripts/install-deps installs it)";
    ft::NatsCluster nats(3);
    ASSERT_TRUE(clusterReady(nats)) << nats.logs().toStdString();
    QTemporaryDir dir;
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.path(), 0, {"--cluster", nats.urls().join(',')})) << relay.why();
    const auto healthz = [&] { return ft::httpGet(relay.metricsPort(), "/healthz"); };
    EXPECT_TRUE(ft::spinUntil([&] { return healthz().contains("200 OK"); }, 10'000));
    EXPECT_TRUE(
        ft::httpGet(relay.metricsPort(), "/metrics").contains("framenote_relay_jetstream_up 1"));
    nats.kill(0);
    nats.kill(1);
    EXPECT_TRUE(ft::spinUntil(
        [&] {
            const QByteArray answer = healthz();
            return answer.contains("503") && answer.contains("no JetStream quorum");
        },
        30'000))
        << healthz().toStdString();
    EXPECT_TRUE(
        ft::httpGet(relay.metricsPort(), "/metrics").contains("framenote_relay_jetstream_up 0"));
    nats.start(0);
    nats.start(1);
    EXPECT_TRUE(ft::spinUntil([&] { return healthz().contains("200 OK"); }, 60'000))
        << healthz().toStdString();
    EXPECT_EQ(relay.terminate(), 0);
}

// A cluster the relay cannot reach, or a URL that is no NATS one: a clear message and the exit
// status a script relies on (1: cannot run; 2: bad arguments), whether nats-server is here or not.
TEST(RelayCluster, AnUnreachableClusterOrABadUrlIsAClearFailure) {
    QTemporaryDir dir;
    QByteArray err;
    const QString nowhere = QStringLiteral("nats://127.0.0.1:%1").arg(ft::freePort());
    EXPECT_EQ(ft::runRelay({"--data-dir", dir.path(), "--port", "0", "--cluster", nowhere}, nullptr,
                           &err),
              1);
    EXPECT_TRUE(err.contains("cannot reach NATS at " + nowhere.toUtf8())) << err.toStdString();
    EXPECT_EQ(ft::runRelay({"--data-dir", dir.path(), "--cluster", "http://127.0.0.1:4222"},
                           nullptr, &err),
              2);
    EXPECT_TRUE(err.contains("--cluster takes nats://")) << err.toStdString();
}

}  // namespace
