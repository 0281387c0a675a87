// SyncSession against an in-process relay: edits reach the others and converge, offline edits
// wait in the outbox and go out on reconnect, resends are deduplicated, a fresh store takes a
// snapshot, refusals are reported, presence flows, and the state is visible.
#include <gtest/gtest.h>

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>

#include "core/sync/quantization.h"
#include "core/sync/relay_server.h"
#include "tests/support/test_relay.h"
#include "tests/sync/session_fixtures.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

class SessionTest : public ft::RelayFixture<ft::InProcessRelay> {
  protected:
    static fm::Operation rect(const QString& user, fm::Role role, int64_t frame = 10) {
        fm::Annotation a = ft::annotationOf("rect", user);
        a.firstFrame = a.lastFrame = frame;
        return fm::makeCreate(a, user, role);
    }
};

}  // namespace

TEST_F(SessionTest, EditsReachTheOthersAndEveryReplicaConverges) {
    startRelay();
    ft::TestClient& ana = onlineClient("ana", fm::Role::Reviewer);
    ft::TestClient& lei = onlineClient("李雷", fm::Role::Admin);
    EXPECT_EQ(ana.session->user(), "ana");
    EXPECT_EQ(lei.session->role(), fm::Role::Admin);
    std::mt19937 rng(1);
    for (int i = 0; i < 60; ++i) {
        ft::TestClient& c = i % 2 ? ana : lei;
        auto edit = ft::randomEdit(rng, c.state(ft::kRoomMedia), ft::kRoomMedia, c.user, c.role);
        ASSERT_TRUE(edit);
        ASSERT_TRUE(c.session->submit(*edit).ok());
        ft::settle(3, "edits cross the others' broadcasts, as people's do");
    }
    ASSERT_TRUE(ft::spinUntil([&] { return converged(); }, 10000));
    EXPECT_EQ(ana.acks.size() + lei.acks.size(), 60);
    EXPECT_TRUE(ana.errors.isEmpty()) << ana.errors.join("; ").toStdString();
    EXPECT_TRUE(lei.errors.isEmpty()) << lei.errors.join("; ").toStdString();
    EXPECT_EQ(*ana.store->pendingCount(), 0);
    EXPECT_EQ(*ana.store->lastConfirmedSequence(ft::kRoomMedia), 60);
    EXPECT_EQ(*lei.store->lastConfirmedSequence(ft::kRoomMedia), 60);
}

TEST_F(SessionTest, OfflineEditsWaitInTheOutboxAndGoOutOnReconnect) {
    startRelay();
    ft::TestClient& bo = onlineClient("bo", fm::Role::Reviewer);
    ft::TestClient& ana = sessionClient("ana", fm::Role::Reviewer);
    QSignalSpy states(ana.session.get(), &fs::SyncSession::stateChanged);
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(ana.session->submit(rect("ana", fm::Role::Reviewer, i)).ok());
    EXPECT_EQ(ana.session->state(), fs::SyncSession::State::Offline);
    EXPECT_EQ(ana.session->pendingCount(), 5);
    // The outbox survives a restart of the client: a new session on the same store sends it.
    const QString path = ana.storePath;
    ana.session.reset();
    ana.store.reset();
    ana.store = std::move(framenote::store::DraftStore::open(path).value());
    ana.session = std::make_unique<fs::SyncSession>(
        *ana.store, ft::sessionOptions(url(), ft::kRoomMedia, token("ana", fm::Role::Reviewer)));
    QSignalSpy states2(ana.session.get(), &fs::SyncSession::stateChanged);
    EXPECT_EQ(ana.session->pendingCount(), 5);
    ana.session->start();
    ASSERT_TRUE(ft::spinUntil([&] { return ana.online() && ana.session->pendingCount() == 0; }));
    ASSERT_TRUE(ft::spinUntil([&] { return converged(); }));
    EXPECT_EQ(bo.state(ft::kRoomMedia).size(), 5u);
    ASSERT_GE(states2.size(), 2);
    EXPECT_EQ(states2.at(0).at(0).value<fs::SyncSession::State>(),
              fs::SyncSession::State::Connecting);
    EXPECT_EQ(states2.last().at(0).value<fs::SyncSession::State>(), fs::SyncSession::State::Online);
    EXPECT_EQ(states2.last().at(1).toLongLong(), 0);
}

TEST_F(SessionTest, DroppedConnectionsReconnectAndResendWithoutDuplicates) {
    startRelay();
    ft::TestClient& ana = onlineClient("ana", fm::Role::Reviewer);
    ft::TestClient& bo = onlineClient("bo", fm::Role::Reviewer);
    for (int round = 0; round < 5; ++round) {
        for (int i = 0; i < 10; ++i)
            ASSERT_TRUE(ana.session->submit(rect("ana", fm::Role::Reviewer, round * 10 + i)).ok());
        ana.session->dropConnection();  // some were sent, some acknowledged, some not
        for (int i = 0; i < 3; ++i)
            ASSERT_TRUE(
                bo.session->submit(rect("bo", fm::Role::Reviewer, 500 + round * 3 + i)).ok());
        ft::settle(20, "a reconnect and some answers come between the drops");
    }
    ASSERT_TRUE(ft::spinUntil([&] { return converged(); }, 15000));
    const auto relay = ft::relayLogState(home_.dataDir(), ft::kRoomMedia);
    EXPECT_EQ(relay.head, 65);  // each operation committed once
    EXPECT_EQ(relay.state.size(), 65u);
    for (auto it = ana.acks.begin(); it != ana.acks.end(); ++it)
        EXPECT_EQ(relay.sequences.value(it.key()), it.value());
}

TEST_F(SessionTest, AFreshStoreTakesASnapshot) {
    startRelay([](fs::RelayConfig& c) { c.fullReplayLimit = 0; });  // no replays from the start
    ft::TestClient& ana = onlineClient("ana", fm::Role::Reviewer);
    std::mt19937 rng(4);
    for (int i = 0; i < 40; ++i) {
        auto edit = ft::randomEdit(rng, ana.state(ft::kRoomMedia), ft::kRoomMedia, "ana",
                                   fm::Role::Reviewer);
        ASSERT_TRUE(ana.session->submit(*edit).ok());
    }
    ASSERT_TRUE(ft::spinUntil([&] { return converged(); }));
    // A newcomer with an offline edit of its own.
    ft::TestClient& cy = sessionClient("cy", fm::Role::Reviewer);
    ASSERT_TRUE(cy.session->submit(rect("cy", fm::Role::Reviewer)).ok());
    cy.session->start();
    ASSERT_TRUE(ft::spinUntil([&] { return converged(); })) << cy.errors.join("; ").toStdString();
    EXPECT_GE(relay_->metrics().snapshotsSent, 1u);
    EXPECT_EQ(*cy.store->lastConfirmedSequence(ft::kRoomMedia), 41);
    // And it goes on from there with replays and broadcasts.
    cy.session->dropConnection();
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(ana.session->submit(rect("ana", fm::Role::Reviewer, 100 + i)).ok());
    ASSERT_TRUE(ft::spinUntil([&] { return converged() && cy.online(); }));
    EXPECT_EQ(*cy.store->lastConfirmedSequence(ft::kRoomMedia), 46);
    EXPECT_TRUE(cy.errors.isEmpty()) << cy.errors.join("; ").toStdString();
}

TEST_F(SessionTest, RefusedOperationsAreReportedAndNotResent) {
    startRelay();
    ft::TestClient& ana = onlineClient("ana", fm::Role::Reviewer,
                                       [](fs::SyncSession::Options& o) { o.frameCount = 100; });
    ft::TestClient& bo = onlineClient("bo", fm::Role::Reviewer);
    QSignalSpy refused(bo.session.get(), &fs::SyncSession::operationRefused);
    // bo's store does not know the media has 100 frames; the relay does (ana stated it).
    ASSERT_TRUE(bo.session->submit(rect("bo", fm::Role::Reviewer, 500)).ok());
    ASSERT_TRUE(bo.session->submit(rect("bo", fm::Role::Reviewer, 50)).ok());
    ASSERT_TRUE(
        ft::spinUntil([&] { return refused.size() == 1 && bo.session->pendingCount() == 0; }));
    EXPECT_EQ(refused.at(0).at(1).toInt(), fs::v1::ERROR_CODE_INVALID);
    EXPECT_TRUE(refused.at(0).at(2).toString().contains("beyond the media"));
    bo.session->dropConnection();
    ASSERT_TRUE(ft::spinUntil([&] { return bo.online(); }));
    // An edit after the reconnect: a resend of the refused one would have gone before it, and
    // its refusal would have come before this one's acknowledgement.
    ASSERT_TRUE(bo.session->submit(rect("bo", fm::Role::Reviewer, 60)).ok());
    ASSERT_TRUE(ft::spinUntil([&] { return converged(); }));
    EXPECT_EQ(refused.size(), 1);
    EXPECT_EQ(relay_->metrics().operationsIn, 3u);  // the two first, the one after: no resend
    EXPECT_EQ(ft::relayLogState(home_.dataDir(), ft::kRoomMedia).head, 2);
    EXPECT_EQ(ana.state(ft::kRoomMedia).size(), 2u);
    // bo's own store took the refused note back out and keeps the refusal in its history.
    EXPECT_EQ(*bo.store->pendingCount(), 0);
    EXPECT_EQ(bo.state(ft::kRoomMedia).size(), 2u);
    EXPECT_TRUE(bo.state(ft::kRoomMedia).sameVisibleState(ana.state(ft::kRoomMedia)));
    const auto dropped = bo.store->droppedOperations(ft::kRoomMedia);
    ASSERT_TRUE(dropped.ok());
    ASSERT_EQ(dropped->size(), 1u);
    EXPECT_TRUE(dropped->at(0).reason.contains("beyond the media"))
        << dropped->at(0).reason.toStdString();
}

TEST_F(SessionTest, ARelayResetReplacesTheConfirmedStateAndKeepsOfflineEdits) {
    startRelay();
    ft::TestClient& ana = onlineClient("ana", fm::Role::Reviewer);
    for (int i = 0; i < 5; ++i)
        ASSERT_TRUE(ana.session->submit(rect("ana", fm::Role::Reviewer, i)).ok());
    ASSERT_TRUE(ft::spinUntil([&] { return converged(); }));
    const uint64_t oldEpoch = ana.session->epoch();
    // The relay loses its log (a new data directory: a new epoch) while ana edits offline; it
    // comes back on the same port.
    relay_.stop();
    QDir(home_.dataDir()).removeRecursively();
    ASSERT_TRUE(ft::spinUntil([&] { return !ana.online(); }));
    ASSERT_TRUE(ana.session->submit(rect("ana", fm::Role::Reviewer, 300)).ok());
    startRelay();
    ft::TestClient& bo = onlineClient("bo", fm::Role::Reviewer);
    ASSERT_TRUE(bo.session->submit(rect("bo", fm::Role::Reviewer, 400)).ok());

    // ana takes the new relay's state, with her offline edit on top and then confirmed.
    ASSERT_TRUE(ft::spinUntil([&] { return ana.online() && converged(); }, 10000))
        << ana.errors.join("; ").toStdString();
    EXPECT_TRUE(ana.errors.isEmpty()) << ana.errors.join("; ").toStdString();
    EXPECT_NE(ana.session->epoch(), oldEpoch);
    EXPECT_EQ(*ana.store->confirmedEpoch(ft::kRoomMedia), ana.session->epoch());
    EXPECT_EQ(ana.state(ft::kRoomMedia).size(), 2u);  // the five old notes went with the old log
    EXPECT_EQ(*ana.store->lastConfirmedSequence(ft::kRoomMedia), 2);
    EXPECT_EQ(ana.store->droppedOperations(ft::kRoomMedia)->size(), 5u);
}

TEST_F(SessionTest, PresenceIsRelayedCoalesced) {
    startRelay();
    ft::TestClient& ana = onlineClient("ana", fm::Role::Reviewer);
    ft::TestClient& bo = onlineClient("bo", fm::Role::Reviewer);
    std::vector<fs::Presence> seen;
    QObject::connect(bo.session.get(), &fs::SyncSession::presenceReceived,
                     [&](const fs::Presence& p) { seen.push_back(p); });
    for (int i = 1; i <= 200; ++i) {
        fs::Presence p;
        p.playheadFrame = i;
        p.cursor = fm::Point{fs::quantizeCoordinate(0.5), fs::quantizeCoordinate(0.25)};
        ana.session->setPresence(p);
        ft::settle(1, "a pointer's pace: the coalescing to 30 a second is under test");
    }
    ASSERT_TRUE(ft::spinUntil([&] { return !seen.empty() && seen.back().playheadFrame == 200; }));
    EXPECT_LT(seen.size(), 60u);
    EXPECT_EQ(seen.back().participant, ana.session->participantNumber());
    EXPECT_EQ(seen.back().cursor,
              (fm::Point{fs::quantizeCoordinate(0.5), fs::quantizeCoordinate(0.25)}));
}

TEST_F(SessionTest, APresenceColourReachesTheOthersAndTheirParticipantTable) {
    startRelay();
    ft::TestClient& ana = onlineClient("ana", fm::Role::Reviewer);
    ft::TestClient& bo = onlineClient("bo", fm::Role::Reviewer);
    std::vector<fs::Presence> seen;
    int tableChanges = 0;
    QObject::connect(bo.session.get(), &fs::SyncSession::presenceReceived,
                     [&](const fs::Presence& p) { seen.push_back(p); });
    QObject::connect(bo.session.get(), &fs::SyncSession::participantsChanged,
                     [&] { ++tableChanges; });
    const uint32_t anaNumber = ana.session->participantNumber();
    // A colour set before any presence goes with the first one.
    ana.session->setPresenceColor(0xff34c759);
    EXPECT_EQ(ana.session->presenceColor(), 0xff34c759u);
    fs::Presence p;
    p.playheadFrame = 7;
    ana.session->setPresence(p);
    ASSERT_TRUE(ft::spinUntil([&] { return !seen.empty() && seen.back().playheadFrame == 7; }));
    EXPECT_EQ(seen.back().color, 0xff34c759u);
    EXPECT_EQ(bo.session->participants().color(anaNumber), 0xff34c759u);
    EXPECT_GE(tableChanges, 1);
    // A new colour re-sends the current presence with it.
    ana.session->setPresenceColor(0xffff3b30);
    ASSERT_TRUE(
        ft::spinUntil([&] { return seen.back().color == std::optional<uint32_t>(0xffff3b30); }));
    EXPECT_EQ(seen.back().playheadFrame, 7);
    EXPECT_EQ(bo.session->participants().color(anaNumber), 0xffff3b30u);
    // A Presence with a colour of its own keeps it; clearing the colour is seen as none.
    p.playheadFrame = 8;
    p.color = 0xff007aff;
    ana.session->setPresence(p);
    ASSERT_TRUE(ft::spinUntil([&] { return seen.back().playheadFrame == 8; }));
    EXPECT_EQ(seen.back().color, 0xff007affu);
    p.playheadFrame = 9;
    p.color.reset();
    ana.session->setPresenceColor(std::nullopt);
    ana.session->setPresence(p);
    ASSERT_TRUE(ft::spinUntil([&] { return seen.back().playheadFrame == 9; }));
    EXPECT_EQ(seen.back().color, std::nullopt);
    EXPECT_EQ(bo.session->participants().color(anaNumber), std::nullopt);
    // A newcomer gets the latest presence of everyone, colour included.
    ana.session->setPresenceColor(0xffaf52de);
    ft::TestClient& cy = onlineClient("cy", fm::Role::Viewer);
    ASSERT_TRUE(ft::spinUntil([&] {
        return cy.session->participants().color(anaNumber) == std::optional<uint32_t>(0xffaf52de);
    }));
}

TEST_F(SessionTest, ABadTokenStopsTheSessionWithTheReason) {
    startRelay();
    auto options =
        ft::sessionOptions(url(), ft::kRoomMedia,
                           ft::tokenFor("wrong-secret-wrong-secret", "ana", fm::Role::Reviewer));
    ft::TestClient c(storeDir_.path(), "ana", fm::Role::Reviewer, options);
    c.session->start();
    ASSERT_TRUE(ft::spinUntil([&] { return !c.errors.isEmpty(); }));
    EXPECT_TRUE(c.errors.first().contains("token signature does not match"))
        << c.errors.first().toStdString();
    EXPECT_EQ(c.session->state(), fs::SyncSession::State::Offline);
}

TEST_F(SessionTest, ARelayThatComesBackLaterIsFoundByTheBackoff) {
    startRelay();
    relay_.stop();
    // In the relay's place for a while, a listener that closes every connection at once, as a
    // relay that is not serving yet: it counts the session's attempts.
    QTcpServer notYet;
    ASSERT_TRUE(notYet.listen(QHostAddress::LocalHost, relay_.port()));
    int attempts = 0;
    QObject::connect(&notYet, &QTcpServer::newConnection, [&] {
        while (QTcpSocket* s = notYet.nextPendingConnection()) {
            ++attempts;
            s->abort();
            s->deleteLater();
        }
    });
    ft::TestClient& ana = sessionClient("ana", fm::Role::Reviewer);
    ana.session->start();
    ASSERT_TRUE(ana.session->submit(rect("ana", fm::Role::Reviewer)).ok());
    ASSERT_TRUE(ft::spinUntil([&] { return attempts >= 3; }));  // it tried again, and again
    EXPECT_EQ(ana.session->state(), fs::SyncSession::State::Connecting);
    notYet.close();
    startRelay();
    ASSERT_TRUE(
        ft::spinUntil([&] { return ana.online() && ana.session->pendingCount() == 0; }, 5000));
}
