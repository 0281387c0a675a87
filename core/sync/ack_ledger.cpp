#include "core/sync/ack_ledger.h"

#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace framenote::sync {

namespace {

constexpr int64_t kRewriteBytes = 4 << 20;

QByteArray line(const QString& room, const AckLedger::Entry& e) {
    return QByteArray::number(static_cast<qulonglong>(e.epoch)) + ' ' +
           QByteArray::number(static_cast<qlonglong>(e.sequence)) + ' ' + room.toUtf8() + '\n';
}

// Parses the ledger's text; a last line without its newline (cut by a crash) is left out.
std::map<QString, AckLedger::Entry> parse(const QByteArray& text) {
    std::map<QString, AckLedger::Entry> entries;
    qsizetype from = 0;
    for (qsizetype end = text.indexOf('\n'); end >= 0;
         from = end + 1, end = text.indexOf('\n', from)) {
        const QByteArray l = text.mid(from, end - from);
        const qsizetype a = l.indexOf(' ');
        const qsizetype b = a < 0 ? -1 : l.indexOf(' ', a + 1);
        if (b < 0) continue;
        bool okEpoch = false, okSequence = false;
        AckLedger::Entry e{l.left(a).toULongLong(&okEpoch),
                           l.mid(a + 1, b - a - 1).toLongLong(&okSequence)};
        if (!okEpoch || !okSequence) continue;
        entries[QString::fromUtf8(l.mid(b + 1))] = e;
    }
    return entries;
}

}  // namespace

Result<std::unique_ptr<AckLedger>> AckLedger::open(const QString& path, bool durable) {
    std::unique_ptr<AckLedger> ledger(new AckLedger(path, durable));
    QFile existing(path);
    if (existing.exists()) {
        if (!existing.open(QIODevice::ReadOnly))
            return makeError(path.toStdString() + ": cannot read the acknowledgement ledger: " +
                             existing.errorString().toStdString());
        ledger->entries_ = parse(existing.readAll());
    }
    // Rewritten at once: a line cut short by a crash must not run into the next one.
    if (Status s = ledger->rewrite(); !s) return makeError(s.error());
    return ledger;
}

Status AckLedger::record(const std::vector<std::pair<QString, Entry>>& updates) {
    QByteArray lines;
    for (const auto& [room, e] : updates) {
        entries_[room] = e;
        lines += line(room, e);
    }
    if (fileBytes_ + lines.size() > kRewriteBytes) return rewrite();
    return append(lines);
}

Status AckLedger::append(const QByteArray& lines) {
    if (file_.write(lines) != lines.size() || !file_.flush())
        return makeError(path_.toStdString() + ": cannot write the acknowledgement ledger: " +
                         file_.errorString().toStdString());
    if (durable_ && ::fdatasync(file_.handle()) != 0)
        return makeError(path_.toStdString() + ": cannot sync the acknowledgement ledger to disk");
    fileBytes_ += lines.size();
    return Ok{};
}

Status AckLedger::rewrite() {
    file_.close();
    QSaveFile out(path_);  // a temporary file renamed over the ledger: never half of one
    out.setDirectWriteFallback(false);
    if (!out.open(QIODevice::WriteOnly))
        return makeError(path_.toStdString() + ": cannot rewrite the acknowledgement ledger: " +
                         out.errorString().toStdString());
    QByteArray all;
    for (const auto& [room, e] : entries_) all += line(room, e);
    out.write(all);
    if (!out.commit())
        return makeError(path_.toStdString() + ": cannot rewrite the acknowledgement ledger: " +
                         out.errorString().toStdString());
    QFile::setPermissions(path_, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file_.setFileName(path_);
    if (!file_.open(QIODevice::WriteOnly | QIODevice::Append))
        return makeError(path_.toStdString() + ": " + file_.errorString().toStdString());
    if (durable_ && ::fsync(file_.handle()) != 0)
        return makeError(path_.toStdString() + ": cannot sync the acknowledgement ledger to disk");
    fileBytes_ = all.size();
    return Ok{};
}

std::string LedgerGap::describe() const {
    const std::string acked = "acknowledged through sequence " +
                              std::to_string(acknowledged.sequence) + " (epoch " +
                              std::to_string(acknowledged.epoch) + ")";
    if (roomMissing)
        return "room " + room.toStdString() + ": " + acked + ", but the log has no such room";
    if (logEpoch != acknowledged.epoch)
        return "room " + room.toStdString() + ": " + acked + ", but the log holds epoch " +
               std::to_string(logEpoch);
    return "room " + room.toStdString() + ": " + acked + ", but the log ends at sequence " +
           std::to_string(logHead);
}

Result<std::vector<LedgerGap>> findLedgerGaps(RoomLog& log, const AckLedger& ledger) {
    std::vector<LedgerGap> gaps;
    for (const auto& [room, acked] : ledger.entries()) {
        auto exists = log.hasRoom(room);
        if (!exists) return makeError(exists.error());
        LedgerGap gap{room, acked};
        if (!*exists) {
            gap.roomMissing = true;
            gaps.push_back(gap);
            continue;
        }
        auto rec = log.openRoom(room);
        if (!rec) return makeError(rec.error());
        gap.logEpoch = rec->epoch;
        gap.logHead = rec->head;
        if (rec->epoch != acked.epoch || rec->head < acked.sequence) gaps.push_back(gap);
    }
    return gaps;
}

}  // namespace framenote::sync
