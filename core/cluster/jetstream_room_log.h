#pragma once
// The relay's RoomLog (core/sync/relay_room_log.h) on NATS JetStream (jetstream_log.h): what
// `framenote-relay --cluster` keeps its rooms in, so that another relay on the same cluster
// serves them when this one dies (docs/ARCHITECTURE.md, "Relay cluster").
//
// Room sequences stay dense and unique: an append succeeds only where the room's subject ends, so
// the k-th message of a room is its operation k. Each instance keeps, per room it touched, the
// stream sequence and op_id of every operation (24 bytes each) to read from any point. An
// operation whose sequence is taken already is accepted only if it is the one stored there
// (a commit that failed halfway, then resent): JetStream's appends are one by one, not one
// transaction, and a publish that timed out may still be stored.
//
// Not yet: compaction (compact() keeps everything; the stream is the history) and backup()
// (back the stream up with NATS's own tools). Operations appended by another relay are seen
// when a room is read again; two relays writing one room at once get a refusal, not a merge.
#include <QHash>
#include <memory>
#include <vector>

#include "core/cluster/jetstream_log.h"
#include "core/sync/relay_room_log.h"

namespace framenote::cluster {

class JetStreamRoomLog : public sync::RoomLog {
  public:
    static Result<std::unique_ptr<JetStreamRoomLog>> open(const JetStreamSettings& settings);

    Result<sync::RoomRecord> openRoom(const QString& room, const QString& creator = {}) override;
    Result<RoomCounts> roomCounts(const QString& creator) override;
    Result<int64_t> storedBytes() override;
    Result<bool> hasRoom(const QString& room) override;
    Result<uint64_t> renewEpoch(const QString& room) override;
    Status append(std::span<const sync::LogRecord> records) override;
    Result<std::vector<sync::LogRecord>> read(const QString& room, int64_t after, int64_t upTo,
                                              int limit) override;
    Result<std::vector<std::pair<QUuid, int64_t>>> operationIds(const QString& room) override;
    Status setFrameCount(const QString& room, int64_t frameCount) override;
    Result<int64_t> lastSequenceBefore(const QString& room, int64_t receivedMs) override;
    Status compact(const QString& room, int64_t through, const std::string& snapshot) override;
    Result<QStringList> rooms() override;
    Status backup(const QString& path) override;
    QString location() const override;

  private:
    struct Meta {
        uint64_t epoch = 0;
        QString creator;
        int64_t frameCount = 0;
    };
    JetStreamRoomLog(std::unique_ptr<JetStreamLog> log, JetStreamSettings settings);
    Result<std::optional<Meta>> meta(const QString& room);
    static QByteArray metaBytes(const Meta& meta);
    Status putMeta(const QString& room, const Meta& meta);
    // Where each of a room's operations is in the stream, and which it is (index k: the room's
    // operation k + 1).
    struct Slot {
        uint64_t streamSequence = 0;
        QUuid opId;
    };
    using Slots = std::vector<Slot>;
    // The room's slots, brought up to the subject's end.
    Result<Slots*> index(const QString& room);
    // Every operation of the room, in order.
    Result<std::vector<sync::LogRecord>> all(const QString& room);

    std::unique_ptr<JetStreamLog> log_;
    JetStreamSettings settings_;
    QHash<QString, Slots> index_;
};

}  // namespace framenote::cluster
