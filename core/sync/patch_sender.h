#pragma once
// Sends tus PATCH bodies (docs/PROTOCOL.md, "Media transfer") with libcurl on worker threads.
//
// Why not QNetworkAccessManager: Qt 6.4 runs HTTP on its own thread and hands an upload body
// across in 16 KiB pieces, one queued signal each way per piece; one stream tops out near
// 70 MB/s on loopback whatever the body. libcurl writes the body straight from memory to the
// socket (docs/ARCHITECTURE.md, "The relay", media transfer). Each worker thread keeps one
// connection alive between its PATCHes.
//
// Each PATCH reads its byte range of the file and hashes it (sha256, the Upload-Checksum) on the
// worker, so neither the disk nor the hash waits on the caller's event loop. Memory: one body per
// worker (threads x the body's length).
#include <QByteArray>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QUrl>
#include <atomic>
#include <memory>

namespace framenote::sync {

struct PatchBody {
    QUrl upload;            // the tus upload to append to
    QByteArray token;       // sent as "Authorization: Bearer"
    QString path;           // the file the bytes come from
    qint64 fileOffset = 0;  // where they start in the file
    qint64 length = 0;
    qint64 uploadOffset = 0;       // the Upload-Offset the relay must be at
    qint64 maxBytesPerSecond = 0;  // this PATCH's cap; 0: none
};

struct PatchResult {
    int status = 0;            // HTTP status; 0: no answer (the network)
    qint64 uploadOffset = -1;  // the relay's Upload-Offset after it, when it said
    QString error;             // why, when status is 0 or the relay gave a reason
    bool fileChanged = false;  // the file was shorter than the range: nothing was sent
};

// One PATCH on its way, shared by the caller (progress, stop) and the worker sending it.
struct PatchInFlight {
    std::atomic<qint64> sent{0};       // body bytes sent so far
    std::atomic<bool> stopped{false};  // set by the caller: the worker gives up
};

class PatchSender : public QObject {
    Q_OBJECT
  public:
    explicit PatchSender(int threads, QObject* parent = nullptr);
    // Stops every PATCH on its way and waits for the workers.
    ~PatchSender() override;

    // Starts one PATCH; `done` runs on this object's thread with its result (never after the
    // sender is gone).
    template <typename Done>
    std::shared_ptr<PatchInFlight> send(PatchBody body, Done done) {
        auto flight = std::make_shared<PatchInFlight>();
        start(std::move(body), flight, [this, done = std::move(done)](PatchResult r) mutable {
            QMetaObject::invokeMethod(
                this, [done = std::move(done), r]() mutable { done(r); }, Qt::QueuedConnection);
        });
        return flight;
    }

  private:
    void start(PatchBody body, std::shared_ptr<PatchInFlight> flight,
               std::function<void(PatchResult)> deliver);

    QThreadPool pool_;
    std::shared_ptr<std::atomic<bool>> closing_ = std::make_shared<std::atomic<bool>>(false);
};

}  // namespace framenote::sync
