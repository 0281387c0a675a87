#include "bench/loadgen_report.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>

namespace framenote::bench {

void printSetup(const LoadgenOptions& o) {
    std::printf(
        "framenote-loadgen: %d rooms x %d clients, presence %.0f Hz per client, flush window %d "
        "ms, "
        "durability %s, %.0f s per rate (after %.0f s warm-up)\n",
        o.rooms, o.perRoom, o.presenceHz, o.flushMs, o.durability.c_str(), o.seconds, o.warmup);
    if (o.slowPerRoom > 0)
        std::printf(
            "emulated link (user space, per client, each direction): %d clients per room, %.0f "
            "kbit/s, "
            "%.0f ms delay, %.2f%% segment loss, RTO %.0f ms, window %zu bytes\n",
            std::min(o.slowPerRoom, o.perRoom), o.link.bitsPerSecond / 1000,
            static_cast<double>(o.link.delayNs) / 1e6, o.link.loss * 100,
            static_cast<double>(o.link.rtoNs) / 1e6, LinkDirection::windowFor(o.link));
}

void printJoined(int clients, double seconds, size_t moveBytes) {
    std::printf("%d clients joined in %.1f s; a move is %zu bytes on the wire (client -> relay)\n",
                clients, seconds, moveBytes);
}

void printMemoryJoined(std::pair<double, double> rssAndPeakMiB) {
    std::printf("relay memory with every client joined: %.0f MiB resident (peak %.0f MiB)\n",
                rssAndPeakMiB.first, rssAndPeakMiB.second);
}

void printTableHeader() {
    std::printf("\n%9s %9s %9s %9s %8s %8s %8s %8s %9s %9s %8s %9s %8s %7s\n", "offered",
                "accepted", "deliv/s", "pres/s", "p50 ms", "p99 ms", "max ms", "ack p99",
                "bytes/msg", "relay cpu", "us/msg", "relay MiB", "gen cpu", "errors");
}

void printPhase(const Phase& p, const LoadgenOptions& o, bool anySlow) {
    const Generator::Result& r = p.run;
    const double seconds = o.seconds;
    // Messages the relay delivered (operations and presence), over warm-up + measurement +
    // drain, as is its CPU: per-message figures use the relay's own counts.
    const double messages = p.relay.operationsOut + p.relay.presenceOut;
    const double usPerMessage = messages > 0 ? p.relayCpu * 1e6 / messages : 0;
    std::printf(
        "%9.0f %9.0f %9.0f %9.0f %8.2f %8.2f %8.1f %8.2f %9.1f %8.0f%% %8.2f %9.0f %7.0f%% "
        "%7d\n",
        r.offered, r.accepted, static_cast<double>(r.deliveries) / seconds,
        static_cast<double>(r.presenceReceived) / seconds, r.p50, r.p99, r.max, r.ackP99,
        messages > 0 ? p.relay.bytesOut / messages : 0, p.relayCpu * 100 / r.wallAll, usPerMessage,
        p.relayRssMiB, r.generatorCpu * 100 / seconds, p.errors);
    if (anySlow) {
        static const char* const names[] = {"fast -> fast", "fast -> slow link",
                                            "slow link -> fast", "slow -> slow (2 links)"};
        for (size_t k = 0; k < 4; ++k)
            if (r.paths[k].count)
                std::printf(
                    "    %-24s %9.0f deliveries/s  p50 %8.1f ms  p95 %8.1f ms  p99 %8.1f ms  "
                    "max %8.1f ms\n",
                    names[k], static_cast<double>(r.paths[k].count) / seconds, r.paths[k].p50,
                    r.paths[k].p95, r.paths[k].p99, r.paths[k].max);
    }
    if (p.relay.slowConsumers > 0)
        std::printf("    the relay dropped %.0f slow consumers\n", p.relay.slowConsumers);
    if (const double thinned = p.relay.presenceThinned; thinned > 0)
        std::printf("    presence thinned for slow receivers: %.0f updates superseded (%.0f/s)\n",
                    thinned, thinned / r.wallAll);
    if (const double commits = p.relay.commits; commits > 0)
        std::printf(
            "    log: %.0f commits, %.1f ops each, mean %.2f ms, %.0f over 20 ms, %.0f over "
            "100 ms\n",
            commits, r.accepted * seconds / commits, p.relay.commitSeconds * 1000 / commits,
            commits - p.relay.commitsWithin20ms, commits - p.relay.commitsWithin100ms);
    std::fflush(stdout);
}

std::string verdict(const Phase& p, const LoadgenOptions& o, bool anySlow) {
    const Generator::Result& r = p.run;
    const double seconds = o.seconds, goalP99 = o.goalP99;
    char text[256];
    const double expected = r.offered * (o.perRoom - 1);
    const bool allAccepted = r.accepted >= 0.99 * r.offered;
    const bool allDelivered = static_cast<double>(r.deliveries) / seconds >= 0.99 * expected;
    // With slow links the goal is for a delivery that crosses one of them (sender or receiver on
    // the link); two links (slow -> slow) are at least twice the delay.
    const double p99 = anySlow ? std::max(r.paths[1].p99, r.paths[2].p99) : r.p99;
    const bool met = allAccepted && allDelivered && p99 < goalP99;
    std::snprintf(text, sizeof text,
                  "%6.0f ops/s: %s (accepted %.1f%%, delivered %.1f%% of %.0f/s, p99 %.2f ms%s vs "
                  "goal < %.0f ms%s)",
                  p.rate, met ? "met" : "MISSED", 100 * r.accepted / std::max(1.0, r.offered),
                  100 * static_cast<double>(r.deliveries) / seconds / std::max(1.0, expected),
                  expected, p99, anySlow ? " across one slow link" : "", goalP99,
                  p99 < goalP99 ? ""
                                : (", over by " +
                                   std::to_string(static_cast<int>(p99 - goalP99 + 0.5)) + " ms")
                                      .c_str());
    return text;
}

void printSummary(const Generator& gen, const std::vector<std::string>& verdicts) {
    if (!gen.events().firstError.empty())
        std::printf("first error from the relay: %s\n", gen.events().firstError.c_str());
    if (gen.anySlow()) {
        const auto [segments, lost] = gen.linkSegments();
        std::printf(
            "emulated links carried %" PRIu64
            " segments, lost (and retransmitted after the RTO) %" PRIu64 " (%.2f%%)\n",
            segments, lost,
            segments ? 100.0 * static_cast<double>(lost) / static_cast<double>(segments) : 0);
    }
    std::printf(
        "\nlatency: op sent by a client -> received by each other client of its room (loopback, "
        "same machine)\n"
        "pres/s: presence updates received by all clients; bytes/msg: relay WebSocket payload "
        "bytes per\n"
        "delivered operation or presence update (batches included); relay cpu: share of one core "
        "over\n"
        "warm-up + measurement + drain; us/msg: relay CPU per delivered message; relay MiB: "
        "resident\n"
        "memory after the phase; gen cpu: this generator's share of one core\n");
    for (const std::string& v : verdicts) std::printf("goal %s\n", v.c_str());
}

void printMemoryAtEnd(std::pair<double, double> rssAndPeakMiB) {
    std::printf("relay memory at the end: %.0f MiB resident, peak %.0f MiB\n", rssAndPeakMiB.first,
                rssAndPeakMiB.second);
}

}  // namespace framenote::bench
