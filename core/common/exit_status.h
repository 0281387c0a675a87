#pragma once
// Exit statuses and stderr messages shared by every Framenote executable, so that a script can
// rely on them: 0 success, 1 failure (the message names the file and the cause), 2 usage error.
#include <cstdio>
#include <string>

namespace framenote {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// "PROGRAM: MESSAGE" on stderr; returns kExitFailure.
inline int reportFailure(const char* program, const std::string& message) {
    std::fprintf(stderr, "%s: %s\n", program, message.c_str());
    return kExitFailure;
}

// "PROGRAM: MESSAGE", then where to find the usage; returns kExitUsage.
inline int reportUsageError(const char* program, const std::string& message) {
    std::fprintf(stderr, "%s: %s\nTry '%s --help'.\n", program, message.c_str(), program);
    return kExitUsage;
}

}  // namespace framenote
