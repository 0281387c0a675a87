// The relay in-process with bare protocol clients: the handshake, ordering and acknowledgement,
// deduplication of resends, permissions, validation, refusals, rate limits, replay, snapshots
// after compaction, presence coalescing, slow consumers, metrics, I/O threads, the flush window.
#include "core/sync/relay_server.h"

#include <gtest/gtest.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QSemaphore>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <algorithm>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "core/model/annotation_state.h"
#include "core/sync/relay_auth.h"
#include "core/sync/relay_sqlite_log.h"
#include "core/sync/snapshot_ops.h"
#include "tests/support/raw_client.h"
#include "tests/support/refusal.h"
#include "tests/support/stalled_client.h"
#include "tests/support/test_relay.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;
using ::testing::_;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace {

class RelayTest : public ft::RelayFixture<ft::InProcessRelay> {
  protected:
    // A client that says Hello as `user` and joins the test room, then never reads.
    bool stalledJoin(ft::StalledClient& c, const QString& user, fm::Role role) {
        if (!c.open(relay_->port())) return false;
        v1::Envelope hello = fs::newEnvelope();
        hello.mutable_hello()->set_token(token(user, role));
        c.send(hello);
        v1::Envelope join = fs::newEnvelope();
        join.mutable_join()->set_media_id(ft::kRoomMedia.toStdString());
        c.send(join);
        return true;
    }

    static fm::Operation createBy(const QString& user, fm::Role role,
                                  const QString& kind = "rect") {
        auto op = fm::makeCreate(ft::annotationOf(kind, user), user, role);
        fs::quantizeOperation(op);
        return op;
    }

    static bool waitAck(ft::RawClient& c, const QUuid& opId, int64_t* sequence = nullptr) {
        const v1::Envelope* answer = c.answerTo(opId);
        if (!answer || !answer->has_ack()) return false;
        if (sequence) *sequence = static_cast<int64_t>(answer->ack().sequence());
        return true;
    }

    static std::vector<fm::Operation> broadcastOps(ft::RawClient& c) {
        c.tableFrom(0);
        std::vector<fm::Operation> out;
        for (const auto& e : c.received())
            if (e.has_broadcast())
                for (const auto& w : e.broadcast().operations()) {
                    auto op = fs::operationFromWire(w, c.context());
                    EXPECT_TRUE(op.ok()) << op.error();
                    if (op) out.push_back(*op);
                }
        return out;
    }
};

}  // namespace

TEST_F(RelayTest, OperationsAreAcknowledgedToTheSenderAndBroadcastToTheOthers) {
    startRelay();
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    const v1::Envelope* welcome = ana.last([](const v1::Envelope& e) { return e.has_welcome(); });
    ASSERT_NE(welcome, nullptr);
    EXPECT_EQ(welcome->welcome().user(), "ana");
    EXPECT_EQ(welcome->welcome().max_message_bytes(), 1u << 20);
    EXPECT_EQ(welcome->welcome().rate_per_second(), 200u);

    std::vector<fm::Operation> sent;
    for (int i = 0; i < 20; ++i) {
        sent.push_back(createBy("ana", fm::Role::Reviewer, i % 2 ? "rect" : "freehand"));
        ana.sendOperation(sent.back());
    }
    for (size_t i = 0; i < sent.size(); ++i) {
        int64_t sequence = 0;
        ASSERT_TRUE(waitAck(ana, sent[i].opId, &sequence));
        EXPECT_EQ(sequence, static_cast<int64_t>(i + 1));
        sent[i].sequence = sequence;
    }
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(bo).size() == sent.size(); }));
    EXPECT_EQ(broadcastOps(bo), sent);
    ASSERT_TRUE(ana.roundTrip());
    EXPECT_TRUE(broadcastOps(ana).empty());  // the sender's own operations are not echoed
    EXPECT_TRUE(ana.errors().empty());
    EXPECT_TRUE(bo.errors().empty());
    EXPECT_GE(relay_->metrics().operationsCommitted, 20u);
}

TEST_F(RelayTest, ClientsOnDifferentIoThreadsAllSeeTheSameOrder) {
    // Connections spread over three I/O threads; three writers interleave. Each reader must get
    // every operation of the others, each exactly once, in the relay's sequence order.
    startRelay([](fs::RelayConfig& c) { c.ioThreads = 3; });
    std::vector<ft::RawClient*> people;
    const QStringList names = {"ana", "bo", "cy", "di", "ed", "flo", "gus"};
    for (const QString& name : names) people.push_back(&joined(name, fm::Role::Reviewer));
    std::map<QUuid, int64_t> sequenceOf;
    std::vector<std::pair<size_t, fm::Operation>> sent;  // (writer, operation)
    for (int round = 0; round < 10; ++round)
        for (size_t w = 0; w < 3; ++w) {
            sent.emplace_back(w, createBy(names[int(w)], fm::Role::Reviewer));
            people[w]->sendOperation(sent.back().second);
        }
    for (const auto& [w, op] : sent)
        ASSERT_TRUE(waitAck(*people[w], op.opId, &sequenceOf[op.opId]));
    for (size_t r = 0; r < people.size(); ++r) {
        const size_t expected =
            std::count_if(sent.begin(), sent.end(), [&](const auto& s) { return s.first != r; });
        ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(*people[r]).size() >= expected; }))
            << names[int(r)].toStdString();
        ASSERT_TRUE(people[r]->roundTrip());  // nothing more is on its way
        const auto got = broadcastOps(*people[r]);
        ASSERT_EQ(got.size(), expected) << names[int(r)].toStdString();
        for (size_t i = 0; i < got.size(); ++i) {
            EXPECT_EQ(got[i].sequence, sequenceOf[got[i].opId])
                << names[int(r)].toStdString() << " #" << i;
            if (i > 0) {
                EXPECT_GT(got[i].sequence, got[i - 1].sequence)
                    << names[int(r)].toStdString() << " #" << i;
            }
        }
        EXPECT_TRUE(people[r]->errors().empty());
    }
}

TEST_F(RelayTest, TheFlushWindowPacesABusyConnectionAndCostsAQuietOneNothing) {
    // A long window makes both sides of the rule visible: the first delivery to a connection
    // that was sent nothing lately goes out at once, the next one waits for the window.
    constexpr int kWindowMs = 1000;
    startRelay([](fs::RelayConfig& c) { c.flushWindowMs = kWindowMs; });
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    // Joining sent bo its catch-up: let a window pass so that bo is quiet.
    ft::settle(kWindowMs + 200, "the flush window is the clock under test");

    QElapsedTimer clock;
    clock.start();
    ana.sendOperation(createBy("ana", fm::Role::Reviewer));
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(bo).size() == 1; }));
    const int64_t firstAt = clock.elapsed();
    EXPECT_LT(firstAt, kWindowMs / 2) << "a quiet connection waited for the flush window";

    ana.sendOperation(createBy("ana", fm::Role::Reviewer));
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(bo).size() == 2; }, 3 * kWindowMs));
    EXPECT_GE(clock.elapsed() - firstAt, kWindowMs - 300) << "a second batch within the window";
}

TEST_F(RelayTest, RepliesToAConnectionsOwnRequestsDoNotWaitForTheFlushWindow) {
    // The window batches what others send; a joiner's Welcome, its catch-up (here over 1 MiB,
    // which the relay pumps in several rounds as the socket drains) are answers it waits for.
    // Paced, the join took two windows (4 s with a 2 s window).
    constexpr int kWindowMs = 3000;
    startRelay([](fs::RelayConfig& c) { c.flushWindowMs = kWindowMs; });
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    std::vector<fm::Operation> ops;
    for (int i = 0; i < 60; ++i) {
        auto op = fm::makeCreate(ft::longStrokeOf("ana", 5000), "ana", fm::Role::Reviewer);
        fs::quantizeOperation(op);
        ops.push_back(op);
        ana.sendOperation(op);
    }
    for (auto& op : ops) ASSERT_TRUE(waitAck(ana, op.opId, &op.sequence));

    QElapsedTimer clock;
    clock.start();
    ft::RawClient& bo = rawClient();
    ASSERT_TRUE(bo.hello(token("bo", fm::Role::Reviewer)));
    ASSERT_TRUE(bo.join(ft::kRoomMedia));
    const int64_t joinMs = clock.elapsed();
    size_t replayed = 0, bytes = 0;
    for (const auto& e : bo.received())
        if (e.has_replay()) {
            replayed += static_cast<size_t>(e.replay().operations_size());
            bytes += e.replay().ByteSizeLong();
        }
    EXPECT_EQ(replayed, ops.size());
    EXPECT_GT(bytes, size_t{1} << 20);
    EXPECT_LT(joinMs, kWindowMs / 2)
        << "the join waited for the flush window (" << bytes << " bytes of replay)";
}

TEST_F(RelayTest, AResentOperationGetsItsOriginalSequenceAndIsCommittedOnce) {
    startRelay();
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    const auto first = createBy("ana", fm::Role::Reviewer);
    const auto second = createBy("ana", fm::Role::Reviewer);
    ana.sendOperation(first);
    ana.sendOperation(second);
    int64_t s1 = 0, s2 = 0;
    ASSERT_TRUE(waitAck(ana, first.opId, &s1));
    ASSERT_TRUE(waitAck(ana, second.opId, &s2));
    // After a reconnect the outbox is resent: the same op ids get the same sequences.
    ft::RawClient& again = rawClient();
    ASSERT_TRUE(again.hello(token("ana", fm::Role::Reviewer)));
    ASSERT_TRUE(again.join(ft::kRoomMedia));
    again.sendOperation(first);
    again.sendOperation(second);
    int64_t r1 = 0, r2 = 0;
    ASSERT_TRUE(waitAck(again, first.opId, &r1));
    ASSERT_TRUE(waitAck(again, second.opId, &r2));
    EXPECT_EQ(r1, s1);
    EXPECT_EQ(r2, s2);
    // The resends were answered: a broadcast of them would be in bo's queue before its Pong.
    ASSERT_TRUE(bo.roundTrip());
    EXPECT_EQ(broadcastOps(bo).size(), 2u);
    EXPECT_EQ(relay_->metrics().operationsCommitted, 2u);
    EXPECT_EQ(relay_->metrics().operationsDuplicate, 2u);
}

TEST_F(RelayTest, RolesAndAuthorshipAreEnforced) {
    startRelay();
    ft::RawClient& admin = joined("李雷", fm::Role::Admin);
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    ft::RawClient& viewer = joined("vi", fm::Role::Viewer);

    const auto adminNote = createBy("李雷", fm::Role::Admin);
    const auto anaNote = createBy("ana", fm::Role::Reviewer);
    admin.sendOperation(adminNote);
    ana.sendOperation(anaNote);
    ASSERT_TRUE(waitAck(admin, adminNote.opId));
    ASSERT_TRUE(waitAck(ana, anaNote.opId));

    const auto expectRefused = [&](ft::RawClient& c, const fm::Operation& op, v1::ErrorCode code,
                                   const char* what) {
        const auto e = c.refusalOf(op);
        EXPECT_THAT(e, ft::IsRefusal(code, Not(IsEmpty()))) << what;
        EXPECT_FALSE(e && e->fatal()) << what;
    };
    fm::FieldChanges move;
    move.points = std::vector<fm::Point>{{0.5, 0.5}, {0.75, 0.75}};
    expectRefused(viewer, createBy("vi", fm::Role::Viewer), v1::ERROR_CODE_FORBIDDEN,
                  "a viewer creating");
    expectRefused(
        ana, fm::makeSetFields(ft::kRoomMedia, adminNote.target, move, "ana", fm::Role::Reviewer),
        v1::ERROR_CODE_FORBIDDEN, "a reviewer moving an admin's note");
    expectRefused(bo, fm::makeDelete(ft::kRoomMedia, anaNote.target, "bo", fm::Role::Reviewer),
                  v1::ERROR_CODE_FORBIDDEN, "a reviewer deleting another reviewer's note");
    expectRefused(ana, fm::makeDelete(ft::kRoomMedia, anaNote.target, "bo", fm::Role::Reviewer),
                  v1::ERROR_CODE_FORBIDDEN, "an operation in someone else's name");
    expectRefused(ana, fm::makeDelete(ft::kRoomMedia, anaNote.target, "ana", fm::Role::Admin),
                  v1::ERROR_CODE_FORBIDDEN, "an operation claiming a higher role");
    expectRefused(ana,
                  fm::makeDelete(ft::kRoomMedia, QUuid::createUuid(), "ana", fm::Role::Reviewer),
                  v1::ERROR_CODE_INVALID, "an unknown note");
    auto duplicate = createBy("ana", fm::Role::Reviewer);
    duplicate.target = duplicate.annotation.id = anaNote.target;
    expectRefused(ana, duplicate, v1::ERROR_CODE_INVALID, "creating a note that exists");

    // What is allowed goes through.
    const auto adminMoves =
        fm::makeSetFields(ft::kRoomMedia, anaNote.target, move, "李雷", fm::Role::Admin);
    admin.sendOperation(adminMoves);
    EXPECT_TRUE(waitAck(admin, adminMoves.opId));
    const auto anaReplies =
        fm::makeReply(ft::kRoomMedia, adminNote.target, "ok", "ana", fm::Role::Reviewer);
    ana.sendOperation(anaReplies);
    EXPECT_TRUE(waitAck(ana, anaReplies.opId));
    // A note made offline in a reviewer's role goes out when the same user connects as an admin,
    // and that lower role is what its permissions are checked against.
    const auto offlineNote = createBy("李雷", fm::Role::Reviewer);
    admin.sendOperation(offlineNote);
    EXPECT_TRUE(waitAck(admin, offlineNote.opId));
    expectRefused(admin, fm::makeDelete(ft::kRoomMedia, anaNote.target, "李雷", fm::Role::Reviewer),
                  v1::ERROR_CODE_FORBIDDEN,
                  "an admin acting as a reviewer on another reviewer's note");
    // The viewer saw it all and was never disturbed.
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(viewer).size() == 5; }));
    ASSERT_TRUE(viewer.roundTrip());
    EXPECT_EQ(viewer.count([](const v1::Envelope& e) { return e.has_error(); }),
              1u);  // its own create
}

TEST_F(RelayTest, FramesBeyondTheStatedFrameCountAreInvalid) {
    startRelay();
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer, /*frameCount=*/1000);
    auto op = createBy("ana", fm::Role::Reviewer);  // frames 1234..1240
    EXPECT_THAT(ana.refusalOf(op),
                ft::IsRefusal(v1::ERROR_CODE_INVALID, HasSubstr("beyond the media (1000 frames)")));
    auto inside = createBy("ana", fm::Role::Reviewer);
    inside.annotation.firstFrame = 10;
    inside.annotation.lastFrame = 999;
    ana.sendOperation(inside);
    EXPECT_TRUE(waitAck(ana, inside.opId));
    auto freehand = createBy("ana", fm::Role::Reviewer, "rect");
    freehand.annotation.firstFrame = freehand.annotation.lastFrame = 5;
    freehand.annotation.points.push_back({0.5, 0.5});  // a rect has 2 points
    EXPECT_THAT(ana.refusalOf(freehand), ft::IsRefusal(v1::ERROR_CODE_INVALID, _));
}

TEST_F(RelayTest, TextOutsideTheRichTextSubsetIsRefusedAndTheRoomSeesNothingOfIt) {
    startRelay();
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    // A third-party client that sends HTML as it is: the relay does not rewrite an operation
    // under its op_id, it refuses it and names the field.
    auto raw = createBy("ana", fm::Role::Reviewer);
    raw.annotation.text = "Look <img src=http://evil.example/x.png> here";
    EXPECT_THAT(ana.refusalOf(raw),
                ft::IsRefusal(v1::ERROR_CODE_INVALID,
                              HasSubstr("annotation.text: not in the rich-text subset")));
    auto note = createBy("ana", fm::Role::Reviewer);
    ana.sendOperation(note);
    ASSERT_TRUE(waitAck(ana, note.opId));
    fm::Operation reply =
        fm::makeReply(ft::kRoomMedia, note.target, "ok", "bo", fm::Role::Reviewer);
    reply.reply.text = "R&D <b>now";  // an unescaped & and an unclosed tag
    EXPECT_THAT(bo.refusalOf(reply),
                ft::IsRefusal(v1::ERROR_CODE_INVALID, HasSubstr("reply.text")));
    // The sanitized form of the same text goes through, as sent.
    fm::Operation clean =
        fm::makeReply(ft::kRoomMedia, note.target, "R&amp;D <b>now", "bo", fm::Role::Reviewer);
    EXPECT_EQ(clean.reply.text, "R&amp;D <b>now</b>");
    bo.sendOperation(clean);
    ASSERT_TRUE(waitAck(bo, clean.opId));
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(ana).size() == 1; }));
    ASSERT_TRUE(ana.roundTrip());
    ASSERT_EQ(broadcastOps(ana).size(), 1u);
    EXPECT_EQ(broadcastOps(ana).front().reply.text, "R&amp;D <b>now</b>");
}

TEST_F(RelayTest, BadMessagesGetTheirErrorAndTheConnectionGoesOn) {
    startRelay();
    ft::RawClient& ana = rawClient();
    // Before Hello.
    v1::Envelope join = fs::newEnvelope();
    join.mutable_join()->set_media_id(ft::kRoomMedia.toStdString());
    EXPECT_THAT(
        ana.refusalTo(join),
        ft::IsRefusal(v1::ERROR_CODE_UNEXPECTED, "join before Hello: the first message is Hello"));
    ASSERT_TRUE(ana.hello(token("ana", fm::Role::Reviewer)));
    ASSERT_TRUE(ana.join(ft::kRoomMedia));
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);

    struct Case {
        const char* what;
        std::string bytes;
        v1::ErrorCode code;
    };
    std::string unknownType = fs::encodeEnvelope(fs::newEnvelope());
    unknownType +=
        std::string("\xea\x01\x00", 3);  // field 29, empty: a message type from the future
    std::mt19937 rng(3);
    std::string random(64, '\0');
    for (char& c : random) c = static_cast<char>(rng());
    const std::string valid = fs::encodeEnvelope(
        fs::operationEnvelope(createBy("ana", fm::Role::Reviewer), ana.context()));
    const std::vector<Case> cases = {
        {"random bytes", random, v1::ERROR_CODE_MALFORMED},
        {"truncated", valid.substr(0, valid.size() / 2), v1::ERROR_CODE_MALFORMED},
        {"unknown message type", unknownType, v1::ERROR_CODE_UNKNOWN_MESSAGE_TYPE},
        {"oversized", std::string(1300000, '\x08'), v1::ERROR_CODE_TOO_LARGE},
        {"second hello",
         [] {
             v1::Envelope e = fs::newEnvelope();
             e.mutable_hello()->set_token("x");
             return fs::encodeEnvelope(e);
         }(),
         v1::ERROR_CODE_UNEXPECTED},
    };
    for (const Case& c : cases) {
        const auto refusal = ana.refusalToBytes(c.bytes);
        EXPECT_THAT(refusal, ft::IsRefusal(c.code, Not(IsEmpty()))) << c.what;
        EXPECT_FALSE(refusal && refusal->fatal()) << c.what;
    }
    EXPECT_THAT(ana.refusalAfter([&] { ana.socket().sendTextMessage("hello?"); }),
                ft::IsRefusal(v1::ERROR_CODE_MALFORMED, HasSubstr("text messages")));
    // Still served.
    const auto op = createBy("ana", fm::Role::Reviewer);
    ana.sendOperation(op);
    EXPECT_TRUE(waitAck(ana, op.opId));
    EXPECT_FALSE(ana.disconnected());
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(bo).size() == 1; }));
    ASSERT_TRUE(bo.roundTrip());
    EXPECT_TRUE(bo.errors().empty());
}

TEST_F(RelayTest, VersionMismatchAndBadTokensAreFatal) {
    startRelay();
    ft::RawClient& future = rawClient();
    v1::Envelope hello = fs::newEnvelope();
    hello.set_protocol_version(2);
    hello.mutable_hello()->set_token(token("ana", fm::Role::Reviewer));
    future.sendBytes(hello.SerializeAsString());
    ASSERT_TRUE(ft::spinUntil([&] { return future.disconnected(); }));
    // Written in the peer's version so that it can read it: our v1 decoder refuses it.
    ASSERT_EQ(future.decodeErrors().size(), 1u);
    EXPECT_NE(future.decodeErrors()[0].find("protocol version 2"), std::string::npos);

    ft::RawClient& expired = rawClient();
    EXPECT_FALSE(expired.hello(token("ana", fm::Role::Reviewer, {"*"}, -3600)));
    ASSERT_FALSE(expired.errors().empty());
    EXPECT_EQ(expired.errors()[0].code(), v1::ERROR_CODE_UNAUTHENTICATED);
    EXPECT_TRUE(expired.errors()[0].fatal());
    EXPECT_NE(expired.errors()[0].message().find("token expired at"), std::string::npos);
    EXPECT_TRUE(ft::spinUntil([&] { return expired.disconnected(); }));

    ft::RawClient& forged = rawClient();
    EXPECT_FALSE(forged.hello(token("ana", fm::Role::Admin) + "x"));
    ASSERT_FALSE(forged.errors().empty());
    EXPECT_EQ(forged.errors()[0].message(), "token signature does not match");

    ft::RawClient& anonymous = rawClient();
    EXPECT_FALSE(anonymous.hello("", "me"));  // not an open relay
    EXPECT_EQ(anonymous.errors().at(0).code(), v1::ERROR_CODE_UNAUTHENTICATED);

    ft::RawClient& wrongRoom = rawClient();
    ASSERT_TRUE(wrongRoom.hello(token("ana", fm::Role::Reviewer, {"another-room"})));
    wrongRoom.join(ft::kRoomMedia);
    EXPECT_EQ(wrongRoom.errors().at(0).code(), v1::ERROR_CODE_FORBIDDEN);
    EXPECT_FALSE(wrongRoom.errors().at(0).fatal());
}

TEST_F(RelayTest, OpenRelaysAcceptANameAsAReviewer) {
    startRelay([](fs::RelayConfig& c) { c.open = true; });
    ft::RawClient& guest = rawClient();
    ASSERT_TRUE(guest.hello("", "Guest 1"));
    const auto* welcome = guest.last([](const v1::Envelope& e) { return e.has_welcome(); });
    EXPECT_EQ(welcome->welcome().user(), "Guest 1");
    EXPECT_EQ(welcome->welcome().role(), v1::ROLE_REVIEWER);
    ASSERT_TRUE(guest.join(ft::kRoomMedia));
    const auto op = createBy("Guest 1", fm::Role::Reviewer);
    guest.sendOperation(op);
    EXPECT_TRUE(waitAck(guest, op.opId));
    ft::RawClient& nameless = rawClient();
    EXPECT_FALSE(nameless.hello("", ""));
}

TEST_F(RelayTest, TheRateLimitRefusesTheExcessWithRetryAfter) {
    startRelay([](fs::RelayConfig& c) {
        c.ratePerSecond = 20;
        c.rateBurst = 30;
    });
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    const size_t from = ana.received().size();
    std::vector<fm::Operation> ops;
    std::vector<v1::Envelope> batch;
    for (int i = 0; i < 100; ++i) {
        ops.push_back(createBy("ana", fm::Role::Reviewer));
        batch.push_back(fs::operationEnvelope(ops.back(), ana.context()));
    }
    ana.send(fs::batchEnvelope(batch));  // each message in a Batch counts
    ASSERT_TRUE(ft::spinUntil([&] {
        return ana.count([](const v1::Envelope& e) { return e.has_ack() || e.has_error(); },
                         from) >= 100;
    }));
    const size_t acks = ana.count([](const v1::Envelope& e) { return e.has_ack(); }, from);
    const auto errors = ana.errors(from);
    EXPECT_GE(acks, 28u);  // the burst (minus the join), give or take the refill
    EXPECT_LE(acks, 32u);
    ASSERT_EQ(errors.size(), 100 - acks);
    for (const auto& e : errors) {
        EXPECT_EQ(e.code(), v1::ERROR_CODE_RATE_LIMITED);
        EXPECT_GT(e.retry_after_ms(), 0u);
        EXPECT_EQ(e.op_id().size(), 16u);
    }
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(bo).size() == acks; }));
    ASSERT_TRUE(bo.roundTrip());
    EXPECT_EQ(broadcastOps(bo).size(), acks);
    EXPECT_TRUE(bo.errors().empty());
}

TEST_F(RelayTest, AReconnectingClientGetsAReplayInPagesFromItsPosition) {
    startRelay([](fs::RelayConfig& c) { c.replayPageOperations = 7; });
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    std::vector<fm::Operation> ops;
    for (int i = 0; i < 40; ++i) {
        ops.push_back(createBy("ana", fm::Role::Reviewer));
        ana.sendOperation(ops.back());
    }
    for (auto& op : ops) ASSERT_TRUE(waitAck(ana, op.opId, &op.sequence));
    const auto* replay = ana.last([](const v1::Envelope& e) { return e.has_replay(); });
    ASSERT_NE(replay, nullptr);
    const uint64_t epoch = replay->replay().epoch();
    EXPECT_NE(epoch, 0u);

    ft::RawClient& back = rawClient();
    ASSERT_TRUE(back.hello(token("bo", fm::Role::Reviewer)));
    ASSERT_TRUE(back.join(ft::kRoomMedia, 25, epoch));
    std::vector<fm::Operation> replayed;
    size_t pages = 0;
    for (const auto& e : back.received()) {
        if (!e.has_replay()) continue;
        ++pages;
        EXPECT_EQ(e.replay().epoch(), epoch);
        EXPECT_EQ(e.replay().head_sequence(), 40u);
        for (const auto& w : e.replay().operations())
            replayed.push_back(*fs::operationFromWire(w, back.context()));
    }
    EXPECT_EQ(pages, 3u);  // 15 operations in pages of 7
    ASSERT_EQ(replayed.size(), 15u);
    for (size_t i = 0; i < replayed.size(); ++i) EXPECT_EQ(replayed[i], ops[25 + i]);

    // Another epoch, or a position beyond the head: a snapshot.
    ft::RawClient& stranger = rawClient();
    ASSERT_TRUE(stranger.hello(token("cy", fm::Role::Reviewer)));
    ASSERT_TRUE(stranger.join(ft::kRoomMedia, 25, epoch + 1));
    const auto* snapshot = stranger.last([](const v1::Envelope& e) { return e.has_snapshot(); });
    ASSERT_NE(snapshot, nullptr);
    EXPECT_EQ(snapshot->snapshot().sequence(), 40u);
    EXPECT_EQ(snapshot->snapshot().annotations_size(), 40);
}

TEST_F(RelayTest, AfterCompactionNewcomersGetASnapshotAndTheLogSurvivesARestart) {
    startRelay();
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    std::vector<fm::Operation> ops;
    for (int i = 0; i < 10; ++i) {
        ops.push_back(createBy("ana", fm::Role::Reviewer));
        ana.sendOperation(ops.back());
    }
    fm::FieldChanges text;
    text.text = QString("changed");
    ops.push_back(
        fm::makeSetFields(ft::kRoomMedia, ops[0].target, text, "ana", fm::Role::Reviewer));
    ana.sendOperation(ops.back());
    ops.push_back(fm::makeDelete(ft::kRoomMedia, ops[1].target, "ana", fm::Role::Reviewer));
    ana.sendOperation(ops.back());
    for (auto& op : ops) ASSERT_TRUE(waitAck(ana, op.opId, &op.sequence));
    ASSERT_TRUE(relay_->compactNow(-1000).ok());  // everything is older than "now + 1 s"

    fm::AnnotationState expected;
    for (const auto& op : ops) expected.apply(op);
    const auto snapshotState = [](ft::RawClient& c) {
        fm::AnnotationState state;
        fs::SnapshotContent content;
        for (const auto& e : c.received()) {
            if (!e.has_snapshot()) continue;
            for (const auto& a : e.snapshot().annotations())
                content.annotations.push_back(*fs::annotationFromWire(a, c.context()));
            for (const auto& id : e.snapshot().deleted())
                content.deleted.push_back(QUuid::fromRfc4122(QByteArray::fromStdString(id)));
        }
        const auto rebuilt = fs::snapshotOperations(content, 1, 100, ft::kRoomMedia);
        for (size_t i = 0; i < rebuilt.size(); ++i)
            state.apply(rebuilt[i], static_cast<int64_t>(i + 1));
        return std::make_pair(state, content.deleted.size());
    };
    ft::RawClient& newcomer = joined("bo", fm::Role::Reviewer);
    auto [state, deleted] = snapshotState(newcomer);
    EXPECT_TRUE(state.sameVisibleState(expected));
    EXPECT_EQ(deleted, 1u);
    EXPECT_EQ(newcomer.count([](const v1::Envelope& e) { return e.has_replay(); }), 0u);

    // Restart on the same directory: the room comes back from snapshot + log, resends dedup.
    raw_.clear();
    startRelay();
    ft::RawClient& again = joined("ana", fm::Role::Reviewer);
    auto [after, deletedAfter] = snapshotState(again);
    EXPECT_TRUE(after.sameVisibleState(expected));
    EXPECT_EQ(deletedAfter, 1u);
    again.sendOperation(ops[3]);
    int64_t sequence = 0;
    ASSERT_TRUE(waitAck(again, ops[3].opId, &sequence));
    EXPECT_EQ(sequence, ops[3].sequence);
    // A reviewer may still not touch what it may not touch after the restart.
    fm::FieldChanges move;
    move.points = std::vector<fm::Point>{{0.5, 0.5}, {0.75, 0.75}};
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    const auto boMoves =
        fm::makeSetFields(ft::kRoomMedia, ops[2].target, move, "bo", fm::Role::Reviewer);
    EXPECT_THAT(bo.refusalOf(boMoves), ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, _));
}

TEST_F(RelayTest, PresenceIsCoalescedToThirtyASecondLatestWins) {
    startRelay();
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    QElapsedTimer timer;
    timer.start();
    int sent = 0;
    while (timer.elapsed() < 500) {
        fs::Presence p;
        p.playheadFrame = ++sent;
        p.cursor = fm::Point{0.5, 0.25};
        v1::Envelope e = fs::newEnvelope();
        *e.mutable_presence() = fs::presenceToWire(p);
        ana.send(e);
        ft::settle(2, "updates spread over the half second the rate is measured on");
    }
    ASSERT_TRUE(bo.waitFor([&](const v1::Envelope& e) {
        return e.has_presence() && e.presence().playhead_frame() == sent;
    }));
    const size_t forwarded = bo.count([](const v1::Envelope& e) { return e.has_presence(); });
    EXPECT_GT(sent, 100);
    // 30 a second while it lasted, plus the first and the last.
    EXPECT_LE(forwarded, static_cast<size_t>(timer.elapsed() * 30 / 1000 + 3));
    EXPECT_GE(forwarded, 5u);
    const auto* last = bo.last([](const v1::Envelope& e) { return e.has_presence(); });
    EXPECT_EQ(last->presence().participant(), ana.you());
    // A newcomer gets everyone's latest presence.
    ft::RawClient& cy = joined("cy", fm::Role::Viewer);
    ASSERT_TRUE(cy.waitFor([&](const v1::Envelope& e) {
        return e.has_presence() && e.presence().playhead_frame() == sent;
    }));
}

// What a presenter compares and how it views the colours reach the others through the relay,
// and a presence with a bad compare or colour view is refused with its field named, forwarded to
// no one.
TEST_F(RelayTest, APresentersCompareAndColourViewsAreForwardedAndBadOnesRefused) {
    startRelay();
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Viewer);
    fs::Presence p;
    p.playheadFrame = 12;
    p.presenting = true;
    p.compare = fs::CompareView{QString(64, QLatin1Char('c')), "shot_v2.mov", 2, 3,
                                fs::quantizeCoordinate(0.5),   false,         1};
    p.colour = fs::ColourView{true, "ACEScg", "ACES 1.0 - SDR Video", -1.5, 2.2, 5};
    v1::Envelope e = fs::newEnvelope();
    *e.mutable_presence() = fs::presenceToWire(p);
    ana.send(e);
    ASSERT_TRUE(bo.waitFor([](const v1::Envelope& m) { return m.has_presence(); }));
    auto got = fs::presenceFromWire(
        bo.last([](const v1::Envelope& m) { return m.has_presence(); })->presence());
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_EQ(got->compare, p.compare);
    EXPECT_EQ(got->colour, p.colour);

    const std::vector<std::pair<std::function<void(v1::Presence&)>, std::string>> spoilers = {
        {[](v1::Presence& w) { w.mutable_compare()->set_b_media_id("shot_v2.mov"); },
         "compare.b_media_id"},
        {[](v1::Presence& w) { w.mutable_colour()->set_view("ACES\n\x1b[2J"); }, "colour.view"},
    };
    for (const auto& [spoil, field] : spoilers) {
        ft::settle(100, "past the presence rate's interval");
        const size_t mark = bo.received().size();
        const size_t errors = ana.errors().size();
        v1::Envelope bad = e;
        spoil(*bad.mutable_presence());
        bad.mutable_presence()->set_playhead_frame(13);
        ana.send(bad);
        ASSERT_TRUE(ana.waitFor([&](const v1::Envelope&) { return ana.errors().size() > errors; }));
        EXPECT_EQ(ana.errors().back().code(), v1::ERROR_CODE_MALFORMED);
        EXPECT_NE(ana.errors().back().message().find(field), std::string::npos)
            << ana.errors().back().message();
        ASSERT_TRUE(bo.roundTrip());
        EXPECT_EQ(bo.count([](const v1::Envelope& m) { return m.has_presence(); }, mark), 0u);
    }
}

// A viewer may point with the laser but may not show a shape being drawn (it could never become
// a note): that presence is refused as forbidden and reaches no one; a reviewer's reaches the
// viewer.
TEST_F(RelayTest, AViewerPointsWithTheLaserButCannotShowAShapeBeingDrawn) {
    startRelay();
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Viewer);
    fs::Presence laser;
    laser.laser = fs::LaserTrail{{{0.5, 0.5}}, {0}, true};
    v1::Envelope e = fs::newEnvelope();
    *e.mutable_presence() = fs::presenceToWire(laser);
    bo.send(e);
    ASSERT_TRUE(ana.waitFor(
        [](const v1::Envelope& m) { return m.has_presence() && m.presence().has_laser(); }));

    ft::settle(100, "past the presence rate's interval");
    const size_t mark = ana.received().size();
    fs::Presence drawing;
    drawing.drawing = fs::LiveShape{fm::Kind::Freehand, {}, {{0.1, 0.1}, {0.2, 0.2}}};
    *e.mutable_presence() = fs::presenceToWire(drawing);
    bo.send(e);
    ASSERT_TRUE(bo.waitFor([](const v1::Envelope& m) { return m.has_error(); }));
    EXPECT_EQ(bo.errors().back().code(), v1::ERROR_CODE_FORBIDDEN);
    EXPECT_NE(bo.errors().back().message().find("presence.drawing"), std::string::npos);
    ASSERT_TRUE(ana.roundTrip());
    EXPECT_EQ(ana.count([](const v1::Envelope& m) { return m.has_presence(); }, mark), 0u);

    ana.send(e);  // a reviewer's shape in progress is forwarded
    ASSERT_TRUE(bo.waitFor(
        [](const v1::Envelope& m) { return m.has_presence() && m.presence().has_drawing(); }));
}

TEST_F(RelayTest, AConnectionThatSaysNoHelloIsClosed) {
    startRelay([](fs::RelayConfig& c) {
        c.helloTimeoutMs = 300;
        c.heartbeatMs = 300;
    });
    ft::RawClient& mute = rawClient();
    ASSERT_TRUE(ft::spinUntil([&] { return mute.disconnected(); }, 3000));
    ASSERT_FALSE(mute.errors().empty());
    EXPECT_EQ(mute.errors()[0].code(), v1::ERROR_CODE_UNAUTHENTICATED);
}

TEST_F(RelayTest, ASlowConsumerIsDroppedAndTheRoomGoesOn) {
    startRelay([](fs::RelayConfig& c) {
        c.sendQueueBytes = 512 << 10;
        c.ratePerSecond = 0;
        c.bytesPerSecond = 0;
    });
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);  // first: a viewer cannot make the room
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    ft::StalledClient stalled;
    ASSERT_TRUE(stalledJoin(stalled, "slow", fm::Role::Viewer));
    ASSERT_TRUE(ft::spinUntil([&] { return relay_->metrics().joined == 3; }));
    // Large strokes until the stalled client's queue overflows.
    std::vector<fm::Operation> ops;
    for (int i = 0; i < 400 && relay_->metrics().slowConsumers == 0; ++i) {
        auto op = createBy("ana", fm::Role::Reviewer, "freehand");
        op.annotation.points.clear();
        for (int k = 0; k < 5000; ++k)
            op.annotation.points.push_back({(k % 100) / 100.0, ((k * 7) % 100) / 100.0});
        fs::quantizeOperation(op);
        ops.push_back(op);
        ana.sendOperation(op);
        // Every fifth waits for its acknowledgement (commits go in order, so the four before it
        // are in too): their broadcasts are queued before slowConsumers is looked at again. And
        // for bo to have read them: a healthy reader is never more than five strokes behind,
        // however busy the machine, while the stalled one reads nothing.
        if (ops.size() % 5 == 0) {
            ASSERT_TRUE(waitAck(ana, op.opId));
            ASSERT_TRUE(
                ft::spinUntil([&] { return broadcastOps(bo).size() == ops.size(); }, 10000));
        }
    }
    ASSERT_TRUE(ft::spinUntil([&] { return relay_->metrics().slowConsumers == 1; }, 10000));
    for (const auto& op : ops) ASSERT_TRUE(waitAck(ana, op.opId));
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(bo).size() == ops.size(); }, 10000));
    ASSERT_TRUE(bo.roundTrip());
    EXPECT_TRUE(bo.errors().empty());
    EXPECT_TRUE(ana.errors().empty());
}

namespace {

// The SQLite log with a gate in front of append(): each commit waits for a permit from the test,
// and the ids of what was committed are recorded once append() has returned (durable).
class GatedLog final : public fs::RoomLog {
  public:
    struct Shared {
        QSemaphore permits;
        std::mutex mutex;
        std::set<QUuid> committed;
        int commits = 0;
        int entered = 0;  // append() calls so far, the one waiting for its permit included
    };
    GatedLog(std::unique_ptr<fs::RoomLog> inner, std::shared_ptr<Shared> shared)
        : inner_(std::move(inner)), shared_(std::move(shared)) {}

    framenote::Status append(std::span<const fs::LogRecord> records) override {
        {
            std::lock_guard lock(shared_->mutex);
            ++shared_->entered;
        }
        shared_->permits.acquire();
        framenote::Status status = inner_->append(records);
        if (status) {
            std::lock_guard lock(shared_->mutex);
            for (const auto& r : records) shared_->committed.insert(r.opId);
            ++shared_->commits;
        }
        return status;
    }
    framenote::Result<fs::RoomRecord> openRoom(const QString& room,
                                               const QString& creator = {}) override {
        return inner_->openRoom(room, creator);
    }
    framenote::Result<RoomCounts> roomCounts(const QString& creator) override {
        return inner_->roomCounts(creator);
    }
    framenote::Result<int64_t> storedBytes() override { return inner_->storedBytes(); }
    framenote::Result<bool> hasRoom(const QString& room) override { return inner_->hasRoom(room); }
    framenote::Result<uint64_t> renewEpoch(const QString& room) override {
        return inner_->renewEpoch(room);
    }
    framenote::Result<std::vector<fs::LogRecord>> read(const QString& room, int64_t after,
                                                       int64_t upTo, int limit) override {
        return inner_->read(room, after, upTo, limit);
    }
    framenote::Result<std::vector<std::pair<QUuid, int64_t>>> operationIds(
        const QString& room) override {
        return inner_->operationIds(room);
    }
    framenote::Status setFrameCount(const QString& room, int64_t frameCount) override {
        return inner_->setFrameCount(room, frameCount);
    }
    framenote::Result<int64_t> lastSequenceBefore(const QString& room,
                                                  int64_t receivedMs) override {
        return inner_->lastSequenceBefore(room, receivedMs);
    }
    framenote::Status compact(const QString& room, int64_t through,
                              const std::string& snapshot) override {
        return inner_->compact(room, through, snapshot);
    }
    framenote::Result<QStringList> rooms() override { return inner_->rooms(); }
    framenote::Status backup(const QString& path) override { return inner_->backup(path); }
    QString location() const override { return inner_->location(); }

  private:
    std::unique_ptr<fs::RoomLog> inner_;
    std::shared_ptr<Shared> shared_;
};

}  // namespace

// Group commit: operations that arrive while a commit is on the disk form the next batch; none is
// acknowledged or broadcast before its own batch is durable, however long the disk takes.
TEST_F(RelayTest, NoOperationIsAcknowledgedOrBroadcastBeforeItsCommitReturns) {
    auto shared = std::make_shared<GatedLog::Shared>();
    startRelay([&](fs::RelayConfig& c) {
        c.ratePerSecond = 0;
        c.bytesPerSecond = 0;
        const QString path = QDir(home_.dataDir()).filePath("relay.sqlite");
        c.logFactory = [path, shared]() -> framenote::Result<std::unique_ptr<fs::RoomLog>> {
            auto log = fs::SqliteRoomLog::open(path);
            if (!log) return framenote::makeError(log.error());
            return std::unique_ptr<fs::RoomLog>(
                std::make_unique<GatedLog>(std::move(log.value()), shared));
        };
    });
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    // Every ack and broadcast that arrives must name an operation already committed.
    size_t checkedAna = 0, checkedBo = 0;
    int early = 0;
    const auto check = [&] {
        std::lock_guard lock(shared->mutex);
        for (; checkedAna < ana.received().size(); ++checkedAna) {
            const auto& e = ana.received()[checkedAna];
            if (e.has_ack() && !shared->committed.count(
                                   QUuid::fromRfc4122(QByteArray::fromStdString(e.ack().op_id()))))
                ++early;
        }
        for (; checkedBo < bo.received().size(); ++checkedBo)
            for (const auto& w : bo.received()[checkedBo].broadcast().operations())
                if (!shared->committed.count(
                        QUuid::fromRfc4122(QByteArray::fromStdString(w.op_id()))))
                    ++early;
    };
    // Waits until `n` commits have reached the gated disk, checking what arrives meanwhile.
    const auto onTheDisk = [&](int n) {
        return ft::spinUntil([&] {
            check();
            std::lock_guard lock(shared->mutex);
            return shared->entered == n;
        });
    };

    std::vector<fm::Operation> first, second;
    for (int i = 0; i < 5; ++i) {
        first.push_back(createBy("ana", fm::Role::Reviewer));
        ana.sendOperation(first.back());
    }
    ASSERT_TRUE(onTheDisk(1));  // the first batch is on the (gated) disk
    ASSERT_TRUE(ana.roundTrip());
    EXPECT_EQ(ana.count([](const v1::Envelope& e) { return e.has_ack(); }), 0u);
    for (int i = 0; i < 5; ++i) {
        second.push_back(createBy("ana", fm::Role::Reviewer));
        ana.sendOperation(second.back());
    }
    ASSERT_TRUE(ana.roundTrip());  // the second five wait behind the first batch
    const auto acks = [&] { return ana.count([](const v1::Envelope& e) { return e.has_ack(); }); };
    const auto committed = [&] {
        std::lock_guard lock(shared->mutex);
        return shared->committed.size();
    };
    shared->permits.release(1);  // one batch commits; what came later waits for the next permit
    ASSERT_TRUE(ft::spinUntil([&] {
        check();
        return acks() > 0 && acks() == committed();
    }));
    ASSERT_TRUE(onTheDisk(2));  // the next batch waits for its permit: no acknowledgement can come
    check();
    EXPECT_EQ(acks(), committed());
    EXPECT_LT(committed(), first.size() + second.size());
    shared->permits.release(100);
    for (const auto& op : second) ASSERT_TRUE(waitAck(ana, op.opId));
    ASSERT_TRUE(ft::spinUntil([&] {
        check();
        return broadcastOps(bo).size() == first.size() + second.size();
    }));
    check();
    EXPECT_EQ(early, 0);
    EXPECT_GE(shared->commits, 2);
}

// Presence thinning: a receiver whose connection is backed up (here: it reads nothing) gets only
// the latest presence of each sender once it drains, and every operation in sequence order; a
// fast receiver of the same room gets every update.
TEST_F(RelayTest, ABackedUpReceiverGetsTheLatestPresenceOfEachSenderAndEveryOperationInOrder) {
    startRelay([](fs::RelayConfig& c) {
        c.ratePerSecond = 0;
        c.bytesPerSecond = 0;
    });
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);  // first: a viewer cannot make the room
    ft::RawClient& bo = joined("bo", fm::Role::Reviewer);
    ft::StalledClient slow;
    ASSERT_TRUE(stalledJoin(slow, "slow", fm::Role::Viewer));
    ft::RawClient& cy = joined("cy", fm::Role::Viewer);
    ASSERT_TRUE(ft::spinUntil([&] { return relay_->metrics().joined == 4; }));

    // Large strokes (about 15 KB each on the wire) fill the stalled receiver's socket buffers
    // (its receive buffer is 4 KiB: the rest stays in the relay).
    std::vector<fm::Operation> ops;
    for (int i = 0; i < 4; ++i) {
        auto op = createBy("ana", fm::Role::Reviewer, "freehand");
        op.annotation.points.clear();
        for (int k = 0; k < 5000; ++k)
            op.annotation.points.push_back({(k % 100) / 100.0, ((k * 7) % 100) / 100.0});
        fs::quantizeOperation(op);
        ops.push_back(op);
        ana.sendOperation(op);
    }
    for (const auto& op : ops) ASSERT_TRUE(waitAck(ana, op.opId));
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(cy).size() == ops.size(); }));
    // cy reads on this thread, which was busy building the large operations while the relay's
    // I/O threads sent them: cy may have been behind for a moment, and thinned. It has caught
    // up now; give the relay a few of its checks (every presenceThinCheckMs) to see that.
    ft::settle(200, "the relay's backlog checks run on a clock (presenceThinCheckMs)");

    // Presence from two senders, slower than the relay's 30 a second, with small operations
    // between them.
    constexpr int kUpdates = 20;
    const auto sendPresence = [](ft::RawClient& from, int64_t frame) {
        fs::Presence p;
        p.playheadFrame = frame;
        p.cursor = fm::Point{0.5, 0.25};
        v1::Envelope e = fs::newEnvelope();
        *e.mutable_presence() = fs::presenceToWire(p);
        from.send(e);
    };
    for (int i = 1; i <= kUpdates; ++i) {
        sendPresence(ana, i);
        sendPresence(bo, 1000 + i);
        if (i % 4 == 0) {
            ops.push_back(createBy("ana", fm::Role::Reviewer));
            ana.sendOperation(ops.back());
        }
        ft::settle(80, "slower than the relay's 30 updates a second, which is under test");
    }
    std::map<QUuid, int64_t> acked;
    for (const auto& op : ops) ASSERT_TRUE(waitAck(ana, op.opId, &acked[op.opId]));

    // The fast receiver: every update of both senders, every operation.
    const auto presenceFrom = [](const std::vector<v1::Envelope>& received, uint32_t who) {
        std::vector<int64_t> frames;
        for (const auto& e : received)
            if (e.has_presence() && e.presence().participant() == who)
                frames.push_back(e.presence().playhead_frame());
        return frames;
    };
    ASSERT_TRUE(ft::spinUntil([&] {
        const auto b = presenceFrom(cy.received(), bo.you());
        return !b.empty() && b.back() == 1000 + kUpdates;
    }));
    EXPECT_EQ(presenceFrom(cy.received(), ana.you()).size(), static_cast<size_t>(kUpdates));
    EXPECT_EQ(presenceFrom(cy.received(), bo.you()).size(), static_cast<size_t>(kUpdates));
    ASSERT_TRUE(ft::spinUntil([&] { return broadcastOps(cy).size() == ops.size(); }));
    EXPECT_GT(relay_->metrics().presenceThinned, static_cast<uint64_t>(kUpdates));

    // The stalled receiver reads at last: every operation in sequence order, and per sender the
    // latest presence (not every update).
    const auto operations = [](const std::vector<v1::Envelope>& received) {
        std::vector<std::pair<QUuid, int64_t>> out;
        for (const auto& e : received)
            if (e.has_broadcast())
                for (const auto& w : e.broadcast().operations())
                    out.emplace_back(QUuid::fromRfc4122(QByteArray::fromStdString(w.op_id())),
                                     static_cast<int64_t>(w.sequence()));
        return out;
    };
    ASSERT_TRUE(slow.drain([&](const std::vector<v1::Envelope>& received) {
        const auto a = presenceFrom(received, ana.you());
        const auto b = presenceFrom(received, bo.you());
        return operations(received).size() == ops.size() && !a.empty() && a.back() == kUpdates &&
               !b.empty() && b.back() == 1000 + kUpdates;
    })) << operations(slow.received()).size()
        << " of " << ops.size() << " operations";
    const auto got = operations(slow.received());
    for (size_t i = 0; i < got.size(); ++i) {
        EXPECT_EQ(got[i].first, ops[i].opId) << i;
        EXPECT_EQ(got[i].second, acked[ops[i].opId]) << i;
        if (i > 0) {
            EXPECT_GT(got[i].second, got[i - 1].second);
        }
    }
    EXPECT_LE(presenceFrom(slow.received(), ana.you()).size(), 3u);
    EXPECT_LE(presenceFrom(slow.received(), bo.you()).size(), 3u);
    // While it was thinned the relay pinged it to pace its presence by the round trip; the
    // answer came once it read again.
    EXPECT_TRUE(slow.drain(
        [&](const std::vector<v1::Envelope>&) { return relay_->metrics().presenceProbes >= 1; }));
}

TEST_F(RelayTest, MetricsAndHealthAreServedOverHttp) {
    startRelay();
    ft::RawClient& ana = joined("ana", fm::Role::Reviewer);
    const auto op = createBy("ana", fm::Role::Reviewer);
    ana.sendOperation(op);
    ASSERT_TRUE(waitAck(ana, op.opId));
    const auto get = [&](const QByteArray& path) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, relay_->metricsPort());
        EXPECT_TRUE(
            ft::spinUntil([&] { return socket.state() == QAbstractSocket::ConnectedState; }));
        socket.write("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray response;
        ft::spinUntil([&] {
            response += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        });
        return response + socket.readAll();
    };
    const QByteArray metrics = get("/metrics");
    EXPECT_TRUE(metrics.startsWith("HTTP/1.1 200 OK")) << metrics.left(200).toStdString();
    EXPECT_TRUE(metrics.contains("framenote_relay_operations_committed_total 1\n"));
    EXPECT_TRUE(metrics.contains("framenote_relay_connections 1\n"));
    EXPECT_TRUE(metrics.contains("framenote_relay_fanout_latency_seconds_bucket{le=\"+Inf\"}"));
    EXPECT_TRUE(metrics.contains("framenote_relay_log_commit_seconds_count"));
    const QByteArray health = get("/healthz");
    EXPECT_TRUE(health.startsWith("HTTP/1.1 200 OK"));
    EXPECT_TRUE(health.endsWith("ok\n"));
    EXPECT_TRUE(get("/nope").startsWith("HTTP/1.1 404"));
}

TEST_F(RelayTest, StartFailsClearlyWhenThePortIsTaken) {
    startRelay();
    fs::RelayConfig config;
    config.port = relay_->port();
    config.address = QHostAddress::LocalHost;
    QTemporaryDir other;
    config.dataDir = other.path();
    fs::RelayServer second(config);
    auto started = second.start();
    ASSERT_FALSE(started.ok());
    EXPECT_NE(started.error().find("cannot listen"), std::string::npos) << started.error();
}

TEST_F(RelayTest, ASilentPeerIsDroppedAfterThreeHeartbeatsAndALiveOneIsNot) {
    startRelay([](fs::RelayConfig& c) { c.heartbeatMs = 200; });
    ft::StalledClient silent;  // says Hello and Join, then never reads or answers a ping
    ASSERT_TRUE(silent.open(relay_->port()));
    v1::Envelope hello = fs::newEnvelope();
    hello.mutable_hello()->set_token(token("mute", fm::Role::Viewer));
    silent.send(hello);
    ft::RawClient& alive = joined("ana", fm::Role::Reviewer);  // QWebSocket answers pings itself
    ASSERT_TRUE(ft::spinUntil([&] { return relay_->metrics().heartbeatTimeouts == 1; }, 5000));
    ft::settle(800,
               "four more heartbeats: enough to drop the live peer if its pongs did not count");
    ASSERT_TRUE(alive.roundTrip());  // still served
    EXPECT_EQ(relay_->metrics().heartbeatTimeouts, 1u);
    EXPECT_FALSE(alive.disconnected());
    EXPECT_EQ(relay_->metrics().connections, 1);
}

// A newcomer's snapshot, and the replay after it, fold to the room's state, whether the relay
// sends its last snapshot again (with the replay of what followed) or assembles a new one from the
// annotations it re-encoded after they changed.
TEST_F(RelayTest, SnapshotsFoldToTheRoomsStateWhetherReusedOrReassembled) {
    for (const int64_t reuse : {int64_t{0}, int64_t{1000}}) {
        SCOPED_TRACE("snapshotReuseOps " + std::to_string(reuse));
        raw_.clear();
        startRelay([&](fs::RelayConfig& c) {
            c.snapshotReuseOps = reuse;
            c.bytesPerSecond = 0;
        });
        const QString media = QString(64, reuse ? QLatin1Char('e') : QLatin1Char('d'));
        ft::RawClient& ana = rawClient();
        ASSERT_TRUE(ana.hello(token("ana", fm::Role::Reviewer)));
        ASSERT_TRUE(ana.join(media));
        fm::AnnotationState expected;
        int64_t sequence = 0;
        const auto send = [&](fm::Operation op) {
            op.mediaId = media;
            if (op.type == fm::OpType::Create) op.annotation.mediaId = media;
            fs::quantizeOperation(op);
            ana.sendOperation(op);
            ASSERT_TRUE(waitAck(ana, op.opId, &sequence));
            expected.apply(op, sequence);
        };
        std::vector<QUuid> ids;
        for (int i = 0; i < 4; ++i) {
            auto op = createBy("ana", fm::Role::Reviewer, i % 2 ? "rect" : "freehand");
            ids.push_back(op.target);
            send(op);
        }
        // A snapshot is asked for (another epoch), so later changes re-encode what they touch.
        const auto snapshotOf = [&](const QString& who) {
            ft::RawClient& v = rawClient();
            EXPECT_TRUE(v.hello(token(who, fm::Role::Viewer)));
            EXPECT_TRUE(v.join(media, 1, 424242));
            v.tableFrom(0);
            fm::AnnotationState got;
            int64_t order = -1000000;
            for (const v1::Envelope& e : v.received()) {
                if (e.has_snapshot())
                    for (const v1::Annotation& w : e.snapshot().annotations()) {
                        auto a = fs::annotationFromWire(w, v.context());
                        EXPECT_TRUE(a.ok()) << a.error();
                        if (!a) continue;
                        a->mediaId = media;
                        fm::Operation create = fm::makeCreate(*a, a->author, a->creatorRole);
                        create.annotation = *a;
                        got.apply(create, ++order);
                    }
                if (e.has_replay())
                    for (const v1::Operation& w : e.replay().operations()) {
                        auto op = fs::operationFromWire(w, v.context());
                        EXPECT_TRUE(op.ok()) << op.error();
                        if (op) got.apply(*op, op->sequence);
                    }
            }
            return got;
        };
        EXPECT_TRUE(snapshotOf("vic").sameVisibleState(expected));
        fm::FieldChanges text;
        text.text = "moved";
        send(fm::makeSetFields(media, ids[0], text, "ana", fm::Role::Reviewer));
        send(fm::makeDelete(media, ids[1], "ana", fm::Role::Reviewer));
        send(fm::makeReply(media, ids[2], "a reply", "ana", fm::Role::Reviewer));
        send(createBy("ana", fm::Role::Reviewer, "ellipse"));
        const fm::AnnotationState later = snapshotOf("wes");
        EXPECT_TRUE(later.sameVisibleState(expected));
        EXPECT_EQ(later.size(), 4u);
        EXPECT_EQ(relay_->metrics().snapshotsEncoded, reuse ? 1u : 2u);
    }
}
