// The relay process with many in-process clients (SyncSession + DraftStore each): convergence
// under random edits, delays, disconnects and offline work; durability when the relay is killed
// under load; hostile input; a slow, long-delay network through a user-space proxy.
#include <gtest/gtest.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <random>

#include "core/sync/quantization.h"
#include "tests/integration/delay_proxy.h"
#include "tests/support/refusal.h"
#include "tests/support/relay_process.h"
#include "tests/support/small_disk.h"
#include "tests/sync/session_fixtures.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

namespace {

using SyncIntegration = ft::RelayFixture<ft::RelayProcess>;

struct Chaos {
    int editPermille = 930;  // the rest: drops and offline spells
    int dropPermille = 40;
    int minGapMs = 2, maxGapMs = 14;
};

// Random edits from random clients with random gaps; connections dropped; clients offline for
// a while (editing all the same) and back.
void runChaos(std::vector<std::unique_ptr<ft::TestClient>>& clients, std::mt19937& rng,
              int durationMs, Chaos chaos, int* edits,
              const std::function<void(int64_t)>& each = {}) {
    std::vector<int64_t> offlineUntil(clients.size(), 0);
    QElapsedTimer clock;
    clock.start();
    int64_t next = 0;
    while (clock.elapsed() < durationMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        const int64_t now = clock.elapsed();
        if (each) each(now);
        for (size_t i = 0; i < clients.size(); ++i)
            if (offlineUntil[i] && now >= offlineUntil[i]) {
                offlineUntil[i] = 0;
                clients[i]->session->start();
            }
        if (now < next) continue;
        next = now + chaos.minGapMs +
               static_cast<int64_t>(rng() % (chaos.maxGapMs - chaos.minGapMs + 1));
        ft::TestClient& c = *clients[rng() % clients.size()];
        const int dice = static_cast<int>(rng() % 1000);
        if (c.role != fm::Role::Viewer && dice < chaos.editPermille) {
            if (auto edit =
                    ft::randomEdit(rng, c.state(ft::kRoomMedia), ft::kRoomMedia, c.user, c.role)) {
                auto submitted = c.session->submit(*edit);
                EXPECT_TRUE(submitted.ok()) << c.user.toStdString() << ": " << submitted.error();
                ++*edits;
            }
        } else if (dice < chaos.editPermille + chaos.dropPermille) {
            c.session->dropConnection();
        } else {
            for (size_t k = 0; k < clients.size(); ++k)
                if (clients[k].get() == &c && !offlineUntil[k]) {
                    c.session->stop();
                    offlineUntil[k] = now + 200 + static_cast<int64_t>(rng() % 1300);
                }
        }
    }
    for (size_t i = 0; i < clients.size(); ++i)
        if (offlineUntil[i]) clients[i]->session->start();
}

}  // namespace

TEST_F(SyncIntegration, TwelveClientsConvergeThroughDisconnectsAndOfflineEdits) {
    startRelay();
    sessionClient("李雷", fm::Role::Admin);
    sessionClient("admin2", fm::Role::Admin);
    for (int i = 0; i < 8; ++i) sessionClient(QString("rev%1").arg(i), fm::Role::Reviewer);
    sessionClient("viewer1", fm::Role::Viewer);
    sessionClient("viewer2", fm::Role::Viewer);
    for (auto& c : clients_) c->session->start();
    ASSERT_TRUE(ft::spinUntil(
        [&] {
            return std::all_of(clients_.begin(), clients_.end(),
                               [](const auto& c) { return c->online(); });
        },
        10000));
    std::mt19937 rng(20261125);
    int edits = 0;
    runChaos(clients_, rng, 10000, Chaos{}, &edits);
    // A slower build (ASan, a busy machine) makes fewer edits in 10 s: go on, a second at a time,
    // until there are enough for the run to mean something (at most 20 s more).
    for (int extra = 0; edits <= 300 && extra < 20; ++extra)
        runChaos(clients_, rng, 1000, Chaos{}, &edits);
    std::string why;
    const bool done = ft::spinUntil([&] { return converged(&why); }, 30000);
    ASSERT_TRUE(done) << why;
    const auto relay = ft::relayLogState(home_.dataDir(), ft::kRoomMedia);
    std::cout << "[ measured ] " << edits << " edits by 10 clients, " << relay.head
              << " committed, " << relay.state.size() << " notes in the end" << std::endl;
    EXPECT_GT(edits, 300);
    EXPECT_EQ(relay.head, static_cast<int64_t>(relay.sequences.size()));
    for (auto& c : clients_) {
        EXPECT_EQ(c->refused, 0) << c->user.toStdString() << ": "
                                 << c->errors.join("; ").toStdString();
        EXPECT_EQ(*c->store->lastConfirmedSequence(ft::kRoomMedia), relay.head)
            << c->user.toStdString();
    }
    expectAcknowledgedInLog();
}

TEST_F(SyncIntegration, KillingTheRelayUnderLoadLosesNoAcknowledgedOperation) {
    startRelay();
    for (int i = 0; i < 6; ++i)
        sessionClient(QString("w%1").arg(i), i == 0 ? fm::Role::Admin : fm::Role::Reviewer);
    for (auto& c : clients_) c->session->start();
    ASSERT_TRUE(ft::spinUntil(
        [&] {
            return std::all_of(clients_.begin(), clients_.end(),
                               [](const auto& c) { return c->online(); });
        },
        10000));
    std::mt19937 rng(77);
    int edits = 0, kills = 0;
    QHash<QUuid, int64_t> ackedBeforeKill;
    bool down = false;
    int64_t restartAt = 0;
    runChaos(clients_, rng, 9000, Chaos{990, 0, 1, 6}, &edits, [&](int64_t now) {
        if (!down && ((now > 2500 && kills == 0) || (now > 6000 && kills == 1))) {
            for (auto& c : clients_)
                for (auto it = c->acks.begin(); it != c->acks.end(); ++it)
                    ackedBeforeKill.insert(it.key(), it.value());
            relay_.kill();  // SIGKILL: no goodbye, no flush
            ++kills;
            down = true;
            restartAt = now + 300;
        }
        if (down && now >= restartAt) {
            ASSERT_TRUE(relay_.restart()) << relay_.errors().toStdString();
            down = false;
        }
    });
    ASSERT_EQ(kills, 2);
    std::string why;
    ASSERT_TRUE(ft::spinUntil([&] { return converged(&why); }, 30000)) << why;
    const auto relay = ft::relayLogState(home_.dataDir(), ft::kRoomMedia);
    std::cout << "[ measured ] " << edits << " edits, 2 SIGKILLs, " << ackedBeforeKill.size()
              << " acknowledged before the kills, " << relay.head << " committed" << std::endl;
    for (auto it = ackedBeforeKill.begin(); it != ackedBeforeKill.end(); ++it) {
        ASSERT_TRUE(relay.sequences.contains(it.key()))
            << "acknowledged operation " << it.key().toString().toStdString()
            << " is missing after the kill";
        EXPECT_EQ(relay.sequences.value(it.key()), it.value());
    }
    expectAcknowledgedInLog();
    for (auto& c : clients_) EXPECT_EQ(c->refused, 0) << c->errors.join("; ").toStdString();
}

TEST_F(SyncIntegration, HostileInputGetsItsErrorAndTheRoomSeesNothingWrong) {
    startRelay({"--rate", "50", "--burst", "100"});
    ft::TestClient& witness = sessionClient("witness", fm::Role::Reviewer);
    int leftOnline = 0;
    QObject::connect(witness.session.get(), &fs::SyncSession::stateChanged,
                     [&](fs::SyncSession::State s, qint64) {
                         if (s != fs::SyncSession::State::Online) ++leftOnline;
                     });
    witness.session->start();
    ASSERT_TRUE(ft::spinUntil([&] { return witness.online(); }));
    leftOnline = 0;

    const auto rectBy = [](const QString& user, fm::Role role) {
        auto op = fm::makeCreate(ft::annotationOf("rect", user), user, role);
        fs::quantizeOperation(op);
        return op;
    };

    // A legitimate note of an admin, which the witness must see.
    ft::RawClient& admin = joined("admin", fm::Role::Admin);
    const auto adminNote = rectBy("admin", fm::Role::Admin);
    admin.send(fs::operationEnvelope(adminNote, admin.context()));
    ASSERT_TRUE(admin.waitFor([](const v1::Envelope& e) { return e.has_ack(); }));

    struct Expect {
        const char* what;
        std::function<void(ft::RawClient&)> act;
        std::optional<v1::ErrorCode> code;  // nullopt: a disconnect is enough
        bool fatal;
        const char* unreadable = nullptr;  // the answer, written in a version we do not speak
    };
    std::mt19937 rng(9);
    std::string random(300, '\0');
    for (char& ch : random) ch = static_cast<char>(rng());
    const std::string valid = fs::encodeEnvelope(
        fs::operationEnvelope(rectBy("mal", fm::Role::Reviewer), admin.context()));
    std::string unknownType =
        fs::encodeEnvelope(fs::newEnvelope()) + std::string("\xfa\x01\x00", 3);  // field 31
    v1::Envelope future = fs::newEnvelope();
    future.set_protocol_version(7);
    future.mutable_ping()->set_nonce(1);
    const std::vector<Expect> cases = {
        {"random bytes", [&](ft::RawClient& c) { c.sendBytes(random); }, v1::ERROR_CODE_MALFORMED,
         false},
        {"truncated", [&](ft::RawClient& c) { c.sendBytes(valid.substr(0, valid.size() - 7)); },
         v1::ERROR_CODE_MALFORMED, false},
        {"oversized", [&](ft::RawClient& c) { c.sendBytes(std::string(2 << 20, '\x08')); },
         v1::ERROR_CODE_TOO_LARGE, false},
        {"unknown message type", [&](ft::RawClient& c) { c.sendBytes(unknownType); },
         v1::ERROR_CODE_UNKNOWN_MESSAGE_TYPE, false},
        {"text frame", [&](ft::RawClient& c) { c.socket().sendTextMessage("{\"op\":1}"); },
         v1::ERROR_CODE_MALFORMED, false},
        {"wrong protocol version",
         [&](ft::RawClient& c) { c.sendBytes(future.SerializeAsString()); }, std::nullopt, true,
         "protocol version 7"},
        {"far too large (beyond 4x the cap)",
         [&](ft::RawClient& c) { c.sendBytes(std::string(5 << 20, '\x08')); }, std::nullopt, true},
    };
    for (const Expect& e : cases) {
        ft::RawClient& c = joined("mal", fm::Role::Reviewer);
        if (e.code) {
            EXPECT_THAT(c.refusalAfter([&] { e.act(c); }), ft::IsRefusal(*e.code, Not(IsEmpty())))
                << e.what;
        } else {
            e.act(c);
        }
        if (e.fatal) {
            EXPECT_TRUE(ft::spinUntil([&] { return c.disconnected(); })) << e.what;
        } else {
            EXPECT_TRUE(c.roundTrip()) << e.what;  // still served
        }
        // The wrong version is answered in the sender's version (our v1 decoder cannot read it).
        if (e.unreadable) {
            EXPECT_THAT(c.decodeErrors(), ElementsAre(HasSubstr(e.unreadable))) << e.what;
        }
    }
    // Tokens.
    {
        ft::RawClient& c = rawClient();
        EXPECT_FALSE(
            c.hello(ft::tokenFor("not-the-secret-not-the-secret", "mal", fm::Role::Admin)));
        EXPECT_EQ(c.errors().at(0).code(), v1::ERROR_CODE_UNAUTHENTICATED);
        EXPECT_TRUE(ft::spinUntil([&] { return c.disconnected(); }));
        ft::RawClient& old = rawClient();
        EXPECT_FALSE(old.hello(token("mal", fm::Role::Admin, {"*"}, -600)));
        EXPECT_NE(old.errors().at(0).message().find("token expired at"), std::string::npos);
        EXPECT_TRUE(ft::spinUntil([&] { return old.disconnected(); }));
        ft::RawClient& none = rawClient();
        EXPECT_FALSE(none.hello("", "anonymous"));
        EXPECT_TRUE(ft::spinUntil([&] { return none.disconnected(); }));
    }
    // Not HTTP at all.
    {
        QTcpSocket junk;
        junk.connectToHost(QHostAddress::LocalHost, relay_.port());
        ASSERT_TRUE(junk.waitForConnected(3000));
        junk.write(QByteArray::fromStdString(random) + "\r\n\r\n");
        EXPECT_TRUE(ft::spinUntil([&] { return junk.state() == QAbstractSocket::UnconnectedState; },
                                  15000));
    }
    // Roles.
    ft::RawClient& viewer = joined("vi", fm::Role::Viewer);
    const auto viewerNote = rectBy("vi", fm::Role::Viewer);
    EXPECT_THAT(viewer.refusalOf(viewerNote), ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, _));
    ft::RawClient& reviewer = joined("rev", fm::Role::Reviewer);
    fm::FieldChanges move;
    move.points = std::vector<fm::Point>{{0.25, 0.25}, {0.5, 0.5}};
    auto grab =
        fm::makeSetFields(ft::kRoomMedia, adminNote.target, move, "rev", fm::Role::Reviewer);
    fs::quantizeOperation(grab);
    EXPECT_THAT(reviewer.refusalOf(grab),
                ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN,
                              HasSubstr("may not change a note by admin (admin)")));
    // A flood over the rate limit (50/s, burst 100).
    ft::RawClient& flooder = joined("flood", fm::Role::Reviewer);
    const size_t from = flooder.received().size();
    std::vector<v1::Envelope> flood;
    for (int i = 0; i < 400; ++i)
        flood.push_back(
            fs::operationEnvelope(rectBy("flood", fm::Role::Reviewer), flooder.context()));
    for (size_t i = 0; i < flood.size(); i += 50)
        flooder.send(fs::batchEnvelope(
            std::vector<v1::Envelope>(flood.begin() + i, flood.begin() + i + 50)));
    ASSERT_TRUE(ft::spinUntil(
        [&] {
            return flooder.count([](const v1::Envelope& e) { return e.has_ack() || e.has_error(); },
                                 from) >= 400;
        },
        10000));
    const size_t floodAcks = flooder.count([](const v1::Envelope& e) { return e.has_ack(); }, from);
    const auto floodErrors = flooder.errors(from);
    EXPECT_LT(floodAcks, 150u);
    EXPECT_GE(floodErrors.size(), 250u);
    for (const auto& e : floodErrors) EXPECT_EQ(e.code(), v1::ERROR_CODE_RATE_LIMITED);

    // The witness saw exactly the accepted notes, never an error, never left.
    std::string why;
    ASSERT_TRUE(ft::spinUntil([&] { return converged(&why); })) << why;
    EXPECT_EQ(witness.state(ft::kRoomMedia).size(), 1 + floodAcks);
    EXPECT_TRUE(witness.errors.isEmpty()) << witness.errors.join("; ").toStdString();
    EXPECT_EQ(leftOnline, 0);
    EXPECT_TRUE(relay_.running());
    EXPECT_TRUE(witness.state(ft::kRoomMedia).find(adminNote.target));
    EXPECT_FALSE(witness.state(ft::kRoomMedia).find(viewerNote.target));
}

TEST_F(SyncIntegration, EditsArriveAndConvergeOverASlowDelayedNetwork) {
    startRelay();
    // 300 ms each way, 100 kbit/s each way.
    ft::DelayProxy proxy(relay_.port(), 300, 100000 / 8);
    if (!proxy.listen()) GTEST_SKIP() << "the delaying proxy cannot listen on loopback";
    const auto viaProxy = [&](fs::SyncSession::Options& o) { o.url = QUrl(proxy.url()); };
    ft::TestClient& far1 = sessionClient("far1", fm::Role::Reviewer, viaProxy);
    sessionClient("far2", fm::Role::Admin, viaProxy);
    ft::TestClient& near = sessionClient("near", fm::Role::Reviewer);
    for (auto& c : clients_) c->session->start();
    ASSERT_TRUE(ft::spinUntil(
        [&] {
            return std::all_of(clients_.begin(), clients_.end(),
                               [](const auto& c) { return c->online(); });
        },
        15000));
    // How long one edit takes from a far client to the near one.
    QElapsedTimer latency;
    auto first = fm::makeCreate(ft::annotationOf("rect", "far1"), "far1", fm::Role::Reviewer);
    latency.start();
    ASSERT_TRUE(far1.session->submit(first).ok());
    ASSERT_TRUE(ft::spinUntil(
        [&] { return near.state(ft::kRoomMedia).find(first.target) != nullptr; }, 10000));
    const int64_t oneWayMs = latency.elapsed();
    EXPECT_GE(oneWayMs, 300);
    std::mt19937 rng(31);
    int edits = 0;
    Chaos slow{1000, 0, 40, 120};
    runChaos(clients_, rng, 4000, slow, &edits, [&](int64_t now) {
        static bool cut = false;
        if (!cut && now > 2000) {
            proxy.cutAll();  // the far clients lose their connections once
            cut = true;
        }
    });
    std::string why;
    ASSERT_TRUE(ft::spinUntil([&] { return converged(&why); }, 40000)) << why;
    // A burst of long strokes is held to the bandwidth: about 70 KB at 12.5 KB/s.
    std::vector<QUuid> strokes;
    QElapsedTimer burst;
    burst.start();
    for (int i = 0; i < 20; ++i) {
        fm::Annotation a = ft::annotationOf("freehand", "far1");
        a.points.clear();
        for (int k = 0; k < 800; ++k)
            a.points.push_back({(k * 37 % 1000) / 1000.0, (k * 91 % 1000) / 1000.0});
        auto op = fm::makeCreate(a, "far1", fm::Role::Reviewer);
        strokes.push_back(op.target);
        ASSERT_TRUE(far1.session->submit(op).ok());
    }
    ASSERT_TRUE(ft::spinUntil(
        [&] {
            const auto state = near.state(ft::kRoomMedia);
            return std::all_of(strokes.begin(), strokes.end(),
                               [&](const QUuid& id) { return state.find(id) != nullptr; });
        },
        30000));
    const int64_t burstMs = burst.elapsed();
    EXPECT_GE(burstMs, 4000);  // 70 KB cannot pass 100 kbit/s faster
    ASSERT_TRUE(ft::spinUntil([&] { return converged(&why); }, 40000)) << why;
    std::cout << "[ measured ] one edit far -> near: " << oneWayMs << " ms; " << edits
              << " edits converged; "
              << "20 strokes of 800 points (~70 KB) far -> near: " << burstMs << " ms; "
              << proxy.bytesForwarded() << " bytes through the proxy" << std::endl;
    expectAcknowledgedInLog();
}

// A full disk under the relay: operations it cannot commit are refused with "resend later" and
// not acknowledged or broadcast; the relay keeps serving, and once there is room again the
// clients' resends commit. Nothing acknowledged is lost. A real 4 MiB filesystem (tmpfs; needs
// the right to mount, which CI has as root).
TEST_F(SyncIntegration, AFullDiskUnderTheRelayLosesNothingAndHealsWhenThereIsRoom) {
    ft::SmallDisk disk(home_.dataDir(), "4m");
    if (!disk.mounted())
        GTEST_SKIP()
            << "cannot mount a 4 MiB tmpfs for the relay's data directory here (needs root)";
    startRelay();
    ft::TestClient& ana = sessionClient("ana", fm::Role::Reviewer);
    ft::TestClient& bo = sessionClient("bo", fm::Role::Reviewer);
    for (auto& c : clients_) c->session->start();
    ASSERT_TRUE(ft::spinUntil([&] { return ana.online() && bo.online(); }, 10000));
    // Long strokes (about 20 KB each in the log), so that the disk cannot take them in space the
    // log's files already hold.
    const auto edit = [&](int n) {
        for (int i = 0; i < n; ++i)
            ASSERT_TRUE(ana.session
                            ->submit(fm::makeCreate(ft::longStrokeOf("ana", 5000, i), "ana",
                                                    fm::Role::Reviewer))
                            .ok());
    };
    edit(5);
    std::string why;
    ASSERT_TRUE(ft::spinUntil([&] { return converged(&why); }, 10000)) << why;

    ASSERT_TRUE(disk.fill());
    edit(10);
    ASSERT_TRUE(ft::spinUntil([&] { return relay_.errors().contains("log commit failed"); }, 10000))
        << "the relay committed 200 KB on a full disk?";
    // A resend round, refused again: operations beyond the 15 arrive, and a commit fails after.
    const QByteArray in = "framenote_relay_operations_in_total",
                     failures = "framenote_relay_log_commit_failures_total";
    ASSERT_TRUE(ft::spinUntil([&] { return relay_.metric(in) > 15; }, 10000));
    const double failed = relay_.metric(failures);
    ASSERT_TRUE(ft::spinUntil([&] { return relay_.metric(failures) > failed; }, 10000));
    EXPECT_GT(ana.session->pendingCount(), 0);
    EXPECT_TRUE(relay_.running());
    EXPECT_TRUE(bo.online());
    {
        // A writer is told why (the disk is full), not where the relay keeps its files.
        ft::RawClient raw;
        ASSERT_TRUE(raw.open(relay_.url()));
        ASSERT_TRUE(raw.hello(token("ana", fm::Role::Reviewer)));
        ASSERT_TRUE(raw.join(ft::kRoomMedia));
        auto op = fm::makeCreate(ft::longStrokeOf("ana", 9000, 77), "ana", fm::Role::Reviewer);
        fs::quantizeOperation(op);
        raw.sendOperation(op);
        const auto* answer = raw.answerTo(op.opId, 10000);
        ASSERT_TRUE(answer && answer->has_error());
        EXPECT_EQ(answer->error().code(), v1::ERROR_CODE_INTERNAL);
        EXPECT_NE(answer->error().message().find("full"), std::string::npos)
            << answer->error().message();
        EXPECT_EQ(answer->error().message().find(home_.dataDir().toStdString()), std::string::npos)
            << answer->error().message();
    }
    // Nothing reached bo that is not in the log (refused operations were not broadcast).
    const auto log = ft::relayLogState(home_.dataDir(), ft::kRoomMedia);
    ASSERT_TRUE(log.ok) << log.error;
    EXPECT_TRUE(bo.state(ft::kRoomMedia).sameVisibleState(log.state))
        << ft::describeDifference(bo.state(ft::kRoomMedia), log.state);
    EXPECT_LT(log.state.annotations().size(), 15u);

    // Room again: the resends commit, and everyone converges on all 15.
    ASSERT_TRUE(disk.makeRoom());
    ASSERT_TRUE(ft::spinUntil([&] { return converged(&why); }, 20000)) << why;
    EXPECT_EQ(bo.state(ft::kRoomMedia).annotations().size(), 15u);
    EXPECT_EQ(ana.acks.size(), 15u);
    expectAcknowledgedInLog();
    EXPECT_EQ(ana.refused, 0) << ana.errors.join("; ").toStdString();
}

// A full disk under a client: what the relay sends cannot be stored, so the client stores none
// of it, drops the connection and asks again; its own edit fails with the reason and is not
// queued. Once there is room it catches up by replay. A real 4 MiB tmpfs for bo's store.
TEST_F(SyncIntegration, AFullDiskUnderAClientLosesNothingAndItCatchesUpWhenThereIsRoom) {
    QTemporaryDir folder;
    ASSERT_TRUE(folder.isValid());
    ft::SmallDisk disk(folder.path(), "4m");
    if (!disk.mounted())
        GTEST_SKIP() << "cannot mount a 4 MiB tmpfs for a client's store here (needs root)";
    startRelay();
    ft::TestClient& ana = sessionClient("ana", fm::Role::Reviewer);
    clients_.push_back(std::make_unique<ft::TestClient>(
        folder.path(), "bo", fm::Role::Reviewer,
        ft::sessionOptions(relay_.url(), ft::kRoomMedia, token("bo", fm::Role::Reviewer))));
    ft::TestClient& bo = *clients_.back();
    ASSERT_TRUE(bo.errors.isEmpty()) << bo.errors.join("; ").toStdString();
    for (auto& c : clients_) c->session->start();
    ASSERT_TRUE(ft::spinUntil([&] { return ana.online() && bo.online(); }, 10000));
    const auto stroke = [](const QString& user, int seed) {
        return fm::makeCreate(ft::longStrokeOf(user, 5000, seed), user, fm::Role::Reviewer);
    };
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(ana.session->submit(stroke("ana", i)).ok());
    std::string why;
    ASSERT_TRUE(ft::spinUntil([&] { return converged(&why); }, 10000)) << why;

    ASSERT_TRUE(disk.fill());
    for (int i = 3; i < 13; ++i) ASSERT_TRUE(ana.session->submit(stroke("ana", i)).ok());
    ASSERT_TRUE(ft::spinUntil([&] { return bo.errors.join(" ").contains("full"); }, 10000))
        << bo.errors.join("; ").toStdString();
    const framenote::Status own = bo.session->submit(stroke("bo", 99));
    ASSERT_FALSE(own.ok()) << "bo's edit was accepted on a full disk";
    EXPECT_NE(own.error().find("full"), std::string::npos) << own.error();
    EXPECT_EQ(bo.session->pendingCount(), 0);
    // bo asks again, and stores no better.
    const auto storeFailures = [&] {
        return bo.errors.filter("storing what the relay sent failed").size();
    };
    const qsizetype failures = storeFailures();
    ASSERT_TRUE(ft::spinUntil([&] { return storeFailures() > failures; }, 10000))
        << bo.errors.join("; ").toStdString();
    EXPECT_LT(bo.state(ft::kRoomMedia).annotations().size(), 13u);
    EXPECT_TRUE(ana.online());
    EXPECT_TRUE(relay_.running());

    ASSERT_TRUE(disk.makeRoom());
    ASSERT_TRUE(ft::spinUntil([&] { return converged(&why); }, 20000)) << why;
    EXPECT_EQ(bo.state(ft::kRoomMedia).annotations().size(), 13u);
    expectAcknowledgedInLog();
    clients_.clear();  // bo's store closes before its disk goes
}

// The 2G weak network with the kernel's own emulator: the integration_netem_2g test runs
// this through scripts/netem-run, in a network namespace whose loopback is a 2G-like link (tc
// netem: 100 kbit/s, 300 ms each way, 1 % loss), relay and clients alike. Disabled in the plain
// run, where loopback is fast; where the machine has no netem (this build machine), the CTest
// test is reported as skipped with the reason, and the delaying proxy above stands in.
TEST_F(SyncIntegration, DISABLED_OverANetem2GLinkEditsArriveAndConverge) {
    const int oneWayMs = qEnvironmentVariableIntValue("FRAMENOTE_NETEM_ONE_WAY_MS");
    startRelay();
    ft::TestClient& ana = sessionClient("ana", fm::Role::Reviewer);
    ft::TestClient& bo = sessionClient("bo", fm::Role::Admin);
    sessionClient("cy", fm::Role::Reviewer);
    for (auto& c : clients_) c->session->start();
    ASSERT_TRUE(ft::spinUntil(
        [&] {
            return std::all_of(clients_.begin(), clients_.end(),
                               [](const auto& c) { return c->online(); });
        },
        60000));
    // One edit from ana to bo crosses the link twice: to the relay and on to bo.
    auto first = fm::makeCreate(ft::annotationOf("rect", "ana"), "ana", fm::Role::Reviewer);
    QElapsedTimer latency;
    latency.start();
    ASSERT_TRUE(ana.session->submit(first).ok());
    ASSERT_TRUE(ft::spinUntil(
        [&] { return bo.state(ft::kRoomMedia).find(first.target) != nullptr; }, 20000));
    const int64_t anaToBoMs = latency.elapsed();
    EXPECT_GE(anaToBoMs, 2 * oneWayMs);
    // Edits from everyone, some connections dropped and clients offline for a while.
    std::mt19937 rng(2);
    int edits = 0;
    runChaos(clients_, rng, 6000, Chaos{960, 20, 40, 120}, &edits);
    std::string why;
    ASSERT_TRUE(ft::spinUntil([&] { return converged(&why); }, 90000)) << why;
    std::cout << "[ measured ] netem link (" << oneWayMs
              << " ms each way, 100 kbit/s, 1 % loss): one edit ana -> bo " << anaToBoMs << " ms; "
              << edits << " edits by 3 clients converged" << std::endl;
    EXPECT_GT(edits, 20);
    expectAcknowledgedInLog();
    for (auto& c : clients_) EXPECT_EQ(c->refused, 0) << c->errors.join("; ").toStdString();
}
