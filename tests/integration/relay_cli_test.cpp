// framenote-relay as a process: arguments and exit codes, tokens it issues, clean shutdown on
// SIGTERM, online backup, and wss:// with a certificate.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>

#include "core/sync/quantization.h"
#include "core/sync/relay_auth.h"
#include "core/sync/relay_sqlite_log.h"
#include "tests/support/relay_process.h"
#include "tests/support/small_disk.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;

namespace {

using ft::issueToken;

fm::Operation rectBy(const QString& user, fm::Role role) {
    auto op = fm::makeCreate(ft::annotationOf("rect", user), user, role);
    fs::quantizeOperation(op);
    return op;
}

}  // namespace

TEST(RelayCli, ArgumentsAndExitCodes) {
    QByteArray out, err;
    EXPECT_EQ(ft::runRelay({"--version"}, &out), 0);
    EXPECT_TRUE(out.startsWith("framenote-relay 0."));
    EXPECT_EQ(ft::runRelay({"--help"}, &out), 0);
    EXPECT_TRUE(out.contains("--data-dir"));
    EXPECT_TRUE(out.contains("token"));
    EXPECT_EQ(ft::runRelay({"--bogus"}, nullptr, &err), 2);
    EXPECT_TRUE(err.contains("bogus"));
    EXPECT_EQ(ft::runRelay({}, nullptr, &err), 2);  // no data directory
    EXPECT_EQ(ft::runRelay({"--data-dir", "/tmp/x", "--port", "70000"}, nullptr, &err), 2);
    EXPECT_EQ(ft::runRelay(
                  {"token", "--user", "a", "--role", "god", "--room", "x", "--data-dir", "/tmp/x"},
                  nullptr, &err),
              2);
    EXPECT_EQ(ft::runRelay({"backup"}, nullptr, &err), 2);

    QTemporaryDir dir;
    QFile file(dir.filePath("not-a-directory"));
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.close();
    EXPECT_EQ(ft::runRelay({"--data-dir", file.fileName(), "--port", "0"}, nullptr, &err), 1);
    EXPECT_TRUE(err.contains("data directory")) << err.toStdString();
    EXPECT_EQ(
        ft::runRelay({"backup", dir.filePath("copy.sqlite"), "--data-dir", dir.filePath("empty")},
                     nullptr, &err),
        1);
}

TEST(RelayCli, APortInUseIsARuntimeFailure) {
    QTemporaryDir dir;
    ft::RelayProcess first;
    ASSERT_TRUE(first.start(dir.filePath("a"))) << first.errors().toStdString();
    QByteArray err;
    EXPECT_EQ(ft::runRelay({"--data-dir", dir.filePath("b"), "--port",
                            QString::number(first.port()), "--address", "127.0.0.1"},
                           nullptr, &err),
              1);
    EXPECT_TRUE(err.contains("cannot listen")) << err.toStdString();
    EXPECT_TRUE(err.contains(QByteArray::number(first.port())));
}

TEST(RelayCli, IssuedTokensWorkAndTheSecretIsPrivate) {
    QTemporaryDir dir;
    const std::string token = issueToken(dir.path(), "ana", "reviewer", ft::kRoomMedia);
    ASSERT_FALSE(token.empty());
    const QFileInfo secret(dir.filePath("relay.secret"));
    ASSERT_TRUE(secret.exists());
    EXPECT_EQ(secret.permissions() &
                  (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
              0);
    // The same secret is used again, and by the relay.
    const std::string viewer = issueToken(dir.path(), "bo", "viewer", "other-room");
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.path()));
    ft::RawClient ana;
    ASSERT_TRUE(ana.open(relay.url()));
    ASSERT_TRUE(ana.hello(token));
    ASSERT_TRUE(ana.join(ft::kRoomMedia));
    EXPECT_TRUE(ana.errors().empty());
    ft::RawClient bo;
    ASSERT_TRUE(bo.open(relay.url()));
    ASSERT_TRUE(bo.hello(viewer));
    bo.join(ft::kRoomMedia);
    ASSERT_FALSE(bo.errors().empty());
    EXPECT_EQ(bo.errors()[0].code(), v1::ERROR_CODE_FORBIDDEN);
    EXPECT_EQ(relay.terminate(), 0);
}

TEST(RelayCli, SigtermCommitsTellsTheClientsAndExitsZero) {
    QTemporaryDir dir;
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.path()));
    const std::string token = issueToken(dir.path(), "ana", "reviewer");
    ft::RawClient ana;
    ASSERT_TRUE(ana.open(relay.url()));
    ASSERT_TRUE(ana.hello(token));
    ASSERT_TRUE(ana.join(ft::kRoomMedia));
    std::vector<fm::Operation> ops;
    std::vector<v1::Envelope> batch;
    for (int i = 0; i < 100; ++i) {
        ops.push_back(rectBy("ana", fm::Role::Reviewer));
        batch.push_back(fs::operationEnvelope(ops.back(), ana.context()));
    }
    ana.send(fs::batchEnvelope(batch));
    ::kill(static_cast<pid_t>(relay.pid()), SIGTERM);  // while the batch is in flight
    ASSERT_TRUE(ft::spinUntil([&] { return ana.disconnected(); }, 10000));
    EXPECT_EQ(relay.terminate(), 0);
    EXPECT_TRUE(relay.output().contains("framenote-relay stopped"));
    const v1::Envelope* bye = ana.last([](const v1::Envelope& e) { return e.has_error(); });
    ASSERT_NE(bye, nullptr);
    EXPECT_EQ(bye->error().code(), v1::ERROR_CODE_SHUTTING_DOWN);
    EXPECT_TRUE(bye->error().fatal());
    EXPECT_GT(bye->error().retry_after_ms(), 0u);
    // Every acknowledged operation is in the log.
    const size_t acks = ana.count([](const v1::Envelope& e) { return e.has_ack(); });
    auto log = fs::SqliteRoomLog::open(QDir(dir.path()).filePath("relay.sqlite"));
    ASSERT_TRUE(log.ok());
    auto ids = (*log)->operationIds(ft::kRoomMedia);
    ASSERT_TRUE(ids.ok());
    EXPECT_GE(ids->size(), acks);
    for (const auto& e : ana.received()) {
        if (!e.has_ack()) continue;
        const QUuid id = QUuid::fromRfc4122(QByteArray::fromStdString(e.ack().op_id()));
        EXPECT_NE(std::find(ids->begin(), ids->end(),
                            std::make_pair(id, static_cast<int64_t>(e.ack().sequence()))),
                  ids->end());
    }
}

TEST(RelayCli, BackupCopiesTheLogWhileTheRelayRuns) {
    QTemporaryDir dir;
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.path()));
    ft::RawClient ana;
    ASSERT_TRUE(ana.open(relay.url()));
    ASSERT_TRUE(ana.hello(issueToken(dir.path(), "ana", "reviewer")));
    ASSERT_TRUE(ana.join(ft::kRoomMedia));
    for (int i = 0; i < 30; ++i)
        ana.send(fs::operationEnvelope(rectBy("ana", fm::Role::Reviewer), ana.context()));
    ASSERT_TRUE(ft::spinUntil(
        [&] { return ana.count([](const v1::Envelope& e) { return e.has_ack(); }) == 30; }));
    const QString copy = dir.filePath("backup.sqlite");
    QByteArray out;
    ASSERT_EQ(ft::runRelay({"backup", copy, "--data-dir", dir.path()}, &out), 0);
    fs::SqliteRoomLog::Options options;
    options.create = false;
    auto log = fs::SqliteRoomLog::open(copy, options);
    ASSERT_TRUE(log.ok()) << log.error();
    EXPECT_TRUE((*log)->checkIntegrity().ok());
    EXPECT_EQ((*log)->openRoom(ft::kRoomMedia)->head, 30);
    EXPECT_EQ(ft::runRelay({"backup", copy, "--data-dir", dir.path()}), 1);  // never overwrites
    EXPECT_EQ(relay.terminate(), 0);
}

TEST(RelayCli, TlsServesSecureWebSockets) {
    const QString openssl = QStandardPaths::findExecutable("openssl");
    if (openssl.isEmpty()) GTEST_SKIP() << "openssl is not installed: no certificate to test with";
    QTemporaryDir dir;
    const QString cert = dir.filePath("relay.crt"), key = dir.filePath("relay.key");
    QProcess make;
    make.start(openssl, {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out",
                         cert, "-days", "1", "-subj", "/CN=127.0.0.1"});
    ASSERT_TRUE(make.waitForFinished(30000));
    ASSERT_EQ(make.exitCode(), 0) << make.readAllStandardError().toStdString();
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.filePath("data"), 0, {"--tls-cert", cert, "--tls-key", key}))
        << relay.errors().toStdString();
    EXPECT_TRUE(relay.output().contains("(wss)"));
    // A socket that never begins its TLS handshake is closed after 10 s (checked at the end).
    QTcpSocket silent;
    silent.connectToHost(QHostAddress::LocalHost, relay.port());
    ASSERT_TRUE(silent.waitForConnected(3000));
    QElapsedTimer silentFor;
    silentFor.start();
    ft::RawClient ana;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setCaCertificates(QSslCertificate::fromPath(cert));
    ssl.setPeerVerifyMode(QSslSocket::VerifyPeer);
    ana.socket().setSslConfiguration(ssl);
    ana.socket().ignoreSslErrors(
        {QSslError(QSslError::HostNameMismatch, QSslCertificate::fromPath(cert).value(0))});
    ASSERT_TRUE(ana.open(QStringLiteral("wss://127.0.0.1:%1/").arg(relay.port()), 10000));
    ASSERT_TRUE(ana.hello(issueToken(dir.filePath("data"), "ana", "reviewer")));
    ASSERT_TRUE(ana.join(ft::kRoomMedia));
    const auto op = rectBy("ana", fm::Role::Reviewer);
    ana.send(fs::operationEnvelope(op, ana.context()));
    EXPECT_TRUE(ana.waitFor([](const v1::Envelope& e) { return e.has_ack(); }));
    // A plain ws:// client gets nowhere.
    ft::RawClient plain;
    EXPECT_FALSE(plain.open(relay.url(), 3000) &&
                 plain.hello(issueToken(dir.filePath("data"), "bo", "reviewer")));
    EXPECT_TRUE(
        ft::spinUntil([&] { return silent.state() == QAbstractSocket::UnconnectedState; }, 15000))
        << "a socket that never began its TLS handshake was kept open";
    EXPECT_GE(silentFor.elapsed(), 5000);
    EXPECT_EQ(relay.terminate(), 0);
}

namespace {

// The error a relay answered a Hello with (UNSPECIFIED if it welcomed it).
v1::Error helloRefusal(const QString& url, const std::string& token) {
    ft::RawClient client;
    if (!client.open(url) || client.hello(token)) return {};
    const v1::Envelope* error = client.last([](const v1::Envelope& e) { return e.has_error(); });
    return error ? error->error() : v1::Error();
}

// A token signed with the secret of the relay whose data directory is `dataDir`, with any iat
// and exp (what a holder of the secret, or a bug in another issuer, could produce).
std::string tokenWithTimes(const QString& dataDir, int64_t issuedAt, int64_t expiresAt) {
    QFile file(QDir(dataDir).filePath("relay.secret"));
    if (!file.open(QIODevice::ReadOnly)) return {};
    fs::TokenClaims claims;
    claims.user = "mallory";
    claims.role = fm::Role::Admin;
    claims.rooms = {"*"};
    claims.issuedAt = issuedAt;
    claims.expiresAt = expiresAt;
    return fs::signToken(claims, file.readAll().trimmed()).toStdString();
}

}  // namespace

TEST(RelayCli, TokenLifetimesAreBoundedByTheRelaysMaximum) {
    QTemporaryDir dir;
    QByteArray err;
    const QStringList issue{"token",  "--user", "ana",        "--role",  "reviewer",
                            "--room", "*",      "--data-dir", dir.path()};
    // An expiry whose milliseconds overflow 64 bits, and anything above the 30-day default.
    EXPECT_EQ(ft::runRelay(issue + QStringList{"--ttl", "576460752303423487s"}, nullptr, &err), 2);
    EXPECT_TRUE(err.contains("--ttl")) << err.toStdString();
    EXPECT_EQ(ft::runRelay(issue + QStringList{"--ttl", "31d"}, nullptr, &err), 2);
    EXPECT_TRUE(err.contains("longer than the maximum token lifetime of 30 days"))
        << err.toStdString();
    EXPECT_EQ(ft::runRelay({"--data-dir", dir.path(), "--max-token-ttl", "forever"}, nullptr, &err),
              2);
    EXPECT_TRUE(err.contains("--max-token-ttl")) << err.toStdString();
    QByteArray longToken;
    ASSERT_EQ(
        ft::runRelay(issue + QStringList{"--ttl", "60d", "--max-token-ttl", "90d"}, &longToken), 0);

    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.path())) << relay.errors().toStdString();
    const v1::Error tooLong = helloRefusal(relay.url(), longToken.trimmed().toStdString());
    EXPECT_EQ(tooLong.code(), v1::ERROR_CODE_UNAUTHENTICATED);
    EXPECT_NE(tooLong.message().find("exceeds this relay's maximum of 30 days"), std::string::npos)
        << tooLong.message();
    // Hand-signed: an expiry far past 9999 (its milliseconds overflow), and a lifetime stretched
    // by an iat in the future.
    const int64_t now = QDateTime::currentSecsSinceEpoch();
    EXPECT_EQ(helloRefusal(relay.url(), tokenWithTimes(dir.path(), now, 576460752303423487)).code(),
              v1::ERROR_CODE_UNAUTHENTICATED);
    EXPECT_EQ(
        helloRefusal(relay.url(), tokenWithTimes(dir.path(), now + 365 * 86400, now + 366 * 86400))
            .code(),
        v1::ERROR_CODE_UNAUTHENTICATED);
    EXPECT_EQ(relay.terminate(), 0);

    // A relay told to accept 90 days takes the token, and announces its expiry in milliseconds.
    ASSERT_TRUE(relay.start(dir.path(), 0, {"--max-token-ttl", "90d"}))
        << relay.errors().toStdString();
    ft::RawClient ana;
    ASSERT_TRUE(ana.open(relay.url()));
    ASSERT_TRUE(ana.hello(longToken.trimmed().toStdString()));
    const v1::Envelope* welcome = ana.last([](const v1::Envelope& e) { return e.has_welcome(); });
    ASSERT_NE(welcome, nullptr);
    const int64_t expiresMs = static_cast<int64_t>(welcome->welcome().token_expires_ms());
    EXPECT_NEAR(static_cast<double>(expiresMs), (now + 60 * 86400) * 1000.0, 120 * 1000.0);
    EXPECT_EQ(relay.terminate(), 0);
}

namespace {

// The local addresses (as /proc/net/tcp and tcp6 write them, e.g. "0100007F") of the sockets
// listening on `port`: what `ss -ltn` shows an operator.
QStringList listeningAddresses(quint16 port) {
    QStringList found;
    for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
        QFile file(QString::fromLatin1(table));
        if (!file.open(QIODevice::ReadOnly)) continue;
        for (const QByteArray& line : file.readAll().split('\n')) {
            const QList<QByteArray> f = line.simplified().split(' ');
            if (f.size() < 4 || f[3] != "0A") continue;  // 0A: LISTEN
            const QList<QByteArray> local = f[1].split(':');
            if (local.size() == 2 && local[1].toUInt(nullptr, 16) == port)
                found << QString::fromLatin1(local[0]);
        }
    }
    return found;
}

}  // namespace

TEST(RelayCli, TheMetricsPortListensOnLoopbackUnlessTold) {
    QTemporaryDir dir;
    ft::RelayProcess relay;
    // The WebSocket port on every address, as the packaged service runs it.
    ASSERT_TRUE(relay.start(dir.path(), 0, {"--address", "0.0.0.0"}))
        << relay.errors().toStdString();
    ASSERT_NE(relay.metricsPort(), 0);
    EXPECT_EQ(listeningAddresses(relay.port()), QStringList{"00000000"});
    EXPECT_EQ(listeningAddresses(relay.metricsPort()), QStringList{"0100007F"});
    EXPECT_TRUE(ft::httpGet(relay.metricsPort(), "/healthz").contains("ok"));
    EXPECT_EQ(relay.terminate(), 0);

    ASSERT_TRUE(relay.start(dir.path(), 0, {"--metrics-address", "0.0.0.0"}))
        << relay.errors().toStdString();
    EXPECT_EQ(listeningAddresses(relay.metricsPort()), QStringList{"00000000"});
    EXPECT_EQ(relay.terminate(), 0);
    QByteArray err;
    EXPECT_EQ(ft::runRelay(
                  {"--data-dir", dir.path(), "--metrics-port", "0", "--metrics-address", "nowhere"},
                  nullptr, &err),
              2);
    EXPECT_TRUE(err.contains("--metrics-address")) << err.toStdString();
    QByteArray help;
    ASSERT_EQ(ft::runRelay({"--help"}, &help), 0);
    EXPECT_TRUE(
        help.contains("--metrics-address ADDR  address of the metrics port (default 127.0.0.1"));
    EXPECT_TRUE(
        help.contains("--address ADDR          address to listen on (default: all addresses"));
}

// A relay whose log cannot commit (a full 4 MiB filesystem) is unhealthy on /healthz, which
// says so without naming its files; the relay's own log names them.
TEST(RelayCli, HealthzNamesNoFiles) {
    QTemporaryDir dir;
    ft::SmallDisk disk(dir.path(), "4m");
    if (!disk.mounted())
        GTEST_SKIP()
            << "cannot mount a 4 MiB tmpfs for the relay's data directory here (needs root)";
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.path())) << relay.errors().toStdString();
    ft::RawClient ana;
    ASSERT_TRUE(ana.open(relay.url()));
    ASSERT_TRUE(ana.hello(issueToken(dir.path(), "ana", "reviewer")));
    ASSERT_TRUE(ana.join(ft::kRoomMedia));
    ASSERT_TRUE(disk.fill());
    for (int i = 0; i < 20; ++i) {
        auto op = fm::makeCreate(ft::longStrokeOf("ana", 5000, i), "ana", fm::Role::Reviewer);
        fs::quantizeOperation(op);
        ana.send(fs::operationEnvelope(op, ana.context()));
    }
    ASSERT_TRUE(ft::spinUntil([&] { return relay.errors().contains("log commit failed"); }, 10000));
    EXPECT_TRUE(relay.errors().contains("relay.sqlite"));  // the operator's log has the details
    const QByteArray health = ft::httpGet(relay.metricsPort(), "/healthz");
    EXPECT_TRUE(health.contains("unhealthy")) << health.toStdString();
    EXPECT_FALSE(health.contains(dir.path().toUtf8())) << health.toStdString();
    EXPECT_FALSE(health.contains("relay.sqlite")) << health.toStdString();
    ASSERT_TRUE(disk.makeRoom());
    relay.kill();
}

namespace {

// A file's permission bits as `ls -l` reads them (e.g. 0600); -1 when it does not exist.
int modeOf(const QString& path) {
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 07777);
}

// `framenote-relay ARGS` run by a shell after `umask 000`; the exit code.
int runRelayWithUmask000(const QStringList& args, QByteArray* err = nullptr) {
    QProcess p;
    p.start("/bin/sh",
            QStringList{"-c", "umask 000; exec \"$0\" \"$@\"", ft::relayBinary()} + args);
    p.waitForFinished(20000);
    if (err) *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

}  // namespace

TEST(RelayCli, TheDataDirectoryAndBackupsArePrivateWhateverTheUmask) {
    QTemporaryDir dir;
    const QString data = dir.filePath("data");
    ft::RelayProcess relay;
    relay.setShellPrefix("umask 000");
    ASSERT_TRUE(relay.start(data)) << relay.errors().toStdString();
    ft::RawClient ana;
    ASSERT_TRUE(ana.open(relay.url()));
    ASSERT_TRUE(ana.hello(issueToken(data, "ana", "reviewer")));
    ASSERT_TRUE(ana.join(ft::kRoomMedia));
    ana.send(fs::operationEnvelope(rectBy("ana", fm::Role::Reviewer), ana.context()));
    ASSERT_TRUE(ana.waitFor([](const v1::Envelope& e) { return e.has_ack(); }));
    EXPECT_EQ(modeOf(data), 0700);
    for (const char* file :
         {"relay.sqlite", "relay.sqlite-wal", "relay.sqlite-shm", "relay.secret"})
        EXPECT_EQ(modeOf(QDir(data).filePath(file)), 0600) << file;

    const QString copy = dir.filePath("copy.sqlite");
    QByteArray err;
    ASSERT_EQ(runRelayWithUmask000({"backup", copy, "--data-dir", data}, &err), 0)
        << err.toStdString();
    EXPECT_EQ(modeOf(copy), 0600);
    // A symbolic link as the output, dangling or not, is refused and nothing is written through it.
    const QString target = dir.filePath("elsewhere.sqlite"), link = dir.filePath("link.sqlite");
    ASSERT_TRUE(QFile::link(target, link));
    EXPECT_EQ(ft::runRelay({"backup", link, "--data-dir", data}, nullptr, &err), 1);
    EXPECT_TRUE(err.contains("symbolic link")) << err.toStdString();
    EXPECT_FALSE(QFileInfo::exists(target));
    const QString linkToCopy = dir.filePath("link-to-copy.sqlite");
    ASSERT_TRUE(QFile::link(copy, linkToCopy));
    EXPECT_EQ(ft::runRelay({"backup", linkToCopy, "--data-dir", data}, nullptr, &err), 1);
    EXPECT_TRUE(err.contains("symbolic link")) << err.toStdString();
    EXPECT_EQ(relay.terminate(), 0);

    // `token` makes the data directory when it is the first to need it, privately too.
    const QString fresh = dir.filePath("fresh/data");
    ASSERT_EQ(runRelayWithUmask000(
                  {"token", "--user", "a", "--role", "admin", "--room", "*", "--data-dir", fresh}),
              0);
    EXPECT_EQ(modeOf(fresh), 0700);
    EXPECT_EQ(modeOf(QDir(fresh).filePath("relay.secret")), 0600);
}

namespace {

// A self-signed certificate and its unencrypted key (`openssl req`), `keyType` "rsa:2048" or
// "ec"; false when openssl failed.
bool makeCertificate(const QString& openssl, const QString& keyType, const QString& cert,
                     const QString& key) {
    QStringList args{"req",   "-x509", "-nodes", "-keyout",      key, "-out", cert,
                     "-days", "1",     "-subj",  "/CN=127.0.0.1"};
    if (keyType == "ec")
        args += {"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"};
    else
        args += {"-newkey", keyType};
    QProcess make;
    make.start(openssl, args);
    return make.waitForFinished(30000) && make.exitStatus() == QProcess::NormalExit &&
           make.exitCode() == 0;
}

// A TLS handshake with the relay on `port` offering only `protocol` and `cipher`: did it succeed?
bool handshakes(quint16 port, QSsl::SslProtocol protocol, const QString& cipher) {
    QSslSocket socket;
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setProtocol(protocol);
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    if (!cipher.isEmpty()) ssl.setCiphers({QSslCipher(cipher)});
    socket.setSslConfiguration(ssl);
    socket.connectToHostEncrypted("127.0.0.1", port);
    bool failed = false;
    QObject::connect(&socket, &QSslSocket::errorOccurred, [&] { failed = true; });
    ft::spinUntil([&] { return socket.isEncrypted() || failed; }, 5000);
    return socket.isEncrypted();
}

}  // namespace

TEST(RelayCli, TlsRefusesAKeyThatIsNotTheCertificates) {
    const QString openssl = QStandardPaths::findExecutable("openssl");
    if (openssl.isEmpty()) GTEST_SKIP() << "openssl is not installed: no certificate to test with";
    QTemporaryDir dir;
    for (const QString type : {"rsa:2048", "ec"}) {
        const QString a = dir.filePath(type.left(2) + "-a"), b = dir.filePath(type.left(2) + "-b");
        ASSERT_TRUE(makeCertificate(openssl, type, a + ".crt", a + ".key"));
        ASSERT_TRUE(makeCertificate(openssl, type, b + ".crt", b + ".key"));
        QByteArray err;
        EXPECT_EQ(ft::runRelay({"--data-dir", dir.filePath("data"), "--port", "0", "--address",
                                "127.0.0.1", "--tls-cert", a + ".crt", "--tls-key", b + ".key"},
                               nullptr, &err),
                  1)
            << type.toStdString();
        EXPECT_TRUE(err.contains("does not match the certificate")) << err.toStdString();
        // The right pair starts.
        ft::RelayProcess relay;
        EXPECT_TRUE(relay.start(dir.filePath("data"), 0,
                                {"--tls-cert", a + ".crt", "--tls-key", a + ".key"}))
            << type.toStdString() << relay.errors().toStdString();
        EXPECT_EQ(relay.terminate(), 0);
    }
}

TEST(RelayCli, TlsOffersOnlyForwardSecretAeadCiphers) {
    const QString openssl = QStandardPaths::findExecutable("openssl");
    if (openssl.isEmpty()) GTEST_SKIP() << "openssl is not installed: no certificate to test with";
    QTemporaryDir dir;
    const QString cert = dir.filePath("relay.crt"), key = dir.filePath("relay.key");
    ASSERT_TRUE(makeCertificate(openssl, "rsa:2048", cert, key));
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.filePath("data"), 0, {"--tls-cert", cert, "--tls-key", key}))
        << relay.errors().toStdString();
    EXPECT_TRUE(handshakes(relay.port(), QSsl::TlsV1_3, {}));
    EXPECT_TRUE(handshakes(relay.port(), QSsl::TlsV1_2, "ECDHE-RSA-AES128-GCM-SHA256"));
    EXPECT_TRUE(handshakes(relay.port(), QSsl::TlsV1_2, "ECDHE-RSA-CHACHA20-POLY1305"));
    // No forward secrecy, or CBC with a MAC: refused.
    EXPECT_FALSE(handshakes(relay.port(), QSsl::TlsV1_2, "AES128-SHA"));
    EXPECT_FALSE(handshakes(relay.port(), QSsl::TlsV1_2, "AES128-GCM-SHA256"));
    EXPECT_FALSE(handshakes(relay.port(), QSsl::TlsV1_2, "ECDHE-RSA-AES128-SHA"));
    EXPECT_FALSE(handshakes(relay.port(), QSsl::TlsV1_2, "DHE-RSA-AES128-GCM-SHA256"));
    EXPECT_TRUE(relay.running());
    EXPECT_EQ(relay.terminate(), 0);
}

// framenote-relay revoke, by token id and by user: persisted, refused at Hello, and a live
// connection with such a token is closed within seconds; tokens issued later still work.
TEST(RelayCli, RevokedTokensAreRefusedAndTheirConnectionsClosed) {
    QTemporaryDir dir;
    ft::RelayProcess relay;
    ASSERT_TRUE(relay.start(dir.filePath("data")));
    const QString data = relay.dataDir();
    QByteArray out;
    ASSERT_EQ(ft::runRelay({"token", "--user", "ana", "--role", "reviewer", "--room", "*", "--id",
                            "t-ana", "--data-dir", data},
                           &out),
              0);
    const std::string anaToken = out.trimmed().toStdString();
    const std::string boToken = issueToken(data, "bo", "reviewer");
    const std::string cyToken = issueToken(data, "cy", "reviewer");
    ft::RawClient ana, bo, cy;
    for (auto [client, token] : {std::pair{&ana, anaToken}, {&bo, boToken}, {&cy, cyToken}}) {
        ASSERT_TRUE(client->open(relay.url()));
        ASSERT_TRUE(client->hello(token));
    }
    QByteArray err;
    EXPECT_EQ(ft::runRelay({"revoke", "--data-dir", data}, nullptr, &err),
              2);  // neither --id nor --user
    ASSERT_EQ(ft::runRelay({"revoke", "--id", "t-ana", "--data-dir", data}, &out), 0)
        << out.toStdString();
    ASSERT_EQ(ft::runRelay({"revoke", "--user", "bo", "--data-dir", data}, &out), 0)
        << out.toStdString();
    const int64_t revokedBy = QDateTime::currentSecsSinceEpoch();  // bo's tokens up to this second
    const auto closedFor = [](ft::RawClient& c, const char* why) {
        return c.waitFor(
                   [&](const v1::Envelope& e) {
                       return e.has_error() && e.error().code() == v1::ERROR_CODE_UNAUTHENTICATED &&
                              e.error().message().find(why) != std::string::npos;
                   },
                   10000) &&
               ft::spinUntil([&] { return c.disconnected(); }, 5000);
    };
    EXPECT_TRUE(closedFor(ana, "id t-ana"));
    EXPECT_TRUE(closedFor(bo, "every token of bo"));
    ASSERT_TRUE(cy.roundTrip());  // a closing error for cy would have come before the Pong
    EXPECT_FALSE(cy.disconnected());
    EXPECT_TRUE(cy.errors().empty());
    // Persisted: after a restart the same tokens are refused at Hello; a new one for bo works.
    ASSERT_EQ(relay.terminate(), 0);
    ASSERT_TRUE(relay.restart());
    ft::RawClient again;
    ASSERT_TRUE(again.open(relay.url()));
    EXPECT_FALSE(again.hello(anaToken));
    // A token issued in a later second than the revocation's.
    ASSERT_TRUE(ft::spinUntil([&] { return QDateTime::currentSecsSinceEpoch() > revokedBy; }));
    ft::RawClient fresh;
    ASSERT_TRUE(fresh.open(relay.url()));
    EXPECT_TRUE(fresh.hello(issueToken(data, "bo", "reviewer")));
}
