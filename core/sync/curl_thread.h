#pragma once
// libcurl for the media client's worker threads (patch_sender.h, range_getter.h): the library
// initialised once per process, and one easy handle per thread, reset before each use, whose
// connection stays open from one request to the next.
#include <curl/curl.h>

namespace framenote::sync {

// This thread's handle, reset to its defaults (nullptr if libcurl could not make one).
CURL* curlForThisThread();

}  // namespace framenote::sync
