#include "core/sync/media_store.h"

#include <unistd.h>

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSaveFile>
#include <algorithm>

#include "core/media/media_fingerprint.h"
#include "core/media/sequence_manifest.h"
#include "core/sync/media_id.h"
#include "core/sync/tus_metadata.h"

namespace framenote::sync {

namespace {

MediaRefusal refusal(int status, std::string why) { return MediaRefusal{status, std::move(why)}; }

// Appends bytes [from, from + length) of `in` to `out` (opened for reading and writing): in the
// kernel where it can (copy_file_range, a reflink on file systems that share extents), through a
// buffer where it cannot. (copy_file_range refuses a file opened for appending, hence not
// QIODevice::Append.)
Status appendRange(QFile& out, QFile& in, int64_t from, int64_t length) {
    if (!out.flush()) return makeError(out.errorString().toStdString());
    if (in.size() < from + length) return makeError("a part holds fewer bytes than it says");
    qint64 left = length;
    qint64 end = out.size();
#ifdef __linux__
    loff_t source = from;
    loff_t to = end;
    while (left > 0) {
        const ssize_t n =
            ::copy_file_range(in.handle(), &source, out.handle(), &to,
                              static_cast<size_t>(std::min<qint64>(left, 1 << 30)), 0);
        if (n <= 0) break;  // not supported here (another file system, an old kernel): below
        left -= n;
    }
    if (left == 0) return Ok{};
    end = to;
    from = source;
#endif
    if (!in.seek(from) || !out.seek(end)) return makeError(out.errorString().toStdString());
    while (left > 0) {
        const QByteArray buffer = in.read(std::min<qint64>(left, 1 << 20));
        if (buffer.isEmpty())
            return makeError("a part ended early: " + in.errorString().toStdString());
        if (out.write(buffer) != buffer.size()) return makeError(out.errorString().toStdString());
        left -= buffer.size();
    }
    if (!out.flush()) return makeError(out.errorString().toStdString());
    return Ok{};
}

// A media id (64 hex digits, checked before) as its 32 bytes.
std::array<uint8_t, 32> fileKey(const std::string& mediaId) {
    std::array<uint8_t, 32> key{};
    const QByteArray bytes = QByteArray::fromHex(QByteArray::fromStdString(mediaId));
    std::copy_n(bytes.begin(), std::min<qsizetype>(bytes.size(), 32), key.begin());
    return key;
}

QString newUploadId() {
    const quint64 a = QRandomGenerator::system()->generate64();
    const quint64 b = QRandomGenerator::system()->generate64();
    return QStringLiteral("%1%2").arg(a, 16, 16, QLatin1Char('0')).arg(b, 16, 16, QLatin1Char('0'));
}

constexpr int64_t kMaxManifestBytes = media::SequenceManifest::kMaxBytes;
const QString kManifestMark = QStringLiteral(".sequence");  // beside a published manifest

MediaRefusal manifestTooLarge(int64_t length) {
    return {413, "an image sequence's manifest of " + std::to_string(length) +
                     " bytes is more than the " + std::to_string(kMaxManifestBytes) +
                     " a relay takes"};
}

QJsonObject toJson(const Upload& u) {
    return QJsonObject{{"id", u.id},
                       {"owner", u.owner},
                       {"media_id", u.mediaId},
                       {"length", static_cast<double>(u.length)},
                       {"offset", static_cast<double>(u.offset)},
                       {"partial", u.partial},
                       {"final", u.final},
                       {"parts", QJsonArray::fromStringList(u.parts)},
                       {"assembly", u.assembly},
                       {"placed_at", static_cast<double>(u.placedAt)},
                       {"metadata", u.metadata},
                       {"created_ms", static_cast<double>(u.createdMs)},
                       {"expires_ms", static_cast<double>(u.expiresMs)}};
}

std::optional<Upload> fromJson(const QJsonObject& o) {
    Upload u;
    u.id = o.value("id").toString();
    u.owner = o.value("owner").toString();
    u.mediaId = o.value("media_id").toString();
    u.length = static_cast<int64_t>(o.value("length").toDouble(-1));
    u.offset = static_cast<int64_t>(o.value("offset").toDouble(-1));
    u.partial = o.value("partial").toBool();
    u.final = o.value("final").toBool();
    for (const QJsonValue& v : o.value("parts").toArray()) u.parts << v.toString();
    u.assembly = o.value("assembly").toString();
    u.placedAt = static_cast<int64_t>(o.value("placed_at").toDouble(-1));
    u.metadata = o.value("metadata").toString();
    u.createdMs = static_cast<int64_t>(o.value("created_ms").toDouble());
    u.expiresMs = static_cast<int64_t>(o.value("expires_ms").toDouble());
    if (!MediaStore::isUploadId(u.id) || u.owner.isEmpty() || u.length < 0 || u.offset < 0 ||
        u.offset > u.length || (!u.mediaId.isEmpty() && !isMediaId(u.mediaId)) ||
        (u.placed() && !MediaStore::isUploadId(u.assembly)))
        return std::nullopt;
    return u;
}

}  // namespace

MediaStore::MediaStore(QString dataDir, MediaStoreLimits limits)
    : dir_(std::move(dataDir) + QStringLiteral("/media")), limits_(limits) {}

bool MediaStore::isUploadId(const QString& id) {
    return id.size() == 32 && std::all_of(id.begin(), id.end(), [](QChar c) {
               return (c >= QLatin1Char('0') && c <= QLatin1Char('9')) ||
                      (c >= QLatin1Char('a') && c <= QLatin1Char('f'));
           });
}

QString MediaStore::uploadsDir() const { return dir_ + QStringLiteral("/uploads"); }
QString MediaStore::partPath(const QString& id) const { return uploadsDir() + "/" + id + ".part"; }
QString MediaStore::infoPath(const QString& id) const { return uploadsDir() + "/" + id + ".info"; }
QString MediaStore::assemblyPath(const QString& key) const {
    return uploadsDir() + "/" + key + ".assembly";
}
QString MediaStore::bytesPath(const Upload& upload) const {
    return upload.placed() ? assemblyPath(upload.assembly) : partPath(upload.id);
}

Status MediaStore::open() {
    if (Status s = load(); !s) return s;
    for (const QString& id : QStringList(publishing_.begin(), publishing_.end())) (void)publish(id);
    return Ok{};
}

Status MediaStore::load() {
    if (!QDir().mkpath(uploadsDir()))
        return makeError("cannot make the media folder " + uploadsDir().toStdString());
    std::lock_guard lock(mutex_);
    QDir media(dir_);
    for (const QFileInfo& f : media.entryInfoList(QDir::Files)) {
        const QString name = f.fileName();
        if (isMediaId(name)) {
            storedBytes_ += f.size();
            QFile owner(f.filePath() + ".owner");
            if (owner.open(QIODevice::ReadOnly))
                ownerBytes_[QString::fromUtf8(owner.readAll()).trimmed()] += f.size();
            if (QFileInfo::exists(f.filePath() + kManifestMark))
                if (auto manifest = media::SequenceManifest::readFile(f.filePath()))
                    listManifest(name, *manifest);
        }
    }
    for (const QFileInfo& f : QDir(uploadsDir()).entryInfoList({"*.info"}, QDir::Files)) {
        QFile file(f.filePath());
        if (!file.open(QIODevice::ReadOnly)) continue;
        auto upload = fromJson(QJsonDocument::fromJson(file.readAll()).object());
        if (!upload || upload->id != f.completeBaseName()) continue;
        // The info may lag the bytes (a crash between the write and the save), never lead.
        const QFileInfo bytes(bytesPath(*upload));
        if (!upload->final && !bytes.exists()) continue;
        if (!upload->placed()) upload->offset = std::min<int64_t>(upload->offset, bytes.size());
        storedBytes_ += upload->length;
        ownerBytes_[upload->owner] += upload->length;
        uploads_.insert(upload->id, *upload);
        // Complete but not published (the relay stopped in between): published below.
        if (upload->complete() && !upload->partial) publishing_.insert(upload->id);
    }
    return Ok{};
}

Status MediaStore::saveInfo(const Upload& upload) const {
    QSaveFile file(infoPath(upload.id));
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(toJson(upload)).toJson(QJsonDocument::Compact)) < 0 ||
        !file.commit())
        return makeError("cannot save the state of upload " + upload.id.toStdString() + ": " +
                         file.errorString().toStdString());
    return Ok{};
}

std::optional<MediaRefusal> MediaStore::quotaRefusal(const QString& owner, int64_t more) const {
    if (storedBytes_ + more > limits_.quotaBytes)
        return refusal(507, "the relay's media storage is full: " + std::to_string(more) +
                                " more bytes would pass its quota of " +
                                std::to_string(limits_.quotaBytes));
    if (ownerBytes_.value(owner) + more > limits_.quotaPerUserBytes)
        return refusal(507, owner.toStdString() + "'s media quota of " +
                                std::to_string(limits_.quotaPerUserBytes) +
                                " bytes would be passed by " + std::to_string(more) + " more");
    int uploads = 0;
    for (const Upload& u : uploads_) uploads += u.owner == owner && !u.complete() ? 1 : 0;
    if (uploads >= limits_.maxUploadsPerUser)
        return refusal(429, owner.toStdString() + " has " + std::to_string(uploads) +
                                " unfinished uploads, the most allowed: finish or delete one");
    return std::nullopt;
}

std::variant<Upload, MediaRefusal> MediaStore::create(
    const QString& owner, const QString& mediaId, int64_t length, bool partial,
    const QString& metadata, int64_t nowMs, const std::optional<PartPlacement>& placement) {
    if (length < 0) return refusal(400, "Upload-Length: missing or not a number of bytes");
    if (placement) {
        if (!partial) return refusal(400, "Upload-Metadata: part_offset is for partial uploads");
        if (!isMediaId(placement->mediaId))
            return refusal(400, "Upload-Metadata: a placed part needs the file's media_id");
        if (placement->fileLength > limits_.maxFileBytes)
            return refusal(413, "Upload-Metadata: part_of_length " +
                                    std::to_string(placement->fileLength) +
                                    " bytes is more than this relay takes");
        if (placement->offset < 0 || placement->offset > placement->fileLength - length)
            return refusal(400, "Upload-Metadata: part_offset " +
                                    std::to_string(placement->offset) + " and Upload-Length " +
                                    std::to_string(length) + " go past part_of_length " +
                                    std::to_string(placement->fileLength));
    }
    if (length > limits_.maxFileBytes)
        return refusal(413, "Upload-Length: " + std::to_string(length) +
                                " bytes is more than this relay takes (" +
                                std::to_string(limits_.maxFileBytes) + ")");
    if (!partial && isSequenceManifest(metadata) && length > kMaxManifestBytes)
        return manifestTooLarge(length);
    if (!partial && !isMediaId(mediaId))
        return refusal(400,
                       "Upload-Metadata: media_id must be the file's media id (64 "
                       "lowercase hex digits, docs/PROTOCOL.md \"Media id\")");
    std::lock_guard lock(mutex_);
    if (auto why = quotaRefusal(owner, length)) return *why;
    Upload u;
    u.id = newUploadId();
    u.owner = owner;
    u.mediaId = partial ? QString() : mediaId;
    u.length = length;
    u.partial = partial;
    u.metadata = metadata;
    u.createdMs = nowMs;
    u.expiresMs = nowMs + limits_.uploadExpiryMs;
    if (placement) {
        // One file per user, media id and length: the same user's parts of the same file meet
        // there; nobody else's can.
        const QByteArray key = owner.toUtf8() + '\n' + placement->mediaId.toLatin1() + '\n' +
                               QByteArray::number(placement->fileLength);
        u.assembly = QString::fromLatin1(
            QCryptographicHash::hash(key, QCryptographicHash::Sha256).toHex().left(32));
        u.placedAt = placement->offset;
    }
    QFile bytes(bytesPath(u));
    if (!bytes.open(placement ? QIODevice::ReadWrite : QIODevice::WriteOnly | QIODevice::NewOnly))
        return refusal(500,
                       "cannot create the upload's file: " + bytes.errorString().toStdString());
    bytes.close();
    if (Status s = saveInfo(u); !s) {
        if (!placement) QFile::remove(partPath(u.id));
        return refusal(500, s.error());
    }
    storedBytes_ += length;
    ownerBytes_[owner] += length;
    uploads_.insert(u.id, u);
    if (length == 0 && !partial) publishing_.insert(u.id);
    return u;
}

std::optional<Upload> MediaStore::find(const QString& id, int64_t nowMs) {
    if (!isUploadId(id)) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = uploads_.find(id);
    if (it == uploads_.end() || (it->expiresMs <= nowMs && !it->complete())) return std::nullopt;
    return *it;
}

std::variant<std::shared_ptr<MediaStore::Writer>, MediaRefusal> MediaStore::begin(
    const QString& id, const QString& user, int64_t offset, int64_t nowMs) {
    if (!isUploadId(id)) return refusal(404, "no such upload");
    std::lock_guard lock(mutex_);
    auto it = uploads_.find(id);
    if (it == uploads_.end() || (it->expiresMs <= nowMs && !it->complete()))
        return refusal(404, "no such upload (finished, deleted or expired)");
    if (it->owner != user) return refusal(403, "the upload belongs to another user");
    if (it->final) return refusal(403, "a final upload is made from its parts, not written");
    if (writing_.contains(id) || publishing_.contains(id))
        return refusal(409, "the upload is being written or published: retry with HEAD");
    if (offset != it->offset)
        return refusal(409, "Upload-Offset: " + std::to_string(offset) + ", but the upload has " +
                                std::to_string(it->offset) + " bytes: ask with HEAD and resume");
    auto writer = std::make_shared<Writer>();
    writer->id = id;
    writer->start = offset;
    writer->length = it->length;
    writer->file.setFileName(bytesPath(*it));
    // A part of its own is cut back to what was kept; a placed part writes over its own range.
    if (!writer->file.open(QIODevice::ReadWrite) ||
        (!it->placed() && !writer->file.resize(offset)) ||
        !writer->file.seek(bytesAt(*it) + offset))
        return refusal(
            500, "cannot open the upload's file: " + writer->file.errorString().toStdString());
    writing_.insert(id);
    return writer;
}

Status MediaStore::write(Writer& writer, const char* data, size_t size) {
    if (writer.start + writer.written + static_cast<int64_t>(size) > writer.length)
        return makeError("the body goes past Upload-Length");
    if (writer.file.write(data, static_cast<qint64>(size)) != static_cast<qint64>(size))
        return makeError("cannot write the upload: " + writer.file.errorString().toStdString());
    writer.written += static_cast<int64_t>(size);
    return Ok{};
}

std::variant<Upload, MediaRefusal> MediaStore::end(Writer& writer, bool keep, int64_t nowMs) {
    const bool flushed = writer.file.flush();
    writer.file.close();
    std::lock_guard lock(mutex_);
    writing_.remove(writer.id);
    auto it = uploads_.find(writer.id);
    if (it == uploads_.end()) return refusal(404, "the upload was deleted meanwhile");
    if (!keep || !flushed) return *it;  // the next PATCH overwrites what was written
    it->offset = writer.start + writer.written;
    it->expiresMs = nowMs + limits_.uploadExpiryMs;
    if (Status s = saveInfo(*it); !s) return refusal(500, s.error());
    if (it->complete() && !it->partial && writer.written > 0) publishing_.insert(writer.id);
    return *it;
}

std::variant<Upload, MediaRefusal> MediaStore::concatenate(const QString& owner,
                                                           const QString& mediaId,
                                                           const QStringList& parts,
                                                           const QString& metadata, int64_t nowMs) {
    if (!isMediaId(mediaId))
        return refusal(400,
                       "Upload-Metadata: media_id must be the file's media id (64 "
                       "lowercase hex digits, docs/PROTOCOL.md \"Media id\")");
    if (parts.isEmpty()) return refusal(400, "Upload-Concat: final names no partial uploads");
    std::lock_guard lock(mutex_);
    int64_t length = 0;
    for (const QString& id : parts) {
        auto it = uploads_.find(id);
        if (!isUploadId(id) || it == uploads_.end() || !it->partial)
            return refusal(400, "Upload-Concat: " + id.toStdString() + " is no partial upload");
        if (it->owner != owner)
            return refusal(403, "Upload-Concat: a part belongs to another user");
        if (!it->complete() || writing_.contains(id) || publishing_.contains(id))
            return refusal(
                400, "Upload-Concat: partial upload " + id.toStdString() + " is not complete yet");
        length += it->length;
    }
    if (length > limits_.maxFileBytes)
        return refusal(
            413, "the parts make " + std::to_string(length) + " bytes, more than this relay takes");
    if (isSequenceManifest(metadata) && length > kMaxManifestBytes) return manifestTooLarge(length);
    Upload u;
    u.id = newUploadId();
    u.owner = owner;
    u.mediaId = mediaId;
    u.length = length;
    u.final = true;
    u.parts = parts;
    u.metadata = metadata;
    u.createdMs = nowMs;
    u.expiresMs = nowMs + limits_.uploadExpiryMs;
    u.offset = length;
    if (joinInPlace(parts, u.id)) {
        for (const QString& id : parts) discard(id);  // their bytes pass to the final
    } else {
        // publish() copies them; they count until then (they take their room meanwhile).
        for (const QString& id : parts) publishing_.insert(id);
    }
    storedBytes_ += length;
    ownerBytes_[owner] += length;
    uploads_.insert(u.id, u);
    publishing_.insert(u.id);
    return u;
}

bool MediaStore::joinInPlace(const QStringList& parts, const QString& finalId) {
    // All placed in one assembly, in order from 0, filling it, and nobody else writing there:
    // the assembly is the file.
    const Upload& first = uploads_[parts.front()];
    bool inPlace = first.placed();
    int64_t at = 0;
    for (const QString& id : parts) {
        const Upload& p = uploads_[id];
        inPlace &= p.placed() && p.assembly == first.assembly && p.placedAt == at;
        at += p.length;
    }
    for (const Upload& other : uploads_)
        inPlace &= other.assembly != first.assembly || parts.contains(other.id);
    if (!inPlace) return false;
    QFile assembly(assemblyPath(first.assembly));
    return assembly.resize(at) && assembly.rename(partPath(finalId));
}

std::optional<MediaRefusal> MediaStore::copyParts(const QList<Upload>& parts,
                                                  const QString& finalId) const {
    // A copy of each part at most once: the first part's own file grows by the others (a placed
    // first part has none: a new file then).
    const Upload& first = parts.front();
    const bool growFirst = !first.placed();
    const QString joined = growFirst ? partPath(first.id) : partPath(finalId);
    QFile out(joined);
    if (!out.open(QIODevice::ReadWrite))
        return refusal(500, "cannot open a part: " + out.errorString().toStdString());
    for (qsizetype i = growFirst ? 1 : 0; i < parts.size(); ++i) {
        const Upload& p = parts[i];
        QFile in(bytesPath(p));
        if (!in.open(QIODevice::ReadOnly))
            return refusal(500, "cannot read a part: " + in.errorString().toStdString());
        if (Status s = appendRange(out, in, bytesAt(p), p.length); !s) {
            if (growFirst) out.resize(first.length);  // the first part is itself again
            return refusal(507, "cannot write the joined file: " + s.error());
        }
    }
    out.close();
    if (growFirst && !QFile::rename(joined, partPath(finalId)))
        return refusal(500, "cannot move the joined file into place");
    return std::nullopt;
}

std::variant<Upload, MediaRefusal> MediaStore::publish(const QString& id) {
    Upload upload;
    QList<Upload> partsToCopy;
    {
        std::lock_guard lock(mutex_);
        const auto it = uploads_.find(id);
        if (it == uploads_.end()) return refusal(404, "no such upload");
        if (!publishing_.contains(id)) return *it;
        upload = *it;
        if (upload.final)
            for (const QString& part : upload.parts)
                if (uploads_.contains(part)) partsToCopy << uploads_.value(part);
    }
    // Outside the lock: the upload (and a final's parts) are busy, nobody else touches them.
    if (!partsToCopy.isEmpty()) {
        const auto why = copyParts(partsToCopy, id);
        std::lock_guard lock(mutex_);
        for (const Upload& part : partsToCopy) {
            publishing_.remove(part.id);
            if (!why) discard(part.id);  // their bytes passed to the final
        }
        if (why) {
            publishing_.remove(id);
            discard(id);
            return *why;
        }
    }
    const QString part = partPath(id);
    std::optional<media::SequenceManifest> manifest;
    Result<std::string> actual = makeError("");
    if (isSequenceManifest(upload.metadata)) {
        // An image sequence's manifest: its id is computed from what it lists
        // (sequence_manifest.h).
        std::lock_guard gate(manifestGate_);
        if (auto parsed = media::SequenceManifest::readFile(part); !parsed) {
            actual = makeError(parsed.error());
        } else {
            manifest = std::move(*parsed);
            actual = manifest->mediaId();
        }
    } else {
        actual = media::mediaFingerprint(part.toStdString());
    }
    std::lock_guard lock(mutex_);
    publishing_.remove(id);
    auto it = uploads_.find(id);
    if (it == uploads_.end()) return refusal(404, "no such upload");
    if (auto why = keepPublished(*it, actual, manifest ? &*manifest : nullptr)) return *why;
    return uploads_.value(id);
}

bool MediaStore::awaitsPublishing(const QString& id) const {
    std::lock_guard lock(mutex_);
    return publishing_.contains(id);
}

std::optional<MediaRefusal> MediaStore::keepPublished(Upload& upload,
                                                      const Result<std::string>& actual,
                                                      const media::SequenceManifest* manifest) {
    const QString part = partPath(upload.id);
    const QString target = dir_ + "/" + upload.mediaId;
    std::optional<MediaRefusal> why;
    if (!actual || QString::fromStdString(*actual) != upload.mediaId)
        why = refusal(422, actual ? "the file's content is media id " + *actual + ", not " +
                                        upload.mediaId.toStdString() + ": it was not kept"
                                  : actual.error());
    else if (manifest && !listed_.contains(upload.mediaId) &&
             listedFiles_ + static_cast<int64_t>(manifest->files.size()) + 1 >
                 limits_.maxListedFiles)
        why =
            refusal(507, "the relay lists " + std::to_string(listedFiles_) +
                             " files of image sequences, and this manifest's " +
                             std::to_string(manifest->files.size()) + " would pass its limit of " +
                             std::to_string(limits_.maxListedFiles));
    if (why) {
        discard(upload.id);
        return why;
    }
    if (QFileInfo::exists(target)) {
        // Someone published the same file first: this copy is not needed.
        storedBytes_ -= upload.length;
        ownerBytes_[upload.owner] -= upload.length;
        QFile::remove(part);
    } else if (!QFile::rename(part, target)) {
        return refusal(500, "cannot publish the file");
    } else {
        QSaveFile owner(target + ".owner");
        if (owner.open(QIODevice::WriteOnly)) {
            owner.write(upload.owner.toUtf8());
            owner.commit();
        }
        if (manifest) {
            QFile mark(target + kManifestMark);
            if (!mark.open(QIODevice::WriteOnly))
                return refusal(500, "cannot publish the manifest");
        }
    }
    if (manifest && !listed_.contains(upload.mediaId)) listManifest(upload.mediaId, *manifest);
    QFile::remove(infoPath(upload.id));
    // Kept in memory until it expires, complete, so that a HEAD after the last PATCH (a client
    // that lost the answer) still answers.
    return std::nullopt;
}

void MediaStore::discard(const QString& id) {
    storedBytes_ -= uploads_.value(id).length;
    ownerBytes_[uploads_.value(id).owner] -= uploads_.value(id).length;
    forget(id);
}

void MediaStore::forget(const QString& id) {
    const QString assembly = uploads_.value(id).assembly;
    QFile::remove(partPath(id));
    QFile::remove(infoPath(id));
    uploads_.remove(id);
    // A placed part's assembly goes with the last part writing there.
    if (!assembly.isEmpty() && std::none_of(uploads_.begin(), uploads_.end(), [&](const Upload& u) {
            return u.assembly == assembly;
        }))
        QFile::remove(assemblyPath(assembly));
}

std::optional<MediaRefusal> MediaStore::remove(const QString& id, const QString& user) {
    if (!isUploadId(id)) return refusal(404, "no such upload");
    std::lock_guard lock(mutex_);
    auto it = uploads_.find(id);
    if (it == uploads_.end()) return refusal(404, "no such upload");
    if (it->owner != user) return refusal(403, "the upload belongs to another user");
    if (writing_.contains(id) || publishing_.contains(id))
        return refusal(409, "the upload is being written or published: retry");
    if (!it->complete() || it->partial) {
        storedBytes_ -= it->length;
        ownerBytes_[it->owner] -= it->length;
    }
    forget(id);
    return std::nullopt;
}

int MediaStore::removeExpired(int64_t nowMs) {
    std::lock_guard lock(mutex_);
    QStringList gone, published;
    for (const Upload& u : uploads_) {
        if (u.expiresMs > nowMs || writing_.contains(u.id) || publishing_.contains(u.id)) continue;
        if (u.complete() && !u.partial)
            published << u.id;  // its file is in place: only the memory of the upload goes
        else
            gone << u.id;
    }
    for (const QString& id : published) uploads_.remove(id);
    for (const QString& id : gone) {
        storedBytes_ -= uploads_.value(id).length;
        ownerBytes_[uploads_.value(id).owner] -= uploads_.value(id).length;
        forget(id);
    }
    return static_cast<int>(gone.size());
}

void MediaStore::listManifest(const QString& sequenceId, const media::SequenceManifest& manifest) {
    std::vector<FileKey> files;
    files.reserve(manifest.files.size());
    for (const auto& file : manifest.files) files.push_back(fileKey(file.mediaId));
    std::sort(files.begin(), files.end());
    if (const auto it = listed_.constFind(sequenceId); it != listed_.cend())
        listedFiles_ -= static_cast<int64_t>(it->size()) + 1;
    listedFiles_ += static_cast<int64_t>(files.size()) + 1;
    listed_.insert(sequenceId, std::move(files));
}

bool MediaStore::listsFile(const QString& sequenceId, const QString& mediaId) const {
    if (!isMediaId(mediaId)) return false;
    const FileKey key = fileKey(mediaId.toStdString());
    std::lock_guard lock(mutex_);
    const auto it = listed_.constFind(sequenceId);
    return it != listed_.cend() && std::binary_search(it->begin(), it->end(), key);
}

std::optional<MediaStore::Published> MediaStore::published(const QString& mediaId) const {
    if (!isMediaId(mediaId)) return std::nullopt;
    std::lock_guard lock(mutex_);
    const QString path = offered_.value(mediaId, dir_ + "/" + mediaId);
    QFileInfo info(path);
    if (!info.isFile()) return std::nullopt;
    return Published{path, info.size(), listed_.contains(mediaId)};
}

Status MediaStore::offerSequence(const QString& mediaId, const media::SequenceManifest& manifest,
                                 const QString& directory) {
    if (manifest.files.empty() || QString::fromStdString(manifest.mediaId()) != mediaId)
        return makeError("the sequence's manifest is not media id " + mediaId.toStdString());
    // Beside the published media, named by its id (checked hex) and never a tus upload's name.
    const QString path = uploadsDir() + "/offered-" + mediaId + ".manifest";
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(manifest.toJson()) < 0 || !file.commit())
        return makeError("cannot keep the sequence's manifest: " +
                         file.errorString().toStdString());
    std::lock_guard lock(mutex_);
    offered_.insert(mediaId, path);
    for (const auto& f : manifest.files)
        offered_.insert(QString::fromStdString(f.mediaId),
                        QDir(directory).filePath(QString::fromStdString(manifest.fileName(f))));
    listManifest(mediaId, manifest);
    return Ok{};
}

Status MediaStore::offerFile(const QString& mediaId, const QString& path) {
    auto actual = media::mediaFingerprint(path.toStdString());
    if (!actual) return makeError(actual.error());
    if (QString::fromStdString(*actual) != mediaId)
        return makeError(path.toStdString() + " is media id " + *actual + ", not " +
                         mediaId.toStdString());
    std::lock_guard lock(mutex_);
    offered_.insert(mediaId, path);
    return Ok{};
}

int64_t MediaStore::storedBytes() const {
    std::lock_guard lock(mutex_);
    return storedBytes_;
}

}  // namespace framenote::sync
