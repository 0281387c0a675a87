#pragma once
// What framenote-loadgen prints (docs/PERFORMANCE.md, "Sync and relay"): the set-up, one table
// row per rate with the relay's figures beside the generator's, the goal's verdicts, a legend.
#include <string>
#include <utility>
#include <vector>

#include "bench/loadgen_client.h"
#include "bench/loadgen_options.h"
#include "bench/loadgen_relay.h"

namespace framenote::bench {

// One rate's phase: the generator's figures and the relay's over the same span.
struct Phase {
    double rate = 0;
    Generator::Result run;
    RelayCounters relay;     // what the relay's counters grew by
    double relayCpu = 0;     // CPU seconds the relay used
    double relayRssMiB = 0;  // resident after the phase
    int errors = 0;          // Error messages the clients received
};

void printSetup(const LoadgenOptions& o);
void printJoined(int clients, double seconds, size_t moveBytes);
void printMemoryJoined(std::pair<double, double> rssAndPeakMiB);
void printTableHeader();
// The phase's row, its latency by path across slow links, and the relay's notable counts.
void printPhase(const Phase& p, const LoadgenOptions& o, bool anySlow);
// "RATE ops/s: met (...)" or "MISSED (...)" against --goal-p99-ms.
std::string verdict(const Phase& p, const LoadgenOptions& o, bool anySlow);
// The first error, the links' segments, the legend, the verdicts.
void printSummary(const Generator& gen, const std::vector<std::string>& verdicts);
void printMemoryAtEnd(std::pair<double, double> rssAndPeakMiB);

}  // namespace framenote::bench
