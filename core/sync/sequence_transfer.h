#pragma once
// An image sequence through a relay's media port (docs/PROTOCOL.md, "Media of an image
// sequence"): its manifest first, published under the sequence's media id, then every file under
// its own, a few at a time, each by MediaUploader (resumable, never sent twice) or
// MediaDownloader (resumed, checked before it is kept).
#include <QHash>
#include <QObject>
#include <QString>
#include <QTemporaryDir>
#include <QUrl>
#include <algorithm>

#include "core/media/sequence_manifest.h"
#include "core/sync/media_uploader.h"

namespace framenote::sync {

class MediaDownloader;

class SequenceUploader : public QObject {
    Q_OBJECT
  public:
    // `directory`: the folder holding the files `manifest` lists. `options`: as for one file
    // (its mediaId and kind are set here for each).
    SequenceUploader(media::SequenceManifest manifest, QString directory,
                     MediaUploadOptions options, QObject* parent = nullptr);
    void start();
    void cancel();
    QString mediaId() const { return mediaId_; }
    qint64 size() const { return total_; }
    qint64 resumedBytes() const { return resumed_; }
    // Files sent at once (each in its own chunks); before start().
    void setParallelFiles(int files) { parallelFiles_ = std::max(1, files); }

  signals:
    void progress(qint64 sent, qint64 total);
    void finished(bool ok, QString message);

  private:
    void next();
    void finish(bool ok, const QString& message);

    media::SequenceManifest manifest_;
    QString directory_;
    MediaUploadOptions options_;
    QString mediaId_;
    QTemporaryDir manifestDir_;
    qint64 total_ = 0;
    qint64 done_ = 0;  // bytes of finished uploads
    qint64 resumed_ = 0;
    size_t nextFile_ = 0;  // the next file to start; the manifest goes first, alone
    bool manifestSent_ = false;
    int parallelFiles_ = 4;
    QHash<MediaUploader*, qint64> running_;  // children, each with its bytes sent so far
    bool over_ = false;
};

class SequenceDownloader : public QObject {
    Q_OBJECT
  public:
    // Into `folder` (made when missing), each file under its name; the manifest waits as a
    // hidden file there until every file is in.
    SequenceDownloader(QString sequenceId, QString folder, QUrl server, QString token,
                       QObject* parent = nullptr);
    void start();
    void setMaxBytesPerSecond(qint64 rate) { maxBytesPerSecond_ = rate; }
    // Bytes that were there already when this run started (files kept from an earlier one).
    qint64 resumedBytes() const { return resumed_; }

  signals:
    void progress(qint64 received, qint64 total);
    void finished(bool ok, QString message);

  private:
    void onManifest();
    void next();
    void finish(bool ok, const QString& message);
    QString manifestPath() const;

    QString sequenceId_;
    QString folder_;
    QUrl server_;
    QString token_;
    qint64 maxBytesPerSecond_ = 0;
    media::SequenceManifest manifest_;
    qint64 total_ = 0;
    qint64 done_ = 0;
    qint64 resumed_ = 0;
    size_t nextFile_ = 0;
    QHash<MediaDownloader*, qint64> running_;  // children, each with its bytes received
    bool over_ = false;
};

}  // namespace framenote::sync
