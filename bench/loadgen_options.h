#pragma once
// framenote-loadgen's command line (loadgen_main.cpp): the load, the emulated links, and the
// relay to drive (one it starts, or one already running).
#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "bench/link_emulator.h"

namespace framenote::bench {

struct LoadgenOptions {
    std::vector<double> rates = {1000, 5000, 10000};  // operations a second, over all clients
    double seconds = 10, warmup = 2, presenceHz = 10;
    double goalP99 = 0;  // ms; 0: no goal, no verdicts
    int rooms = 10, perRoom = 100, flushMs = 2, slowPerRoom = 0;
    LinkParams link;  // rtoNs as given, or from the delay
    std::string relayPath;
    std::string url;  // HOST:PORT of a running relay; empty: start relayPath
    std::string durability = "full";
    pid_t relayPid = 0;  // of a running relay, for its CPU and memory (0: not measured)
    std::vector<std::string> relayArgs;
};

// The options, or nullopt after the usage went to stderr (`exitCode`: 0 for --help, 2 for an
// unknown argument). An option without its value ends the process with 2.
std::optional<LoadgenOptions> parseLoadgenOptions(int argc, char** argv, int& exitCode);

}  // namespace framenote::bench
