#pragma once
// The one relay fixture of the relay, session and integration tests. RelayHome: a data directory
// and the secret tokens are signed with. InProcessRelay: RelayServer on a loopback port in this
// process; RelayProcess (relay_process.h): the built framenote-relay binary. RelayFixture<Relay>:
// the GoogleTest fixture over either, with the clients a test opens to it, bare protocol clients
// (RawClient) and SyncSession clients with their own stores (TestClient).
#include <gtest/gtest.h>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/sync/relay_auth.h"
#include "core/sync/relay_server.h"
#include "tests/support/raw_client.h"
#include "tests/sync/session_fixtures.h"
#include "tests/sync/sync_fixtures.h"

namespace framenote::test {

// A token signed with `secret`.
inline std::string tokenFor(const QByteArray& secret, const QString& user, model::Role role,
                            int64_t ttl = 3600, const QStringList& rooms = {"*"}) {
    sync::TokenClaims c;
    c.user = user;
    c.role = role;
    c.rooms = rooms;
    c.issuedAt = QDateTime::currentSecsSinceEpoch();
    c.expiresAt = c.issuedAt + ttl;
    return sync::signToken(c, secret).toStdString();
}

// Client stores on tmpfs when there is one: each applies every operation of the room with
// synchronous=FULL, and a dozen of them on one disk would measure the disk, not the sync.
inline QString storeRoot() {
    const QString shm = QStringLiteral("/dev/shm");
    return QFileInfo(shm).isDir() && QFileInfo(shm).isWritable()
               ? shm + "/framenote-test-XXXXXX"
               : QDir::tempPath() + "/framenote-test-XXXXXX";
}

// Where a test's relay keeps its log, and the secret of its tokens. The secret lies beside the
// data directory, not in it: a test that deletes the log (a relay that lost it) keeps its tokens.
class RelayHome {
  public:
    RelayHome() {
        if (!sync::makeDataDirectory(dataDir())) return;
        if (auto secret = sync::loadOrCreateSecret(secretFile())) secret_ = *secret;
    }
    bool valid() const { return root_.isValid() && !secret_.isEmpty(); }
    QString dataDir() const { return root_.filePath("data"); }
    QString secretFile() const { return root_.filePath("relay.secret"); }
    const QByteArray& secret() const { return secret_; }
    std::string token(const QString& user, model::Role role, const QStringList& rooms = {"*"},
                      int64_t ttl = 3600) const {
        return tokenFor(secret_, user, role, ttl, rooms);
    }

  private:
    QTemporaryDir root_;
    QByteArray secret_;
};

// RelayServer in this process, on the test's thread, on loopback. Started again it takes the port
// it had, so that clients find it as they would a restarted relay.
class InProcessRelay {
  public:
    using Settings = std::function<void(sync::RelayConfig&)>;  // changes to the defaults below

    explicit InProcessRelay(const RelayHome& home) : home_(home) {}
    ~InProcessRelay() { stop(); }

    bool launch(const Settings& tweak = {}) {
        stop();
        sync::RelayConfig config;
        config.port = port_;
        config.address = QHostAddress::LocalHost;
        config.dataDir = home_.dataDir();
        config.secret = home_.secret();
        config.metricsPort = 0;
        config.metricsAddress = QHostAddress::LocalHost;
        config.synchronousFull = false;
        if (tweak) tweak(config);
        server_ = std::make_unique<sync::RelayServer>(config);
        const Status started = server_->start();
        if (!started) {
            why_ = started.error();
            server_.reset();
            return false;
        }
        port_ = server_->port();
        return true;
    }
    void stop() {
        if (!server_) return;
        server_->stop();
        server_.reset();
    }
    bool running() const { return server_ != nullptr; }
    sync::RelayServer* operator->() const { return server_.get(); }
    quint16 port() const { return port_; }
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/").arg(port_); }
    std::string why() const { return why_; }

  private:
    const RelayHome& home_;
    std::unique_ptr<sync::RelayServer> server_;
    quint16 port_ = 0;
    std::string why_;
};

// A test with one relay (InProcessRelay or RelayProcess) and the clients it opens to it; the
// clients go before the relay stops.
template <class Relay>
class RelayFixture : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(home_.valid());
        ASSERT_TRUE(storeDir_.isValid());
    }
    void TearDown() override {
        clients_.clear();
        raw_.clear();
        relay_.stop();
    }

    void startRelay(const typename Relay::Settings& settings = {}) {
        ASSERT_TRUE(relay_.launch(settings)) << relay_.why();
    }
    std::string token(const QString& user, model::Role role, const QStringList& rooms = {"*"},
                      int64_t ttl = 3600) const {
        return home_.token(user, role, rooms, ttl);
    }
    QString url() const { return relay_.url(); }

    // A bare protocol client, connected.
    RawClient& rawClient() {
        raw_.push_back(std::make_unique<RawClient>());
        EXPECT_TRUE(raw_.back()->open(url()));
        return *raw_.back();
    }
    // ... that said Hello as `user` and joined `media`, stating `frameCount`.
    RawClient& joined(const QString& user, model::Role role, uint64_t frameCount = 0,
                      const QString& media = kRoomMedia) {
        RawClient& c = rawClient();
        EXPECT_TRUE(c.hello(token(user, role)));
        EXPECT_TRUE(c.join(media, 0, 0, frameCount));
        return c;
    }

    // A SyncSession client of the test room with a store of its own, not started.
    TestClient& sessionClient(const QString& user, model::Role role,
                              const std::function<void(sync::SyncSession::Options&)>& tweak = {}) {
        auto options = sessionOptions(url(), kRoomMedia, token(user, role));
        if (tweak) tweak(options);
        clients_.push_back(std::make_unique<TestClient>(storeDir_.path(), user, role, options));
        EXPECT_TRUE(clients_.back()->errors.isEmpty())
            << clients_.back()->errors.join("; ").toStdString();
        return *clients_.back();
    }
    // ... started, and online.
    TestClient& onlineClient(const QString& user, model::Role role,
                             const std::function<void(sync::SyncSession::Options&)>& tweak = {}) {
        TestClient& c = sessionClient(user, role, tweak);
        c.session->start();
        EXPECT_TRUE(spinUntil([&] { return c.online(); })) << c.errors.join("; ").toStdString();
        return c;
    }

    // Every session client online with nothing pending, and every replica equal to the relay's log.
    bool converged(std::string* why = nullptr) {
        const auto relay = relayLogState(home_.dataDir(), kRoomMedia);
        if (!relay.ok) {
            if (why) *why = "relay log: " + relay.error;
            return false;
        }
        for (auto& c : clients_) {
            if (!c->online() || c->session->pendingCount() != 0) {
                if (why) *why = c->user.toStdString() + " is not online or has pending operations";
                return false;
            }
            const auto state = c->state(kRoomMedia);
            if (!state.sameVisibleState(relay.state)) {
                if (why)
                    *why = c->user.toStdString() + ": " + describeDifference(state, relay.state);
                return false;
            }
        }
        return true;
    }

    // Every acknowledgement a session client saw names an operation of the relay's log, with the
    // sequence the log has for it.
    void expectAcknowledgedInLog() {
        const auto relay = relayLogState(home_.dataDir(), kRoomMedia);
        ASSERT_TRUE(relay.ok) << relay.error;
        size_t acks = 0;
        for (auto& c : clients_)
            for (auto it = c->acks.begin(); it != c->acks.end(); ++it) {
                ++acks;
                ASSERT_TRUE(relay.sequences.contains(it.key()))
                    << c->user.toStdString() << " saw " << it.key().toString().toStdString()
                    << " acknowledged, the log does not have it";
                EXPECT_EQ(relay.sequences.value(it.key()), it.value());
            }
        EXPECT_GT(acks, 0u);
    }

    RelayHome home_;
    Relay relay_{home_};
    QTemporaryDir storeDir_{storeRoot()};
    std::vector<std::unique_ptr<TestClient>> clients_;
    std::vector<std::unique_ptr<RawClient>> raw_;
};

}  // namespace framenote::test
