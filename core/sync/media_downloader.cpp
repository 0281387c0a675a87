#include "core/sync/media_downloader.h"

#include <QNetworkReply>
#include <QTimer>

#include "core/media/media_fingerprint.h"
#include "core/media/sequence_manifest.h"
#include "core/sync/http_reason.h"
#include "core/sync/media_id.h"

namespace framenote::sync {

namespace {
constexpr int kRetries = 5;
}

MediaDownloader::MediaDownloader(QString mediaId, QString target, QUrl server, QString token,
                                 QObject* parent)
    : QObject(parent),
      mediaId_(std::move(mediaId)),
      target_(std::move(target)),
      server_(std::move(server)),
      token_(std::move(token)) {}

void MediaDownloader::start() {
    if (!isMediaId(mediaId_)) {
        finish(false, tr("%1 is not a media id (64 lowercase hex digits)").arg(mediaId_));
        return;
    }
    part_.setFileName(target_ + QStringLiteral(".part"));
    if (!part_.open(QIODevice::ReadWrite)) {
        finish(false, tr("%1 cannot be written: %2").arg(part_.fileName(), part_.errorString()));
        return;
    }
    get();
}

void MediaDownloader::get() {
    const qint64 have = part_.size();
    if (resumedFrom_ < 0) resumedFrom_ = have;
    QNetworkRequest r(server_.resolved(QUrl(QStringLiteral("/media/") + mediaId_)));
    r.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
    if (have > 0) {
        r.setRawHeader("Range", "bytes=" + QByteArray::number(have) + "-");
        // Another file under this id cannot be: the id names the content. Still, a relay that
        // answers with something else sends the whole.
        r.setRawHeader("If-Range", '"' + mediaId_.toLatin1() + '"');
    }
    reply_ = network_.get(r);
    // Capped, the buffer is small: what is not read stays in the sender's queue (TCP's window).
    reply_->setReadBufferSize(maxBytesPerSecond_ > 0 ? (64 << 10) : (1 << 20));
    rateClock_.start();
    taken_ = 0;
    connect(reply_, &QNetworkReply::metaDataChanged, this, [this] {
        const int status = reply_->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 200) {  // the whole file: what the part held goes
            part_.resize(0);
            total_ = reply_->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        } else if (status == 206) {
            const QByteArray range = reply_->rawHeader("Content-Range");
            total_ = range.mid(range.lastIndexOf('/') + 1).toLongLong();
        }
        part_.seek(part_.size());
    });
    connect(reply_, &QNetworkReply::readyRead, this, [this] { drain(reply_, false); });
    connect(reply_, &QNetworkReply::finished, this, &MediaDownloader::onFinished);
}

// Writes what arrived to the part: all of it, or under a cap what the cap allows so far (the
// rest is read when a timer says it may). `all`: the reply ended, whatever is left is written.
bool MediaDownloader::drain(QNetworkReply* reply, bool all) {
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200 && status != 206) return true;
    qint64 allowed = reply->bytesAvailable();
    if (maxBytesPerSecond_ > 0 && !all) {
        const qint64 earned = maxBytesPerSecond_ * rateClock_.elapsed() / 1000 - taken_;
        allowed = std::clamp<qint64>(earned, 0, allowed);
        if (allowed < reply->bytesAvailable() && !drainArmed_) {
            drainArmed_ = true;
            QTimer::singleShot(50, this, [this] {
                drainArmed_ = false;
                if (reply_ && !done_) drain(reply_, false);
            });
        }
    }
    if (allowed <= 0) return true;
    const QByteArray bytes = reply->read(allowed);
    taken_ += bytes.size();
    if (part_.write(bytes) != bytes.size()) {
        finish(false, tr("%1 cannot be written: %2").arg(part_.fileName(), part_.errorString()));
        reply->abort();
        return false;
    }
    emit progress(part_.size(), total_);
    return true;
}

namespace {

Result<std::string> manifestId(const QString& path) {
    auto manifest = media::SequenceManifest::readFile(path);
    if (!manifest) return makeError(manifest.error());
    return manifest->mediaId();
}

}  // namespace

void MediaDownloader::onFinished() {
    QNetworkReply* reply = reply_;
    reply_ = nullptr;
    reply->deleteLater();
    if (done_ || !drain(reply, true)) return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString said = QString::fromUtf8(reply->readAll()).trimmed();
    const bool complete = (status == 200 || status == 206) && total_ >= 0 &&
                          part_.size() == total_ && reply->error() == QNetworkReply::NoError;
    // 416: the part holds the whole file already (a run killed before the rename).
    if (complete || status == 416) {
        part_.flush();
        auto id = manifest_ ? manifestId(part_.fileName())
                            : media::mediaFingerprint(part_.fileName().toStdString());
        if (!id || QString::fromStdString(*id) != mediaId_) {
            part_.remove();
            finish(false, id ? tr("the downloaded file is media id %1, not %2: it was not kept")
                                   .arg(QString::fromStdString(*id), mediaId_)
                             : QString::fromStdString(id.error()));
            return;
        }
        part_.close();
        QFile::remove(target_);
        if (!part_.rename(target_)) {
            finish(false, tr("cannot move the file to %1: %2").arg(target_, part_.errorString()));
            return;
        }
        finish(true, {});
        return;
    }
    const bool transient = status == 0 || status >= 500 || status == 200 || status == 206;
    if (!transient || ++failures_ > kRetries) {
        finish(false, httpReason(status, said, reply->errorString()));
        return;
    }
    QTimer::singleShot(250 << std::min(failures_, 6), this, [this] { get(); });
}

void MediaDownloader::finish(bool ok, const QString& message) {
    if (done_) return;
    done_ = true;
    emit finished(ok, message);
}

}  // namespace framenote::sync
