#pragma once
// The relay's room log behind an interface (so that relays on several machines can share one): the
// ordered, durable list of each room's operations. SqliteRoomLog (relay_sqlite_log.h) is the
// implementation here; a shared backend (PostgreSQL, NATS JetStream, Redis Streams) implements
// the same calls.
//
// Sequence numbers are given by the relay (RelayServer), not by the log; the log stores them and
// refuses nothing but a broken write. An instance is used by one thread at a time; the relay
// opens one for writing (on its commit thread) and one for reading (on its event loop).
#include <QString>
#include <QStringList>
#include <QUuid>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/common/result.h"

namespace framenote::sync {

// One operation of a room's log.
struct LogRecord {
    QString room;
    int64_t sequence = 0;
    QUuid opId;
    QString actor;
    int64_t timeMs = 0;      // the actor's clock (ms since the Unix epoch)
    int64_t receivedMs = 0;  // the relay's clock when the operation arrived (retention, history)
    // A serialized v1::Operation that needs no room context: people by name, not by number, and
    // the media id always present (relay_codec.h storedOperationBytes). Empty once compacted.
    std::string payload;
};

struct RoomRecord {
    QString room;
    uint64_t epoch = 0;            // names the room's sequence space (PROTOCOL.md "Epoch")
    int64_t head = 0;              // the last committed sequence (0: empty)
    int64_t compactedThrough = 0;  // operations up to this sequence live on only in `snapshot`
    std::string snapshot;    // v1::Snapshot at compactedThrough (people by name); may be empty
    int64_t frameCount = 0;  // frames of the media, as a writer stated it (0: unknown)
};

class RoomLog {
  public:
    virtual ~RoomLog() = default;

    // The room's record; creates the room (with a fresh random epoch) when it is new, in the
    // name of `creator` (the user whose Join made it; quotas count rooms per creator).
    virtual Result<RoomRecord> openRoom(const QString& room, const QString& creator = {}) = 0;
    // How many rooms exist, and how many of them `creator` made.
    struct RoomCounts {
        int64_t total = 0;
        int64_t byCreator = 0;
    };
    virtual Result<RoomCounts> roomCounts(const QString& creator) = 0;
    // Bytes the log holds for operations and snapshots (the relay's storage quota counts these).
    virtual Result<int64_t> storedBytes() = 0;
    // Whether the room exists, without creating it.
    virtual Result<bool> hasRoom(const QString& room) = 0;
    // Gives the room a new random epoch (PROTOCOL.md "Epoch": its clients resync) and returns it.
    virtual Result<uint64_t> renewEpoch(const QString& room) = 0;
    // Appends every record (of any rooms) in one transaction: all are durable when it returns
    // Ok, none are when it fails.
    virtual Status append(std::span<const LogRecord> records) = 0;
    // The room's records with sequence in (after, upTo], in order, at most `limit`.
    virtual Result<std::vector<LogRecord>> read(const QString& room, int64_t after, int64_t upTo,
                                                int limit) = 0;
    // op_id -> sequence of every operation the room ever committed, compacted ones included
    // (resends are deduplicated against all of them).
    virtual Result<std::vector<std::pair<QUuid, int64_t>>> operationIds(const QString& room) = 0;
    virtual Status setFrameCount(const QString& room, int64_t frameCount) = 0;
    // The last sequence of the room whose operation arrived before `receivedMs` (0: none).
    virtual Result<int64_t> lastSequenceBefore(const QString& room, int64_t receivedMs) = 0;
    // Forgets the payloads of operations up to `through` (ids and sequences stay, for
    // deduplication and the audit of who did what when) and keeps `snapshot`, the state at
    // `through`, in their place. Sequence numbers keep their meaning, so the epoch stays.
    virtual Status compact(const QString& room, int64_t through, const std::string& snapshot) = 0;
    virtual Result<QStringList> rooms() = 0;
    // A consistent copy of the whole log, taken while it is in use. The copy's rooms get new
    // epochs (PROTOCOL.md "Epoch": a log restored from a backup is a new sequence space).
    virtual Status backup(const QString& path) = 0;
    // Where the log lives, for messages.
    virtual QString location() const = 0;
};

}  // namespace framenote::sync
