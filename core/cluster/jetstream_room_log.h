#pragma once
// The relay's RoomLog (core/sync/relay_room_log.h) on NATS JetStream (jetstream_log.h): what
// `framenote-relay --cluster` keeps its rooms in, so that another relay on the same cluster
// serves them when this one dies (docs/ARCHITECTURE.md, "Relay cluster").
//
// Room sequences stay dense: an append succeeds only where the room's subject ends, so the
// k-th message of a room is its operation k. Each instance keeps, per room it touched, the
// stream sequence of every operation (8 bytes each) to read from any point.
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
    Status putMeta(const QString& room, const Meta& meta);
    // The room's operations' stream sequences, brought up to the subject's end (index k: the
    // room's operation k + 1).
    Result<std::vector<uint64_t>*> index(const QString& room);
    // Every operation of the room, in order.
    Result<std::vector<sync::LogRecord>> all(const QString& room);

    std::unique_ptr<JetStreamLog> log_;
    JetStreamSettings settings_;
    QHash<QString, std::vector<uint64_t>> index_;
};

}  // namespace framenote::cluster
