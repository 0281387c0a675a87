// framenote-loadgen: drives a framenote-relay with many WebSocket clients from one process and
// measures it (docs/PERFORMANCE.md, "Sync and relay": 1,000 / 5,000 / 10,000 operations a second
// into rooms of 100 clients).
//
// The generator must measure the relay, not itself, so it is cheap: one thread, epoll, plain
// sockets and a minimal WebSocket client (handshake, masked sends with a zero mask, frame
// parsing), big reads that take many frames at once (batched receive), and a protobuf walk that
// only picks out op ids instead of decoding messages. Each operation's op id carries its send
// time, so every delivery's latency is measured exactly (send -> relay -> fan-out -> receive).
//
// Clients join an open relay by name; each creates one note, then sends moves of it (the most
// common operation: a 60-odd byte SetFields). Senders are spread over all clients evenly, and
// every client also sends presence (cursor and playhead) --presence-hz times a second (the
// reference client's load: 10 Hz; the relay forwards at most 30 a second per participant).
//
// A weak network ("2G": 100 kbit/s, 300 ms, 1% loss) is emulated here, in user space,
// because this kernel has no netem: --slow-per-room N puts N clients of each room behind an
// emulated link (bench/link_emulator.h), each client its own link, in both directions, with
// back-pressure: what a link cannot take stays in the relay, which can then thin presence for it.
//
//   framenote-loadgen [--rates 1000,5000,10000] [--seconds 10] [--rooms 10] [--clients 100]
//                     [--presence-hz 10] [--flush-ms 2] [--goal-p99-ms 50]
//                     [--slow-per-room N --link-kbit 100 --link-delay-ms 300 --link-loss 0.01]
//                     [--relay PATH [--relay-arg ARG]... | --url HOST:PORT --relay-pid PID]
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

#include "bench/bench_cli.h"
#include "bench/link_emulator.h"
#include "core/sync/quantization.h"
#include "core/sync/wire_codec.h"

extern char** environ;

namespace {

namespace v1 = framenote::sync::v1;
namespace fs = framenote::sync;
namespace fm = framenote::model;

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// ---- Latency histogram: 1 us resolution up to 2 s, then 1 ms up to 10 min
// ------------------------------

class Latency {
  public:
    Latency() : fine_(2'000'000, 0), coarse_(600'001, 0) {}
    void add(int64_t ns) {
        const int64_t us = std::max<int64_t>(ns / 1000, 0);
        if (us < 2'000'000)
            ++fine_[static_cast<size_t>(us)];
        else
            ++coarse_[static_cast<size_t>(std::min<int64_t>(us / 1000, 600'000))];
        ++n_;
        max_ = std::max(max_, ns);
    }
    double quantileMs(double q) const {
        if (!n_) return 0;
        const uint64_t target = static_cast<uint64_t>(q * static_cast<double>(n_));
        uint64_t seen = 0;
        for (size_t i = 0; i < fine_.size(); ++i) {
            seen += fine_[i];
            if (seen > target) return static_cast<double>(i) / 1000.0;
        }
        for (size_t i = 2000; i < coarse_.size(); ++i) {
            seen += coarse_[i];
            if (seen > target) return static_cast<double>(i);
        }
        return static_cast<double>(max_) / 1e6;
    }
    double maxMs() const { return static_cast<double>(max_) / 1e6; }
    uint64_t count() const { return n_; }
    void reset() {
        std::fill(fine_.begin(), fine_.end(), 0);
        std::fill(coarse_.begin(), coarse_.end(), 0);
        n_ = 0;
        max_ = 0;
    }

  private:
    std::vector<uint32_t> fine_, coarse_;
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
    uint64_t presence = 0;  // presence updates received
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
uint32_t senderOf(const uint8_t* id) {
    uint32_t index;
    std::memcpy(&index, id + 8, 4);
    return index;
}

// Fan-out latency, overall and by path when some clients sit behind an emulated slow link:
// path = 2 * (sender slow) + (receiver slow).
struct FanoutRecorder {
    Latency all;
    std::array<Latency, 4> path;
    std::vector<char> slow;     // by client index
    bool receiverSlow = false;  // of the client being read
    bool anySlow = false;
    void add(uint32_t sender, int64_t ns) {
        all.add(ns);
        if (!anySlow) return;
        const bool senderSlow = sender < slow.size() && slow[sender];
        path[(senderSlow ? 2 : 0) + (receiverSlow ? 1 : 0)].add(ns);
    }
    void reset() {
        all.reset();
        if (anySlow)
            for (Latency& l : path) l.reset();
    }
};

void scanEnvelope(const uint8_t* p, const uint8_t* end, int64_t now, FanoutRecorder& fanout,
                  Latency& ackLatency, Events& ev) {
    walk(p, end, [&](int field, int type, const uint8_t* value, uint64_t len) {
        if (type != 2) return;
        const uint8_t* vend = value + len;
        switch (field) {
            case 6:  // batch: messages
                walk(value, vend, [&](int f, int t, const uint8_t* inner, uint64_t l) {
                    if (f == 1 && t == 2)
                        scanEnvelope(inner, inner + l, now, fanout, ackLatency, ev);
                });
                break;
            case 3:  // broadcast: operations
                walk(value, vend, [&](int f, int t, const uint8_t* op, uint64_t l) {
                    if (f != 1 || t != 2) return;
                    walk(op, op + l, [&](int of, int ot, const uint8_t* id, uint64_t il) {
                        if (of == 1 && ot == 2 && il == 16) {
                            const int64_t sent = sentAt(id);
                            if (sent > 0) fanout.add(senderOf(id), now - sent);
                        }
                    });
                });
                break;
            case 4:  // ack
                ++ev.acks;
                walk(value, vend, [&](int f, int t, const uint8_t* id, uint64_t l) {
                    if (f == 1 && t == 2 && l == 16 && sentAt(id) > 0)
                        ackLatency.add(now - sentAt(id));
                });
                break;
            case 5:
                ++ev.presence;
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
                        if (f == 2 && t == 2)
                            ev.firstError.assign(reinterpret_cast<const char*>(text), l);
                    });
                break;
            default:
                break;
        }
    });
}

// ---- A minimal WebSocket client
// --------------------------------------------------------------------

struct Client {
    int fd = -1;
    int index = 0;
    std::string name;
    std::string room;
    bool upgraded = false;
    bool live = false;
    bool watchingOut = true;  // EPOLLOUT registered
    bool watchingIn = true;   // EPOLLIN registered (off while a slow link is full: back-pressure)
    std::string in;           // unread bytes
    std::string out;          // unsent bytes
    uint32_t counter = 0;
    std::string moveTemplate;  // a serialized Envelope{operation: move}; the op id is patched in
    size_t opIdOffset = 0;
    uint32_t presenceCount = 0;
    bool slow = false;                         // behind an emulated link (after the handshake)
    framenote::bench::LinkDirection up, down;  // client -> relay, relay -> client
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

    // The first `slowPerRoom` clients of each room go behind their own emulated link.
    void setSlowLinks(int slowPerRoom, const framenote::bench::LinkParams& link) {
        slowPerRoom_ = std::min(slowPerRoom, perRoom_);
        link_ = link;
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
            c.slow = i % perRoom_ < slowPerRoom_;
            if (c.slow) {
                c.up.configure(link_, 2 * static_cast<uint64_t>(i) + 1);
                c.down.configure(link_, 2 * static_cast<uint64_t>(i) + 2);
                slowClients_.push_back(i);
            }
            if (!open(c)) return false;
            if (i % 100 == 99) pollFor(5);  // let the relay accept in waves
        }
        fanout_.slow.assign(clients_.size(), 0);
        for (int i : slowClients_) fanout_.slow[static_cast<size_t>(i)] = 1;
        fanout_.anySlow = !slowClients_.empty();
        // Handshakes, Hello, Join, one note each.
        const int64_t deadline = nowNs() + 120'000'000'000LL;
        while (nowNs() < deadline) {
            pollFor(5);
            int live = 0;
            for (Client& c : clients_) live += c.live;
            if (live == total) return true;
        }
        std::fprintf(stderr, "loadgen: only some clients joined (%s)\n",
                     events_.firstError.c_str());
        return false;
    }

    // Sends `rate` operations a second for `seconds`, measuring from `warmup` on.
    struct Result {
        double offered = 0, accepted = 0;
        double p50 = 0, p99 = 0, max = 0;
        double ackP50 = 0, ackP99 = 0;
        uint64_t deliveries = 0;
        uint64_t presenceSent = 0, presenceReceived = 0;
        double generatorCpu = 0;  // seconds
        double wall = 0;
        double wallAll = 0;  // warm-up + measurement + drain: the span of the relay CPU figure
        struct Path {
            uint64_t count = 0;
            double p50 = 0, p95 = 0, p99 = 0, max = 0;
        };
        std::array<Path, 4> paths;  // by FanoutRecorder path
    };
    Result run(double rate, double presenceHz, double seconds, double warmup) {
        const int64_t start = nowNs();
        const int64_t measureFrom = start + static_cast<int64_t>(warmup * 1e9);
        const int64_t end = start + static_cast<int64_t>((warmup + seconds) * 1e9);
        bool measuring = false;
        int64_t sent = 0, sentMeasured = 0;
        int64_t presenceSent = 0, presenceSentMeasured = 0;
        uint64_t presenceAtStart = 0;
        const double presenceRate = presenceHz * static_cast<double>(clients_.size());
        int acksAtStart = 0;
        double cpuAtStart = 0;
        size_t next = 0, nextPresence = clients_.size() / 2;
        for (;;) {
            const int64_t now = nowNs();
            if (!measuring && now >= measureFrom) {
                measuring = true;
                fanout_.reset();
                acks_.reset();
                acksAtStart = events_.acks;
                sentMeasured = sent;
                presenceSentMeasured = presenceSent;
                presenceAtStart = events_.presence;
                cpuAtStart = selfCpu();
            }
            if (now >= end) break;
            const int64_t due = static_cast<int64_t>(static_cast<double>(now - start) * rate / 1e9);
            for (; sent < due; ++sent) {
                Client& c = clients_[next];
                next = (next + 1) % clients_.size();
                sendMove(c);
            }
            const int64_t presenceDue =
                static_cast<int64_t>(static_cast<double>(now - start) * presenceRate / 1e9);
            for (; presenceSent < presenceDue; ++presenceSent) {
                Client& c = clients_[nextPresence];
                nextPresence = (nextPresence + 1) % clients_.size();
                sendPresence(c);
            }
            pollFor(1);
        }
        Result r;
        r.wall = seconds;
        r.generatorCpu = selfCpu() - cpuAtStart;
        r.offered = static_cast<double>(sent - sentMeasured) / seconds;
        r.accepted = static_cast<double>(events_.acks - acksAtStart) / seconds;
        r.p50 = fanout_.all.quantileMs(0.5);
        r.p99 = fanout_.all.quantileMs(0.99);
        r.max = fanout_.all.maxMs();
        r.ackP50 = acks_.quantileMs(0.5);
        r.ackP99 = acks_.quantileMs(0.99);
        r.deliveries = fanout_.all.count();
        r.presenceSent = static_cast<uint64_t>(presenceSent - presenceSentMeasured);
        r.presenceReceived = events_.presence - presenceAtStart;
        for (size_t k = 0; k < 4 && fanout_.anySlow; ++k)
            r.paths[k] = {fanout_.path[k].count(), fanout_.path[k].quantileMs(0.5),
                          fanout_.path[k].quantileMs(0.95), fanout_.path[k].quantileMs(0.99),
                          fanout_.path[k].maxMs()};
        // Drain what is in flight before the next phase (a slow link holds its queue longer).
        const int64_t drainUntil =
            nowNs() + (slowClients_.empty() ? 1'500'000'000LL : 5'000'000'000LL);
        while (nowNs() < drainUntil) pollFor(slowClients_.empty() ? 5 : 1);
        r.wallAll = static_cast<double>(nowNs() - start) / 1e9;
        return r;
    }

    const Events& events() const { return events_; }
    bool anySlow() const { return !slowClients_.empty(); }
    // Segments carried and lost by the emulated links, both directions.
    std::pair<uint64_t, uint64_t> linkSegments() const {
        uint64_t n = 0, lost = 0;
        for (int i : slowClients_) {
            const Client& c = clients_[static_cast<size_t>(i)];
            n += c.up.segments() + c.down.segments();
            lost += c.up.lost() + c.down.lost();
        }
        return {n, lost};
    }
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
        if (c.slow) {
            // A small receive buffer (the kernel doubles it), so that what the emulated link has no
            // room for backs up in the relay (its kernel send queue), not in this socket, where it
            // would add a queue a real link does not have. Not smaller: with the kernel's minimum
            // the window opens too rarely and zero-window probes stall the connection for seconds.
            int bytes = 4096;
            setsockopt(c.fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
        }
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port_));
        inet_pton(AF_INET, host_.c_str(), &addr.sin_addr);
        if (::connect(c.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 &&
            errno != EINPROGRESS) {
            std::perror("loadgen: connect");
            return false;
        }
        c.out = "GET / HTTP/1.1\r\nHost: " + host_ + ":" + std::to_string(port_) +
                "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                "dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n";
        epoll_event ev{};
        ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP;
        ev.data.u32 = static_cast<uint32_t>(c.index);
        epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &ev);
        return true;
    }

    void sendEnvelope(Client& c, const v1::Envelope& e) {
        const std::string bytes = fs::encodeEnvelope(e);
        sendFrame(c, 0x2, bytes.data(), bytes.size());
    }

    // A WebSocket frame to the relay: straight to the socket, or into the client's slow link.
    void sendFrame(Client& c, uint8_t opcode, const char* data, size_t size) {
        if (!c.slow) {
            appendFrame(c.out, opcode, data, size);
            flushOut(c);
            return;
        }
        std::string frame;
        appendFrame(frame, opcode, data, size);
        c.up.push(nowNs(), frame.data(), frame.size());
    }

    // Cursor and playhead moving a little, as a reviewer scrubbing would.
    void sendPresence(Client& c) {
        if (!c.live) return;
        ++c.presenceCount;
        v1::Envelope e = fs::newEnvelope();
        v1::Presence* p = e.mutable_presence();
        p->set_cursor_x((c.presenceCount * 97u + static_cast<uint32_t>(c.index)) & 0xffff);
        p->set_cursor_y((c.presenceCount * 131u) & 0xffff);
        p->set_playhead_frame(1000 + c.presenceCount / 4);
        sendEnvelope(c, e);
    }

    // Moves what the emulated links release: uplink bytes to the socket, downlink bytes to the
    // parser (latency is taken when they are released, as the application would see them).
    void pumpLinks() {
        const int64_t now = nowNs();
        for (int i : slowClients_) {
            Client& c = clients_[static_cast<size_t>(i)];
            if (c.up.nextReleaseNs() <= now && c.up.pop(now, c.out)) flushOut(c);
            if (c.down.nextReleaseNs() <= now && c.down.pop(now, c.in)) {
                parse(c, now);
                if (!c.watchingIn && c.down.hasRoom()) readFrom(c);
            }
        }
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
        sendFrame(c, 0x2, t.data(), t.size());
    }

    void flushOut(Client& c) {
        while (!c.out.empty()) {
            const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
            if (n <= 0) break;  // EAGAIN: the rest goes when the socket is writable
            c.out.erase(0, static_cast<size_t>(n));
        }
        // Ask for writability only while something waits (level-triggered EPOLLOUT on an idle
        // socket would wake every call for every client).
        watch(c, c.watchingIn, !c.out.empty());
    }

    void watch(Client& c, bool in, bool out) {
        if (in == c.watchingIn && out == c.watchingOut) return;
        epoll_event ev{};
        ev.events = EPOLLRDHUP | (in ? EPOLLIN : 0u) | (out ? EPOLLOUT : 0u);
        ev.data.u32 = static_cast<uint32_t>(c.index);
        epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
        c.watchingIn = in;
        c.watchingOut = out;
    }

    void pollFor(int ms) {
        std::array<epoll_event, 512> ready;
        // Emulated links release bytes on time only if we wake up at least every millisecond.
        const int timeout = slowClients_.empty() ? ms : std::min(ms, 1);
        const int n = epoll_wait(epoll_, ready.data(), static_cast<int>(ready.size()), timeout);
        for (int i = 0; i < n; ++i) {
            Client& c = clients_[ready[static_cast<size_t>(i)].data.u32];
            if (ready[static_cast<size_t>(i)].events & EPOLLOUT) flushOut(c);
            if (ready[static_cast<size_t>(i)].events & (EPOLLIN | EPOLLRDHUP)) readFrom(c);
        }
        if (!slowClients_.empty()) pumpLinks();
    }

    void readFrom(Client& c) {
        static thread_local std::vector<char> buffer(1 << 20);
        const bool viaLink = c.slow && c.upgraded;
        for (;;) {
            // Behind a link, read only what it has room for (up to a segment at a time): the rest
            // waits in the relay. EPOLLIN goes off meanwhile, or level-triggered epoll would spin.
            if (viaLink && !c.down.hasRoom()) break;
            const size_t room = viaLink ? framenote::bench::LinkDirection::kMss : buffer.size();
            const ssize_t n = ::recv(c.fd, buffer.data(), room, 0);
            if (n <= 0) break;
            if (viaLink)
                c.down.push(nowNs(), buffer.data(), static_cast<size_t>(n));
            else
                c.in.append(buffer.data(), static_cast<size_t>(n));
            if (static_cast<size_t>(n) < room) break;
        }
        if (viaLink) {
            watch(c, c.down.hasRoom(), c.watchingOut);
            return;  // parsed when the link releases it (pumpLinks)
        }
        if (!c.upgraded) {
            const size_t header = c.in.find("\r\n\r\n");
            if (header == std::string::npos) return;
            if (c.in.compare(0, 12, "HTTP/1.1 101") != 0) {
                std::fprintf(stderr, "loadgen: handshake refused: %s\n",
                             c.in.substr(0, 60).c_str());
                c.in.clear();
                return;
            }
            c.in.erase(0, header + 4);
            c.upgraded = true;
            onUpgraded(c);
        }
        parse(c, nowNs());
    }

    void parse(Client& c, int64_t now) {
        fanout_.receiverSlow = c.slow;
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
                sendFrame(c, 0xA, reinterpret_cast<const char*>(payload), len);
            }
            pos += head + len;
        }
        c.in.erase(0, pos);
    }

    int rooms_, perRoom_;
    int slowPerRoom_ = 0;
    framenote::bench::LinkParams link_;
    std::vector<int> slowClients_;
    std::string host_;
    int port_;
    int epoll_ = -1;
    std::vector<Client> clients_;
    FanoutRecorder fanout_;
    Latency acks_;
    Events events_;
};

// ---- The relay under test
// ------------------------------------------------------------------------

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
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
        response.append(buffer, static_cast<size_t>(n));
    ::close(fd);
    const size_t at = response.find("\n" + name + " ");
    return at == std::string::npos ? 0 : std::stod(response.substr(at + name.size() + 2));
}

// Resident and peak resident memory of a process, in MiB (/proc/PID/status VmRSS, VmHWM).
std::pair<double, double> processMemoryMiB(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    double rss = 0, peak = 0;
    for (std::string line; std::getline(status, line);) {
        if (line.rfind("VmRSS:", 0) == 0) rss = std::stod(line.substr(6)) / 1024;
        if (line.rfind("VmHWM:", 0) == 0) peak = std::stod(line.substr(6)) / 1024;
    }
    return {rss, peak};
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
    if (framenote::bench::printVersionIfAsked(argc, argv, "framenote-loadgen")) return 0;
    std::vector<double> rates = {1000, 5000, 10000};
    double seconds = 10, warmup = 2, presenceHz = 10, goalP99 = 0;
    int rooms = 10, perRoom = 100, flushMs = 2, slowPerRoom = 0;
    framenote::bench::LinkParams link;
    int64_t rtoMs = -1;
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
        } else if (a == "--seconds")
            seconds = std::stod(value());
        else if (a == "--warmup")
            warmup = std::stod(value());
        else if (a == "--rooms")
            rooms = std::stoi(value());
        else if (a == "--clients")
            perRoom = std::stoi(value());
        else if (a == "--presence-hz")
            presenceHz = std::stod(value());
        else if (a == "--goal-p99-ms")
            goalP99 = std::stod(value());
        else if (a == "--slow-per-room")
            slowPerRoom = std::stoi(value());
        else if (a == "--link-kbit")
            link.bitsPerSecond = std::stod(value()) * 1000;
        else if (a == "--link-delay-ms")
            link.delayNs = static_cast<int64_t>(std::stod(value()) * 1e6);
        else if (a == "--link-loss")
            link.loss = std::stod(value());
        else if (a == "--link-rto-ms")
            rtoMs = std::stoll(value());
        else if (a == "--link-window-bytes")
            link.windowBytes = static_cast<size_t>(std::stoll(value()));
        else if (a == "--flush-ms")
            flushMs = std::stoi(value());
        else if (a == "--durability")
            durability = value();
        else if (a == "--relay")
            relayPath = value();
        else if (a == "--url")
            url = value();
        else if (a == "--relay-pid")
            relayPid = static_cast<pid_t>(std::stoi(value()));
        else if (a == "--relay-arg")
            relayExtra.push_back(value());
        else {
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
            return a == "--help" ? 0 : 2;
        }
    }
    // RTO after a loss: Linux's SRTT + max(200 ms, 4 RTTVAR) with a steady RTT of twice the delay.
    link.rtoNs = rtoMs >= 0 ? rtoMs * 1'000'000 : 2 * link.delayNs + 200'000'000;
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);  // the relay, started from here, inherits it
    signal(SIGPIPE, SIG_IGN);

    std::string host = "127.0.0.1";
    int port = 0, metricsPort = 0;
    std::filesystem::path dataDir;
    if (url.empty()) {
        dataDir = std::filesystem::temp_directory_path() /
                  ("framenote-loadgen-" + std::to_string(getpid()));
        std::filesystem::create_directories(dataDir);
        port = freePort();
        metricsPort = freePort();
        const std::string portText = std::to_string(port),
                          metricsText = std::to_string(metricsPort),
                          flushText = std::to_string(flushMs), dir = dataDir.string();
        std::vector<std::string> args = {
            relayPath,      "--data-dir",     dir,         "--port", portText,     "--address",
            "127.0.0.1",    "--metrics-port", metricsText, "--open", "--flush-ms", flushText,
            "--durability", durability};
        args.insert(args.end(), relayExtra.begin(), relayExtra.end());
        std::vector<char*> argvRelay;
        for (auto& s : args) argvRelay.push_back(s.data());
        argvRelay.push_back(nullptr);
        setenv("QT_LOGGING_RULES", "framenote.relay.info=false", 1);
        if (posix_spawn(&relayPid, relayPath.c_str(), nullptr, nullptr, argvRelay.data(),
                        environ) != 0) {
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

    std::printf(
        "framenote-loadgen: %d rooms x %d clients, presence %.0f Hz per client, flush window %d "
        "ms, "
        "durability %s, %.0f s per rate (after %.0f s warm-up)\n",
        rooms, perRoom, presenceHz, flushMs, durability.c_str(), seconds, warmup);
    if (slowPerRoom > 0)
        std::printf(
            "emulated link (user space, per client, each direction): %d clients per room, %.0f "
            "kbit/s, "
            "%.0f ms delay, %.2f%% segment loss, RTO %.0f ms, window %zu bytes\n",
            std::min(slowPerRoom, perRoom), link.bitsPerSecond / 1000,
            static_cast<double>(link.delayNs) / 1e6, link.loss * 100,
            static_cast<double>(link.rtoNs) / 1e6,
            framenote::bench::LinkDirection::windowFor(link));
    Generator gen(rooms, perRoom, host, port);
    gen.setSlowLinks(slowPerRoom, link);
    const int64_t t0 = nowNs();
    if (!gen.connectAll()) {
        if (url.empty()) kill(relayPid, SIGTERM);
        return 1;
    }
    std::printf("%d clients joined in %.1f s; a move is %zu bytes on the wire (client -> relay)\n",
                rooms * perRoom, static_cast<double>(nowNs() - t0) / 1e9, gen.moveBytes());
    if (relayPid) {
        const auto [rss, peak] = processMemoryMiB(relayPid);
        std::printf("relay memory with every client joined: %.0f MiB resident (peak %.0f MiB)\n",
                    rss, peak);
    }
    std::printf("\n%9s %9s %9s %9s %8s %8s %8s %8s %9s %9s %8s %9s %8s %7s\n", "offered",
                "accepted", "deliv/s", "pres/s", "p50 ms", "p99 ms", "max ms", "ack p99",
                "bytes/msg", "relay cpu", "us/msg", "relay MiB", "gen cpu", "errors");
    std::vector<std::string> verdicts;
    for (double rate : rates) {
        const double relayCpu0 = relayPid ? processCpu(relayPid) : 0;
        const auto counter = [&](const char* name) {
            return metricsPort ? metric(metricsPort, name) : 0;
        };
        const double bytesOut0 = counter("framenote_relay_bytes_out_total");
        const double deliv0 = counter("framenote_relay_operations_out_total");
        const double pres0 = counter("framenote_relay_presence_out_total");
        const double slow0 = counter("framenote_relay_slow_consumers_total");
        const double thinned0 = counter("framenote_relay_presence_thinned_total");
        // The log's group commits: how many, how long, how many over 20 ms (the fan-out waits for
        // them).
        const char* const commitCount = "framenote_relay_log_commit_seconds_count";
        const char* const commitSum = "framenote_relay_log_commit_seconds_sum";
        const char* const commitFast = "framenote_relay_log_commit_seconds_bucket{le=\"0.02\"}";
        const char* const commitSlow = "framenote_relay_log_commit_seconds_bucket{le=\"0.1\"}";
        const double commits0 = counter(commitCount), commitSum0 = counter(commitSum),
                     commitFast0 = counter(commitFast), commitSlow0 = counter(commitSlow);
        const int errors0 = gen.events().errors;
        auto r = gen.run(rate, presenceHz, seconds, warmup);
        const double relayCpu = relayPid ? processCpu(relayPid) - relayCpu0 : 0;
        const double bytesOut = counter("framenote_relay_bytes_out_total") - bytesOut0;
        // Messages the relay delivered (operations and presence), over warm-up + measurement +
        // drain, as is its CPU: per-message figures use the relay's own counts.
        const double messages = counter("framenote_relay_operations_out_total") - deliv0 +
                                counter("framenote_relay_presence_out_total") - pres0;
        const double slowDropped = counter("framenote_relay_slow_consumers_total") - slow0;
        const double usPerMessage = messages > 0 ? relayCpu * 1e6 / messages : 0;
        const auto [rss, peak] =
            relayPid ? processMemoryMiB(relayPid) : std::pair<double, double>{0, 0};
        std::printf(
            "%9.0f %9.0f %9.0f %9.0f %8.2f %8.2f %8.1f %8.2f %9.1f %8.0f%% %8.2f %9.0f %7.0f%% "
            "%7d\n",
            r.offered, r.accepted, static_cast<double>(r.deliveries) / seconds,
            static_cast<double>(r.presenceReceived) / seconds, r.p50, r.p99, r.max, r.ackP99,
            messages > 0 ? bytesOut / messages : 0, relayCpu * 100 / r.wallAll, usPerMessage, rss,
            r.generatorCpu * 100 / seconds, gen.events().errors - errors0);
        if (gen.anySlow()) {
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
        if (slowDropped > 0)
            std::printf("    the relay dropped %.0f slow consumers\n", slowDropped);
        if (const double thinned = counter("framenote_relay_presence_thinned_total") - thinned0;
            thinned > 0)
            std::printf(
                "    presence thinned for slow receivers: %.0f updates superseded (%.0f/s)\n",
                thinned, thinned / r.wallAll);
        if (const double commits = counter(commitCount) - commits0; commits > 0)
            std::printf(
                "    log: %.0f commits, %.1f ops each, mean %.2f ms, %.0f over 20 ms, %.0f over "
                "100 ms\n",
                commits, r.accepted * seconds / commits,
                (counter(commitSum) - commitSum0) * 1000 / commits,
                commits - (counter(commitFast) - commitFast0),
                commits - (counter(commitSlow) - commitSlow0));
        std::fflush(stdout);
        char verdict[256];
        const double expected = r.offered * (perRoom - 1);
        const bool allAccepted = r.accepted >= 0.99 * r.offered;
        const bool allDelivered = static_cast<double>(r.deliveries) / seconds >= 0.99 * expected;
        if (goalP99 > 0) {
            // With slow links the goal is for a delivery that crosses one of them (sender or
            // receiver on the link); two links (slow -> slow) are at least twice the delay.
            const double p99 = gen.anySlow() ? std::max(r.paths[1].p99, r.paths[2].p99) : r.p99;
            const bool met = allAccepted && allDelivered && p99 < goalP99;
            std::snprintf(
                verdict, sizeof verdict,
                "%6.0f ops/s: %s (accepted %.1f%%, delivered %.1f%% of %.0f/s, p99 %.2f ms%s vs "
                "goal < %.0f ms%s)",
                rate, met ? "met" : "MISSED", 100 * r.accepted / std::max(1.0, r.offered),
                100 * static_cast<double>(r.deliveries) / seconds / std::max(1.0, expected),
                expected, p99, gen.anySlow() ? " across one slow link" : "", goalP99,
                p99 < goalP99
                    ? ""
                    : (", over by " + std::to_string(static_cast<int>(p99 - goalP99 + 0.5)) + " ms")
                          .c_str());
            verdicts.push_back(verdict);
        }
    }
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
    if (relayPid) {
        const auto [rss, peak] = processMemoryMiB(relayPid);
        std::printf("relay memory at the end: %.0f MiB resident, peak %.0f MiB\n", rss, peak);
    }
    if (url.empty()) {
        kill(relayPid, SIGTERM);
        int status = 0;
        waitpid(relayPid, &status, 0);
        std::filesystem::remove_all(dataDir);
    }
    return 0;
}
