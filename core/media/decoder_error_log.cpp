#include "core/media/decoder_error_log.h"

extern "C" {
#include <libavutil/log.h>
}

#include <cstdarg>
#include <mutex>
#include <unordered_map>

namespace framenote::media {

namespace {

struct Watched {
    std::mutex mutex;
    std::unordered_map<const void*, std::string> firstErrors;  // by context; "" until one
};

Watched& watched() {
    static Watched instance;
    return instance;
}

}  // namespace

DecoderErrorLog::DecoderErrorLog(const void* context) : context_(context) {
    std::lock_guard lock(watched().mutex);
    watched().firstErrors[context_];
}

DecoderErrorLog::~DecoderErrorLog() {
    std::lock_guard lock(watched().mutex);
    watched().firstErrors.erase(context_);
}

std::string DecoderErrorLog::firstError() const {
    std::lock_guard lock(watched().mutex);
    return watched().firstErrors[context_];
}

void recordDecoderErrors(void* context, int level, const char* format, va_list args) {
    if (context && level <= AV_LOG_ERROR) {
        std::lock_guard lock(watched().mutex);
        const auto it = watched().firstErrors.find(context);
        if (it != watched().firstErrors.end() && it->second.empty()) {
            char line[512];
            int printPrefix = 0;
            va_list copy;
            va_copy(copy, args);
            av_log_format_line2(context, level, format, copy, line, sizeof line, &printPrefix);
            va_end(copy);
            std::string text(line);
            while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
            it->second = text.empty() ? "an unnamed error" : text;
        }
    }
    av_log_default_callback(context, level, format, args);
}

}  // namespace framenote::media
