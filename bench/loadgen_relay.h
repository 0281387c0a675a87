#pragma once
// The relay framenote-loadgen drives (loadgen_main.cpp): a framenote-relay it starts on loopback
// (an open relay with its metrics, a data directory of its own), or one already running. What is
// measured of it: CPU and memory from /proc, counters from its /metrics.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>

#include "bench/loadgen_options.h"

namespace framenote::bench {

// The relay's counters that the report uses, read from one /metrics response (all 0 without a
// metrics port). Subtracting two samples gives what happened in between.
struct RelayCounters {
    double bytesOut = 0, operationsOut = 0, presenceOut = 0;
    double slowConsumers = 0, presenceThinned = 0;
    // The log's group commits: how many, their total seconds, and how many took at most 20 ms
    // and 100 ms (the fan-out waits for them).
    double commits = 0, commitSeconds = 0, commitsWithin20ms = 0, commitsWithin100ms = 0;

    static RelayCounters read(int metricsPort);
    RelayCounters operator-(const RelayCounters& before) const;
};

struct RelayUnderTest {
    std::string host = "127.0.0.1";
    int port = 0;
    int metricsPort = 0;   // 0 for a relay given by --url
    pid_t pid = 0;         // 0: a relay given by --url without --relay-pid (not measured)
    bool started = false;  // started here: stopped here
    std::filesystem::path dataDir;

    // Starts the relay of `o` (--relay, --relay-arg, --flush-ms, --durability) and waits until it
    // listens, or takes the one of --url. False when it cannot be started (said on stderr).
    bool start(const LoadgenOptions& o);
    // Asks a relay started here to stop (SIGTERM), without waiting.
    void terminate();
    // Stops a relay started here, waits for it and removes its data directory.
    void stop();

    // CPU seconds the process has used (0 without a pid).
    double cpuSeconds() const;
    // Resident and peak resident memory, in MiB (0 without a pid).
    std::pair<double, double> memoryMiB() const;
    RelayCounters counters() const { return RelayCounters::read(metricsPort); }
};

}  // namespace framenote::bench
