#include "bench/loadgen_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <QUuid>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/sync/quantization.h"
#include "core/sync/wire_codec.h"

namespace framenote::bench {

namespace v1 = framenote::sync::v1;
namespace fs = framenote::sync;
namespace fm = framenote::model;

namespace {

// ---- Protobuf walking ------------------------------------------------------------------------

// Wire types (the low three bits of a tag).
constexpr int kVarint = 0;
constexpr int kFixed64 = 1;
constexpr int kLengthDelimited = 2;
constexpr int kFixed32 = 5;

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
            case kVarint:
                if (!readVarint(p, end, v)) return false;
                f(field, type, nullptr, v);
                break;
            case kFixed64:
                p += 8;
                break;
            case kFixed32:
                p += 4;
                break;
            case kLengthDelimited:
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

// Counts what an Envelope brings (a Batch's included) and takes the latency of every operation
// and ack that carries one of this generator's op ids.
void scanEnvelope(const uint8_t* p, const uint8_t* end, int64_t now, FanoutRecorder& fanout,
                  Latency& ackLatency, Events& ev) {
    using E = v1::Envelope;
    walk(p, end, [&](int field, int type, const uint8_t* value, uint64_t len) {
        if (type != kLengthDelimited) return;
        const uint8_t* vend = value + len;
        switch (field) {
            case E::kBatchFieldNumber:
                walk(value, vend, [&](int f, int t, const uint8_t* inner, uint64_t l) {
                    if (f == v1::Batch::kMessagesFieldNumber && t == kLengthDelimited)
                        scanEnvelope(inner, inner + l, now, fanout, ackLatency, ev);
                });
                break;
            case E::kBroadcastFieldNumber:
                walk(value, vend, [&](int f, int t, const uint8_t* op, uint64_t l) {
                    if (f != v1::Broadcast::kOperationsFieldNumber || t != kLengthDelimited) return;
                    walk(op, op + l, [&](int of, int ot, const uint8_t* id, uint64_t il) {
                        if (of == v1::Operation::kOpIdFieldNumber && ot == kLengthDelimited &&
                            il == 16) {
                            const int64_t sent = sentAt(id);
                            if (sent > 0) fanout.add(senderOf(id), now - sent);
                        }
                    });
                });
                break;
            case E::kAckFieldNumber:
                ++ev.acks;
                walk(value, vend, [&](int f, int t, const uint8_t* id, uint64_t l) {
                    if (f == v1::Ack::kOpIdFieldNumber && t == kLengthDelimited && l == 16 &&
                        sentAt(id) > 0)
                        ackLatency.add(now - sentAt(id));
                });
                break;
            case E::kPresenceFieldNumber:
                ++ev.presence;
                break;
            case E::kWelcomeFieldNumber:
                ++ev.welcomes;
                break;
            case E::kSnapshotFieldNumber:
            case E::kReplayFieldNumber: {  // the last part of a catch-up has more = false
                const int moreField = field == E::kSnapshotFieldNumber
                                          ? int{v1::Snapshot::kMoreFieldNumber}
                                          : int{v1::Replay::kMoreFieldNumber};
                bool more = false;
                walk(value, vend, [&](int f, int t, const uint8_t*, uint64_t v) {
                    if (f == moreField && t == kVarint) more = v != 0;
                });
                if (!more) ++ev.caughtUp;
                break;
            }
            case E::kErrorFieldNumber:
                ++ev.errors;
                if (ev.firstError.empty())
                    walk(value, vend, [&](int f, int t, const uint8_t* text, uint64_t l) {
                        if (f == v1::Error::kMessageFieldNumber && t == kLengthDelimited)
                            ev.firstError.assign(reinterpret_cast<const char*>(text), l);
                    });
                break;
            default:
                break;
        }
    });
}

// ---- A minimal WebSocket client ----------------------------------------------------------------

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

}  // namespace

Generator::Generator(int rooms, int perRoom, const std::string& host, int port)
    : rooms_(rooms), perRoom_(perRoom), host_(host), port_(port) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
}

// The first `slowPerRoom` clients of each room go behind their own emulated link.
void Generator::setSlowLinks(int slowPerRoom, const LinkParams& link) {
    slowPerRoom_ = std::min(slowPerRoom, perRoom_);
    link_ = link;
}

bool Generator::connectAll() {
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
    std::fprintf(stderr, "loadgen: only some clients joined (%s)\n", events_.firstError.c_str());
    return false;
}

Generator::Result Generator::run(double rate, double presenceHz, double seconds, double warmup) {
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
    const int64_t drainUntil = nowNs() + (slowClients_.empty() ? 1'500'000'000LL : 5'000'000'000LL);
    while (nowNs() < drainUntil) pollFor(slowClients_.empty() ? 5 : 1);
    r.wallAll = static_cast<double>(nowNs() - start) / 1e9;
    return r;
}

std::pair<uint64_t, uint64_t> Generator::linkSegments() const {
    uint64_t n = 0, lost = 0;
    for (int i : slowClients_) {
        const Client& c = clients_[static_cast<size_t>(i)];
        n += c.up.segments() + c.down.segments();
        lost += c.up.lost() + c.down.lost();
    }
    return {n, lost};
}

double Generator::selfCpu() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

bool Generator::open(Client& c) {
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

void Generator::sendEnvelope(Client& c, const v1::Envelope& e) {
    const std::string bytes = fs::encodeEnvelope(e);
    sendFrame(c, 0x2, bytes.data(), bytes.size());
}

// A WebSocket frame to the relay: straight to the socket, or into the client's slow link.
void Generator::sendFrame(Client& c, uint8_t opcode, const char* data, size_t size) {
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
void Generator::sendPresence(Client& c) {
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
void Generator::pumpLinks() {
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

void Generator::onUpgraded(Client& c) {
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
    a.kind = fm::Kind::Rect;
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

void Generator::sendMove(Client& c) {
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

void Generator::flushOut(Client& c) {
    while (!c.out.empty()) {
        const ssize_t n = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (n <= 0) break;  // EAGAIN: the rest goes when the socket is writable
        c.out.erase(0, static_cast<size_t>(n));
    }
    // Ask for writability only while something waits (level-triggered EPOLLOUT on an idle
    // socket would wake every call for every client).
    watch(c, c.watchingIn, !c.out.empty());
}

void Generator::watch(Client& c, bool in, bool out) {
    if (in == c.watchingIn && out == c.watchingOut) return;
    epoll_event ev{};
    ev.events = EPOLLRDHUP | (in ? EPOLLIN : 0u) | (out ? EPOLLOUT : 0u);
    ev.data.u32 = static_cast<uint32_t>(c.index);
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &ev);
    c.watchingIn = in;
    c.watchingOut = out;
}

void Generator::pollFor(int ms) {
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

void Generator::readFrom(Client& c) {
    static thread_local std::vector<char> buffer(1 << 20);
    const bool viaLink = c.slow && c.upgraded;
    for (;;) {
        // Behind a link, read only what it has room for (up to a segment at a time): the rest
        // waits in the relay. EPOLLIN goes off meanwhile, or level-triggered epoll would spin.
        if (viaLink && !c.down.hasRoom()) break;
        const size_t room = viaLink ? LinkDirection::kMss : buffer.size();
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
            std::fprintf(stderr, "loadgen: handshake refused: %s\n", c.in.substr(0, 60).c_str());
            c.in.clear();
            return;
        }
        c.in.erase(0, header + 4);
        c.upgraded = true;
        onUpgraded(c);
    }
    parse(c, nowNs());
}

void Generator::parse(Client& c, int64_t now) {
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

}  // namespace framenote::bench
