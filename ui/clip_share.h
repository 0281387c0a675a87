#pragma once
// Sharing the open clip with the session's relay (Session > Share Clip with Session): it is
// uploaded to the relay's media port (docs/PROTOCOL.md, "Media transfer"), so that guests who do
// not have it fetch it there when they join. A progress dialog tells what has gone, the speed
// and the time left, and cancels. The upload's resume state waits in the draft store: sharing
// again after a cancel, a dropped link or a restart of the app sends only what the relay lacks,
// and a clip the relay has already is not sent at all. An image sequence goes as its manifest
// and its files (sync/sequence_transfer.h).
#include <QObject>
#include <QUrl>
#include <functional>
#include <memory>

namespace framenote::store {
class UploadResumeTable;
}
namespace framenote::sync {
class MediaUploader;
}

namespace framenote::ui {

class TransferProgress;

class ClipShare : public QObject {
    Q_OBJECT
  public:
    // `mediaId`: the clip's, as computed when it was opened; `server`: the relay's media port
    // (SessionInvite::mediaServer); `storePath`: the user's draft store.
    ClipShare(QWidget* window, QString clipPath, QString mediaId, QUrl server, QString token,
              QString storePath);
    ~ClipShare() override;
    void start();

  signals:
    // For the status bar: done, cancelled, or why it failed. The object goes after it.
    void message(QString text);

  private:
    // Runs `uploader` (a MediaUploader or a SequenceUploader, made a child of this) with the
    // dialog; `name`: what the user knows it by.
    template <typename Uploader>
    void run(Uploader* uploader, const QString& name);
    void end(const QString& text);

    QWidget* window_;
    QString clipPath_;
    QString mediaId_;
    QUrl server_;
    QString token_;
    QString storePath_;
    std::unique_ptr<store::UploadResumeTable> resume_;
    TransferProgress* progress_ = nullptr;
    QObject* uploader_ = nullptr;         // the running upload, a child
    std::function<void()> cancelUpload_;  // stops it
};

}  // namespace framenote::ui
