#pragma once
// libcurl for the media client's worker threads (patch_sender.h, range_getter.h): the library
// initialised once per process, and one easy handle per thread, reset before each use, whose
// connection stays open from one request to the next; and what both read of an answer.
#include <curl/curl.h>

#include <QByteArray>
#include <optional>

namespace framenote::sync {

// Initialises libcurl (and with it OpenSSL) once per process. Called by the clients' constructors
// on the thread that makes them: run first on a worker thread, OpenSSL's initialisation leaves that
// thread's error state behind when it ends (LeakSanitizer saw it).
void prepareCurl();

// This thread's handle, reset to its defaults (nullptr if libcurl could not make one).
CURL* curlForThisThread();

// The value of header `name` if the header line libcurl passed (`data`, `size` bytes) is that one.
std::optional<QByteArray> headerValue(const char* data, size_t size, const char* name);

// An answer's text (a refusal's reason, a line or so) kept up to 4 KiB: what is past is cut.
void keepAnswerText(QByteArray& text, const char* data, size_t size);

}  // namespace framenote::sync
