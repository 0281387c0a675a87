#pragma once
// --version (and, for the Qt ones, --help without a display), answered alike by every benchmark
// before it does anything else: a benchmark is an executable like the others.
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "framenote/version.h"

namespace framenote::bench {

inline bool asked(int argc, char** argv, const char* option) {
    for (int i = 1; i < argc; ++i)
        if (!std::strcmp(argv[i], option)) return true;
    return false;
}

// Prints "NAME VERSION" when --version is among the arguments; true if it did (exit 0 then).
inline bool printVersionIfAsked(int argc, char** argv, const char* name) {
    if (!asked(argc, argv, "--version")) return false;
    std::printf("%s %s\n", name, kVersion);
    return true;
}

// A QGuiApplication needs a display; --help and --version do not: without one they run offscreen.
inline void offscreenForHelpOrVersion(int argc, char** argv) {
    const bool helpOrVersion =
        asked(argc, argv, "--help") || asked(argc, argv, "-h") || asked(argc, argv, "--version");
    const bool display =
        std::getenv("DISPLAY") || std::getenv("WAYLAND_DISPLAY") || std::getenv("QT_QPA_PLATFORM");
    if (helpOrVersion && !display) setenv("QT_QPA_PLATFORM", "offscreen", 1);
}

}  // namespace framenote::bench
