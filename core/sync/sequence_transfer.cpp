#include "core/sync/sequence_transfer.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <numeric>

#include "core/media/media_fingerprint.h"
#include "core/sync/media_downloader.h"

namespace framenote::sync {

namespace {

// At most this many files on their way at once: each is chunked and parallel in itself.
constexpr int kParallelDownloads = 8;

}  // namespace

SequenceUploader::SequenceUploader(media::SequenceManifest manifest, QString directory,
                                   MediaUploadOptions options, QObject* parent)
    : QObject(parent),
      manifest_(std::move(manifest)),
      directory_(std::move(directory)),
      options_(std::move(options)),
      mediaId_(QString::fromStdString(manifest_.mediaId())) {
    for (const auto& file : manifest_.files) total_ += file.size;
}

void SequenceUploader::start() {
    const QByteArray json = manifest_.toJson();
    total_ += json.size();
    QFile file(manifestDir_.filePath(QStringLiteral("manifest.json")));
    if (!manifestDir_.isValid() || !file.open(QIODevice::WriteOnly) || file.write(json) < 0) {
        finish(false, tr("cannot write the sequence's manifest: %1").arg(file.errorString()));
        return;
    }
    file.close();
    MediaUploadOptions options = options_;
    options.mediaId = mediaId_;
    options.kind = QStringLiteral("sequence");
    auto* uploader = new MediaUploader(file.fileName(), options, this);
    running_.insert(uploader, 0);
    connect(uploader, &MediaUploader::progress, this, [this, uploader](qint64 sent, qint64) {
        running_[uploader] = sent;
        emit progress(done_ + std::accumulate(running_.begin(), running_.end(), qint64{0}), total_);
    });
    connect(uploader, &MediaUploader::finished, this, [this, uploader](bool ok, QString message) {
        running_.remove(uploader);
        uploader->deleteLater();
        if (!ok) return finish(false, tr("the manifest: %1").arg(message));
        done_ += uploader->size();
        resumed_ += uploader->resumedBytes();
        manifestSent_ = true;
        next();
    });
    uploader->start();
}

void SequenceUploader::next() {
    if (over_) return;
    while (nextFile_ < manifest_.files.size() && running_.size() < parallelFiles_) {
        const auto& file = manifest_.files[nextFile_++];
        MediaUploadOptions options = options_;
        options.mediaId = QString::fromStdString(file.mediaId);
        options.kind.clear();
        const QString path =
            QDir(directory_).filePath(QString::fromStdString(manifest_.fileName(file)));
        auto* uploader = new MediaUploader(path, options, this);
        running_.insert(uploader, 0);
        connect(uploader, &MediaUploader::progress, this, [this, uploader](qint64 sent, qint64) {
            running_[uploader] = sent;
            emit progress(done_ + std::accumulate(running_.begin(), running_.end(), qint64{0}),
                          total_);
        });
        connect(uploader, &MediaUploader::finished, this,
                [this, uploader, path](bool ok, QString message) {
                    running_.remove(uploader);
                    uploader->deleteLater();
                    if (!ok) return finish(false, tr("%1: %2").arg(path, message));
                    done_ += uploader->size();
                    resumed_ += uploader->resumedBytes();
                    emit progress(done_, total_);
                    next();
                });
        uploader->start();
    }
    if (running_.isEmpty() && nextFile_ >= manifest_.files.size()) finish(true, {});
}

void SequenceUploader::cancel() {
    for (MediaUploader* uploader : running_.keys()) uploader->cancel();
    finish(false, tr("cancelled"));
}

void SequenceUploader::finish(bool ok, const QString& message) {
    if (over_) return;
    over_ = true;
    for (MediaUploader* uploader : running_.keys()) uploader->cancel();
    emit finished(ok, message);
}

SequenceDownloader::SequenceDownloader(QString sequenceId, QString folder, QUrl server,
                                       QString token, QObject* parent)
    : QObject(parent),
      sequenceId_(std::move(sequenceId)),
      folder_(std::move(folder)),
      server_(std::move(server)),
      token_(std::move(token)) {}

QString SequenceDownloader::manifestPath() const {
    return QDir(folder_).filePath(QStringLiteral(".framenote-sequence-") + sequenceId_);
}

void SequenceDownloader::start() {
    if (!QDir().mkpath(folder_)) return finish(false, tr("cannot make the folder %1").arg(folder_));
    auto* downloader = new MediaDownloader(sequenceId_, manifestPath(), server_, token_, this);
    downloader->setManifest(true);
    connect(downloader, &MediaDownloader::finished, this,
            [this, downloader](bool ok, QString message) {
                downloader->deleteLater();
                if (!ok) return finish(false, tr("the manifest: %1").arg(message));
                onManifest();
            });
    downloader->start();
}

void SequenceDownloader::onManifest() {
    auto manifest = media::SequenceManifest::readFile(manifestPath());
    if (!manifest) return finish(false, QString::fromStdString(manifest.error()));
    manifest_ = std::move(*manifest);
    for (const auto& f : manifest_.files) total_ += f.size;
    next();
}

void SequenceDownloader::next() {
    if (over_) return;
    while (nextFile_ < manifest_.files.size() && running_.size() < kParallelDownloads) {
        const auto& file = manifest_.files[nextFile_++];
        // The name comes from the manifest, which parse() has checked can name no other folder.
        const QString target =
            QDir(folder_).filePath(QString::fromStdString(manifest_.fileName(file)));
        const QString id = QString::fromStdString(file.mediaId);
        // A file a run before this one finished (or that was there) is kept when it is the one.
        if (QFileInfo(target).size() == file.size) {
            auto have = media::mediaFingerprint(target.toStdString());
            if (have && QString::fromStdString(*have) == id) {
                done_ += file.size;
                resumed_ += file.size;
                continue;
            }
        }
        auto* downloader = new MediaDownloader(id, target, server_, token_, this);
        downloader->setMaxBytesPerSecond(maxBytesPerSecond_ / kParallelDownloads);
        downloader->setSize(file.size);
        running_.insert(downloader, 0);
        connect(downloader, &MediaDownloader::progress, this,
                [this, downloader](qint64 received, qint64) {
                    running_[downloader] = received;
                    emit progress(
                        done_ + std::accumulate(running_.begin(), running_.end(), qint64{0}),
                        total_);
                });
        connect(downloader, &MediaDownloader::finished, this,
                [this, downloader, target, size = file.size](bool ok, QString message) {
                    running_.remove(downloader);
                    downloader->deleteLater();
                    if (!ok) return finish(false, tr("%1: %2").arg(target, message));
                    done_ += size;
                    emit progress(done_, total_);
                    next();
                });
        downloader->start();
    }
    if (running_.isEmpty() && nextFile_ >= manifest_.files.size()) {
        QFile::remove(manifestPath());
        finish(true, {});
    }
}

void SequenceDownloader::finish(bool ok, const QString& message) {
    if (over_) return;
    over_ = true;
    emit finished(ok, message);
}

}  // namespace framenote::sync
