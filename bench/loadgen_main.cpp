// framenote-loadgen: drives a framenote-relay with many WebSocket clients from one process and
// measures it (docs/PERFORMANCE.md, "Sync and relay": 1,000 / 5,000 / 10,000 operations a second
// into rooms of 100 clients).
//
//   loadgen_client.h   the clients, on one epoll in one thread, and what they measure
//   loadgen_options.h  the command line
//   loadgen_relay.h    the relay under test: started here or already running; CPU, memory, metrics
//   loadgen_report.h   the table, the verdicts, the legend
//
// A weak network ("2G": 100 kbit/s, 300 ms, 1% loss) is emulated here, in user space,
// because this kernel has no netem: --slow-per-room N puts N clients of each room behind an
// emulated link (bench/link_emulator.h), each client its own link.
//
//   framenote-loadgen [--rates 1000,5000,10000] [--seconds 10] [--rooms 10] [--clients 100]
//                     [--presence-hz 10] [--flush-ms 2] [--goal-p99-ms 50]
//                     [--slow-per-room N --link-kbit 100 --link-delay-ms 300 --link-loss 0.01]
//                     [--relay PATH [--relay-arg ARG]... | --url HOST:PORT --relay-pid PID]
#include <signal.h>
#include <sys/resource.h>

#include "bench/bench_cli.h"
#include "bench/loadgen_client.h"
#include "bench/loadgen_options.h"
#include "bench/loadgen_relay.h"
#include "bench/loadgen_report.h"

namespace fb = framenote::bench;

namespace {

// Runs one rate and takes the relay's figures over the same span.
fb::Phase runPhase(fb::Generator& gen, const fb::RelayUnderTest& relay, double rate,
                   const fb::LoadgenOptions& o) {
    fb::Phase p;
    p.rate = rate;
    const double cpu0 = relay.cpuSeconds();
    const fb::RelayCounters counters0 = relay.counters();
    const int errors0 = gen.events().errors;
    p.run = gen.run(rate, o.presenceHz, o.seconds, o.warmup);
    p.relayCpu = relay.cpuSeconds() - cpu0;
    p.relay = relay.counters() - counters0;
    p.relayRssMiB = relay.memoryMiB().first;
    p.errors = gen.events().errors - errors0;
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    if (fb::printVersionIfAsked(argc, argv, "framenote-loadgen")) return 0;
    int exitCode = 0;
    const auto options = fb::parseLoadgenOptions(argc, argv, exitCode);
    if (!options) return exitCode;
    const fb::LoadgenOptions& o = *options;
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);  // the relay, started from here, inherits it
    signal(SIGPIPE, SIG_IGN);

    fb::RelayUnderTest relay;
    if (!relay.start(o)) return 1;
    fb::printSetup(o);
    fb::Generator gen(o.rooms, o.perRoom, relay.host, relay.port);
    gen.setSlowLinks(o.slowPerRoom, o.link);
    const int64_t t0 = fb::nowNs();
    if (!gen.connectAll()) {
        relay.terminate();
        return 1;
    }
    fb::printJoined(o.rooms * o.perRoom, static_cast<double>(fb::nowNs() - t0) / 1e9,
                    gen.moveBytes());
    if (relay.pid) fb::printMemoryJoined(relay.memoryMiB());
    fb::printTableHeader();
    std::vector<std::string> verdicts;
    for (double rate : o.rates) {
        const fb::Phase phase = runPhase(gen, relay, rate, o);
        fb::printPhase(phase, o, gen.anySlow());
        if (o.goalP99 > 0) verdicts.push_back(fb::verdict(phase, o, gen.anySlow()));
    }
    fb::printSummary(gen, verdicts);
    if (relay.pid) fb::printMemoryAtEnd(relay.memoryMiB());
    relay.stop();
    return 0;
}
