// framenote-loadgen: drives a framenote-relay with many WebSocket clients from one process and
// measures it (DESIGN.md "Performance budgets": 1,000 / 5,000 / 10,000 operations a second into
// rooms of 100 clients).
//
// The generator must measure the relay, not itself, so it is cheap: one thread, epoll, plain
// sockets and a minimal WebSocket client (handshake, masked sends with a zero mask, frame
// parsing), big reads that take many frames at once (batched receive), and a protobuf walk that
// only picks out op ids instead of decoding messages. Each operation's op id carries its send
// time, so every delivery's latency is measured exactly (send -> relay -> fan-out -> receive).
//
// Clients join an open relay by name; each creates one note, then sends moves of it (the most
// common operation: a 60-odd byte SetFields). Senders are spread over all clients evenly.
//
//   framenote-loadgen [--rates 1000,5000,10000] [--seconds 10] [--rooms 10] [--clients 100]
//                     [--flush-ms 2] [--relay PATH [--relay-arg ARG]... | --url HOST:PORT --relay-pid PID]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QUuid>
#include <algorithm>
#include <array>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/sync/quantization.h"
#include "core/sync/wire_codec.h"

extern char** environ;

namespace {

namespace v1 = framenote::sync::v1;
namespace fs = framenote::sync;
namespace fm = framenote::model;

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// ---- Latency histogram: 1 us resolution up to 2 s ------------------------------------------------

class Latency {
  public:
    Latency() : counts_(2'000'001, 0) {}
    void add(int64_t ns) {
        const int64_t us = std::clamp<int64_t>(ns / 1000, 0, 2'000'000);
        ++counts_[static_cast<size_t>(us)];
        ++n_;
        max_ = std::max(max_, ns);
    }
    double quantileMs(double q) const {
        if (!n_) return 0;
        const uint64_t target = static_cast<uint64_t>(q * static_cast<double>(n_));
        uint64_t seen = 0;
        for (size_t i = 0; i < counts_.size(); ++i) {
            seen += counts_[i];
            if (seen > target) return static_cast<double>(i) / 1000.0;
        }
        return static_cast<double>(max_) / 1e6;
    }
    double maxMs() const { return static_cast<double>(max_) / 1e6; }
    uint64_t count() const { return n_; }
    void reset() {
        std::fill(counts_.begin(), counts_.end(), 0);
        n_ = 0;
        max_ = 0;
    }

  private:
    std::vector<uint32_t> counts_;
    uint64_t n_ = 0;
    int64_t max_ = 0;
};

// ---- Protobuf walking ------------------------------------------------------------------------

bool readVarint(const uint8_t*& p, const uint8_t* end, uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && p < end; shift += 7) {
        const uint8_t b = *p++;
        v |= static_cast<uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80)) return true;
    }
    return false;
}

// Calls f(field, wireType, value pointer, length or varint) for each field.
template <typename F>
bool walk(const uint8_t* p, const uint8_t* end, F&& f) {
    while (p < end) {
        uint64_t tag;
        if (!readVarint(p, end, tag)) return false;
        const int field = static_cast<int>(tag >> 3), type = static_cast<int>(tag & 7);
        uint64_t v = 0;
        switch (type) {
            case 0:
                if (!readVarint(p, end, v)) return false;
                f(field, type, nullptr, v);
                break;
            case 1:
                p += 8;
                break;
            case 5:
                p += 4;
                break;
            case 2:
                if (!readVarint(p, end, v) || v > static_cast<uint64_t>(end - p)) return false;
                f(field, type, p, v);
                p += v;
                break;
            default:
                return false;
        }
    }
    return p == end;
}

struct Events {
    int acks = 0;
    int welcomes = 0;
    int caughtUp = 0;
    int errors = 0;
    std::string firstError;
};

// op_id layout: 8 bytes send time (steady clock ns), 4 bytes client, 4 bytes counter.
int64_t sentAt(const uint8_t* id) {
    int64_t t;
    std::memcpy(&t, id, 8);
    return t;
}

void scanEnvelope(const uint8_t* p, const uint8_t* end, int64_t now, Latency& fanout, Latency& ackLatency,
                  Events& ev) {
    walk(p, end, [&](int field, int type, const uint8_t* value, uint64_t len) {
        if (type != 2) return;
        const uint8_t* vend = value + len;
        switch (field) {
            case 6:  // batch: messages
                walk(value, vend, [&](int f, int t, const uint8_t* inner, uint64_t l) {
                    if (f == 1 && t == 2) scanEnvelope(inner, inner + l, now, fanout, ackLatency, ev);
                });
                break;
            case 3:  // broadcast: operations
                walk(value, vend, [&](int f, int t, const uint8_t* op, uint64_t l) {
                    if (f != 1 || t != 2) return;
                    walk(op, op + l, [&](int of, int ot, const uint8_t* id, uint64_t il) {
                        if (of == 1 && ot == 2 && il == 16) {
                            const int64_t sent = sentAt(id);
                            if (sent > 0) fanout.add(now - sent);
                        }
                    });
                });
                break;
            case 4:  // ack
                ++ev.acks;
                walk(value, vend, [&](int f, int t, const uint8_t* id, uint64_t l) {
                    if (f == 1 && t == 2 && l == 16 && sentAt(id) > 0) ackLatency.add(now - sentAt(id));
                });
                break;
            case 17:
                ++ev.welcomes;
                break;
            case 20:
            case 22: {  // snapshot / replay: the last part has more = false (field 5)
                bool more = false;
                walk(value, vend, [&](int f, int t, const uint8_t*, uint64_t v) {
                    if (f == 5 && t == 0) more = v != 0;
                });
                if (!more) ++ev.caughtUp;
                break;
            }
            case 9:
                ++ev.errors;
                if (ev.firstError.empty())
                    walk(value, vend, [&](int f, int t, const uint8_t* text, uint64_t l) {
                        if (f == 2 && t == 2) ev.firstError.assign(reinterpret_cast<const char*>(text), l);
                    });
                break;
            default:
                break;
        }
    });
}

// ---- A minimal WebSocket client --------------------------------------------------------------------

struct Client {
    int fd = -1;
    int index = 0;
    std::string name;
    std::string room;
    bool upgraded = false;
    bool live = false;
    bool watchingOut = true;  // EPOLLOUT registered
    std::string in;       // unread bytes
    std::string out;      // unsent bytes
    uint32_t counter = 0;
    std::string moveTemplate;  // a serialized Envelope{operation: move}; the op id is patched in
    size_t opIdOffset = 0;
};

void appendFrame(std::string& out, uint8_t opcode, const char* data, size_t size) {
    out.push_back(static_cast<char>(0x80 | opcode));
    if (size < 126) {
        out.push_back(static_cast<char>(0x80 | size));
    } else if (size < 65536) {
        out.push_back(static_cast<char>(0x80 | 126));
        out.push_back(static_cast<char>(size >> 8));
        out.push_back(static_cast<char>(size & 0xff));
    } else {
        out.push_back(static_cast<char>(0x80 | 127));
        for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((size >> (8 * i)) & 0xff));
    }
    out.append(4, '\0');  // a zero mask: the payload goes as it is
    out.append(data, size);
}

class Generator {
  public:
    Generator(int rooms, int perRoom, const std::string& host, int port)
        : rooms_(rooms), perRoom_(perRoom), host_(host), port_(port) {
        epoll_ = epoll_create1(EPOLL_CLOEXEC);
    }

    bool connectAll() {
        const int total = rooms_ * perRoom_;
        clients_.resize(static_cast<size_t>(total));
        for (int i = 0; i < total; ++i) {
            Client& c = clients_[static_cast<size_t>(i)];
            c.index = i;
            c.name = "load" + std::to_string(i);
            char room[80];
            std::snprintf(room, sizeof room, "%064x", i / perRoom_ + 1);
            c.room = room;
            if (!open(c)) return false;
            if (i % 100 == 99) pollFor(5);  // let the relay accept in waves
        }
        // Handshakes, Hello, Join, one note each.
        const int64_t deadline = nowNs() + 60'000'000'000LL;
        while (nowNs() < deadline) {
            pollFor(5);
            int live = 0;
            for (Client& c : clients_) live += c.live;
            if (live == total) return true;
        }
        std::fprintf(stderr, "loadgen: only some clients joined (%s)\n", events_.firstError.c_str());
        return false;
    }

    // Sends `rate` operations a second for `seconds`, measuring from `warmup` on.
    struct Result {
        double offered = 0, accepted = 0;
        double p50 = 0, p99 = 0, max = 0;
        double ackP50 = 0, ackP99 = 0;
        uint64_t deliveries = 0;
        double generatorCpu = 0;  // seconds
        double wall = 0;
    };
    Result run(double rate, double seconds, double warmup) {
        const int64_t start = nowNs();
        const int64_t measureFrom = start + static_cast<int64_t>(warmup * 1e9);
        const int64_t end = start + static_cast<int64_t>((warmup + seconds) * 1e9);
        bool measuring = false;
        int64_t sent = 0, sentMeasured = 0;
        int acksAtStart = 0;
        double cpuAtStart = 0;
        size_t next = 0;
        for (;;) {
            const int64_t now = nowNs();
            if (!measuring && now >= measureFrom) {
                measuring = true;
                fanout_.reset();
                acks_.reset();
                acksAtStart = events_.acks;
                sentMeasured = sent;
                cpuAtStart = selfCpu();
            }
            if (now >= end) break;
            const int64_t due = static_cast<int64_t>(static_cast<double>(now - start) * rate / 1e9);
            for (; sent < due; ++sent) {
                Client& c = clients_[next];
                next = (next + 1) % clients_.size();
                sendMove(c);
            }
            pollFor(1);
        }
        Result r;
        r.wall = seconds;
        r.generatorCpu = selfCpu() - cpuAtStart;
        r.offered = static_cast<double>(sent - sentMeasured) / seconds;
        r.accepted = static_cast<double>(events_.acks - acksAtStart) / seconds;
        r.p50 = fanout_.quantileMs(0.5);
        r.p99 = fanout_.quantileMs(0.99);
        r.max = fanout_.maxMs();
        r.ackP50 = acks_.quantileMs(0.5);
        r.ackP99 = acks_.quantileMs(0.99);
        r.deliveries = fanout_.count();
        // Drain what is in flight before the next phase.
        const int64_t drainUntil = nowNs() + 1'500'000'000LL;
        while (nowNs() < drainUntil) pollFor(5);
        return r;
    }

    const Events& events() const { return events_; }
    size_t moveBytes() const { return clients_.empty() ? 0 : clients_[0].moveTemplate.size(); }

    static double selfCpu() {
        rusage u{};
        getrusage(RUSAGE_SELF, &u);
        return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
               static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    }

  private:
    bool open(Client& c) {
        c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (c.fd < 0) {
            std::perror("loadgen: socket");
            return false;
        }
        int one = 1;
        setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port_));
        inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
        if (::connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
            std::perror("loadgen: connect");
            return false;
        }
        c.out = "GET / HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) +
                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n";
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
        ev.data.u32 = static_cast<uint32_t>(c.index);
        epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
        return true;
    }

    void sendEnvelope(Client& c, const v1::Envelope& e) {
        const std::string bytes = fs::encodeEnvelope(e);
        appendFrame(c.out, 0x2, bytes.data(), bytes.size());
        flushOut(c);
    }

    void onUpgraded(Client& c) {
        v1::Envelope hello = fs::newEnvelope();
        hello.mutable_hello()->set_protocol_version(fs::kProtocolVersion);
        hello.mutable_hello()->set_client_name("framenote-loadgen");
        hello.mutable_hello()->set_display_name(c.name);
        sendEnvelope(c, hello);
        v1::Envelope join = fs::newEnvelope();
        join.mutable_join()->set_media_id(c.room);
        sendEnvelope(c, join);
        // The client's note, and the move template (actor by name: no participant table needed).
        fm::Annotation a;
        a.id = QUuid::createUuid();
        a.mediaId = QString::fromStdString(c.room);
        a.kind = "rect";
        a.points = {{0.1, 0.1}, {0.3, 0.3}};
        a.author = QString::fromStdString(c.name);
        auto create = fm::makeCreate(a, a.author, fm::Role::Reviewer);
        fs::quantizeOperation(create);
        fs::ParticipantTable none;
        const fs::RoomContext ctx{a.mediaId, none};
        sendEnvelope(c, fs::operationEnvelope(create, ctx));
        fm::FieldChanges move;
        move.points = std::vector<fm::Point>{{0.26, 0.31}, {0.56, 0.63}};
        auto op = fm::makeSetFields(a.mediaId, a.id, move, a.author, fm::Role::Reviewer);
        op.opId = QUuid::fromRfc4122(QByteArray(16, '\x5a'));
        fs::quantizeOperation(op);
        c.moveTemplate = fs::encodeEnvelope(fs::operationEnvelope(op, ctx));
        c.opIdOffset = c.moveTemplate.find(std::string(16, '\x5a'));
    }

    void sendMove(Client& c) {
        if (!c.live || c.opIdOffset == std::string::npos) return;
        std::string& t = c.moveTemplate;
        const int64_t now = nowNs();
        std::memcpy(&t[c.opIdOffset], &now, 8);
        const uint32_t index = static_cast<uint32_t>(c.index);
        std::memcpy(&t[c.opIdOffset + 8], &index, 4);
        ++c.counter;
        std::memcpy(&t[c.opIdOffset + 12], &c.counter, 4);
        appendFrame(c.out, 0x2, t.data(), t.size());
        flushOut(c);
    }

    void flushOut(Client& c) {
        while (!c.out.empty()) {
            const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
            if (n <= 0) break;  // EAGAIN: the rest goes when the socket is writable
            c.out.erase(0, static_cast<size_t>(n));
        }
        // Ask for writability only while something waits (level-triggered EPOLLOUT on an idle
        // socket would wake every call for every client).
        const bool wantOut = !c.out.empty();
        if (wantOut != c.watchingOut) {
            epoll_event ev{};
            ev.events = EPOLLIN | EPOLLRDHUP | (wantOut ? EPOLLOUT : 0u);
            ev.data.u32 = static_cast<uint32_t>(c.index);
            epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
            c.watchingOut = wantOut;
        }
    }

    void pollFor(int ms) {
        std::array<epoll_event, 512> ready;
        const int n = epoll_wait(epoll_, ready.data(), static_cast<int>(ready.size()), ms);
        for (int i = 0; i < n; ++i) {
            Client& c = clients_[ready[static_cast<size_t>(i)].data.u32];
            if (ready[static_cast<size_t>(i)].events & EPOLLOUT) flushOut(c);
            if (ready[static_cast<size_t>(i)].events & (EPOLLIN | EPOLLRDHUP)) readFrom(c);
        }
    }

    void readFrom(Client& c) {
        static thread_local std::vector<char> buffer(1 << 20);
        for (;;) {
            const ssize_t n = ::recv(c.fd, buffer.data(), buffer.size(), 0);
            if (n <= 0) break;
            c.in.append(buffer.data(), static_cast<size_t>(n));
            if (static_cast<size_t>(n) < buffer.size()) break;
        }
        if (!c.upgraded) {
            const size_t header = c.in.find("\r\n\r\n");
            if (header == std::string::npos) return;
            if (c.in.compare(0, 12, "HTTP/1.1 101") != 0) {
                std::fprintf(stderr, "loadgen: handshake refused: %s\n", c.in.substr(0, 60).c_str());
                c.in.clear();
                return;
            }
            c.in.erase(0, header + 4);
            c.upgraded = true;
            onUpgraded(c);
        }
        const int64_t now = nowNs();
        size_t pos = 0;
        while (c.in.size() - pos >= 2) {
            const auto* h = reinterpret_cast<const uint8_t*>(c.in.data() + pos);
            const uint8_t opcode = h[0] & 0x0f;
            uint64_t len = h[1] & 0x7f;
            size_t head = 2;
            if (len == 126) {
                if (c.in.size() - pos < 4) break;
                len = (uint64_t{h[2]} << 8) | h[3];
                head = 4;
            } else if (len == 127) {
                if (c.in.size() - pos < 10) break;
                len = 0;
                for (int k = 0; k < 8; ++k) len = (len << 8) | h[2 + k];
                head = 10;
            }
            if (c.in.size() - pos < head + len) break;
            const uint8_t* payload = h + head;
            if (opcode == 0x2) {
                const int caughtUp = events_.caughtUp;
                scanEnvelope(payload, payload + len, now, fanout_, acks_, events_);
                if (events_.caughtUp > caughtUp) c.live = true;
            } else if (opcode == 0x9) {  // ping -> pong
                appendFrame(c.out, 0xA, reinterpret_cast<const char*>(payload), len);
                flushOut(c);
            }
            pos += head + len;
        }
        c.in.erase(0, pos);
    }

    int rooms_, perRoom_;
    std::string host_;
    int port_;
    int epoll_ = -1;
    std::vector<Client> clients_;
    Latency fanout_, acks_;
    Events events_;
};

// ---- The relay under test ------------------------------------------------------------------------

double processCpu(pid_t pid) {
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

// GET /metrics and read one counter.
double metric(int port, const std::string& name) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return 0;
    }
    const std::string request = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
    ::send(fd, request.data(), request.size(), 0);
    std::string response;
    char buffer[65536];
    ssize_t n;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) response.append(buffer, static_cast<size_t>(n));
    ::close(fd);
    const size_t at = response.find("\n" + name + " ");
    return at == std::string::npos ? 0 : std::stod(response.substr(at + name.size() + 2));
}

int freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<double> rates = {1000, 5000, 10000};
    double seconds = 10, warmup = 2;
    int rooms = 10, perRoom = 100, flushMs = 2;
    std::string relayPath = FRAMENOTE_RELAY_BINARY, url, durability = "full";
    pid_t relayPid = 0;
    std::vector<std::string> relayExtra;
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
            rates.clear();
            std::stringstream list(value());
            for (std::string r; std::getline(list, r, ',');) rates.push_back(std::stod(r));
        } else if (a == "--seconds") seconds = std::stod(value());
        else if (a == "--warmup") warmup = std::stod(value());
        else if (a == "--rooms") rooms = std::stoi(value());
        else if (a == "--clients") perRoom = std::stoi(value());
        else if (a == "--flush-ms") flushMs = std::stoi(value());
        else if (a == "--durability") durability = value();
        else if (a == "--relay") relayPath = value();
        else if (a == "--url") url = value();
        else if (a == "--relay-pid") relayPid = static_cast<pid_t>(std::stoi(value()));
        else if (a == "--relay-arg") relayExtra.push_back(value());
        else {
            std::fprintf(stderr,
                         "usage: framenote-loadgen [--rates 1000,5000,10000] [--seconds 10] [--warmup 2] [--rooms 10]\n"
                         "       [--clients 100] [--flush-ms 2] [--durability full|normal]\n"
                         "       [--relay PATH [--relay-arg ARG]... | --url 127.0.0.1:PORT [--relay-pid PID]]\n");
            return a == "--help" ? 0 : 2;
        }
    }
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);  // the relay, started from here, inherits it
    signal(SIGPIPE, SIG_IGN);

    std::string host = "127.0.0.1";
    int port = 0, metricsPort = 0;
    std::filesystem::path dataDir;
    if (url.empty()) {
        dataDir = std::filesystem::temp_directory_path() / ("framenote-loadgen-" + std::to_string(getpid()));
        std::filesystem::create_directories(dataDir);
        port = freePort();
        metricsPort = freePort();
        const std::string portText = std::to_string(port), metricsText = std::to_string(metricsPort),
                          flushText = std::to_string(flushMs), dir = dataDir.string();
        std::vector<std::string> args = {relayPath, "--data-dir", dir, "--port", portText, "--address", "127.0.0.1",
                                         "--metrics-port", metricsText, "--open", "--flush-ms", flushText,
                                         "--durability", durability};
        args.insert(args.end(), relayExtra.begin(), relayExtra.end());
        std::vector<char*> argvRelay;
        for (auto& s : args) argvRelay.push_back(s.data());
        argvRelay.push_back(nullptr);
        setenv("QT_LOGGING_RULES", "framenote.relay.info=false", 1);
        if (posix_spawn(&relayPid, relayPath.c_str(), nullptr, nullptr, argvRelay.data(), environ) != 0) {
            std::perror("loadgen: cannot start the relay");
            return 1;
        }
        // Wait until it listens.
        for (int i = 0; i < 200; ++i) {
            const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
            sockaddr_in addr{};
            addr.sin_family = AF_INET;
            addr.sin_port = htons(static_cast<uint16_t>(port));
            inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
            const bool up = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
            ::close(fd);
            if (up) break;
            usleep(50000);
        }
    } else {
        const size_t colon = url.rfind(':');
        host = url.substr(0, colon);
        port = std::stoi(url.substr(colon + 1));
    }

    std::printf("framenote-loadgen: %d rooms x %d clients, flush window %d ms, durability %s, %.0f s per rate\n", rooms,
                perRoom, flushMs, durability.c_str(), seconds);
    Generator gen(rooms, perRoom, host, port);
    const int64_t t0 = nowNs();
    if (!gen.connectAll()) {
        if (url.empty()) kill(relayPid, SIGTERM);
        return 1;
    }
    std::printf("%d clients joined in %.1f s; a move is %zu bytes on the wire (client -> relay)\n", rooms * perRoom,
                static_cast<double>(nowNs() - t0) / 1e9, gen.moveBytes());
    std::printf("\n%9s %9s %9s %8s %8s %8s %8s %10s %9s %10s %9s %10s\n", "offered", "accepted", "deliv/s", "p50 ms",
                "p99 ms", "max ms", "ack p99", "bytes/dlv", "relay cpu", "us/dlv", "gen cpu", "errors");
    int failures = 0;
    for (double rate : rates) {
        const double relayCpu0 = relayPid ? processCpu(relayPid) : 0;
        const double bytesOut0 = metricsPort ? metric(metricsPort, "framenote_relay_bytes_out_total") : 0;
        const double deliv0 = metricsPort ? metric(metricsPort, "framenote_relay_operations_out_total") : 0;
        const int errors0 = gen.events().errors;
        auto r = gen.run(rate, seconds, warmup);
        const double relayCpu = relayPid ? processCpu(relayPid) - relayCpu0 : 0;
        const double bytesOut = metricsPort ? metric(metricsPort, "framenote_relay_bytes_out_total") - bytesOut0 : 0;
        const double deliveries = metricsPort ? metric(metricsPort, "framenote_relay_operations_out_total") - deliv0 : 0;
        // CPU is over warmup + measurement + drain; per delivery uses the relay's own count.
        const double usPerDelivery = deliveries > 0 ? relayCpu * 1e6 / deliveries : 0;
        std::printf("%9.0f %9.0f %9.0f %8.2f %8.2f %8.1f %8.2f %10.1f %8.0f%% %10.2f %8.0f%% %10d\n", r.offered,
                    r.accepted, static_cast<double>(r.deliveries) / seconds, r.p50, r.p99, r.max, r.ackP99,
                    deliveries > 0 ? bytesOut / deliveries : 0,
                    relayCpu * 100 / (seconds + warmup + 1.5), usPerDelivery, r.generatorCpu * 100 / seconds,
                    gen.events().errors - errors0);
        std::fflush(stdout);
        if (r.accepted < 0.95 * r.offered) ++failures;
    }
    if (!gen.events().firstError.empty()) std::printf("first error from the relay: %s\n", gen.events().firstError.c_str());
    std::printf("\nlatency: op sent by a client -> received by each other client of its room (loopback, same machine)\n"
                "bytes/dlv: relay WebSocket payload bytes per delivered operation (batches included)\n"
                "relay cpu: share of one core over the phase; us/dlv: relay CPU per delivered operation\n");
    if (url.empty()) {
        kill(relayPid, SIGTERM);
        int status = 0;
        waitpid(relayPid, &status, 0);
        std::filesystem::remove_all(dataDir);
    }
    return 0;
}
