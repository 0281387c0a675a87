#include "core/sync/curl_thread.h"

#include <mutex>

namespace framenote::sync {

namespace {

struct ThreadHandle {
    CURL* curl = nullptr;
    ThreadHandle() {
        prepareCurl();  // done already by the client that runs this thread's work
        curl = curl_easy_init();
    }
    ~ThreadHandle() { curl_easy_cleanup(curl); }
};

}  // namespace

void prepareCurl() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CURL* curlForThisThread() {
    thread_local ThreadHandle handle;
    if (handle.curl) curl_easy_reset(handle.curl);
    return handle.curl;
}

std::optional<QByteArray> headerValue(const char* data, size_t size, const char* name) {
    const QByteArray line = QByteArray(data, static_cast<qsizetype>(size)).trimmed();
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0 || line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) != 0)
        return std::nullopt;
    return line.mid(colon + 1).trimmed();
}

void keepAnswerText(QByteArray& text, const char* data, size_t size) {
    if (text.size() < 4096) text.append(data, static_cast<qsizetype>(size));
}

}  // namespace framenote::sync
