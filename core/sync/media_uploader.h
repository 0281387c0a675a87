#pragma once
// Puts a media file on a relay's media port (docs/PROTOCOL.md, "Media transfer"): cut into
// chunks (16 MiB), each a tus partial upload, several in flight (8), each sent in PATCHes of at
// most 4 MiB with their sha256 (by PatchSender, at disk speed); then one final upload joins them,
// and the relay publishes the file under its media id. What is on the relay already is never sent
// again: the chunks' upload URLs are kept in a state file, so a run that was killed, lost its
// network or met a restarted relay resumes from each chunk's offset (asked with HEAD). A file the
// relay has already (same media id) is not sent at all.
//
// Memory: one PATCH body per chunk in flight (8 x 4 MiB), whatever the file's size.
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>
#include <vector>

#include "core/sync/patch_sender.h"

namespace framenote::sync {

// Where an upload's resume state waits between runs: the chunks' upload URLs, under a key naming
// the media id and the relay. The CLI keeps them as files in the user's cache (inFolder); the app
// keeps them in its draft store (store::UploadResumeTable). Empty functions: no resume across
// runs.
struct UploadResumeStates {
    std::function<QByteArray(const QString& key)> load;  // empty when there is none
    std::function<void(const QString& key, const QByteArray& state)> save;
    std::function<void(const QString& key)> remove;
    // One file per key in `folder` (made when needed).
    static UploadResumeStates inFolder(const QString& folder);
};

struct MediaUploadOptions {
    QUrl server;    // http(s)://host:port of the relay's media port
    QString token;  // a reviewer's or admin's
    qint64 chunkBytes = qint64{16} << 20;
    int parallel = 8;
    qint64 patchBytes = qint64{4} << 20;
    UploadResumeStates resumeStates;
    // The file's media id when the caller knows it already (the app computed it when it opened
    // the clip): one open and 2 MiB read fewer. Empty: computed first. A wrong one costs nothing
    // but the upload: the relay publishes only a file whose content is the id it claims.
    QString mediaId;
    // "sequence": the file is an image sequence's manifest (sequence_manifest.h), published under
    // the sequence's id, given as mediaId. Empty: a media file.
    QString kind;
    qint64 maxBytesPerSecond = 0;  // all chunks together; 0: as fast as it goes
    int retries = 5;               // per request, after network failures and server errors
};

class MediaUploader : public QObject {
    Q_OBJECT
  public:
    MediaUploader(QString path, MediaUploadOptions options, QObject* parent = nullptr);
    // Computes the media id, reads the resume state and starts; finished() tells how it ended.
    void start();
    void cancel();

    const QString& mediaId() const { return mediaId_; }
    qint64 size() const { return size_; }
    // Bytes the relay held already when this run started (resumed or published before).
    qint64 resumedBytes() const { return resumed_; }

  signals:
    void progress(qint64 sent, qint64 total);
    // ok: the relay has the file under mediaId(). Otherwise `message` says why (the relay's words
    // where it refused).
    void finished(bool ok, QString message);

  private:
    struct Chunk {
        qint64 start = 0;
        qint64 length = 0;
        QUrl upload;         // its partial upload; empty until created
        qint64 offset = -1;  // confirmed bytes; -1: not known (ask with HEAD)
        bool busy = false;
        int failures = 0;
        std::shared_ptr<PatchInFlight> flight;  // its PATCH on the way, if any
        bool fromState = false;  // made by an earlier run: its first offset counts as resumed
    };
    QNetworkRequest request(const QUrl& url) const;
    void checkPublished();
    void pump();
    void step(size_t index);
    void createPart(size_t index);
    void askOffset(size_t index);
    void patch(size_t index);
    void join();
    // A request of chunk `index` failed: retried after a pause while it may, else the end.
    void retry(size_t index, QNetworkReply* reply);
    // `reason`: what to tell when it is not tried again.
    void retryAfter(size_t index, int status, const QString& reason);
    // The resume state's key: this media id and relay.
    QString stateKey() const;
    void removeState();
    void saveState();
    void loadState();
    void finish(bool ok, const QString& message);
    void emitProgress();

    QString path_;
    MediaUploadOptions options_;
    QNetworkAccessManager network_;
    PatchSender sender_;
    QTimer progressTimer_;  // progress of the PATCHes on their way, a few times a second
    QString mediaId_;
    qint64 size_ = 0;
    qint64 resumed_ = 0;
    std::vector<Chunk> chunks_;
    bool done_ = false;
    bool joining_ = false;
};

}  // namespace framenote::sync
