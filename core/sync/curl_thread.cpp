#include "core/sync/curl_thread.h"

#include <mutex>

namespace framenote::sync {

namespace {

struct ThreadHandle {
    CURL* curl = nullptr;
    ThreadHandle() {
        static std::once_flag once;
        std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
        curl = curl_easy_init();
    }
    ~ThreadHandle() { curl_easy_cleanup(curl); }
};

}  // namespace

CURL* curlForThisThread() {
    thread_local ThreadHandle handle;
    if (handle.curl) curl_easy_reset(handle.curl);
    return handle.curl;
}

}  // namespace framenote::sync
