#include "bench/loadgen_relay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

extern char** environ;

namespace framenote::bench {

namespace {

sockaddr_in loopback(int port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    return addr;
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = loopback(0);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

bool listening(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = loopback(port);
    const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return up;
}

// GET /metrics; empty when the relay does not answer.
std::string scrape(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr = loopback(port);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return {};
    }
    const std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
    ::send(fd, request.data(), request.size(), 0);
    std::string response;
    char buffer[65536];
    ssize_t n;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
        response.append(buffer, static_cast<size_t>(n));
    ::close(fd);
    return response;
}

double metric(const std::string& response, const std::string& name) {
    const size_t at = response.find("\n" + name + " ");
    return at == std::string::npos ? 0 : std::stod(response.substr(at + name.size() + 2));
}

}  // namespace

RelayCounters RelayCounters::read(int metricsPort) {
    RelayCounters c;
    if (!metricsPort) return c;
    const std::string m = scrape(metricsPort);
    c.bytesOut = metric(m, "framenote_relay_bytes_out_total");
    c.operationsOut = metric(m, "framenote_relay_operations_out_total");
    c.presenceOut = metric(m, "framenote_relay_presence_out_total");
    c.slowConsumers = metric(m, "framenote_relay_slow_consumers_total");
    c.presenceThinned = metric(m, "framenote_relay_presence_thinned_total");
    c.commits = metric(m, "framenote_relay_log_commit_seconds_count");
    c.commitSeconds = metric(m, "framenote_relay_log_commit_seconds_sum");
    c.commitsWithin20ms = metric(m, "framenote_relay_log_commit_seconds_bucket{le=\"0.02\"}");
    c.commitsWithin100ms = metric(m, "framenote_relay_log_commit_seconds_bucket{le=\"0.1\"}");
    return c;
}

RelayCounters RelayCounters::operator-(const RelayCounters& b) const {
    RelayCounters d;
    d.bytesOut = bytesOut - b.bytesOut;
    d.operationsOut = operationsOut - b.operationsOut;
    d.presenceOut = presenceOut - b.presenceOut;
    d.slowConsumers = slowConsumers - b.slowConsumers;
    d.presenceThinned = presenceThinned - b.presenceThinned;
    d.commits = commits - b.commits;
    d.commitSeconds = commitSeconds - b.commitSeconds;
    d.commitsWithin20ms = commitsWithin20ms - b.commitsWithin20ms;
    d.commitsWithin100ms = commitsWithin100ms - b.commitsWithin100ms;
    return d;
}

bool RelayUnderTest::start(const LoadgenOptions& o) {
    pid = o.relayPid;
    if (!o.url.empty()) {
        const size_t colon = o.url.rfind(':');
        host = o.url.substr(0, colon);
        port = std::stoi(o.url.substr(colon + 1));
        return true;
    }
    dataDir =
        std::filesystem::temp_directory_path() / ("framenote-loadgen-" + std::to_string(getpid()));
    std::filesystem::create_directories(dataDir);
    port = freePort();
    metricsPort = freePort();
    const std::string portText = std::to_string(port), metricsText = std::to_string(metricsPort),
                      flushText = std::to_string(o.flushMs), dir = dataDir.string();
    std::vector<std::string> args = {o.relayPath,    "--data-dir", dir,          "--port",
                                     portText,       "--address",  "127.0.0.1",  "--metrics-port",
                                     metricsText,    "--open",     "--flush-ms", flushText,
                                     "--durability", o.durability};
    args.insert(args.end(), o.relayArgs.begin(), o.relayArgs.end());
    std::vector<char*> argv;
    for (auto& s : args) argv.push_back(s.data());
    argv.push_back(nullptr);
    setenv("QT_LOGGING_RULES", "framenote.relay.info=false", 1);
    if (posix_spawn(&pid, o.relayPath.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
        std::perror("loadgen: cannot start the relay");
        return false;
    }
    started = true;
    for (int i = 0; i < 200 && !listening(port); ++i) usleep(50000);
    return true;
}

void RelayUnderTest::terminate() {
    if (started) kill(pid, SIGTERM);
}

void RelayUnderTest::stop() {
    if (!started) return;
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    std::filesystem::remove_all(dataDir);
    started = false;
}

double RelayUnderTest::cpuSeconds() const {
    if (!pid) return 0;
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const size_t close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::istringstream rest(text.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
        if (i == 14) utime = std::stod(field);
        if (i == 15) stime = std::stod(field);
    }
    return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::pair<double, double> RelayUnderTest::memoryMiB() const {
    if (!pid) return {0, 0};
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    double rss = 0, peak = 0;
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) rss = std::stod(line.substr(6)) / 1024;
        if (line.rfind("VmHWM:", 0) == 0) peak = std::stod(line.substr(6)) / 1024;
    }
    return {rss, peak};
}

}  // namespace framenote::bench
