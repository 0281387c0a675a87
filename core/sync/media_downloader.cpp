#include "core/sync/media_downloader.h"

#include <fcntl.h>
#include <unistd.h>

#include <QFile>
#include <QFileInfo>
#include <algorithm>

#include "core/media/media_fingerprint.h"
#include "core/media/sequence_manifest.h"
#include "core/sync/curl_thread.h"
#include "core/sync/http_reason.h"
#include "core/sync/media_id.h"
#include "core/sync/range_getter.h"

namespace framenote::sync {

namespace {

constexpr qint64 kSpanBytes = qint64{16} << 20;   // one request's range
constexpr int kStreams = 4;                       // ranges on their way at once
constexpr qint64 kRecordEvery = qint64{1} << 20;  // a stream records its progress this often
constexpr qint64 kGiveUpMs = 20'000;  // failures with no progress for this long end the download

Result<std::string> manifestId(const QString& path) {
    auto manifest = media::SequenceManifest::readFile(path);
    if (!manifest) return makeError(manifest.error());
    return manifest->mediaId();
}

}  // namespace

MediaDownloader::MediaDownloader(QString mediaId, QString target, QUrl server, QString token,
                                 QObject* parent)
    : QObject(parent),
      mediaId_(std::move(mediaId)),
      target_(std::move(target)),
      server_(std::move(server)),
      token_(std::move(token)) {
    prepareCurl();
    pool_.setMaxThreadCount(kStreams);
    progressTimer_.setInterval(100);
    connect(&progressTimer_, &QTimer::timeout, this,
            [this] { emit progress(resumedFrom_ + received_.load(), total_); });
}

MediaDownloader::~MediaDownloader() {
    stop_ = true;
    pool_.waitForDone();
    if (partFd_ >= 0) ::close(partFd_);
    if (recordFd_ >= 0) ::close(recordFd_);
}

QUrl MediaDownloader::mediaUrl() const {
    return server_.resolved(QUrl(QStringLiteral("/media/") + mediaId_));
}

void MediaDownloader::start() {
    if (!isMediaId(mediaId_)) {
        finish(false, tr("%1 is not a media id (64 lowercase hex digits)").arg(mediaId_));
        return;
    }
    partFd_ = ::open(QFile::encodeName(partPath()).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (partFd_ < 0) {
        finish(false, tr("%1 cannot be written: %2").arg(partPath(), qt_error_string(errno)));
        return;
    }
    if (knownSize_ >= 0)
        onSize({200, knownSize_, {}});
    else
        askSize();
}

void MediaDownloader::askSize() {
    pool_.start([this, url = mediaUrl(), token = token_.toUtf8()] {
        const SizeAnswer answer = sync::askSize(url, token);
        QMetaObject::invokeMethod(
            this, [this, answer] { onSize(answer); }, Qt::QueuedConnection);
    });
}

void MediaDownloader::onSize(const SizeAnswer& answer) {
    if (done_) return;
    if (answer.status != 200 || answer.size < 0) {
        const QString why = httpReason(answer.status, answer.error, answer.error);
        if ((answer.status == 0 || answer.status >= 500) && mayRetry()) {
            QTimer::singleShot(250 << std::min(failures_, 6), this, [this] { askSize(); });
            return;
        }
        finish(false, why);
        return;
    }
    total_ = answer.size;
    // What is missing, in spans of at most kSpanBytes.
    qint64 at = 0;
    for (const Span& have : held()) {
        for (qint64 from = at; from < have.from; from += kSpanBytes)
            queue_.push_back({from, std::min(have.from, from + kSpanBytes)});
        resumedFrom_ += have.to - have.from;
        at = have.to;
    }
    for (qint64 from = at; from < total_; from += kSpanBytes)
        queue_.push_back({from, std::min(total_, from + kSpanBytes)});
    if (::ftruncate(partFd_, total_) != 0) {
        finish(false, tr("%1 cannot be written: %2").arg(partPath(), qt_error_string(errno)));
        return;
    }
    progressTimer_.start();
    launch();
}

QList<MediaDownloader::Span> MediaDownloader::held() {
    const qint64 partSize = QFileInfo(partPath()).size();
    QList<Span> spans;
    QFile file(recordPath());
    if (file.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : file.readAll().split('\n')) {
            const QList<QByteArray> ends = line.split(' ');
            bool fromOk = false, toOk = false;
            const qint64 from = ends.value(0).toLongLong(&fromOk);
            const qint64 to = std::min({ends.value(1).toLongLong(&toOk), partSize, total_});
            if (ends.size() == 2 && fromOk && toOk && from >= 0 && from < to)
                spans.push_back({from, to});
        }
        file.close();
    } else if (partSize > 0) {
        spans.push_back({0, std::min(partSize, total_)});  // a single stream's beginning
    }
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.from < b.from; });
    QList<Span> merged;
    for (const Span& s : spans) {
        if (!merged.isEmpty() && s.from <= merged.back().to)
            merged.back().to = std::max(merged.back().to, s.to);
        else
            merged.push_back(s);
    }
    // The record is written before any byte is, so a part's size never stands for its content.
    recordFd_ = ::open(QFile::encodeName(recordPath()).constData(),
                       O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    for (const Span& s : merged) record(s.from, s.to);
    return merged;
}

void MediaDownloader::record(qint64 from, qint64 to) const {
    if (recordFd_ < 0 || to <= from) return;
    const QByteArray line = QByteArray::number(from) + ' ' + QByteArray::number(to) + '\n';
    (void)!::write(recordFd_, line.constData(), static_cast<size_t>(line.size()));
}

void MediaDownloader::launch() {
    const int streams = std::max<int>(1, std::min<int>(kStreams, static_cast<int>(queue_.size())));
    while (!done_ && running_ < kStreams && !queue_.isEmpty()) {
        const Span span = queue_.takeFirst();
        ++running_;
        RangeRequest request{mediaUrl(), token_.toUtf8(), mediaId_.toLatin1(),         span.from,
                             span.to,    partFd_,         maxBytesPerSecond_ / streams};
        pool_.start([this, span, request] {
            qint64 at = span.from, recorded = span.from;
            const RangeResult result = getRange(
                request,
                [&](qint64 bytes) {
                    at += bytes;
                    received_ += bytes;
                    if (at - recorded >= kRecordEvery) {
                        record(recorded, at);
                        recorded = at;
                    }
                },
                stop_);
            record(recorded, at);
            QMetaObject::invokeMethod(
                this, [this, span, result] { onSpan(span, result); }, Qt::QueuedConnection);
        });
    }
    if (running_ == 0 && queue_.isEmpty()) keep();
}

void MediaDownloader::onSpan(Span span, const RangeResult& result) {
    --running_;
    if (done_) return;
    if (result.written > 0) {  // progress: the relay is there
        failing_.invalidate();
        failures_ = 0;
    }
    const Span rest{span.from + result.written, span.to};
    if (rest.from < rest.to) {
        const QString why = httpReason(result.status, result.error, result.error);
        const bool transient = !result.refused && (result.status == 0 || result.status >= 500 ||
                                                   result.status == 200 || result.status == 206);
        if (!transient || !mayRetry()) {
            finish(false, why);
            return;
        }
        queue_.push_front(rest);
        QTimer::singleShot(250 << std::min(failures_, 6), this, [this] { launch(); });
        return;
    }
    launch();
}

bool MediaDownloader::mayRetry() {
    ++failures_;
    if (!failing_.isValid()) failing_.start();
    return failing_.elapsed() < kGiveUpMs;
}

void MediaDownloader::keep() {
    progressTimer_.stop();
    emit progress(resumedFrom_ + received_.load(), total_);
    auto id =
        manifest_ ? manifestId(partPath()) : media::mediaFingerprint(partPath().toStdString());
    if (!id || QString::fromStdString(*id) != mediaId_) {
        QFile::remove(partPath());
        QFile::remove(recordPath());
        finish(false, id ? tr("the downloaded file is media id %1, not %2: it was not kept")
                               .arg(QString::fromStdString(*id), mediaId_)
                         : QString::fromStdString(id.error()));
        return;
    }
    QFile::remove(target_);
    if (!QFile::rename(partPath(), target_)) {
        finish(false, tr("cannot move the file to %1").arg(target_));
        return;
    }
    QFile::remove(recordPath());
    finish(true, {});
}

void MediaDownloader::finish(bool ok, const QString& message) {
    if (done_) return;
    done_ = true;
    stop_ = true;  // streams still on their way end soon; their bytes stay recorded
    progressTimer_.stop();
    emit finished(ok, message);
}

}  // namespace framenote::sync
