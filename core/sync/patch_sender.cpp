#include "core/sync/patch_sender.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <unistd.h>

#include <QRunnable>

#include "core/sync/curl_thread.h"
#include "core/sync/sha256.h"

namespace framenote::sync {

namespace {

constexpr long kConnectTimeoutSeconds = 15;
// A connection that moves less than a byte a second for this long is taken as dead.
constexpr long kStallSeconds = 60;

struct Transfer {
    PatchInFlight* flight;
    const std::atomic<bool>* closing;
    QByteArray uploadOffset;
    QByteArray answer;
};

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    if (auto value = headerValue(data, size * count, "Upload-Offset"))
        static_cast<Transfer*>(user)->uploadOffset = *value;
    return size * count;
}

// The relay's reason for a refusal.
size_t onBody(char* data, size_t size, size_t count, void* user) {
    keepAnswerText(static_cast<Transfer*>(user)->answer, data, size * count);
    return size * count;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t sent) {
    auto* t = static_cast<Transfer*>(user);
    t->flight->sent.store(sent, std::memory_order_relaxed);
    return t->flight->stopped.load(std::memory_order_relaxed) ||
                   t->closing->load(std::memory_order_relaxed)
               ? 1
               : 0;
}

// The bytes of [offset, offset + length) of the file; shorter when the file is.
QByteArray readRange(const QString& path, qint64 offset, qint64 length) {
    QByteArray bytes(length, Qt::Uninitialized);
    const int fd = ::open(path.toLocal8Bit().constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return {};
    qint64 done = 0;
    while (done < length) {
        const ssize_t n = ::pread(fd, bytes.data() + done, static_cast<size_t>(length - done),
                                  static_cast<off_t>(offset + done));
        if (n <= 0) break;
        done += n;
    }
    ::close(fd);
    bytes.truncate(done);
    return bytes;
}

PatchResult perform(const PatchBody& body, PatchInFlight& flight,
                    const std::atomic<bool>& closing) {
    PatchResult result;
    const QByteArray bytes = readRange(body.path, body.fileOffset, body.length);
    if (bytes.size() != body.length) {
        result.fileChanged = true;
        return result;
    }
    CURL* curl = curlForThisThread();
    if (!curl) {
        result.error = QStringLiteral("libcurl could not start");
        return result;
    }
    Transfer transfer{&flight, &closing, {}, {}};
    const QByteArray url = body.upload.toEncoded();
    curl_slist* headers = nullptr;
    const QByteArray lines[] = {
        "Tus-Resumable: 1.0.0",
        "Authorization: Bearer " + body.token,
        "Content-Type: application/offset+octet-stream",
        "Upload-Offset: " + QByteArray::number(body.uploadOffset),
        "Upload-Checksum: sha256 " + Sha256::of(bytes).toBase64(),
        // The body follows at once: a refusal comes back before most of it is sent anyway.
        "Expect:",
    };
    for (const QByteArray& line : lines) headers = curl_slist_append(headers, line.constData());
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PATCH");
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, bytes.constData());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(bytes.size()));
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, kStallSeconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (body.maxBytesPerSecond > 0)
        curl_easy_setopt(curl, CURLOPT_MAX_SEND_SPEED_LARGE,
                         static_cast<curl_off_t>(body.maxBytesPerSecond));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    if (code != CURLE_OK) {
        result.error = QString::fromUtf8(curl_easy_strerror(code));
        return result;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    result.status = static_cast<int>(status);
    bool ok = false;
    const qint64 offset = transfer.uploadOffset.toLongLong(&ok);
    if (ok) result.uploadOffset = offset;
    result.error = QString::fromUtf8(transfer.answer).trimmed();
    return result;
}

}  // namespace

PatchSender::PatchSender(int threads, QObject* parent) : QObject(parent) {
    prepareCurl();
    pool_.setMaxThreadCount(std::max(1, threads));
}

PatchSender::~PatchSender() {
    closing_->store(true);
    pool_.waitForDone();
}

void PatchSender::start(PatchBody body, std::shared_ptr<PatchInFlight> flight,
                        std::function<void(PatchResult)> deliver) {
    pool_.start([body = std::move(body), flight = std::move(flight), closing = closing_,
                 deliver = std::move(deliver)] {
        if (flight->stopped.load() || closing->load()) return;
        deliver(perform(body, *flight, *closing));
    });
}

}  // namespace framenote::sync
