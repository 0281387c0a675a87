// framenote-relay as a process against members who try what their role does not allow: the
// permission matrix of docs/PROTOCOL.md ("Permissions") cell by cell, forged authors, reused reply
// ids and op_ids, refusals that name their operation, room scope, media ids and frame counts.
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <map>

#include "core/sync/quantization.h"
#include "tests/support/permission_matrix.h"
#include "tests/support/refusal.h"
#include "tests/support/relay_process.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;
using ::testing::_;
using ::testing::HasSubstr;

namespace {

class HostileRelay : public ft::RelayFixture<ft::RelayProcess> {
  protected:
    void SetUp() override {
        RelayFixture::SetUp();
        if (!HasFatalFailure()) startRelay();
    }

    // A client with a token for `name` in `role`, joined to `media` (kept for the test).
    ft::RawClient& member(const QString& name, fm::Role role, const QString& room = "*",
                          uint64_t frames = 0, const QString& media = ft::kRoomMedia) {
        const auto key = std::make_tuple(name, role, room, media);
        if (auto it = members_.find(key); it != members_.end()) return *it->second;
        auto c = std::make_unique<ft::RawClient>();
        EXPECT_TRUE(c->open(relay_.url()));
        EXPECT_TRUE(c->hello(token(name, role, {room})));
        EXPECT_TRUE(c->join(media, 0, 0, frames));
        return *members_.emplace(key, std::move(c)).first->second;
    }

    // Sends `op` as its actor and returns the relay's answer (an Ack or an Error).
    static const v1::Envelope* attempt(ft::RawClient& c, fm::Operation op) {
        fs::quantizeOperation(op);
        c.sendOperation(op);
        return c.answerTo(op.opId);
    }
    // Sends `op` as its actor and returns the relay's refusal (nullopt: acknowledged).
    static std::optional<v1::Error> refusalOf(ft::RawClient& c, fm::Operation op) {
        fs::quantizeOperation(op);
        return c.refusalOf(op);
    }
    static bool acked(ft::RawClient& c, const fm::Operation& op) {
        const v1::Envelope* e = attempt(c, op);
        return e && e->has_ack();
    }

    std::map<std::tuple<QString, fm::Role, QString, QString>, std::unique_ptr<ft::RawClient>>
        members_;
};

fm::Annotation noteOn(const QString& media, int64_t first, int64_t last) {
    fm::Annotation a = ft::annotationOf("rect");
    a.mediaId = media;
    a.firstFrame = first;
    a.lastFrame = last;
    return a;
}

// The limits tests start their relay with the limit under test.
using HostileRelayLimits = ft::RelayFixture<ft::RelayProcess>;

}  // namespace

TEST_F(HostileRelay, EveryCellOfThePermissionMatrix) {
    member("host", fm::Role::Admin);  // makes the room (a viewer cannot)
    int walked = 0;
    for (const ft::MatrixCell& cell : ft::permissionMatrix()) {
        SCOPED_TRACE(ft::cellName(cell));
        const ft::MatrixScenario s = ft::scenarioFor(cell, ft::annotationOf("rect"));
        for (const auto& [who, op] : s.setup) ASSERT_TRUE(acked(member(who.name, who.role), op));
        const v1::Envelope* answer = attempt(member(s.actor.name, s.actor.role), s.attempt);
        ASSERT_NE(answer, nullptr);
        EXPECT_EQ(answer->has_ack(), cell.allowed)
            << (answer->has_error() ? answer->error().message() : "acknowledged");
        if (answer->has_error()) {
            EXPECT_EQ(answer->error().code(), v1::ERROR_CODE_FORBIDDEN)
                << answer->error().message();
            EXPECT_FALSE(answer->error().fatal());
        }
        ++walked;
    }
    EXPECT_EQ(walked, 59);
}

TEST_F(HostileRelay, AReviewerCannotRewriteOrDeleteAnotherPersonsReplyByReusingItsId) {
    ft::RawClient& boss = member("boss", fm::Role::Admin);  // first: a viewer cannot make the room
    ft::RawClient& ana = member("ana", fm::Role::Reviewer);
    ft::RawClient& watcher = member("vic", fm::Role::Viewer);
    const fm::Annotation a = ft::annotationOf("rect", "boss");
    ASSERT_TRUE(acked(boss, fm::makeCreate(a, "boss", fm::Role::Admin)));
    const fm::Operation approval =
        fm::makeReply(ft::kRoomMedia, a.id, "Approved for delivery", "boss", fm::Role::Admin);
    ASSERT_TRUE(acked(boss, approval));
    fm::Operation rewrite =
        fm::makeReply(ft::kRoomMedia, a.id, "Rejected", "ana", fm::Role::Reviewer);
    rewrite.reply.id = approval.reply.id;
    EXPECT_THAT(refusalOf(ana, rewrite),
                ft::IsRefusal(v1::ERROR_CODE_INVALID, HasSubstr("already exists")));
    // The same with a reply-delete by a reviewer: refused as someone else's reply.
    fm::Operation remove = fm::makeEditReply(ft::kRoomMedia, a.id, approval.reply.id, QString(),
                                             "ana", fm::Role::Reviewer);
    remove.reply.deleted = true;
    EXPECT_THAT(refusalOf(ana, remove), ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, _));
    // A newcomer's snapshot still shows the admin's words.
    ft::RawClient late;
    ASSERT_TRUE(late.open(relay_.url()));
    ASSERT_TRUE(late.hello(token("late", fm::Role::Viewer)));
    ASSERT_TRUE(late.join(ft::kRoomMedia, 0, 0));
    late.tableFrom(0);
    bool seen = false;
    for (const v1::Envelope& e : late.received()) {
        if (!e.has_replay()) continue;
        for (const v1::Operation& w : e.replay().operations()) {
            auto op = fs::operationFromWire(w, late.context());
            ASSERT_TRUE(op.ok()) << op.error();
            EXPECT_NE(op->reply.text, "Rejected");
            seen = seen || op->reply.text == "Approved for delivery";
        }
    }
    EXPECT_TRUE(seen);
    EXPECT_TRUE(watcher.errors().empty());
}

TEST_F(HostileRelay, ACreateCannotCarryRepliesInSomeoneElsesName) {
    ft::RawClient& ana = member("ana", fm::Role::Reviewer);
    fm::Annotation a = ft::annotationOf("rect", "ana");
    a.replies.push_back(fm::Reply{QUuid::createUuid(), "boss", "Approved for delivery", a.createdMs,
                                  a.createdMs, false});
    EXPECT_THAT(refusalOf(ana, fm::makeCreate(a, "ana", fm::Role::Reviewer)),
                ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, HasSubstr("replies[0].author")));
    a.replies[0].author = "ana";
    EXPECT_TRUE(acked(ana, fm::makeCreate(a, "ana", fm::Role::Reviewer)));
}

TEST_F(HostileRelay, AnOpIdIsAcknowledgedAgainOnlyForATrueResendByItsActor) {
    ft::RawClient& ana = member("ana", fm::Role::Reviewer);
    ft::RawClient& bo = member("bo", fm::Role::Reviewer);
    fm::Operation first =
        fm::makeCreate(ft::annotationOf("rect", "ana"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(first);
    ASSERT_TRUE(acked(ana, first));
    const uint64_t sequence = ana.answerTo(first.opId)->ack().sequence();

    // Another actor with the same op_id.
    fm::Operation stolen = fm::makeCreate(ft::annotationOf("rect", "bo"), "bo", fm::Role::Reviewer);
    stolen.opId = first.opId;
    EXPECT_THAT(refusalOf(bo, stolen),
                ft::IsRefusal(v1::ERROR_CODE_INVALID, HasSubstr("used once")))
        << "another actor's op_id";

    // The same actor, other content under the same op_id.
    fm::Operation changed =
        fm::makeCreate(ft::annotationOf("ellipse", "ana"), "ana", fm::Role::Reviewer);
    changed.opId = first.opId;
    EXPECT_TRUE(refusalOf(ana, changed)) << "other content under an op_id was acknowledged";

    // A true resend: the original sequence again, and nothing new in the log.
    const size_t mark = ana.received().size();
    ana.sendOperation(first);
    ASSERT_TRUE(ana.waitFor([&](const v1::Envelope& e) { return e.has_ack() || e.has_error(); },
                            5000, mark));
    const v1::Envelope* ack =
        ana.last([](const v1::Envelope& e) { return e.has_ack() || e.has_error(); });
    ASSERT_TRUE(ack->has_ack()) << ack->error().message();
    EXPECT_EQ(ack->ack().sequence(), sequence);

    // And all of that survives a restart: the op_id is still ana's, content and all.
    ASSERT_EQ(relay_.terminate(), 0);
    ASSERT_TRUE(relay_.restart());
    members_.clear();
    ft::RawClient& bo2 = member("bo", fm::Role::Reviewer);
    EXPECT_THAT(refusalOf(bo2, stolen),
                ft::IsRefusal(v1::ERROR_CODE_INVALID, HasSubstr("used once")));
    ft::RawClient& ana2 = member("ana", fm::Role::Reviewer);
    const v1::Envelope* answer = attempt(ana2, first);
    ASSERT_TRUE(answer && answer->has_ack());
    EXPECT_EQ(answer->ack().sequence(), sequence);
}

TEST_F(HostileRelay, EveryRefusalOfAnOperationNamesIt) {
    ft::RawClient& ana = member("ana", fm::Role::Reviewer);
    // Malformed: a coordinate beyond the wire's range, alone and inside a Batch.
    fm::Operation good = fm::makeCreate(ft::annotationOf("rect", "ana"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(good);
    ana.tableFrom(0);
    v1::Envelope bad = fs::operationEnvelope(good, ana.context());
    bad.mutable_operation()->mutable_annotation()->mutable_points()->Set(0, 70000);
    ana.send(bad);
    const v1::Envelope* answer = ana.answerTo(good.opId);
    ASSERT_NE(answer, nullptr) << "a malformed operation was refused without its op_id";
    EXPECT_EQ(answer->error().code(), v1::ERROR_CODE_MALFORMED);

    fm::Operation other =
        fm::makeCreate(ft::annotationOf("rect", "ana"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(other);
    v1::Envelope bad2 = fs::operationEnvelope(other, ana.context());
    bad2.mutable_operation()->mutable_annotation()->mutable_points()->Set(0, 70000);
    fm::Operation third =
        fm::makeCreate(ft::annotationOf("rect", "ana"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(third);
    std::vector<v1::Envelope> inner{bad2, fs::operationEnvelope(third, ana.context())};
    ana.send(fs::batchEnvelope(inner));
    EXPECT_NE(ana.answerTo(other.opId), nullptr);
    EXPECT_NE(ana.answerTo(third.opId), nullptr);

    // Too large: the relay's cap is 1 MiB; the op_id is still read.
    fm::Annotation huge = ft::longStrokeOf("ana", 9000);
    huge.text = QString(19000, QLatin1Char('x'));
    fm::Operation big = fm::makeCreate(huge, "ana", fm::Role::Reviewer);
    fs::quantizeOperation(big);
    v1::Envelope padded = fs::operationEnvelope(big, ana.context());
    padded.mutable_operation()->mutable_annotation()->add_tags(std::string(1200000, 'y'));
    ana.send(padded);
    answer = ana.answerTo(big.opId, 10000);
    ASSERT_NE(answer, nullptr) << "an oversized operation was refused without its op_id";
    EXPECT_EQ(answer->error().code(), v1::ERROR_CODE_TOO_LARGE);
}

TEST_F(HostileRelay, ATokenForOneRoomDoesNotOpenItUnderAnotherProject) {
    ft::RawClient c;
    ASSERT_TRUE(c.open(relay_.url()));
    ASSERT_TRUE(c.hello(token("ana", fm::Role::Reviewer, {ft::kRoomMedia})));
    v1::Envelope join = fs::newEnvelope();
    join.mutable_join()->set_media_id(ft::kRoomMedia.toStdString());
    join.mutable_join()->set_project("other-studio");
    EXPECT_THAT(c.refusalTo(join), ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, _));
    ASSERT_TRUE(c.roundTrip());  // a snapshot sent anyway would have come before the Pong
    EXPECT_EQ(c.count([](const v1::Envelope& e) { return e.has_snapshot() || e.has_replay(); }),
              0u);
    // The exact room it names opens.
    EXPECT_TRUE(c.join(ft::kRoomMedia));
    EXPECT_EQ(c.errors().size(), 1u);
    // A token for the project's room opens that room and not the bare media.
    ft::RawClient p;
    ASSERT_TRUE(p.open(relay_.url()));
    ASSERT_TRUE(p.hello(token("bo", fm::Role::Reviewer, {ft::kRoomMedia + "@studio"})));
    EXPECT_THAT(p.refusalTo(join), ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, _));  // other-studio
}

TEST_F(HostileRelay, MediaIdsHaveTheirDocumentedFormOnly) {
    ft::RawClient c;
    ASSERT_TRUE(c.open(relay_.url()));
    ASSERT_TRUE(c.hello(token("ana", fm::Role::Reviewer)));
    const QStringList bad = {"",
                             "x",
                             ft::kRoomMedia.toUpper(),
                             ft::kRoomMedia.left(63),
                             ft::kRoomMedia + "0",
                             "../../etc/passwd",
                             QString(64, QLatin1Char('g')),
                             ft::kRoomMedia.left(63) + "\n"};
    for (const QString& id : bad) {
        v1::Envelope join = fs::newEnvelope();
        join.mutable_join()->set_media_id(id.toStdString());
        const auto refusal = c.refusalTo(join);
        ASSERT_TRUE(refusal) << id.toStdString();
        const v1::ErrorCode code = refusal->code();  // the codec refuses some shapes first
        EXPECT_TRUE(code == v1::ERROR_CODE_INVALID || code == v1::ERROR_CODE_MALFORMED)
            << id.toStdString();
        ASSERT_TRUE(c.roundTrip());  // a snapshot sent anyway would have come before the Pong
        EXPECT_EQ(c.count([](const v1::Envelope& e) { return e.has_snapshot() || e.has_replay(); }),
                  0u);
    }
    EXPECT_TRUE(c.join(ft::kRoomMedia));
}

TEST_F(HostileRelay, AViewerCannotCreateARoomNorSetItsFrameCount) {
    const QString fresh = QString(64, QLatin1Char('a'));
    ft::RawClient v;
    ASSERT_TRUE(v.open(relay_.url()));
    ASSERT_TRUE(v.hello(token("vic", fm::Role::Viewer)));
    EXPECT_THAT(v.refusalAfter([&] { v.join(fresh, 0, 0, 10); }),
                ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, HasSubstr("viewer cannot create")));

    // A writer's notes reach frame 500; nobody stated a count yet.
    ft::RawClient& ana = member("ana", fm::Role::Reviewer, "*", 0, fresh);
    ASSERT_TRUE(acked(ana, fm::makeCreate(noteOn(fresh, 490, 500), "ana", fm::Role::Reviewer)));
    // The viewer may join now; its frame count is ignored.
    ASSERT_TRUE(v.join(fresh, 0, 0, 10));
    EXPECT_TRUE(acked(ana, fm::makeCreate(noteOn(fresh, 600, 600), "ana", fm::Role::Reviewer)));
    // A writer cannot narrow the room under its notes.
    ft::RawClient bo;
    ASSERT_TRUE(bo.open(relay_.url()));
    ASSERT_TRUE(bo.hello(token("bo", fm::Role::Reviewer)));
    EXPECT_THAT(bo.refusalAfter([&] { bo.join(fresh, 0, 0, 100); }),
                ft::IsRefusal(v1::ERROR_CODE_INVALID, HasSubstr("reach frame 600")));
    // The first writer that states a count that fits sets it; another count is refused clearly.
    ASSERT_TRUE(bo.join(fresh, 0, 0, 1000));
    ft::RawClient cy;
    ASSERT_TRUE(cy.open(relay_.url()));
    ASSERT_TRUE(cy.hello(token("cy", fm::Role::Admin)));
    EXPECT_THAT(cy.refusalAfter([&] { cy.join(fresh, 0, 0, 999); }),
                ft::IsRefusal(v1::ERROR_CODE_INVALID, HasSubstr("same media")));
    // It survives a restart: a note beyond frame 999 is refused afterwards.
    ASSERT_EQ(relay_.terminate(), 0);
    ASSERT_TRUE(relay_.restart());
    members_.clear();
    ft::RawClient& ana2 = member("ana", fm::Role::Reviewer, "*", 0, fresh);
    EXPECT_THAT(
        refusalOf(ana2, fm::makeCreate(noteOn(fresh, 1000, 1000), "ana", fm::Role::Reviewer)),
        ft::IsRefusal(v1::ERROR_CODE_INVALID, _));
    EXPECT_TRUE(acked(ana2, fm::makeCreate(noteOn(fresh, 999, 999), "ana", fm::Role::Reviewer)));
}

// Storage quotas: a room's log, the whole log, and the rooms a user's Joins may create. A refusal
// is ERROR_CODE_QUOTA_EXCEEDED by op_id with a retry time, and the quotas hold across a restart.
TEST_F(HostileRelayLimits, StorageAndRoomQuotasRefuseClearlyAndSurviveARestart) {
    startRelay({"--max-room-bytes", "150000", "--max-stored-bytes", "250000",
                "--max-rooms-per-user", "2", "--byte-rate", "0"});
    const auto connect = [&](ft::RawClient& c, const QString& user, const QString& media) {
        return c.open(relay_.url()) && c.hello(token(user, fm::Role::Reviewer)) && c.join(media);
    };
    const auto post = [](ft::RawClient& c, const QString& user, const QString& media) {
        auto op = fm::makeCreate(ft::longStrokeOf(user, 8000), user, fm::Role::Reviewer);
        op.annotation.mediaId = op.mediaId = media;
        fs::quantizeOperation(op);
        c.sendOperation(op);
        return c.answerTo(op.opId);
    };
    ft::RawClient ana;
    ASSERT_TRUE(connect(ana, "ana", ft::kRoomMedia));
    int acked = 0;
    const v1::Envelope* answer = nullptr;
    for (int i = 0; i < 20; ++i) {
        answer = post(ana, "ana", ft::kRoomMedia);
        ASSERT_NE(answer, nullptr);
        if (!answer->has_ack()) break;
        ++acked;
    }
    ASSERT_TRUE(answer->has_error());
    EXPECT_THAT(answer->error(), ft::IsRefusal(v1::ERROR_CODE_QUOTA_EXCEEDED, HasSubstr("quota")));
    EXPECT_EQ(answer->error().retry_after_ms(), 60000u);
    EXPECT_GE(acked, 2);

    // Another room has room of its own, until the relay's whole quota is used.
    const QString second = QString(64, QLatin1Char('c'));
    ft::RawClient bo;
    ASSERT_TRUE(connect(bo, "bo", second));
    answer = post(bo, "bo", second);
    ASSERT_TRUE(answer && answer->has_ack());
    for (int i = 0; i < 20 && answer->has_ack(); ++i) answer = post(bo, "bo", second);
    ASSERT_TRUE(answer->has_error());
    EXPECT_THAT(answer->error(),
                ft::IsRefusal(v1::ERROR_CODE_QUOTA_EXCEEDED, HasSubstr("the relay holds")));

    // Rooms per user: bo made one; a second is fine, a third is refused; joining another's is not
    // making one.
    ASSERT_TRUE(bo.join(QString(64, QLatin1Char('d'))));
    EXPECT_THAT(bo.refusalAfter([&] { bo.join(QString(64, QLatin1Char('e'))); }),
                ft::IsRefusal(v1::ERROR_CODE_QUOTA_EXCEEDED, HasSubstr("quota per user")));
    EXPECT_TRUE(bo.join(ft::kRoomMedia));

    // After a restart the log's bytes and rooms still count.
    ASSERT_EQ(relay_.terminate(), 0);
    ASSERT_TRUE(relay_.restart());
    ft::RawClient again;
    ASSERT_TRUE(connect(again, "ana", ft::kRoomMedia));
    answer = post(again, "ana", ft::kRoomMedia);
    ASSERT_TRUE(answer && answer->has_error());
    EXPECT_EQ(answer->error().code(), v1::ERROR_CODE_QUOTA_EXCEEDED);
    ft::RawClient bo2;
    ASSERT_TRUE(bo2.open(relay_.url()) && bo2.hello(token("bo", fm::Role::Reviewer)));
    EXPECT_THAT(bo2.refusalAfter([&] { bo2.join(QString(64, QLatin1Char('f'))); }),
                ft::IsRefusal(v1::ERROR_CODE_QUOTA_EXCEEDED, _));
}

// Bytes are budgeted beside messages: large operations past the byte rate are refused by their
// op_id with a retry time, and go through once the budget has refilled.
TEST_F(HostileRelayLimits, TheByteRateLimitRefusesLargeOperationsByTheirIdWithRetryAfter) {
    startRelay({"--byte-rate", "50000"});  // bursts of 200 kB
    ft::RawClient ana;
    ASSERT_TRUE(ana.open(relay_.url()) && ana.hello(token("ana", fm::Role::Reviewer)) &&
                ana.join(ft::kRoomMedia));
    std::vector<fm::Operation> sent;
    for (int i = 0; i < 10; ++i) {  // about 40 KB each
        auto op = fm::makeCreate(ft::longStrokeOf("ana", 10000, i), "ana", fm::Role::Reviewer);
        fs::quantizeOperation(op);
        sent.push_back(op);
        ana.sendOperation(op);
    }
    int acked = 0, limited = 0;
    const fm::Operation* refused = nullptr;
    uint32_t retryAfterMs = 0;
    for (const auto& op : sent) {
        const v1::Envelope* answer = ana.answerTo(op.opId);
        ASSERT_NE(answer, nullptr);
        if (answer->has_ack()) ++acked;
        if (answer->has_error()) {
            EXPECT_EQ(answer->error().code(), v1::ERROR_CODE_RATE_LIMITED);
            EXPECT_GT(answer->error().retry_after_ms(), 0u);
            ++limited;
            refused = &op;
            retryAfterMs = answer->error().retry_after_ms();
        }
    }
    EXPECT_GE(acked, 3);
    EXPECT_GE(limited, 3);
    ASSERT_NE(refused, nullptr);
    // The refused operation goes through once the budget has refilled. An operation acked after
    // it (the budget refilled while a slow machine sent the burst) spent budget the named retry
    // time did not count on; the relay then names a new time, and the second wait is enough.
    bool through = false;
    for (int attempt = 0; attempt < 2 && !through; ++attempt) {
        ft::settle(static_cast<int>(retryAfterMs),
                   "the byte budget refills at its rate: wait the retry time the relay named");
        const size_t mark = ana.received().size();
        ana.sendOperation(*refused);
        ASSERT_TRUE(ana.waitFor([&](const v1::Envelope& e) { return e.has_ack() || e.has_error(); },
                                5000, mark));
        const v1::Envelope* answer =
            ana.last([](const v1::Envelope& e) { return e.has_ack() || e.has_error(); });
        through = answer->has_ack();
        if (!through) {
            ASSERT_EQ(answer->error().code(), v1::ERROR_CODE_RATE_LIMITED);
            ASSERT_NE(refused, &sent.back()) << "refused again though nothing was acked after it";
            retryAfterMs = answer->error().retry_after_ms();
        }
    }
    EXPECT_TRUE(through);
}

// Sockets that never finish the WebSocket upgrade are closed after 10 s (the default), sockets
// over the cap of unauthenticated ones at once; one address cannot take every socket.
TEST_F(HostileRelayLimits, IdleSocketsAreClosedAndUnauthenticatedOnesAreCapped) {
    startRelay({"--max-unauthenticated", "3"});
    QTcpSocket silent, halfway;
    silent.connectToHost(QHostAddress::LocalHost, relay_.port());
    halfway.connectToHost(QHostAddress::LocalHost, relay_.port());
    ASSERT_TRUE(silent.waitForConnected(2000) && halfway.waitForConnected(2000));
    halfway.write("GET / HTTP/1.1\r\nHost: x\r\n");
    ft::RawClient third;  // upgraded, unauthenticated: it has its Hello timeout
    ASSERT_TRUE(third.open(relay_.url()));
    QTcpSocket fourth;
    fourth.connectToHost(QHostAddress::LocalHost, relay_.port());
    ASSERT_TRUE(
        ft::spinUntil([&] { return fourth.state() == QAbstractSocket::UnconnectedState; }, 3000))
        << "a socket over the cap of unauthenticated ones was kept";
    EXPECT_TRUE(third.hello(token("ana", fm::Role::Reviewer)));
    QElapsedTimer waited;
    waited.start();
    ASSERT_TRUE(ft::spinUntil(
        [&] {
            return silent.state() == QAbstractSocket::UnconnectedState &&
                   halfway.state() == QAbstractSocket::UnconnectedState;
        },
        16000))
        << "sockets that never upgraded were kept open";
    EXPECT_GE(waited.elapsed(), 5000);  // not before their time
    ft::RawClient later;
    EXPECT_TRUE(later.open(relay_.url()) && later.hello(token("bo", fm::Role::Reviewer)));

    QTemporaryDir dir;
    ft::RelayProcess capped;
    ASSERT_TRUE(capped.start(dir.filePath("capped"), 0, {"--max-connections-per-address", "2"}));
    ft::RawClient a, b, c;
    EXPECT_TRUE(a.open(capped.url()) &&
                a.hello(ft::issueToken(capped.dataDir(), "ana", "reviewer")));
    EXPECT_TRUE(b.open(capped.url()) &&
                b.hello(ft::issueToken(capped.dataDir(), "bo", "reviewer")));
    EXPECT_FALSE(c.open(capped.url(), 2000) &&
                 c.hello(ft::issueToken(capped.dataDir(), "cy", "reviewer")));
}
