#include "core/cluster/jetstream_room_log.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <limits>

namespace framenote::cluster {

namespace {

constexpr int kReadPage = 4096;  // operations per read of the stream

uint64_t newEpoch() {
    uint64_t epoch = 0;
    while (epoch == 0) epoch = QRandomGenerator::system()->generate64();
    return epoch;
}

}  // namespace

JetStreamRoomLog::JetStreamRoomLog(std::unique_ptr<JetStreamLog> log, JetStreamSettings settings)
    : log_(std::move(log)), settings_(std::move(settings)) {}

Result<std::unique_ptr<JetStreamRoomLog>> JetStreamRoomLog::open(
    const JetStreamSettings& settings) {
    auto log = JetStreamLog::open(settings);
    if (!log) return makeError(log.error());
    return std::unique_ptr<JetStreamRoomLog>(new JetStreamRoomLog(std::move(*log), settings));
}

Result<std::optional<JetStreamRoomLog::Meta>> JetStreamRoomLog::meta(const QString& room) {
    auto bytes = log_->roomMeta(room);
    if (!bytes) return makeError(bytes.error());
    if (!bytes->has_value()) return std::optional<Meta>();
    const QJsonObject o = QJsonDocument::fromJson(**bytes).object();
    Meta m;
    m.epoch = o["epoch"].toString().toULongLong();
    m.creator = o["creator"].toString();
    m.frameCount = static_cast<int64_t>(o["frame_count"].toDouble());
    return std::optional<Meta>(m);
}

QByteArray JetStreamRoomLog::metaBytes(const Meta& m) {
    return QJsonDocument(QJsonObject{{"epoch", QString::number(m.epoch)},
                                     {"creator", m.creator},
                                     {"frame_count", static_cast<double>(m.frameCount)}})
        .toJson(QJsonDocument::Compact);
}

Status JetStreamRoomLog::putMeta(const QString& room, const Meta& m) {
    return log_->putRoomMeta(room, metaBytes(m));
}

Result<JetStreamRoomLog::Slots*> JetStreamRoomLog::index(const QString& room) {
    Slots& placed = index_[room];
    for (;;) {
        auto page = log_->read(room, placed.empty() ? 0 : placed.back().streamSequence, kReadPage);
        if (!page) return makeError(page.error());
        for (const StoredOperation& op : *page)
            placed.push_back({op.streamSequence, op.record.opId});
        if (static_cast<int>(page->size()) < kReadPage) return &placed;
    }
}

Result<std::vector<sync::LogRecord>> JetStreamRoomLog::all(const QString& room) {
    return read(room, 0, std::numeric_limits<int64_t>::max(), std::numeric_limits<int>::max());
}

Result<sync::RoomRecord> JetStreamRoomLog::openRoom(const QString& room, const QString& creator) {
    auto m = meta(room);
    if (!m) return makeError(m.error());
    if (!m->has_value()) {
        auto made = log_->createRoomMeta(room, metaBytes(Meta{newEpoch(), creator, 0}));
        if (!made) return makeError(made.error());
        m = meta(room);  // ours, or the one another relay made first
        if (!m || !m->has_value()) return makeError("the room's metadata vanished: " + m.error());
    }
    auto placed = index(room);
    if (!placed) return makeError(placed.error());
    sync::RoomRecord record;
    record.room = room;
    record.epoch = (*m)->epoch;
    record.head = static_cast<int64_t>((*placed)->size());
    record.frameCount = (*m)->frameCount;
    return record;
}

Result<sync::RoomLog::RoomCounts> JetStreamRoomLog::roomCounts(const QString& creator) {
    auto names = log_->roomsWithMeta();
    if (!names) return makeError(names.error());
    RoomCounts counts;
    counts.total = names->size();
    for (const QString& room : *names) {
        auto m = meta(room);
        if (m && m->has_value() && (*m)->creator == creator) ++counts.byCreator;
    }
    return counts;
}

Result<int64_t> JetStreamRoomLog::storedBytes() { return log_->storedBytes(); }

Result<bool> JetStreamRoomLog::hasRoom(const QString& room) {
    auto m = meta(room);
    if (!m) return makeError(m.error());
    return m->has_value();
}

Result<uint64_t> JetStreamRoomLog::renewEpoch(const QString& room) {
    auto m = meta(room);
    if (!m) return makeError(m.error());
    Meta renewed = m->value_or(Meta{});
    renewed.epoch = newEpoch();
    if (Status s = putMeta(room, renewed); !s) return makeError(s.error());
    return renewed.epoch;
}

Status JetStreamRoomLog::append(std::span<const sync::LogRecord> records) {
    for (const sync::LogRecord& record : records) {
        // The index as this relay left it: a room another relay wrote meanwhile is a Conflict.
        auto known = index_.find(record.room);
        auto placed = known != index_.end() ? Result<Slots*>(&*known) : index(record.room);
        if (!placed) return makeError(placed.error());
        const auto taken = static_cast<int64_t>((*placed)->size());
        if (record.sequence <= taken) {
            // Stored already by a commit that failed after it: the same operation is that one.
            if ((**placed)[static_cast<size_t>(record.sequence - 1)].opId == record.opId) continue;
            return makeError("operation " + std::to_string(record.sequence) + " of room " +
                             record.room.toStdString() +
                             " is another one in the stream (stored by a commit that failed "
                             "halfway, or by another relay): the room must be loaded again");
        }
        if (record.sequence != taken + 1)
            return makeError("operation " + std::to_string(record.sequence) + " of room " +
                             record.room.toStdString() + " would leave a gap after " +
                             std::to_string(taken));
        auto outcome =
            log_->append(record, (*placed)->empty() ? 0 : (*placed)->back().streamSequence);
        if (const auto* refused = std::get_if<AppendRefused>(&outcome)) {
            if (refused->why == AppendRefused::Why::Conflict) {
                (void)index(record.room);  // what was written meanwhile, for the next try
                return makeError("room " + record.room.toStdString() +
                                 " was written by another relay meanwhile: " + refused->message);
            }
            return makeError("JetStream did not store operation " +
                             std::to_string(record.sequence) + " of room " +
                             record.room.toStdString() + ": " + refused->message);
        }
        const Appended& appended = std::get<Appended>(outcome);
        if (!appended.duplicate) (*placed)->push_back({appended.streamSequence, record.opId});
    }
    return Ok{};
}

Result<std::vector<sync::LogRecord>> JetStreamRoomLog::read(const QString& room, int64_t after,
                                                            int64_t upTo, int limit) {
    auto placed = index(room);
    if (!placed) return makeError(placed.error());
    std::vector<sync::LogRecord> out;
    const auto count = static_cast<int64_t>((*placed)->size());
    after = std::max<int64_t>(after, 0);
    upTo = std::min(upTo, count);
    while (after < upTo && static_cast<int>(out.size()) < limit) {
        // Just before operation after + 1.
        const uint64_t from = (**placed)[static_cast<size_t>(after)].streamSequence - 1;
        const int want = static_cast<int>(
            std::min<int64_t>({upTo - after, limit - static_cast<int64_t>(out.size()), kReadPage}));
        auto page = log_->read(room, from, want);
        if (!page) return makeError(page.error());
        if (page->empty()) break;
        for (StoredOperation& op : *page) out.push_back(std::move(op.record));
        after += static_cast<int64_t>(page->size());
    }
    return out;
}

Result<std::vector<std::pair<QUuid, int64_t>>> JetStreamRoomLog::operationIds(const QString& room) {
    auto records = all(room);
    if (!records) return makeError(records.error());
    std::vector<std::pair<QUuid, int64_t>> ids;
    ids.reserve(records->size());
    for (const sync::LogRecord& r : *records) ids.emplace_back(r.opId, r.sequence);
    return ids;
}

Status JetStreamRoomLog::setFrameCount(const QString& room, int64_t frameCount) {
    auto m = meta(room);
    if (!m) return makeError(m.error());
    Meta updated = m->value_or(Meta{newEpoch(), {}, 0});
    updated.frameCount = frameCount;
    return putMeta(room, updated);
}

Result<int64_t> JetStreamRoomLog::lastSequenceBefore(const QString& room, int64_t receivedMs) {
    auto records = all(room);
    if (!records) return makeError(records.error());
    int64_t last = 0;
    for (const sync::LogRecord& r : *records)
        if (r.receivedMs < receivedMs) last = r.sequence;
    return last;
}

Status JetStreamRoomLog::compact(const QString&, int64_t, const std::string&) {
    return Ok{};  // not yet: the stream keeps every operation (the header says so)
}

Result<QStringList> JetStreamRoomLog::rooms() { return log_->roomsWithMeta(); }

Status JetStreamRoomLog::backup(const QString&) {
    return makeError("a relay cluster's rooms are in NATS JetStream: back up the stream " +
                     settings_.stream + " and the bucket " + settings_.metaBucket +
                     " with NATS's tools (nats stream backup)");
}

QString JetStreamRoomLog::location() const {
    return QStringLiteral("NATS JetStream stream %1 at %2")
        .arg(QString::fromStdString(settings_.stream), settings_.servers.join(QLatin1Char(',')));
}

}  // namespace framenote::cluster
