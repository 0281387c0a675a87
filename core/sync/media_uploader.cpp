#include "core/sync/media_uploader.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QSaveFile>
#include <QTimer>

#include "core/media/media_fingerprint.h"
#include "core/sync/http_reason.h"
#include "core/sync/sha256.h"

namespace framenote::sync {

namespace {

int statusOf(QNetworkReply* reply) {
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

// Why a request failed, in the relay's words when it answered.
QString reasonOf(QNetworkReply* reply) {
    return httpReason(statusOf(reply), QString::fromUtf8(reply->readAll()).trimmed(),
                      reply->errorString());
}

// Worth trying again: the network, or the relay's own trouble (5xx but 507, which is a quota).
bool transient(int status) { return status == 0 || (status >= 500 && status != 507); }

}  // namespace

MediaUploader::MediaUploader(QString path, MediaUploadOptions options, QObject* parent)
    : QObject(parent),
      path_(std::move(path)),
      options_(std::move(options)),
      sender_(std::max(1, options_.parallel)) {
    network_.setAutoDeleteReplies(true);
    progressTimer_.setInterval(200);
    connect(&progressTimer_, &QTimer::timeout, this, &MediaUploader::emitProgress);
}

QNetworkRequest MediaUploader::request(const QUrl& url) const {
    QNetworkRequest r(url);
    r.setRawHeader("Tus-Resumable", "1.0.0");
    r.setRawHeader("Authorization", "Bearer " + options_.token.toUtf8());
    return r;
}

void MediaUploader::start() {
    QFile file(path_);
    if (!file.open(QIODevice::ReadOnly)) {
        finish(false, tr("%1 cannot be read: %2").arg(path_, file.errorString()));
        return;
    }
    size_ = file.size();
    if (options_.mediaId.isEmpty()) {
        auto id = media::mediaFingerprint(path_.toStdString());
        if (!id) {
            finish(false, QString::fromStdString(id.error()));
            return;
        }
        mediaId_ = QString::fromStdString(*id);
    } else {
        mediaId_ = options_.mediaId;
    }
    const qint64 chunk = std::max<qint64>(1, options_.chunkBytes);
    for (qint64 start = 0; start < size_ || (start == 0 && size_ == 0); start += chunk) {
        chunks_.push_back(Chunk{start, std::min(chunk, size_ - start), {}, -1, false, 0, {}});
        if (size_ == 0) break;
    }
    loadState();
    checkPublished();
}

void MediaUploader::cancel() { finish(false, tr("cancelled")); }

// The relay may have the file already (someone uploaded it): then nothing is sent.
void MediaUploader::checkPublished() {
    QUrl url = options_.server.resolved(QUrl(QStringLiteral("/media/") + mediaId_));
    QNetworkReply* reply = network_.head(request(url));
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        if (done_) return;
        const int status = statusOf(reply);
        if (status == 200) {
            resumed_ = size_;
            emitProgress();
            removeState();
            finish(true, {});
            return;
        }
        if (status == 401 || status == 403) {
            finish(false, reasonOf(reply));
            return;
        }
        pump();
    });
}

void MediaUploader::pump() {
    if (done_) return;
    int busy = 0;
    bool allComplete = true;
    for (const Chunk& c : chunks_) {
        busy += c.busy ? 1 : 0;
        allComplete &= c.offset == c.length;
    }
    if (allComplete) {
        if (!joining_) join();
        return;
    }
    for (size_t i = 0; i < chunks_.size() && busy < options_.parallel; ++i) {
        Chunk& c = chunks_[i];
        if (c.busy || c.offset == c.length) continue;
        ++busy;
        step(i);
    }
}

void MediaUploader::step(size_t index) {
    Chunk& c = chunks_[index];
    c.busy = true;
    if (c.upload.isEmpty())
        createPart(index);
    else if (c.offset < 0)
        askOffset(index);
    else
        patch(index);
}

void MediaUploader::createPart(size_t index) {
    QNetworkRequest r = request(options_.server.resolved(QUrl(QStringLiteral("/files/"))));
    r.setRawHeader("Upload-Length", QByteArray::number(chunks_[index].length));
    r.setRawHeader("Upload-Concat", "partial");
    // Where the chunk goes in the file: the relay writes it there, and joins without a copy.
    const auto b64 = [](const QByteArray& v) { return v.toBase64(); };
    r.setRawHeader("Upload-Metadata", "media_id " + b64(mediaId_.toLatin1()) + ",part_of_length " +
                                          b64(QByteArray::number(size_)) + ",part_offset " +
                                          b64(QByteArray::number(chunks_[index].start)));
    QNetworkReply* reply = network_.post(r, QByteArray());
    connect(reply, &QNetworkReply::finished, this, [this, reply, index] {
        if (done_) return;
        if (statusOf(reply) != 201) return retry(index, reply);
        Chunk& c = chunks_[index];
        c.upload =
            options_.server.resolved(QUrl(QString::fromLatin1(reply->rawHeader("Location"))));
        c.offset = reply->rawHeader("Upload-Offset").toLongLong();
        c.failures = 0;
        saveState();
        patch(index);
    });
}

void MediaUploader::askOffset(size_t index) {
    QNetworkReply* reply = network_.head(request(chunks_[index].upload));
    connect(reply, &QNetworkReply::finished, this, [this, reply, index] {
        if (done_) return;
        Chunk& c = chunks_[index];
        const int status = statusOf(reply);
        if (status == 404 || status == 410) {  // expired or removed: made again
            c.fromState = false;
            c.upload.clear();
            c.offset = -1;
            saveState();
            createPart(index);
            return;
        }
        if (status != 200) return retry(index, reply);
        c.offset = reply->rawHeader("Upload-Offset").toLongLong();
        c.failures = 0;
        if (c.fromState) resumed_ += c.offset;
        c.fromState = false;
        patch(index);
    });
}

void MediaUploader::patch(size_t index) {
    Chunk& c = chunks_[index];
    if (c.offset >= c.length) {
        c.busy = false;
        emitProgress();
        pump();
        return;
    }
    PatchBody body{c.upload, options_.token.toUtf8(), path_, c.start + c.offset,
                   std::min(options_.patchBytes, c.length - c.offset), c.offset,
                   // The cap is shared out among the chunks in flight.
                   options_.maxBytesPerSecond / std::max(1, options_.parallel)};
    c.flight = sender_.send(std::move(body), [this, index](const PatchResult& r) {
        if (done_) return;
        Chunk& c = chunks_[index];
        c.flight.reset();
        if (r.fileChanged) return finish(false, tr("%1 changed while it was sent").arg(path_));
        if (r.status != 204) {
            // 409: the offset moved; 460: bytes spoilt on the way. Either way the relay says
            // where the chunk stands before it goes on.
            return retryAfter(
                index, r.status,
                httpReason(r.status, r.error, r.error.isEmpty() ? tr("refused") : r.error));
        }
        c.offset = r.uploadOffset;
        c.failures = 0;
        emitProgress();
        patch(index);
    });
    if (!progressTimer_.isActive()) progressTimer_.start();
}

void MediaUploader::retry(size_t index, QNetworkReply* reply) {
    retryAfter(index, statusOf(reply), reasonOf(reply));
}

void MediaUploader::retryAfter(size_t index, int status, const QString& reason) {
    Chunk& c = chunks_[index];
    const bool again = transient(status) || status == 409 || status == 460;
    if (!again || ++c.failures > options_.retries) {
        finish(false, reason);
        return;
    }
    c.offset = -1;  // whatever happened, the relay says where the chunk stands
    const int waitMs = 250 << std::min(c.failures, 6);
    QTimer::singleShot(waitMs, this, [this, index] {
        if (done_) return;
        step(index);
    });
}

void MediaUploader::join() {
    joining_ = true;
    QNetworkRequest r = request(options_.server.resolved(QUrl(QStringLiteral("/files/"))));
    QStringList parts;
    for (const Chunk& c : chunks_) parts << c.upload.path();
    r.setRawHeader("Upload-Concat", ("final;" + parts.join(QLatin1Char(' '))).toUtf8());
    QByteArray metadata = "media_id " + mediaId_.toLatin1().toBase64() + ",filename " +
                          QFileInfo(path_).fileName().toUtf8().toBase64();
    if (!options_.kind.isEmpty()) metadata += ",kind " + options_.kind.toUtf8().toBase64();
    r.setRawHeader("Upload-Metadata", metadata);
    QNetworkReply* reply = network_.post(r, QByteArray());
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        if (done_) return;
        if (statusOf(reply) != 201) {
            joining_ = false;
            // Parts that expired meanwhile are sent again; anything else ends it.
            if (statusOf(reply) == 400 && !chunks_.empty()) {
                for (Chunk& c : chunks_) c.offset = -1;
                if (++chunks_.front().failures <= options_.retries) {
                    pump();
                    return;
                }
            }
            finish(false, reasonOf(reply));
            return;
        }
        removeState();
        finish(true, {});
    });
}

UploadResumeStates UploadResumeStates::inFolder(const QString& folder) {
    // Keys are a media id and a hash: safe as file names.
    const auto path = [folder](const QString& key) { return folder + "/" + key + ".json"; };
    UploadResumeStates states;
    states.load = [path](const QString& key) {
        QFile in(path(key));
        return in.open(QIODevice::ReadOnly) ? in.read(1 << 20) : QByteArray();
    };
    states.save = [folder, path](const QString& key, const QByteArray& state) {
        QDir().mkpath(folder);
        QSaveFile out(path(key));
        if (out.open(QIODevice::WriteOnly) && out.write(state) == state.size()) out.commit();
    };
    states.remove = [path](const QString& key) { QFile::remove(path(key)); };
    return states;
}

QString MediaUploader::stateKey() const {
    const QByteArray server = Sha256::of(options_.server.toString().toUtf8()).toHex().left(16);
    return QStringLiteral("%1-%2").arg(mediaId_, QString::fromLatin1(server));
}

void MediaUploader::removeState() {
    if (options_.resumeStates.remove) options_.resumeStates.remove(stateKey());
}

void MediaUploader::saveState() {
    if (!options_.resumeStates.save) return;
    QJsonArray parts;
    for (const Chunk& c : chunks_) parts.append(c.upload.toString());
    const QJsonObject state{{"media_id", mediaId_},
                            {"size", static_cast<double>(size_)},
                            {"chunk_bytes", static_cast<double>(options_.chunkBytes)},
                            {"server", options_.server.toString()},
                            {"parts", parts}};
    options_.resumeStates.save(stateKey(), QJsonDocument(state).toJson(QJsonDocument::Compact));
}

// The parts a previous run made, when it sent the same file to the same relay in the same cut.
// The state is as hostile as any file: only the relay's own upload paths on this server count.
void MediaUploader::loadState() {
    if (!options_.resumeStates.load) return;
    const QJsonObject state =
        QJsonDocument::fromJson(options_.resumeStates.load(stateKey())).object();
    const QJsonArray parts = state.value("parts").toArray();
    if (state.value("media_id").toString() != mediaId_ ||
        static_cast<qint64>(state.value("size").toDouble()) != size_ ||
        static_cast<qint64>(state.value("chunk_bytes").toDouble()) != options_.chunkBytes ||
        state.value("server").toString() != options_.server.toString() ||
        parts.size() != static_cast<qsizetype>(chunks_.size()))
        return;
    for (size_t i = 0; i < chunks_.size(); ++i) {
        const QUrl url(parts[static_cast<qsizetype>(i)].toString());
        if (url.isValid() && url.path().startsWith(QStringLiteral("/files/")) &&
            url.host() == options_.server.host() && url.port() == options_.server.port()) {
            chunks_[i].upload = url;
            chunks_[i].fromState = true;
        }
    }
}

void MediaUploader::emitProgress() {
    qint64 sent = 0;
    bool moving = false;
    for (const Chunk& c : chunks_) {
        sent += std::max<qint64>(0, c.offset) + (c.flight ? c.flight->sent.load() : 0);
        moving |= c.flight != nullptr;
    }
    if (!moving) progressTimer_.stop();
    emit progress(std::min(sent, size_), size_);
}

void MediaUploader::finish(bool ok, const QString& message) {
    if (done_) return;
    done_ = true;
    progressTimer_.stop();
    for (Chunk& c : chunks_)
        if (c.flight) c.flight->stopped = true;
    emit finished(ok, message);
}

}  // namespace framenote::sync
