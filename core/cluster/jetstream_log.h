#pragma once
// The room log of a relay cluster on NATS JetStream (docs/ARCHITECTURE.md, "Relay cluster"):
// each room's operations are one subject of a replicated stream, in the order JetStream stored
// them. This is the one place the cluster talks to JetStream about operations.
//
// Admission across relays: a relay appends an operation only if the room's subject still ends
// where the relay's view of the room ends (JetStream's "expected last subject sequence"), so two
// relays cannot both admit operations on the same stale state; the loser is told Conflict,
// reads what it missed and checks again. The op_id is the message id, so a resent operation is
// stored once (within the stream's duplicate window, 2 minutes; the relay keeps the op_ids it
// has seen for longer). Appended means written on a quorum of the replicas: only then may the
// client be acknowledged.
//
// Blocking calls (libnats' own threads do the I/O): use it from one thread, the relay's commit
// thread.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/common/result.h"
#include "core/sync/relay_room_log.h"

namespace framenote::cluster {

struct JetStreamSettings {
    QStringList servers;   // nats://host:port, any of the cluster's nodes
    int replicas = 3;      // the stream's replicas (a quorum of them acknowledges a write)
    int timeoutMs = 2000;  // a request JetStream has not answered by then failed
    std::string stream = "FRAMENOTE_ROOMS";
    std::string metaBucket = "FRAMENOTE_ROOM_META";
    std::string probeStream = "FRAMENOTE_PROBE";
};

// One operation as the stream holds it.
struct StoredOperation {
    sync::LogRecord record;
    uint64_t streamSequence = 0;  // JetStream's, across all rooms: not dense per room
};

struct Appended {
    uint64_t streamSequence = 0;
    bool duplicate = false;  // the op_id was stored already: this is where
};

struct AppendRefused {
    enum class Why {
        Conflict,     // the room's subject moved on: read what is new, check, try again
        Unavailable,  // no quorum answered in time: nothing may be acknowledged
        Invalid,      // the record cannot be stored (a room name that is no subject token)
    };
    Why why = Why::Unavailable;
    std::string message;
};

class JetStreamLog {
  public:
    // Connects (to any of the servers, failing over among them) and makes the stream if it does
    // not exist.
    static Result<std::unique_ptr<JetStreamLog>> open(const JetStreamSettings& settings);
    ~JetStreamLog();
    JetStreamLog(const JetStreamLog&) = delete;
    JetStreamLog& operator=(const JetStreamLog&) = delete;

    // Appends `record` to its room if the room's last stream sequence is `expectedLast` (0: the
    // room has nothing yet).
    std::variant<Appended, AppendRefused> append(const sync::LogRecord& record,
                                                 uint64_t expectedLast);
    // The stream sequence of the room's last operation (0: none).
    Result<uint64_t> lastSequence(const QString& room);
    // The room's operations after stream sequence `after`, in order, at most `limit`.
    Result<std::vector<StoredOperation>> read(const QString& room, uint64_t after, int limit);
    // Bytes the stream holds (the relay's storage quota).
    Result<int64_t> storedBytes();
    // Writes a message that a quorum must take (to a stream of its own that keeps one): what
    // says the cluster would take an operation now.
    Status probeWrite();

    // Each room's metadata (its epoch, creator, frame count: jetstream_room_log.h) in a
    // replicated key-value bucket beside the stream.
    Result<std::optional<QByteArray>> roomMeta(const QString& room);
    Status putRoomMeta(const QString& room, const QByteArray& meta);
    // Stores it only if the room has none yet: false when another relay was first.
    Result<bool> createRoomMeta(const QString& room, const QByteArray& meta);
    Result<QStringList> roomsWithMeta();

  private:
    struct Handles;
    explicit JetStreamLog(std::unique_ptr<Handles> handles, JetStreamSettings settings);
    std::string subject(const QString& room) const;

    std::unique_ptr<Handles> handles_;
    JetStreamSettings settings_;
};

}  // namespace framenote::cluster
