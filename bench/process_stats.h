#pragma once
// What the benchmarks that run an anchor process (ffmpeg) share: quoting its command line for
// the shell, and the CPU time spent by this process or by its waited-for children.
#include <sys/resource.h>

#include <string>

namespace framenote::bench {

// `text` as one word for /bin/sh.
inline std::string shellQuote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// User + system CPU seconds of this process (RUSAGE_SELF) or of its waited-for children
// (RUSAGE_CHILDREN).
inline double cpuSeconds(int who) {
    rusage usage{};
    getrusage(who, &usage);
    auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return s(usage.ru_utime) + s(usage.ru_stime);
}

}  // namespace framenote::bench
