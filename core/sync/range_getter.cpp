#include "core/sync/range_getter.h"

#include <unistd.h>

#include "core/sync/curl_thread.h"

namespace framenote::sync {

namespace {

constexpr long kConnectTimeoutSeconds = 15;
constexpr long kStallSeconds = 60;  // less than a byte a second for this long: dead

struct Transfer {
    const RangeRequest* request = nullptr;
    const std::function<void(qint64)>* progress = nullptr;
    const std::atomic<bool>* stop = nullptr;
    CURL* curl = nullptr;
    bool checked = false;  // the answer was found to be the range asked for
    qint64 at = 0;         // the next byte's offset in the file
    QByteArray contentRange;
    QByteArray refusal;  // the body of an answer that is not the range
    QString error;
    bool refused = false;
};

size_t onHeader(char* data, size_t size, size_t count, void* user) {
    if (auto value = headerValue(data, size * count, "Content-Range"))
        static_cast<Transfer*>(user)->contentRange = *value;
    return size * count;
}

size_t keepText(char* data, size_t size, size_t count, void* user) {
    keepAnswerText(static_cast<Transfer*>(user)->refusal, data, size * count);
    return size * count;
}

// Whether the answer is the bytes asked for: 206 with exactly that Content-Range, or a 200 of
// the whole file when that is what was asked.
bool isTheRange(Transfer& t, long status) {
    const RangeRequest& r = *t.request;
    if (status == 206)
        return t.contentRange.startsWith("bytes " + QByteArray::number(r.from) + '-' +
                                         QByteArray::number(r.to - 1) + '/');
    curl_off_t length = -1;
    curl_easy_getinfo(t.curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    return status == 200 && r.from == 0 && length == r.to;
}

size_t onBody(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t n = size * count;
    if (!t->checked) {
        long status = 0;
        curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
        if (status != 200 && status != 206) return keepText(data, size, count, user);
        if (!isTheRange(*t, status)) {
            t->error = QStringLiteral("the relay answered other bytes than the range asked for");
            t->refused = true;
            return 0;  // ends the transfer
        }
        t->checked = true;
    }
    if (t->at + static_cast<qint64>(n) > t->request->to) {
        t->error = QStringLiteral("the relay sent more bytes than the range asked for");
        t->refused = true;
        return 0;
    }
    size_t done = 0;
    while (done < n) {
        const ssize_t w = ::pwrite(t->request->fd, data + done, n - done,
                                   static_cast<off_t>(t->at + static_cast<qint64>(done)));
        if (w <= 0) {
            t->error = QStringLiteral("cannot write the file: %1").arg(qt_error_string(errno));
            return 0;
        }
        done += static_cast<size_t>(w);
    }
    t->at += static_cast<qint64>(n);
    (*t->progress)(static_cast<qint64>(n));
    return n;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<Transfer*>(user)->stop->load(std::memory_order_relaxed) ? 1 : 0;
}

void setCommon(CURL* curl, const QByteArray& url, curl_slist* headers) {
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, kStallSeconds);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
}

}  // namespace

RangeResult getRange(const RangeRequest& request, const std::function<void(qint64)>& progress,
                     const std::atomic<bool>& stop) {
    RangeResult result;
    CURL* curl = curlForThisThread();
    if (!curl) {
        result.error = QStringLiteral("libcurl could not start");
        return result;
    }
    Transfer t;
    t.request = &request;
    t.progress = &progress;
    t.stop = &stop;
    t.curl = curl;
    t.at = request.from;
    curl_slist* headers = nullptr;
    const QByteArray lines[] = {
        "Authorization: Bearer " + request.token,
        "Range: bytes=" + QByteArray::number(request.from) + '-' +
            QByteArray::number(request.to - 1),
        "If-Range: \"" + request.etag + '"',
    };
    for (const QByteArray& line : lines) headers = curl_slist_append(headers, line.constData());
    const QByteArray url = request.url.toEncoded();
    setCommon(curl, url, headers);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &onBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &onProgress);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
    if (request.maxBytesPerSecond > 0)
        curl_easy_setopt(curl, CURLOPT_MAX_RECV_SPEED_LARGE,
                         static_cast<curl_off_t>(request.maxBytesPerSecond));
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    result.status = static_cast<int>(status);
    result.written = t.at - request.from;
    result.refused = t.refused;
    if (!t.error.isEmpty())
        result.error = t.error;
    else if (status != 200 && status != 206 && status != 0)
        result.error = QString::fromUtf8(t.refusal).trimmed();
    else if (code != CURLE_OK)
        result.error = QString::fromUtf8(curl_easy_strerror(code));
    return result;
}

SizeAnswer askSize(const QUrl& url, const QByteArray& token) {
    SizeAnswer answer;
    CURL* curl = curlForThisThread();
    if (!curl) {
        answer.error = QStringLiteral("libcurl could not start");
        return answer;
    }
    // The first byte: its Content-Range tells the size, and a refusal comes with its reason.
    RangeRequest first{url, token, {}, 0, 1, -1, 0};
    Transfer t;
    t.request = &first;
    t.curl = curl;
    curl_slist* headers = nullptr;
    const QByteArray lines[] = {"Authorization: Bearer " + token, "Range: bytes=0-0"};
    for (const QByteArray& line : lines) headers = curl_slist_append(headers, line.constData());
    const QByteArray encoded = url.toEncoded();
    setCommon(curl, encoded, headers);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &onHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &keepText);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(headers);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    answer.status = static_cast<int>(status);
    const qsizetype slash = t.contentRange.lastIndexOf('/');
    bool ok = false;
    const qint64 total = t.contentRange.mid(slash + 1).toLongLong(&ok);
    if ((status == 206 || status == 416) && slash > 0 && ok) {
        answer.status = 200;  // 416: "bytes */0", an empty file
        answer.size = total;
    } else if (status == 200) {
        curl_off_t length = -1;
        curl_easy_getinfo(curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
        answer.size = length;
    }
    if (code != CURLE_OK)
        answer.error = QString::fromUtf8(curl_easy_strerror(code));
    else if (answer.size < 0)
        answer.error = QString::fromUtf8(t.refusal).trimmed();
    return answer;
}

}  // namespace framenote::sync
