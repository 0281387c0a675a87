#include "ui/clip_share.h"

#include <QFileInfo>

#include "core/media/media_source.h"
#include "core/store/upload_resume_table.h"
#include "core/sync/media_uploader.h"
#include "core/sync/sequence_transfer.h"
#include "ui/manifest_aside.h"
#include "ui/transfer_progress.h"

namespace framenote::ui {

ClipShare::ClipShare(QWidget* window, QString clipPath, QString mediaId, QUrl server, QString token,
                     QString storePath)
    : QObject(window),
      window_(window),
      clipPath_(std::move(clipPath)),
      mediaId_(std::move(mediaId)),
      server_(std::move(server)),
      token_(std::move(token)),
      storePath_(std::move(storePath)) {}

ClipShare::~ClipShare() = default;

void ClipShare::start() {
    sync::MediaUploadOptions options;
    options.server = server_;
    options.token = token_;
    options.mediaId = mediaId_;  // known since the clip opened
    // Without the store (locked, full disk) the clip is still shared; it just cannot resume.
    if (auto table = store::UploadResumeTable::open(storePath_)) {
        resume_ = std::move(*table);
        store::UploadResumeTable* t = resume_.get();
        options.resumeStates.load = [t](const QString& key) {
            auto state = t->load(key);
            return state ? *state : QByteArray();
        };
        options.resumeStates.save = [t](const QString& key, const QByteArray& state) {
            if (Status s = t->save(key, state); !s)
                qWarning("the upload cannot resume later: %s", s.error().c_str());
        };
        options.resumeStates.remove = [t](const QString& key) { (void)t->remove(key); };
    } else {
        qWarning("the upload cannot resume later: %s", table.error().c_str());
    }
    if (media::isSequenceInput(clipPath_.toStdString())) {
        // Its manifest first, made aside (every file's size and media id), then the upload.
        makeManifestAside(this, clipPath_, [this, options](Result<SequenceToSend> sequence) {
            if (!sequence) {
                end(tr("The clip could not be shared: %1")
                        .arg(QString::fromStdString(sequence.error())));
                return;
            }
            run(new sync::SequenceUploader(std::move(sequence->manifest), sequence->directory,
                                           options, this),
                sequence->name);
        });
        return;
    }
    run(new sync::MediaUploader(clipPath_, options, this), QFileInfo(clipPath_).fileName());
}

template <typename Uploader>
void ClipShare::run(Uploader* uploader, const QString& name) {
    uploader_ = uploader;
    cancelUpload_ = [uploader] { uploader->cancel(); };
    progress_ = new TransferProgress(window_, tr("Sharing the Clip"),
                                     tr("Sending %1 to the session's relay...").arg(name),
                                     "clipShareProgress", this);
    connect(uploader, &Uploader::progress, progress_, &TransferProgress::update);
    connect(progress_, &TransferProgress::canceled, this,
            [this] { end(tr("Sharing cancelled: share again to go on where it stopped.")); });
    connect(uploader, &Uploader::finished, this,
            [this, uploader, name](bool ok, const QString& why) {
                if (!ok) {
                    end(tr("The clip could not be shared: %1").arg(why));
                    return;
                }
                end(uploader->resumedBytes() == uploader->size()
                        ? tr("The session's relay has %1 already: guests can fetch it.").arg(name)
                        : tr("%1 is shared: guests without it fetch it when they join.").arg(name));
            });
    uploader->start();
}

void ClipShare::end(const QString& text) {
    if (progress_) progress_->close();
    if (uploader_) {
        uploader_->disconnect(this);
        cancelUpload_();
    }
    emit message(text);
    deleteLater();  // the uploader, its child, goes with it (its PATCHes are stopped)
}

}  // namespace framenote::ui
