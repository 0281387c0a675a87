#pragma once
// Settings of a RelayServer. The defaults are those of docs/PROTOCOL.md ("Limits") and DESIGN.md.
#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "core/common/result.h"
#include "core/sync/relay_auth.h"
#include "core/sync/relay_room_log.h"
#include "core/sync/wire_codec.h"

namespace framenote::sync {

struct RelayConfig {
    QHostAddress address = QHostAddress::Any;
    quint16 port = 8470;                 // 0: any free port (RelayServer::port() tells which)
    QString dataDir;                     // relay.sqlite (the room logs) and relay.secret
    bool open = false;                   // accept Hello with a display name and no token (LAN)
    QByteArray secret;                   // token secret; empty: dataDir/relay.secret (made if missing)
    // Tokens living longer than this (exp - iat) are refused (docs/PROTOCOL.md "Authentication").
    int64_t maxTokenTtlSeconds = kDefaultMaxTokenTtlSeconds;
    QString tlsCertificate;              // PEM; with tlsKey: wss:// (QSslServer)
    QString tlsKey;                      // PEM, RSA or EC, unencrypted
    int metricsPort = -1;                // -1: no metrics server; 0: any free port
    // /metrics and /healthz tell anyone who can reach them about rooms and load: loopback unless
    // the operator opens them on purpose (--metrics-address).
    QHostAddress metricsAddress = QHostAddress::LocalHost;
    QString relayName;                   // Welcome.relay_name; default "framenote-relay VERSION"

    size_t maxMessageBytes = kDefaultMaxMessageBytes;  // larger messages get ERROR_CODE_TOO_LARGE
    // Messages far larger than the cap (this many times it) are not read at all: the WebSocket
    // layer closes the connection (close code 1009) instead of buffering them.
    int hardMessageFactor = 4;
    double ratePerSecond = 200;          // token bucket per connection (0: unlimited)
    double rateBurst = 400;
    double presencePerSecond = 30;       // presence forwarded per participant; the rest coalesced
    // Threads the connections' sockets live on (relay_io.h); 0: one per core, at most 4.
    int ioThreads = 0;
    int flushWindowMs = 2;               // at most one batch per connection this often (0: every turn)
    size_t sendQueueBytes = 8u << 20;    // unsent bytes past which a connection is a slow consumer
    // Presence thinning (held_presence.h): once more than this many bytes wait to leave for a
    // connection (the relay's buffer plus its kernel socket's unsent bytes), presence meant for
    // it is held, only the latest per sender, and goes out paced (presence_pacer.h) while it has
    // drained; operations are never held. 0: never thin. 2 KiB is 0.16 s of a 100 kbit/s link,
    // and nothing on a LAN.
    size_t presenceThinBytes = 2048;
    // The pacing: held presence slows down when a ping's round trip is this much above the
    // lowest of the last 10 s (a queue on the link, in front of the operations).
    int presenceQueueTargetMs = 50;
    int presenceThinCheckMs = 20;        // how often a connection's backlog is looked at (an ioctl)
    size_t maxOutMessageBytes = 256u << 10;  // a Batch is split above this
    int heartbeatMs = 30000;             // ping period; 3 periods of silence drop a peer
    int helloTimeoutMs = 10000;          // a connection that says no Hello by then is closed
    int replayPageOperations = 500;
    size_t pageBytes = 256u << 10;       // replay pages and snapshot parts stay under this
    // A joiner without a position gets a Replay from the start when the room's whole history is
    // in the log and at most this long; otherwise a Snapshot.
    int64_t fullReplayLimit = 20000;
    int64_t retainMs = int64_t{7} * 24 * 3600 * 1000;  // history kept before compaction
    int compactionIntervalMs = 3600 * 1000;            // 0: never compact on its own
    int listenBacklog = 4096;
    int maxPendingConnections = 4096;
    bool synchronousFull = true;         // SQLite synchronous=FULL (durable across power loss)
    // The SQLite log's WAL checkpoints run on a thread of their own this often, never inside a
    // commit (log_checkpointer.h). 0: SQLite's automatic checkpoints, inside commits.
    int checkpointIntervalMs = 1000;
    int roomIdleUnloadMs = 5 * 60 * 1000;  // an empty room leaves memory after this

    // Another room log backend; default: SqliteRoomLog in dataDir. Called twice (a writer and a
    // reader instance).
    std::function<Result<std::unique_ptr<RoomLog>>()> logFactory;
};

}  // namespace framenote::sync
