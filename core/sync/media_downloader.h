#pragma once
// Fetches a media file from a relay's media port (docs/PROTOCOL.md, "Media transfer") into
// OUT.part beside the target, resuming with a Range request from what OUT.part holds (a run that
// was killed or lost its network goes on where it stopped), and renames it to the target only
// once its media id is the one asked for. Memory: Qt's read buffer, capped at 1 MiB.
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QObject>
#include <QString>
#include <QUrl>

namespace framenote::sync {

class MediaDownloader : public QObject {
    Q_OBJECT
  public:
    MediaDownloader(QString mediaId, QString target, QUrl server, QString token,
                    QObject* parent = nullptr);
    void start();
    // At most this many bytes a second (0, the default: as fast as it goes). Before start().
    void setMaxBytesPerSecond(qint64 rate) { maxBytesPerSecond_ = rate; }
    // The file is an image sequence's manifest: checked by what it lists against the sequence's
    // id (sequence_manifest.h) rather than as a media file. Before start().
    void setManifest(bool manifest) { manifest_ = manifest; }
    // The byte the download resumed at (0: from the start).
    qint64 resumedFrom() const { return resumedFrom_; }

  signals:
    void progress(qint64 received, qint64 total);
    void finished(bool ok, QString message);

  private:
    void get();
    void onFinished();
    bool drain(QNetworkReply* reply, bool all);
    void finish(bool ok, const QString& message);

    QString mediaId_;
    QString target_;
    QUrl server_;
    QString token_;
    QNetworkAccessManager network_;
    QNetworkReply* reply_ = nullptr;
    QFile part_;
    qint64 resumedFrom_ = -1;
    qint64 total_ = -1;
    int failures_ = 0;
    qint64 maxBytesPerSecond_ = 0;
    QElapsedTimer rateClock_;  // since this request started
    qint64 taken_ = 0;         // bytes read in this request
    bool drainArmed_ = false;
    bool done_ = false;
    bool manifest_ = false;
};

}  // namespace framenote::sync
