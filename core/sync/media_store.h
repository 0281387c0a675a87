#pragma once
// The relay's media: files stored by media id, and resumable uploads on their way there
// (docs/PROTOCOL.md, "Media transfer"; the HTTP side is tus_server.h). Layout in the data
// directory:
//   media/<media id>               published files, each verified against its name
//   media/<media id>.owner         who uploaded it (the per-user quota counts it)
//   media/uploads/<id>.part        an upload's bytes so far (id: 32 hex digits made here)
//   media/uploads/<id>.info        its state (JSON), rewritten when the offset moves
//   media/<media id>.sequence      marks a published image sequence's manifest (below)
//   media/uploads/<key>.assembly   the placed parts of one file (below), each at its offset
// Placed parts: a partial upload created with the place it takes in the final file (its media
// id, the file's length and its offset) writes there directly, in one file per user, media id
// and length; a final made of all of them in order, and of nothing else, is that file renamed,
// with no copy. Parts without a place are joined by copying, as tus says.
// Image sequences: an upload whose metadata says `kind sequence` is a manifest
// (core/media/sequence_manifest.h), checked against its media id by what it lists; each file it
// lists is published under its own id, and a token that may reach the sequence may reach them.
// No name from a client ever becomes a path: media ids and upload ids are checked to be hex of
// their length before use. Thread-safe: the HTTP server calls it from its own threads.
#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <variant>
#include <vector>

#include "core/common/result.h"

namespace framenote::media {
struct SequenceManifest;
}

namespace framenote::sync {

struct MediaStoreLimits {
    int64_t maxFileBytes = int64_t{256} << 30;     // one file (Tus-Max-Size)
    int64_t quotaBytes = int64_t{2} << 40;         // everything stored and uploading
    int64_t quotaPerUserBytes = int64_t{1} << 40;  // what one user uploads (published + partial)
    int64_t uploadExpiryMs = int64_t{24} * 3600 * 1000;  // an upload left unfinished this long goes
    int maxUploadsPerUser = 64;                          // in progress at once
    // Files named by published image sequence manifests, all manifests together: the relay
    // keeps 32 bytes of memory for each (docs/ARCHITECTURE.md, "Media transfer").
    int64_t maxListedFiles = 4'000'000;
};

// Why the store refused something, as the HTTP layer answers it.
struct MediaRefusal {
    int status = 400;  // the HTTP status
    std::string why;
};

struct Upload {
    QString id;            // 32 lowercase hex digits
    QString owner;         // the user who created it
    QString mediaId;       // what it must be once complete (empty for a partial of a concatenation)
    int64_t length = 0;    // Upload-Length
    int64_t offset = 0;    // bytes received and kept
    bool partial = false;  // Upload-Concat: partial
    bool final = false;    // Upload-Concat: final (made from partials; never PATCHed)
    QStringList parts;     // a final's partial uploads, in order
    QString assembly;      // a placed partial's: the key of the file it writes into
    int64_t placedAt = -1;  // a placed partial's offset in that file
    bool placed() const { return placedAt >= 0; }
    QString metadata;  // Upload-Metadata as received (echoed on HEAD)
    int64_t createdMs = 0;
    int64_t expiresMs = 0;
    bool complete() const { return offset == length; }
};

// Where a partial upload goes in the file it is part of (Upload-Metadata media_id,
// part_of_length, part_offset; docs/PROTOCOL.md, "Media transfer").
struct PartPlacement {
    QString mediaId;
    int64_t fileLength = 0;
    int64_t offset = 0;
};

class MediaStore {
  public:
    MediaStore(QString dataDir, MediaStoreLimits limits);
    // Makes the folders and reads the uploads a previous run left (keeping what their files hold).
    Status open();
    const MediaStoreLimits& limits() const { return limits_; }

    // A new upload of `length` bytes that must end up as `mediaId` (empty for a partial).
    // `placement`: a partial that says where it goes (written in place, joined without a copy).
    std::variant<Upload, MediaRefusal> create(const QString& owner, const QString& mediaId,
                                              int64_t length, bool partial, const QString& metadata,
                                              int64_t nowMs,
                                              const std::optional<PartPlacement>& placement = {});
    // A final upload made of the given partial uploads (all complete, all `owner`'s): their bytes
    // become one file, verified and published as `mediaId`.
    std::variant<Upload, MediaRefusal> concatenate(const QString& owner, const QString& mediaId,
                                                   const QStringList& parts,
                                                   const QString& metadata, int64_t nowMs);
    std::optional<Upload> find(const QString& id, int64_t nowMs);

    // Writing a PATCH: begin() checks the offset and opens the part file at it; write() appends;
    // end() keeps the bytes written (`keep`: the checksum matched, or none was asked). A refused
    // PATCH keeps nothing. An upload that end(), create() or concatenate() leaves complete waits
    // for publish(), busy until then (no PATCH, DELETE or expiry touches it).
    struct Writer {
        QString id;
        QFile file;
        int64_t start = 0;    // the offset the PATCH began at
        int64_t written = 0;  // bytes written since
        int64_t length = 0;   // the upload's length: nothing is written past it
    };
    std::variant<std::shared_ptr<Writer>, MediaRefusal> begin(const QString& id,
                                                              const QString& user, int64_t offset,
                                                              int64_t nowMs);
    Status write(Writer& writer, const char* data, size_t size);
    // The upload's state after the PATCH, or why it was refused (a complete upload whose content
    // is not its media id is removed).
    std::variant<Upload, MediaRefusal> end(Writer& writer, bool keep, int64_t nowMs);

    // Verifies a complete upload against its media id and moves it into place: its state, or why
    // it was refused (content that is not its media id is removed). Slow: it reads the file,
    // copies a final's parts when they were not placed, parses a manifest (one at a time). The
    // store's lock is not held meanwhile; callers run it off their I/O threads. The state alone
    // for an upload published already.
    std::variant<Upload, MediaRefusal> publish(const QString& id);
    bool awaitsPublishing(const QString& id) const;

    // Termination: the upload and its bytes go. Only its owner may.
    std::optional<MediaRefusal> remove(const QString& id, const QString& user);
    // Uploads past their expiry are removed; returns how many.
    int removeExpired(int64_t nowMs);

    // A published file (or one offered by offerFile()): its path and size; nullopt if none.
    struct Published {
        QString path;
        int64_t size = 0;
        bool manifest = false;  // an image sequence's manifest
    };
    std::optional<Published> published(const QString& mediaId) const;
    // Serves `path` as `mediaId` without copying it (the app's own open clip). Refused when the
    // file's media id is another.
    Status offerFile(const QString& mediaId, const QString& path);
    // Serves an image sequence the same way: `manifest` (made from the files in `directory` just
    // now) under its id, kept in the media folder, and each file it lists from where it is.
    // Refused when the manifest's id is not `mediaId`.
    Status offerSequence(const QString& mediaId, const media::SequenceManifest& manifest,
                         const QString& directory);

    // Whether the published manifest `sequenceId` lists the file `mediaId` (a frame of it).
    bool listsFile(const QString& sequenceId, const QString& mediaId) const;

    int64_t storedBytes() const;
    static bool isUploadId(const QString& id);

  private:
    // open() without the publishing of uploads a previous run left complete.
    Status load();
    QString uploadsDir() const;
    QString partPath(const QString& id) const;
    QString infoPath(const QString& id) const;
    QString assemblyPath(const QString& key) const;
    // Where an upload's bytes are: its own file from 0, or its range of an assembly.
    QString bytesPath(const Upload& upload) const;
    int64_t bytesAt(const Upload& upload) const { return upload.placed() ? upload.placedAt : 0; }
    // A final's parts all placed in order in one assembly nobody else writes: the assembly is
    // renamed to partPath(finalId) and true is returned (mutex_ held).
    bool joinInPlace(const QStringList& parts, const QString& finalId);
    // Otherwise their bytes are copied into one file at partPath(finalId) (mutex_ not held).
    std::optional<MediaRefusal> copyParts(const QList<Upload>& parts, const QString& finalId) const;
    Status saveInfo(const Upload& upload) const;
    std::optional<MediaRefusal> quotaRefusal(const QString& owner, int64_t more) const;
    // What publish() found is kept (moved into place) or refused and removed (mutex_ held).
    std::optional<MediaRefusal> keepPublished(Upload& upload, const Result<std::string>& actual,
                                              const media::SequenceManifest* manifest);
    // Drops an upload's bytes from the stored totals and forgets it (mutex_ held).
    void discard(const QString& id);
    void forget(const QString& id);
    // Remembers the files a published manifest lists (mutex_ held).
    void listManifest(const QString& sequenceId, const media::SequenceManifest& manifest);

    QString dir_;
    MediaStoreLimits limits_;
    mutable std::mutex mutex_;
    QHash<QString, Upload> uploads_;
    QHash<QString, QString> offered_;     // media id -> path
    QHash<QString, int64_t> ownerBytes_;  // per user: published by them and in progress
    int64_t storedBytes_ = 0;
    QSet<QString> writing_;     // uploads with a PATCH under way (one at a time each)
    QSet<QString> publishing_;  // complete uploads waiting for publish(), and a final's parts
    using FileKey = std::array<uint8_t, 32>;       // a media id's bytes
    QHash<QString, std::vector<FileKey>> listed_;  // a published manifest -> its files, sorted
    int64_t listedFiles_ = 0;                      // all of listed_'s files (maxListedFiles)
    std::mutex manifestGate_;  // one manifest parsed at a time: its memory is the bound
};

}  // namespace framenote::sync
