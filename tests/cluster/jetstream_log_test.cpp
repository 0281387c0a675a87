// The room log of a relay cluster (core/cluster/jetstream_log.h) on a real 3-node NATS cluster
// with JetStream: two relays cannot both append on the same state, a resent operation is stored
// once, what was acknowledged survives the loss of a node, and with no quorum nothing is
// acknowledged until it returns.
#include "core/cluster/jetstream_log.h"

#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>

#include "core/cluster/jetstream_room_log.h"
#include "tests/support/nats_cluster.h"

namespace fc = framenote::cluster;
namespace fs = framenote::sync;
using framenote::test::NatsCluster;

namespace {

const QString kRoom = QString(64, 'c');

fs::LogRecord operation(int64_t sequence, const QString& actor = QStringLiteral("ana")) {
    fs::LogRecord r;
    r.room = kRoom;
    r.sequence = sequence;
    r.opId = QUuid::createUuid();
    r.actor = actor;
    r.timeMs = 1'700'000'000'000 + sequence;
    r.receivedMs = 1'700'000'000'500 + sequence;
    r.payload = std::string("op\0bytes ", 9) + std::to_string(sequence);
    return r;
}

class JetStreamLogTest : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!NatsCluster::available())
            GTEST_SKIP() << "nats-server is not installed (scripts/install-deps installs it)";
        cluster_ = std::make_unique<NatsCluster>(3);
    }
    // A relay's connection, to the cluster through node `first` (then the others). The first one
    // waits for the cluster to elect its leaders.
    std::unique_ptr<fc::JetStreamLog> connect(int first = 0, int timeoutMs = 1000) {
        QStringList servers = cluster_->urls();
        std::rotate(servers.begin(), servers.begin() + first, servers.end());
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 30'000) {
            auto log = fc::JetStreamLog::open({servers, 3, timeoutMs});
            if (log) return std::move(*log);
            QThread::msleep(200);
        }
        ADD_FAILURE() << "no JetStream in 30 s:\n" << cluster_->logs().toStdString();
        return nullptr;
    }
    // Appends until JetStream says yes or `ms` pass (a node is being elected): the outcome.
    static std::variant<fc::Appended, fc::AppendRefused> appendWithin(fc::JetStreamLog& log,
                                                                      const fs::LogRecord& r,
                                                                      int ms) {
        QElapsedTimer clock;
        clock.start();
        for (;;) {
            auto last = log.lastSequence(r.room);
            auto outcome = log.append(r, last ? *last : 0);
            if (std::holds_alternative<fc::Appended>(outcome) || clock.elapsed() > ms)
                return outcome;
            QThread::msleep(100);
        }
    }
    std::unique_ptr<NatsCluster> cluster_;
};

TEST_F(JetStreamLogTest, TwoRelaysOnTheSameStateCannotBothAppend) {
    auto relayA = connect(0), relayB = connect(1);
    ASSERT_TRUE(relayA && relayB);
    ASSERT_EQ(*relayA->lastSequence(kRoom), 0u);
    const fs::LogRecord first = operation(1, QStringLiteral("ana")),
                        second = operation(1, QStringLiteral("王芳"));
    auto a = relayA->append(first, 0);
    ASSERT_TRUE(std::holds_alternative<fc::Appended>(a)) << std::get<fc::AppendRefused>(a).message;
    // B admitted its operation against the room as it was before A's: refused, not stored.
    auto b = relayB->append(second, 0);
    ASSERT_TRUE(std::holds_alternative<fc::AppendRefused>(b));
    EXPECT_EQ(std::get<fc::AppendRefused>(b).why, fc::AppendRefused::Why::Conflict);
    // B reads what it missed, checks again, and appends after it.
    const uint64_t head = *relayB->lastSequence(kRoom);
    EXPECT_EQ(head, std::get<fc::Appended>(a).streamSequence);
    auto missed = relayB->read(kRoom, 0, 100);
    ASSERT_TRUE(missed) << missed.error();
    ASSERT_EQ(missed->size(), 1u);
    fs::LogRecord retried = second;
    retried.sequence = 2;
    b = relayB->append(retried, head);
    ASSERT_TRUE(std::holds_alternative<fc::Appended>(b)) << std::get<fc::AppendRefused>(b).message;
    // Every relay reads the same order, each record whole.
    auto all = relayA->read(kRoom, 0, 100);
    ASSERT_TRUE(all) << all.error();
    ASSERT_EQ(all->size(), 2u);
    const fs::LogRecord* expected[] = {&first, &retried};
    for (size_t i = 0; i < 2; ++i) {
        const fs::LogRecord& got = (*all)[i].record;
        EXPECT_EQ(got.sequence, expected[i]->sequence);
        EXPECT_EQ(got.opId, expected[i]->opId);
        EXPECT_EQ(got.actor, expected[i]->actor);
        EXPECT_EQ(got.timeMs, expected[i]->timeMs);
        EXPECT_EQ(got.receivedMs, expected[i]->receivedMs);
        EXPECT_EQ(got.payload, expected[i]->payload);
    }
    EXPECT_LT((*all)[0].streamSequence, (*all)[1].streamSequence);
    // Reading from the middle gives the rest.
    auto rest = relayA->read(kRoom, (*all)[0].streamSequence, 100);
    ASSERT_TRUE(rest);
    ASSERT_EQ(rest->size(), 1u);
    EXPECT_EQ(rest->front().record.opId, retried.opId);
}

TEST_F(JetStreamLogTest, AResentOperationIsStoredOnce) {
    auto relay = connect();
    ASSERT_TRUE(relay);
    const fs::LogRecord op = operation(1);
    auto first = relay->append(op, 0);
    ASSERT_TRUE(std::holds_alternative<fc::Appended>(first));
    // The client resends it (its acknowledgement was lost) through another relay, whose view is
    // the room before it: the stream answers with where it is, and holds it once.
    auto other = connect(2);
    auto again = other->append(op, 0);
    ASSERT_TRUE(std::holds_alternative<fc::Appended>(again))
        << std::get<fc::AppendRefused>(again).message;
    EXPECT_TRUE(std::get<fc::Appended>(again).duplicate);
    EXPECT_EQ(std::get<fc::Appended>(again).streamSequence,
              std::get<fc::Appended>(first).streamSequence);
    EXPECT_EQ(relay->read(kRoom, 0, 100)->size(), 1u);
}

TEST_F(JetStreamLogTest, WhatWasAcknowledgedOutlivesANodeAndNoQuorumMeansNoAcknowledgement) {
    auto relay = connect(0);
    ASSERT_TRUE(relay);
    std::vector<QUuid> acknowledged;
    int64_t sequence = 0;
    const auto appendOne = [&](int withinMs) {
        const fs::LogRecord op = operation(++sequence);
        auto outcome = appendWithin(*relay, op, withinMs);
        if (std::holds_alternative<fc::Appended>(outcome)) acknowledged.push_back(op.opId);
        return outcome;
    };
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(std::holds_alternative<fc::Appended>(appendOne(5000)));
    // The node this relay talks to dies: the relay goes on through another.
    cluster_->kill(0);
    for (int i = 0; i < 10; ++i)
        ASSERT_TRUE(std::holds_alternative<fc::Appended>(appendOne(15000)))
            << cluster_->logs().toStdString();
    // A second node dies: one of three is no quorum. Nothing is acknowledged. (Unavailable is
    // "not known to be written": the leader may still commit it once a quorum is back, so the
    // client keeps the operation and resends it, and its op_id makes the resend harmless.)
    cluster_->kill(1);
    const fs::LogRecord unsure = operation(++sequence);
    auto refused = appendWithin(*relay, unsure, 3000);
    ASSERT_TRUE(std::holds_alternative<fc::AppendRefused>(refused));
    EXPECT_EQ(std::get<fc::AppendRefused>(refused).why, fc::AppendRefused::Why::Unavailable);
    // The nodes return: the client's resend goes through (stored once, whether or not the first
    // try was), writes go on, and every acknowledged operation is there once, in order.
    cluster_->start(0);
    cluster_->start(1);
    ASSERT_TRUE(std::holds_alternative<fc::Appended>(appendWithin(*relay, unsure, 30000)))
        << cluster_->logs().toStdString();
    acknowledged.push_back(unsure.opId);
    ASSERT_TRUE(std::holds_alternative<fc::Appended>(appendOne(30000)));
    std::vector<QUuid> stored;
    QElapsedTimer clock;
    clock.start();
    for (;;) {  // the cluster may still be settling after the nodes came back
        auto all = relay->read(kRoom, 0, 1000);
        if (all || clock.elapsed() > 30'000) {
            ASSERT_TRUE(all) << all.error();
            for (const auto& op : *all) stored.push_back(op.record.opId);
            break;
        }
    }
    EXPECT_EQ(stored, acknowledged);
}

// The relay's room log on the stream: a commit that failed halfway (JetStream appends one by one)
// and is resent in order stores each operation once; another operation where one is stored, or
// past a gap, is refused; every relay agrees on the room's epoch and head.
TEST_F(JetStreamLogTest, TheRoomLogNeverHoldsTwoOperationsAtOneSequence) {
    ASSERT_TRUE(connect());  // the cluster is up
    const fc::JetStreamSettings settings{cluster_->urls(), 3, 2000};
    auto relayA = fc::JetStreamRoomLog::open(settings);
    auto relayB = fc::JetStreamRoomLog::open(settings);
    ASSERT_TRUE(relayA && relayB);
    auto room = (*relayA)->openRoom(kRoom, QStringLiteral("ana"));
    ASSERT_TRUE(room) << room.error();
    EXPECT_EQ(room->head, 0);
    const fs::LogRecord a = operation(1), b = operation(2), c = operation(3);
    // A commit of a, b, c stored a and b, then failed: the relay resends all three.
    ASSERT_TRUE((*relayA)->append(std::vector<fs::LogRecord>{a, b}));
    auto resent = (*relayA)->append(std::vector<fs::LogRecord>{a, b, c});
    ASSERT_TRUE(resent) << resent.error();
    auto all = (*relayB)->read(kRoom, 0, 100, 100);
    ASSERT_TRUE(all) << all.error();
    ASSERT_EQ(all->size(), 3u);
    for (int i = 0; i < 3; ++i) EXPECT_EQ((*all)[i].opId, (std::vector{a, b, c})[i].opId);
    // Another operation at a taken sequence, or past a gap: refused, nothing stored.
    const auto other = (*relayA)->append(std::vector<fs::LogRecord>{operation(2)});
    ASSERT_FALSE(other);
    EXPECT_NE(other.error().find("is another one in the stream"), std::string::npos)
        << other.error();
    EXPECT_FALSE((*relayA)->append(std::vector<fs::LogRecord>{operation(5)}));
    EXPECT_EQ((*relayB)->read(kRoom, 0, 100, 100)->size(), 3u);
    // Paged reads from the middle, and the room as another relay opens it.
    auto rest = (*relayB)->read(kRoom, 1, 3, 1);
    ASSERT_TRUE(rest && rest->size() == 1u);
    EXPECT_EQ(rest->front().opId, b.opId);
    auto seen = (*relayB)->openRoom(kRoom, QStringLiteral("bo"));
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->epoch, room->epoch);
    EXPECT_EQ(seen->head, 3);
    EXPECT_EQ((*relayB)->roomCounts(QStringLiteral("ana"))->byCreator, 1);
}

TEST_F(JetStreamLogTest, ARoomThatCannotNameASubjectIsRefused) {
    auto relay = connect();
    ASSERT_TRUE(relay);
    for (const char* room : {"a.b", "*", ">", "", "room with spaces"}) {
        fs::LogRecord op = operation(1);
        op.room = QString::fromLatin1(room);
        auto outcome = relay->append(op, 0);
        ASSERT_TRUE(std::holds_alternative<fc::AppendRefused>(outcome)) << room;
        EXPECT_EQ(std::get<fc::AppendRefused>(outcome).why, fc::AppendRefused::Why::Invalid);
        EXPECT_FALSE(relay->lastSequence(op.room)) << room;
    }
}

}  // namespace
