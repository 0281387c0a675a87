#include "bench/loadgen_options.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace framenote::bench {

namespace {

void printUsage() {
    std::fprintf(
        stderr,
        "usage: framenote-loadgen [--rates 1000,5000,10000] [--seconds 10] [--warmup 2] "
        "[--rooms 10]\n"
        "       [--clients 100] [--presence-hz 10] [--flush-ms 2] [--durability "
        "full|normal]\n"
        "       [--goal-p99-ms MS]   mark each rate met/MISSED against a fan-out p99 goal\n"
        "       [--slow-per-room N [--link-kbit 100] [--link-delay-ms 300] [--link-loss "
        "0.01]\n"
        "        [--link-rto-ms 2*delay+200] [--link-window-bytes rate*delay+2*1448]]\n"
        "                            N clients per room behind an emulated link each\n"
        "       [--relay PATH [--relay-arg ARG]... | --url 127.0.0.1:PORT [--relay-pid "
        "PID]]\n"
        "--rates are operations per second over all clients (presence comes on top).\n");
}

}  // namespace

std::optional<LoadgenOptions> parseLoadgenOptions(int argc, char** argv, int& exitCode) {
    LoadgenOptions o;
    o.relayPath = FRAMENOTE_RELAY_BINARY;
    int64_t rtoMs = -1;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "loadgen: %s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--rates") {
            o.rates.clear();
            std::stringstream list(value());
            for (std::string r; std::getline(list, r, ',');) o.rates.push_back(std::stod(r));
        } else if (a == "--seconds")
            o.seconds = std::stod(value());
        else if (a == "--warmup")
            o.warmup = std::stod(value());
        else if (a == "--rooms")
            o.rooms = std::stoi(value());
        else if (a == "--clients")
            o.perRoom = std::stoi(value());
        else if (a == "--presence-hz")
            o.presenceHz = std::stod(value());
        else if (a == "--goal-p99-ms")
            o.goalP99 = std::stod(value());
        else if (a == "--slow-per-room")
            o.slowPerRoom = std::stoi(value());
        else if (a == "--link-kbit")
            o.link.bitsPerSecond = std::stod(value()) * 1000;
        else if (a == "--link-delay-ms")
            o.link.delayNs = static_cast<int64_t>(std::stod(value()) * 1e6);
        else if (a == "--link-loss")
            o.link.loss = std::stod(value());
        else if (a == "--link-rto-ms")
            rtoMs = std::stoll(value());
        else if (a == "--link-window-bytes")
            o.link.windowBytes = static_cast<size_t>(std::stoll(value()));
        else if (a == "--flush-ms")
            o.flushMs = std::stoi(value());
        else if (a == "--durability")
            o.durability = value();
        else if (a == "--relay")
            o.relayPath = value();
        else if (a == "--url")
            o.url = value();
        else if (a == "--relay-pid")
            o.relayPid = static_cast<pid_t>(std::stoi(value()));
        else if (a == "--relay-arg")
            o.relayArgs.push_back(value());
        else {
            printUsage();
            exitCode = a == "--help" ? 0 : 2;
            return std::nullopt;
        }
    }
    // RTO after a loss: Linux's SRTT + max(200 ms, 4 RTTVAR) with a steady RTT of twice the delay.
    o.link.rtoNs = rtoMs >= 0 ? rtoMs * 1'000'000 : 2 * o.link.delayNs + 200'000'000;
    return o;
}

}  // namespace framenote::bench
