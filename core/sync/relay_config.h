#pragma once
// Settings of a RelayServer. The defaults are those of docs/PROTOCOL.md ("Limits") and
// docs/ARCHITECTURE.md ("The relay").
#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

#include "core/common/result.h"
#include "core/sync/media_store.h"
#include "core/sync/protocol_limits.h"
#include "core/sync/relay_auth.h"
#include "core/sync/relay_room_log.h"

namespace framenote::sync {

struct RelayConfig {
    QHostAddress address = QHostAddress::Any;
    quint16 port = 8470;  // 0: any free port (RelayServer::port() tells which)
    QString dataDir;      // relay.sqlite (the room logs) and relay.secret
    bool open = false;    // accept Hello with a display name and no token (LAN)
    QByteArray secret;    // token secret; empty: dataDir/relay.secret (made if missing)
    // Tokens living longer than this (exp - iat) are refused (docs/PROTOCOL.md "Authentication").
    int64_t maxTokenTtlSeconds = kDefaultMaxTokenTtlSeconds;
    QString tlsCertificate;  // PEM; with tlsKey: wss:// (QSslServer)
    QString tlsKey;          // PEM, RSA or EC, unencrypted
    int metricsPort = -1;    // -1: no metrics server; 0: any free port
    // /metrics and /healthz tell anyone who can reach them about rooms and load: loopback unless
    // the operator opens them on purpose (--metrics-address).
    QHostAddress metricsAddress = QHostAddress::LocalHost;
    QString relayName;  // Welcome.relay_name; default "framenote-relay VERSION"
    // Media over HTTP, tus 1.0 (docs/PROTOCOL.md, "Media transfer"), on the WebSocket port's
    // address: -1 none; 0 any free port. Its files live in dataDir/media.
    int mediaPort = -1;
    MediaStoreLimits mediaLimits;

    size_t maxMessageBytes = kDefaultMaxMessageBytes;  // larger messages get ERROR_CODE_TOO_LARGE
    // Messages far larger than the cap (this many times it) are not read at all: the WebSocket
    // layer closes the connection (close code 1009) instead of buffering them.
    int hardMessageFactor = 4;
    double ratePerSecond = 200;  // token bucket per connection (0: unlimited)
    double rateBurst = 400;
    // Bytes per connection, beside the messages: a member sending the largest operations as fast
    // as the message rate allows would otherwise grow the room by about 12 MB a second.
    double bytesPerSecond = 2u << 20;  // 0: unlimited
    double bytesBurst = 8u << 20;
    double presencePerSecond = 30;  // presence forwarded per participant; the rest coalesced
    // Threads the connections' sockets live on (relay_io.h); 0: one per core, at most 4.
    int ioThreads = 0;
    int flushWindowMs = 2;  // at most one batch per connection this often (0: every turn)
    size_t sendQueueBytes = 8u << 20;  // unsent bytes past which a connection is a slow consumer
    // Presence thinning (held_presence.h): once more than this many bytes wait to leave for a
    // connection (the relay's buffer plus its kernel socket's unsent bytes), presence meant for
    // it is held, only the latest per sender, and goes out paced (presence_pacer.h) while it has
    // drained; operations are never held. 0: never thin. 2 KiB is 0.16 s of a 100 kbit/s link,
    // and nothing on a LAN.
    size_t presenceThinBytes = 2048;
    // The pacing: held presence slows down when a ping's round trip is this much above the
    // lowest of the last 10 s (a queue on the link, in front of the operations).
    int presenceQueueTargetMs = 50;
    int presenceThinCheckMs = 20;  // how often a connection's backlog is looked at (an ioctl)
    size_t maxOutMessageBytes = 256u << 10;  // a Batch is split above this
    int heartbeatMs = 30000;                 // ping period; 3 periods of silence drop a peer
    int helloTimeoutMs = 10000;              // a connection that says no Hello by then is closed
    // A socket whose WebSocket upgrade (after its TLS handshake, with TLS) is not done by then is
    // closed: idle sockets must not hold file descriptors.
    int handshakeTimeoutMs = 10000;
    // Sockets accepted but not yet authenticated (upgrading, or waiting for their Hello): new
    // ones past this are closed at once. 0: no limit.
    int maxUnauthenticated = 1024;
    // Open sockets per client address (IPv4 or IPv6 address, any port). 0: no limit. Behind a
    // reverse proxy every client has the proxy's address: raise it there.
    int maxConnectionsPerAddress = 2048;
    int replayPageOperations = 500;
    size_t pageBytes = 256u << 10;  // replay pages and snapshot parts stay under this
    // A joiner without a position gets a Replay from the start when the room's whole history is
    // in the log and at most this long; otherwise a Snapshot.
    int64_t fullReplayLimit = 20000;
    // A room's last snapshot is sent again, followed by a replay of what came after it, while it is
    // at most this many operations behind the head; past that a new one is assembled.
    int64_t snapshotReuseOps = 1000;
    int64_t retainMs = int64_t{7} * 24 * 3600 * 1000;  // history kept before compaction
    int compactionIntervalMs = 3600 * 1000;            // 0: never compact on its own
    int listenBacklog = 4096;
    int maxPendingConnections = 4096;
    bool synchronousFull = true;  // SQLite synchronous=FULL (durable across power loss)
    // At start, a log that lacks operations the relay acknowledged (ack_ledger.h) stops the relay;
    // with this, the damaged rooms go on under new epochs instead (their clients resync).
    bool acceptLoss = false;
    // The SQLite log's WAL checkpoints run on a thread of their own this often, never inside a
    // commit (core/sqlite/wal_checkpointer.h). 0: SQLite's automatic checkpoints, inside commits.
    int checkpointIntervalMs = 1000;
    int roomIdleUnloadMs = 5 * 60 * 1000;  // an empty room leaves memory after this

    // Quotas (ERROR_CODE_QUOTA_EXCEEDED; 0: none). Bytes are those the log stores for
    // operations and snapshots; compaction frees them only when the room is next loaded.
    int64_t maxRoomBytes = int64_t{512} << 20;
    int64_t maxStoredBytes = int64_t{64} << 30;  // the whole relay
    int64_t maxRoomsPerUser = 1000;              // rooms a user's Joins may create
    int64_t maxRooms = 100000;

    // Another room log backend; default: SqliteRoomLog in dataDir. Called twice (a writer and a
    // reader instance).
    std::function<Result<std::unique_ptr<RoomLog>>()> logFactory;
    // What that backend says of itself, for /healthz (false and why: unhealthy) and /metrics
    // (more lines). Called on the relay's thread: they must not block.
    std::function<bool(QByteArray* why)> backendHealth;
    std::function<QByteArray()> backendMetrics;
};

}  // namespace framenote::sync
