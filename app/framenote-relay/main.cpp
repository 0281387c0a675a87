// framenote-relay: the headless relay (docs/ARCHITECTURE.md, "The relay"). This file only parses
// arguments and wires parts together; the relay is framenote::sync::RelayServer
// (core/sync/relay_server.h).
//
//   framenote-relay --data-dir D [--port P] [--tls-cert C --tls-key K] [--metrics-port M] [--open]
//   framenote-relay token --user U --role R --room ROOM [--ttl T] [--id ID] [--max-token-ttl T]
//                         (--data-dir D | --secret-file F)
//   framenote-relay revoke (--id JTI | --user NAME) --data-dir D
//   framenote-relay backup OUT (--data-dir D)
//
// Exit codes: 0 ok, 1 runtime failure (port in use, unreadable data directory, ...), 2 usage.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSocketNotifier>
#include <QUuid>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <limits>
#if defined(Q_OS_UNIX)
#include <fcntl.h>
#include <unistd.h>
#endif

#if defined(FRAMENOTE_HAVE_EPOLL)
#include "core/sync/epoll_event_dispatcher.h"
#endif
#ifdef FRAMENOTE_HAVE_CLUSTER
#include "core/cluster/jetstream_probe.h"
#include "core/cluster/jetstream_room_log.h"
#endif
#include "core/common/exit_status.h"
#include "core/sync/relay_auth.h"
#include "core/sync/relay_server.h"
#include "core/sync/relay_sqlite_log.h"
#include "core/sync/token_revocations.h"
#include "framenote/version.h"

namespace fs = framenote::sync;

namespace {

using framenote::kExitFailure;
using framenote::kExitOk;
using framenote::kExitUsage;

const char* kUsage = R"(Usage:
  framenote-relay --data-dir DIR [options]      run the relay
  framenote-relay token --user U --role R --room MEDIA_ID [--ttl 7d] [--id ID] [--max-token-ttl 30d]
                        (--data-dir DIR | --secret-file F)
                                                print a signed token (the secret is made if missing);
                                                --room repeats or takes a comma list, '*' for any
                                                room (--rooms is an alias); --id sets the token id;
                                                a --ttl above --max-token-ttl is refused
  framenote-relay revoke (--id JTI | --user NAME) --data-dir DIR
                                                revoke a token by its id, or every token issued to
                                                NAME until now; a running relay closes their
                                                connections within seconds
  framenote-relay backup OUT --data-dir DIR     consistent copy of the room logs, while running
                                                (its rooms get new epochs: clients refetch after a restore);
                                                OUT is made mode 0600, never over a file or symlink
  framenote-relay --help | --version

Relay options:
  --data-dir DIR          room logs (relay.sqlite) and the token secret (relay.secret); made
                          mode 0700, its files 0600
  --port PORT             WebSocket port (default 8470; 0 picks a free one)
  --address ADDR          address to listen on (default: all addresses, IPv4 and IPv6: the
                          port is reachable from other machines)
  --tls-cert FILE         PEM certificate: serve wss:// (with --tls-key)
  --tls-key FILE          PEM private key (RSA or EC, unencrypted) of that certificate; TLS 1.2
                          (ECDHE with AES-GCM or ChaCha20-Poly1305 only) or 1.3
  --metrics-port PORT     serve /metrics (Prometheus) and /healthz on this port
  --metrics-address ADDR  address of the metrics port (default 127.0.0.1: this machine only)
  --open                  accept clients without a token (trusted LAN sessions only)
  --media-port PORT       serve media over HTTP(S) on this port: resumable uploads (tus 1.0) to
                          /files/ and downloads of /media/MEDIA_ID, with the same tokens
  --max-media-bytes N     largest media file accepted (default 274877906944, 256 GiB)
  --media-quota N         media stored and uploading, all users (default 2199023255552; 0 = none)
  --media-quota-per-user N
                          media one user uploaded or is uploading (default 1099511627776; 0 = none)
  --max-listed-files N    files named by image sequence manifests, all together (default 4000000;
                          the relay keeps 32 bytes of memory for each)
  --upload-expiry T       an unfinished upload untouched this long is removed (7d, 12h, 30m,
                          seconds; default 24h)
  --secret-file FILE      token secret (default DIR/relay.secret)
  --max-token-ttl T       refuse tokens whose lifetime (exp - iat) is longer than T (7d, 12h, 30m,
                          seconds; default 30d)
  --flush-ms N            send a connection at most one batch per N ms (default 2; 0 = every
                          event-loop turn)
  --io-threads N          threads for the connections' socket reads and writes (default: one per
                          core, at most 4)
  --presence-thin-bytes N a receiver with more than N bytes waiting to leave gets only the latest
                          presence of each participant until it drains (default 2048; 0 = never)
  --presence-queue-ms N   such a receiver gets that presence more slowly while a ping's round
                          trip is N ms above its lowest (a queue on its link; default 50)
  --rate N                messages per second per connection (default 200; 0 = unlimited)
  --burst N               token-bucket capacity (default 400)
  --byte-rate N           bytes per second per connection, bursts of 4 seconds' worth
                          (default 2097152; 0 = unlimited)
  --cluster URLS          keep the rooms in NATS JetStream (nats://host:port, comma-separated, any
                          of the cluster's nodes) instead of DIR/relay.sqlite, so that another
                          relay on the same cluster serves them when this one is gone (one relay
                          writing a room at a time for now; docs/ARCHITECTURE.md, "Relay cluster")
  --cluster-replicas N    replicas of the JetStream stream (default 3; 1 for a single node)
  --accept-loss           start even if the log lacks operations this relay acknowledged (a lost
                          WAL, an older database): those rooms get new epochs, clients resync
  --max-room-bytes N      storage quota of one room's log (default 536870912; 0 = none)
  --max-stored-bytes N    storage quota of the whole log (default 68719476736; 0 = none)
  --max-rooms-per-user N  rooms one user's Joins may create (default 1000; 0 = no limit)
  --max-rooms N           rooms in all (default 100000; 0 = no limit)
  --max-unauthenticated N sockets not yet authenticated (upgrading or before Hello) past which new
                          ones are closed at once (default 1024; 0 = no limit)
  --max-connections-per-address N
                          sockets from one client address (default 2048; 0 = no limit; behind a
                          reverse proxy every client has its address: raise it there)
  --max-message-bytes N   largest message accepted (default 1048576)
  --heartbeat-seconds N   ping period; 3 silent periods drop a peer (default 30)
  --retain-days N         history kept before compaction into a snapshot (default 7)
  --durability MODE       full (default: each commit is on disk) or normal (survives a relay
                          crash, not a power cut)
  --event-loop KIND       epoll (default on Linux: cost per ready connection) or qt (Qt's own,
                          which polls every connection on every turn)

Signals: SIGTERM and SIGINT commit what was received, tell the clients, and exit 0.
Exit codes: 0 ok, 1 runtime failure, 2 usage error.
)";

int usageError(const QString& message) {
    return framenote::reportUsageError("framenote-relay", message.toStdString());
}
int failure(const std::string& message) {
    return framenote::reportFailure("framenote-relay", message);
}

#if defined(Q_OS_UNIX)
// SIGTERM/SIGINT -> a byte in a pipe -> QCoreApplication::quit on the event loop.
int signalPipe[2] = {-1, -1};

void onSignal(int) {
    const char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(signalPipe[1], &byte, 1);
}

bool installSignalHandlers(QCoreApplication& app) {
    if (::pipe2(signalPipe, O_CLOEXEC | O_NONBLOCK) != 0) return false;
    auto* notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [] {
        char buffer[16];
        while (::read(signalPipe[0], buffer, sizeof buffer) > 0) {
        }
        QCoreApplication::quit();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    return true;
}
#else
// Elsewhere the handler runs on a thread of its own; posting an event is thread-safe there.
void onSignal(int) {
    QMetaObject::invokeMethod(QCoreApplication::instance(), "quit", Qt::QueuedConnection);
}

bool installSignalHandlers(QCoreApplication&) {
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    return true;
}
#endif

// --max-token-ttl of both the relay and `token`: what a relay accepts, and so what is issued.
bool parseMaxTtl(const QCommandLineParser& parser, int64_t* out, QString* error) {
    *out = fs::kDefaultMaxTokenTtlSeconds;
    if (!parser.isSet("max-token-ttl")) return true;
    auto ttl = fs::parseDurationSeconds(parser.value("max-token-ttl"));
    if (!ttl) *error = "--max-token-ttl: " + QString::fromStdString(ttl.error());
    if (ttl) *out = *ttl;
    return ttl.ok();
}

bool parseNumber(const QString& text, int64_t min, int64_t max, int64_t* out) {
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    if (!ok || value < min || value > max) return false;
    *out = value;
    return true;
}

QByteArray secretFrom(const QString& secretFile, const QString& dataDir, std::string* error) {
    QString path = secretFile;
    if (path.isEmpty()) {
        if (auto made = fs::makeDataDirectory(dataDir); !made) {
            *error = made.error();
            return {};
        }
        path = QDir(dataDir).filePath("relay.secret");
    }
    auto secret = fs::loadOrCreateSecret(path);
    if (!secret) {
        *error = secret.error();
        return {};
    }
    return *secret;
}

int tokenCommand(const QStringList& args) {
    QCommandLineParser parser;
    parser.addOptions(
        {{"user", "user name", "U"},
         {"role", "viewer, reviewer or admin", "R"},
         {{"room", "rooms"}, "media id (repeat, or comma-separate; * for any)", "ROOM"},
         {"ttl", "lifetime (7d, 12h, 30m, seconds)", "T", "7d"},
         {"max-token-ttl", "longest lifetime the relay accepts", "T"},
         {"data-dir", "relay data directory", "DIR"},
         {"secret-file", "token secret file", "FILE"},
         {"id", "token id (jti)", "ID"}});
    if (!parser.parse(args)) return usageError(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return usageError("token: unexpected argument " + parser.positionalArguments().first());
    fs::TokenClaims claims;
    claims.user = parser.value("user").trimmed();
    if (claims.user.isEmpty() || claims.user.size() > 128)
        return usageError("token: --user NAME is required (1 to 128 characters)");
    if (!framenote::model::parseRole(parser.value("role"), &claims.role))
        return usageError("token: --role must be viewer, reviewer or admin");
    for (const QString& value : parser.values("room"))
        for (const QString& room : value.split(',', Qt::SkipEmptyParts))
            claims.rooms << room.trimmed();
    if (claims.rooms.isEmpty())
        return usageError("token: --room MEDIA_ID is required (or --room '*')");
    auto ttl = fs::parseDurationSeconds(parser.value("ttl"));
    if (!ttl) return usageError("token: --ttl: " + QString::fromStdString(ttl.error()));
    int64_t maxTtl = 0;
    if (QString error; !parseMaxTtl(parser, &maxTtl, &error)) return usageError("token: " + error);
    // A relay would refuse the token (docs/PROTOCOL.md "Authentication"): say so now.
    if (*ttl > maxTtl)
        return usageError(QString::fromStdString(
            "token: --ttl " + fs::describeSeconds(*ttl) +
            " is longer than the maximum token lifetime of " + fs::describeSeconds(maxTtl) +
            " (relays refuse such tokens; see --max-token-ttl)"));
    if (parser.value("data-dir").isEmpty() && parser.value("secret-file").isEmpty())
        return usageError("token: --data-dir DIR or --secret-file FILE is required");
    std::string error;
    const QByteArray secret =
        secretFrom(parser.value("secret-file"), parser.value("data-dir"), &error);
    if (secret.isEmpty()) return failure(error);
    claims.issuedAt = QDateTime::currentSecsSinceEpoch();
    claims.expiresAt = claims.issuedAt + *ttl;
    claims.tokenId = parser.value("id");
    std::printf("%s\n", qPrintable(fs::signToken(claims, secret)));
    return kExitOk;
}

int backupCommand(const QStringList& args) {
    QCommandLineParser parser;
    parser.addOptions({{"data-dir", "relay data directory", "DIR"}});
    parser.addPositionalArgument("OUT", "the copy to write");
    if (!parser.parse(args)) return usageError(parser.errorText());
    if (parser.positionalArguments().size() != 1)
        return usageError("backup: give one output file: backup OUT --data-dir DIR");
    if (parser.value("data-dir").isEmpty()) return usageError("backup: --data-dir DIR is required");
    const QString path = QDir(parser.value("data-dir")).filePath(fs::SqliteRoomLog::kFileName);
    fs::SqliteRoomLog::Options options;
    options.create = false;
    auto log = fs::SqliteRoomLog::open(path, options);
    if (!log) return failure(log.error());
    const QString out = parser.positionalArguments().first();
    if (auto s = (*log)->backup(out); !s) return failure(s.error());
    std::printf("backup of %s written to %s\n", qPrintable(path), qPrintable(out));
    return kExitOk;
}

// framenote-relay revoke (--id JTI | --user NAME) --data-dir DIR: persisted in the data
// directory; a running relay closes the connections it revokes within seconds.
int revokeCommand(const QStringList& args) {
    QCommandLineParser parser;
    parser.addOptions({{"data-dir", "relay data directory", "DIR"},
                       {"id", "token id (jti) to revoke", "JTI"},
                       {"user", "revoke every token issued to NAME until now", "NAME"}});
    if (!parser.parse(args)) return usageError(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return usageError("revoke: unexpected argument " + parser.positionalArguments().first());
    if (parser.value("data-dir").isEmpty()) return usageError("revoke: --data-dir DIR is required");
    if (parser.isSet("id") == parser.isSet("user"))
        return usageError("revoke: give either --id JTI or --user NAME");
    if (auto made = fs::makeDataDirectory(parser.value("data-dir")); !made)
        return failure(made.error());
    const QString path = QDir(parser.value("data-dir")).filePath(fs::TokenRevocations::kFileName);
    const int64_t now = QDateTime::currentSecsSinceEpoch();
    const auto done = parser.isSet("id")
                          ? fs::TokenRevocations::revokeId(path, parser.value("id"))
                          : fs::TokenRevocations::revokeUser(path, parser.value("user"), now);
    if (!done) return failure(done.error());
    if (parser.isSet("id"))
        std::printf("revoked token id %s\n", qPrintable(parser.value("id")));
    else
        std::printf("revoked every token of %s issued until %s\n", qPrintable(parser.value("user")),
                    qPrintable(QDateTime::fromSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODate)));
    return kExitOk;
}

int relayCommand(QCoreApplication& app, const QStringList& args) {
    QCommandLineParser parser;
    parser.addOptions({{"data-dir", "", "DIR"},
                       {"port", "", "PORT", "8470"},
                       {"address", "", "ADDR"},
                       {"tls-cert", "", "FILE"},
                       {"tls-key", "", "FILE"},
                       {"metrics-port", "", "PORT"},
                       {"metrics-address", "", "ADDR"},
                       {"open", ""},
                       {"media-port", "", "PORT"},
                       {"max-media-bytes", "", "N"},
                       {"media-quota", "", "N"},
                       {"media-quota-per-user", "", "N"},
                       {"max-listed-files", "", "N"},
                       {"upload-expiry", "", "T"},
                       {"secret-file", "", "FILE"},
                       {"max-token-ttl", "", "T"},
                       {"flush-ms", "", "N"},
                       {"io-threads", "", "N"},
                       {"presence-thin-bytes", "", "N"},
                       {"presence-queue-ms", "", "N"},
                       {"rate", "", "N"},
                       {"burst", "", "N"},
                       {"byte-rate", "", "N"},
                       {"accept-loss", ""},
                       {"cluster", "", "URLS"},
                       {"cluster-replicas", "", "N"},
                       {"max-room-bytes", "", "N"},
                       {"max-stored-bytes", "", "N"},
                       {"max-rooms-per-user", "", "N"},
                       {"max-rooms", "", "N"},
                       {"max-unauthenticated", "", "N"},
                       {"max-connections-per-address", "", "N"},
                       {"max-message-bytes", "", "N"},
                       {"heartbeat-seconds", "", "N"},
                       {"retain-days", "", "N"},
                       {"durability", "", "MODE"},
                       {"event-loop", "", "KIND"}});
    if (!parser.parse(args)) return usageError(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return usageError("unexpected argument " + parser.positionalArguments().first());
    fs::RelayConfig config;
    config.dataDir = parser.value("data-dir");
    if (config.dataDir.isEmpty()) return usageError("--data-dir DIR is required");
    int64_t number = 0;
    if (!parseNumber(parser.value("port"), 0, 65535, &number))
        return usageError("--port must be 0 to 65535");
    config.port = static_cast<quint16>(number);
    if (parser.isSet("address") && !config.address.setAddress(parser.value("address")))
        return usageError("--address: not an IP address: " + parser.value("address"));
    if (parser.isSet("metrics-port")) {
        if (!parseNumber(parser.value("metrics-port"), 0, 65535, &number))
            return usageError("--metrics-port must be 0 to 65535");
        config.metricsPort = static_cast<int>(number);
    }
    if (parser.isSet("metrics-address") &&
        !config.metricsAddress.setAddress(parser.value("metrics-address")))
        return usageError("--metrics-address: not an IP address: " +
                          parser.value("metrics-address"));
    if (parser.isSet("metrics-address") && !parser.isSet("metrics-port"))
        return usageError("--metrics-address needs --metrics-port");
    config.tlsCertificate = parser.value("tls-cert");
    config.tlsKey = parser.value("tls-key");
    if (config.tlsCertificate.isEmpty() != config.tlsKey.isEmpty())
        return usageError("--tls-cert and --tls-key go together");
    config.open = parser.isSet("open");
    if (QString error; !parseMaxTtl(parser, &config.maxTokenTtlSeconds, &error))
        return usageError(error);
    if (parser.isSet("flush-ms")) {
        if (!parseNumber(parser.value("flush-ms"), 0, 1000, &number))
            return usageError("--flush-ms must be 0 to 1000");
        config.flushWindowMs = static_cast<int>(number);
    }
    if (parser.isSet("io-threads")) {
        if (!parseNumber(parser.value("io-threads"), 1, 64, &number))
            return usageError("--io-threads must be 1 to 64");
        config.ioThreads = static_cast<int>(number);
    }
    if (parser.isSet("presence-thin-bytes")) {
        if (!parseNumber(parser.value("presence-thin-bytes"), 0, 64 << 20, &number))
            return usageError("--presence-thin-bytes must be 0 to 67108864");
        config.presenceThinBytes = static_cast<size_t>(number);
    }
    if (parser.isSet("presence-queue-ms")) {
        if (!parseNumber(parser.value("presence-queue-ms"), 1, 60000, &number))
            return usageError("--presence-queue-ms must be 1 to 60000");
        config.presenceQueueTargetMs = static_cast<int>(number);
    }
    // Quotas and connection limits: a number from 0 (none) to its maximum each.
    struct Limit {
        const char* name;
        int64_t* value;
        int64_t max;
    };
    int64_t unauthenticated = config.maxUnauthenticated,
            perAddress = config.maxConnectionsPerAddress;
    fs::MediaStoreLimits& media = config.mediaLimits;
    const Limit limits[] = {{"max-media-bytes", &media.maxFileBytes, int64_t{1} << 50},
                            {"media-quota", &media.quotaBytes, int64_t{1} << 50},
                            {"media-quota-per-user", &media.quotaPerUserBytes, int64_t{1} << 50},
                            {"max-listed-files", &media.maxListedFiles, int64_t{1} << 40},
                            {"max-room-bytes", &config.maxRoomBytes, int64_t{1} << 50},
                            {"max-stored-bytes", &config.maxStoredBytes, int64_t{1} << 50},
                            {"max-rooms-per-user", &config.maxRoomsPerUser, int64_t{1} << 50},
                            {"max-rooms", &config.maxRooms, int64_t{1} << 50},
                            {"max-unauthenticated", &unauthenticated, 1000000},
                            {"max-connections-per-address", &perAddress, 1000000}};
    for (const Limit& limit : limits)
        if (parser.isSet(limit.name) &&
            !parseNumber(parser.value(limit.name), 0, limit.max, limit.value))
            return usageError(QStringLiteral("--%1 must be a number from 0 to %2")
                                  .arg(limit.name)
                                  .arg(limit.max));
    // The media limits' 0 is "none", as the others'.
    for (int64_t* bytes : {&media.maxFileBytes, &media.quotaBytes, &media.quotaPerUserBytes})
        if (*bytes == 0) *bytes = std::numeric_limits<int64_t>::max();
    if (parser.isSet("media-port")) {
        if (!parseNumber(parser.value("media-port"), 0, 65535, &number))
            return usageError("--media-port must be 0 to 65535");
        config.mediaPort = static_cast<int>(number);
    }
    if (parser.isSet("upload-expiry")) {
        auto seconds = fs::parseDurationSeconds(parser.value("upload-expiry"));
        if (!seconds)
            return usageError("--upload-expiry: " + QString::fromStdString(seconds.error()));
        media.uploadExpiryMs = *seconds * 1000;
    }
    config.maxUnauthenticated = static_cast<int>(unauthenticated);
    config.maxConnectionsPerAddress = static_cast<int>(perAddress);
    config.acceptLoss = parser.isSet("accept-loss");
    if (parser.isSet("cluster")) {
#ifndef FRAMENOTE_HAVE_CLUSTER
        return usageError("--cluster: this framenote-relay was built without NATS (libnats)");
#else
        framenote::cluster::JetStreamSettings cluster;
        cluster.servers = parser.value("cluster").split(',', Qt::SkipEmptyParts);
        if (cluster.servers.isEmpty() ||
            !std::all_of(cluster.servers.begin(), cluster.servers.end(), [](const QString& url) {
                return url.startsWith(QLatin1String("nats://")) ||
                       url.startsWith(QLatin1String("tls://"));
            }))
            return usageError("--cluster takes nats://host:port URLs, comma-separated");
        if (parser.isSet("cluster-replicas")) {
            if (!parseNumber(parser.value("cluster-replicas"), 1, 5, &number))
                return usageError("--cluster-replicas must be 1 to 5");
            cluster.replicas = static_cast<int>(number);
        }
        // Lives as long as the process: /healthz and /metrics read it.
        static framenote::cluster::JetStreamProbe probe(cluster);
        config.backendHealth = [](QByteArray* why) { return probe.healthy(why); };
        config.backendMetrics = [] { return probe.prometheusText(); };
        config.logFactory = [cluster]() -> framenote::Result<std::unique_ptr<fs::RoomLog> > {
            auto log = framenote::cluster::JetStreamRoomLog::open(cluster);
            if (!log) return framenote::makeError(log.error());
            return std::unique_ptr<fs::RoomLog>(std::move(*log));
        };
#endif
    }
    if (parser.isSet("byte-rate")) {
        if (!parseNumber(parser.value("byte-rate"), 0, int64_t{1} << 40, &number))
            return usageError("--byte-rate must be 0 to 1099511627776");
        config.bytesPerSecond = static_cast<double>(number);
        config.bytesBurst = config.bytesPerSecond * 4;
    }
    if (parser.isSet("rate")) {
        if (!parseNumber(parser.value("rate"), 0, 1000000, &number))
            return usageError("--rate must be 0 to 1000000");
        config.ratePerSecond = static_cast<double>(number);
        if (!parser.isSet("burst")) config.rateBurst = config.ratePerSecond * 2;
    }
    if (parser.isSet("burst")) {
        if (!parseNumber(parser.value("burst"), 1, 10000000, &number))
            return usageError("--burst must be 1 to 10000000");
        config.rateBurst = static_cast<double>(number);
    }
    if (parser.isSet("max-message-bytes")) {
        if (!parseNumber(parser.value("max-message-bytes"), 1024, 64 << 20, &number))
            return usageError("--max-message-bytes must be 1024 to 67108864");
        config.maxMessageBytes = static_cast<size_t>(number);
    }
    if (parser.isSet("heartbeat-seconds")) {
        if (!parseNumber(parser.value("heartbeat-seconds"), 1, 3600, &number))
            return usageError("--heartbeat-seconds must be 1 to 3600");
        config.heartbeatMs = static_cast<int>(number * 1000);
    }
    if (parser.isSet("retain-days")) {
        if (!parseNumber(parser.value("retain-days"), 7, 36500, &number))
            return usageError("--retain-days must be at least 7 (history is kept 7 days at least)");
        config.retainMs = number * 24 * 3600 * 1000;
    }
    if (parser.isSet("durability")) {
        const QString mode = parser.value("durability");
        if (mode != "full" && mode != "normal")
            return usageError("--durability must be full or normal");
        config.synchronousFull = mode == "full";
    }
    if (parser.isSet("event-loop") && parser.value("event-loop") != "epoll" &&
        parser.value("event-loop") != "qt")
        return usageError("--event-loop must be epoll or qt");
    if (parser.isSet("secret-file")) {
        auto secret = fs::loadOrCreateSecret(parser.value("secret-file"));
        if (!secret) return failure(secret.error());
        config.secret = *secret;
    }

    if (!installSignalHandlers(app)) return failure("cannot install the signal handlers");
    fs::RelayServer relay(config);
    if (auto started = relay.start(); !started) return failure(started.error());
    QObject::connect(&relay, &fs::RelayServer::failed, &app, [](const QString& message) {
        std::fprintf(stderr, "framenote-relay: %s\n", qPrintable(message));
    });
    std::printf("framenote-relay %s listening on port %u (%s)\n", framenote::kVersion, relay.port(),
                relay.secure() ? "wss" : "ws");
    if (relay.mediaPort())
        std::printf("media on port %u (%s: tus 1.0 uploads to /files/, downloads of /media/ID)\n",
                    relay.mediaPort(), relay.secure() ? "https" : "http");
    if (relay.metricsPort())
        std::printf("metrics on port %u (/metrics, /healthz) of %s\n", relay.metricsPort(),
                    qPrintable(config.metricsAddress.toString()));
    std::fflush(stdout);
    app.exec();
    relay.stop();
    std::printf("framenote-relay stopped\n");
    std::fflush(stdout);
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    // The glib event dispatcher adds an eventfd write per socket write (one system call more).
    qputenv("QT_NO_GLIB", "1");
#if defined(FRAMENOTE_HAVE_EPOLL)
    // Chosen before the application exists (the dispatcher belongs to the main thread's loop).
    bool qtLoop = false;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--event-loop=qt") == 0 ||
            (std::strcmp(argv[i], "--event-loop") == 0 && i + 1 < argc &&
             std::strcmp(argv[i + 1], "qt") == 0))
            qtLoop = true;
    if (!qtLoop) QCoreApplication::setEventDispatcher(new framenote::sync::EpollEventDispatcher);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("framenote-relay");
    QCoreApplication::setApplicationVersion(framenote::kVersion);
    QStringList args = app.arguments();
    for (const QString& a : args.mid(1)) {
        if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            return kExitOk;
        }
        if (a == "--version" || a == "-v") {
            std::printf("framenote-relay %s\n", framenote::kVersion);
            return kExitOk;
        }
    }
    if (args.size() > 1 && args[1] == "token") {
        args.removeAt(1);
        return tokenCommand(args);
    }
    if (args.size() > 1 && args[1] == "revoke") {
        args.removeAt(1);
        return revokeCommand(args);
    }
    if (args.size() > 1 && args[1] == "backup") {
        args.removeAt(1);
        return backupCommand(args);
    }
    return relayCommand(app, args);
}
