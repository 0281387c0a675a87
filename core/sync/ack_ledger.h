#pragma once
// The highest sequence the relay has acknowledged in each room, kept apart from the room log and
// its WAL (docs/ARCHITECTURE.md, "The relay"; the epoch: PROTOCOL.md, "Rooms: join, snapshot,
// replay"). The log is the truth of what happened; this ledger is the relay's own memory of what
// it promised, so that a log which lost
// acknowledged operations (a deleted or truncated WAL, a database file replaced by an empty or
// older one) is noticed at start instead of being served as if nothing happened.
//
// The file (relay.acked in the data directory) is append-only text, one line per room and commit:
// "EPOCH SEQUENCE ROOM\n"; the last line for a room wins. A line cut short by a crash was never
// acknowledged (the acks go out after record() returns) and is ignored. Past a few MiB the file is
// rewritten with one line per room (a temporary file renamed over it). Used on one thread.
#include <QFile>
#include <QString>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/sync/relay_room_log.h"

namespace framenote::sync {

class AckLedger {
  public:
    struct Entry {
        uint64_t epoch = 0;
        int64_t sequence = 0;
    };
    static constexpr const char* kFileName = "relay.acked";

    // Reads the ledger at `path` (none yet: empty) and opens it for appending. `durable`: record()
    // returns only once its lines are on disk (fdatasync), as the log's own commits do with
    // synchronous=FULL; otherwise once they are in the kernel (they survive a crash of the relay).
    static Result<std::unique_ptr<AckLedger>> open(const QString& path, bool durable);

    const std::map<QString, Entry>& entries() const { return entries_; }
    // Remembers that each room is acknowledged through its sequence.
    Status record(const std::vector<std::pair<QString, Entry>>& updates);

  private:
    AckLedger(QString path, bool durable) : path_(std::move(path)), durable_(durable) {}
    Status rewrite();
    Status append(const QByteArray& lines);

    QString path_;
    bool durable_ = true;
    QFile file_;
    std::map<QString, Entry> entries_;
    int64_t fileBytes_ = 0;
};

// A room whose log lacks operations the ledger says were acknowledged.
struct LedgerGap {
    QString room;
    AckLedger::Entry acknowledged;
    bool roomMissing = false;  // the log has no such room at all
    uint64_t logEpoch = 0;
    int64_t logHead = 0;
    std::string describe() const;
};

// Every room of the ledger whose log is behind it: missing, of another epoch, or with a lower head.
Result<std::vector<LedgerGap>> findLedgerGaps(RoomLog& log, const AckLedger& ledger);

}  // namespace framenote::sync
