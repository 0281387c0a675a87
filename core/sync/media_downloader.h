#pragma once
// Fetches a media file from a relay's media port (docs/PROTOCOL.md, "Media transfer") into
// OUT.part beside the target, in ranges of 16 MiB, four at a time, each written at its place by
// a worker thread (range_getter.h), and renames it to the target only once its media id is the
// one asked for. What arrived is recorded in OUT.part.ranges as it is written (a line per MiB
// and stream), so a run that was killed or lost its network goes on where each stream stopped;
// a part with no record is taken as the file's beginning (what a single stream leaves).
// Memory: libcurl's receive buffer per stream; bytes go straight to the file.
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>
#include <atomic>

namespace framenote::sync {

struct RangeResult;
struct SizeAnswer;

class MediaDownloader : public QObject {
    Q_OBJECT
  public:
    MediaDownloader(QString mediaId, QString target, QUrl server, QString token,
                    QObject* parent = nullptr);
    // Stops the streams and waits for them; what they wrote stays recorded.
    ~MediaDownloader() override;
    void start();
    // At most this many bytes a second (0, the default: as fast as it goes). Before start().
    void setMaxBytesPerSecond(qint64 rate) { maxBytesPerSecond_ = rate; }
    // The file is an image sequence's manifest: checked by what it lists against the sequence's
    // id (sequence_manifest.h) rather than as a media file. Before start().
    void setManifest(bool manifest) { manifest_ = manifest; }
    // The file's size, known already (a sequence's manifest says it): no request asks for it.
    // Before start().
    void setSize(qint64 size) { knownSize_ = size; }
    // The bytes the part held when the download began (0: from nothing).
    qint64 resumedFrom() const { return resumedFrom_; }

  signals:
    void progress(qint64 received, qint64 total);
    void finished(bool ok, QString message);

  private:
    struct Span {
        qint64 from = 0;
        qint64 to = 0;
    };
    void askSize();
    void onSize(const SizeAnswer& answer);
    // Starts queued spans while a stream is free.
    void launch();
    void onSpan(Span span, const RangeResult& result);
    // A failure the relay may get over (no answer, 5xx): asked again after a pause, until the
    // relay has answered nothing useful for a while.
    bool mayRetry();
    // What the part holds already, by the record (made now if missing).
    QList<Span> held();
    // Worker thread: [from, to) is written (an appended line; appends of a line are atomic).
    void record(qint64 from, qint64 to) const;
    void keep();
    void finish(bool ok, const QString& message);
    QString partPath() const { return target_ + QStringLiteral(".part"); }
    QString recordPath() const { return target_ + QStringLiteral(".part.ranges"); }
    QUrl mediaUrl() const;

    QString mediaId_;
    QString target_;
    QUrl server_;
    QString token_;
    qint64 maxBytesPerSecond_ = 0;
    bool manifest_ = false;
    qint64 resumedFrom_ = 0;
    qint64 knownSize_ = -1;
    qint64 total_ = -1;
    int partFd_ = -1;
    int recordFd_ = -1;
    QList<Span> queue_;                // not yet asked for
    int running_ = 0;                  // streams on their way
    std::atomic<qint64> received_{0};  // written in this run
    std::atomic<bool> stop_{false};
    QElapsedTimer failing_;  // since the first failure after the last progress
    int failures_ = 0;       // in a row, for the pause before the next try
    QTimer progressTimer_;
    bool done_ = false;
    QThreadPool pool_;  // last: destroyed first, after the destructor has stopped it
};

}  // namespace framenote::sync
