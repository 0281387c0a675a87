#pragma once
// framenote-loadgen's WebSocket clients: many in one thread on one epoll (docs/PERFORMANCE.md,
// "Sync and relay"). The generator must measure the relay, not itself, so a client is cheap:
// plain non-blocking sockets, a minimal WebSocket client (handshake, masked sends with a zero
// mask, frame parsing), big reads that take many frames at once (batched receive), and a
// protobuf walk that only picks out op ids instead of decoding messages. Each operation's op id
// carries its send time, so every delivery's latency is measured exactly (send -> relay ->
// fan-out -> receive).
//
// Clients join an open relay by name; each creates one note, then sends moves of it (the most
// common operation: a 60-odd byte SetFields). Senders are spread over all clients evenly, and
// every client also sends presence (cursor and playhead) at the rate asked for.
//
// Slow clients sit behind an emulated link each (link_emulator.h), in both directions, with
// back-pressure: what a link cannot take stays in the relay, which can then thin presence for it.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "bench/link_emulator.h"
#include "bench/loadgen_latency.h"

namespace framenote::sync::v1 {
class Envelope;
}

namespace framenote::bench {

// What the clients received, counted over all of them.
struct Events {
    uint64_t presence = 0;  // presence updates received
    int acks = 0;
    int welcomes = 0;
    int caughtUp = 0;
    int errors = 0;
    std::string firstError;
};

// One WebSocket client of the relay.
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
    bool slow = false;       // behind an emulated link (after the handshake)
    LinkDirection up, down;  // client -> relay, relay -> client
};

// Every client, on one epoll in this thread.
class Generator {
  public:
    Generator(int rooms, int perRoom, const std::string& host, int port);

    // The first `slowPerRoom` clients of each room go behind their own emulated link.
    void setSlowLinks(int slowPerRoom, const LinkParams& link);

    // Connects every client, and waits (at most 2 minutes) until each has joined its room and
    // created its note. False when some did not (said on stderr).
    bool connectAll();

    // What one rate's phase measured.
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
    // Sends `rate` operations a second for `seconds`, measuring from `warmup` on, then drains.
    Result run(double rate, double presenceHz, double seconds, double warmup);

    const Events& events() const { return events_; }
    bool anySlow() const { return !slowClients_.empty(); }
    // Segments carried and lost by the emulated links, both directions.
    std::pair<uint64_t, uint64_t> linkSegments() const;
    size_t moveBytes() const { return clients_.empty() ? 0 : clients_[0].moveTemplate.size(); }

    // This process's CPU time so far, in seconds.
    static double selfCpu();

  private:
    bool open(Client& c);
    void sendEnvelope(Client& c, const sync::v1::Envelope& e);
    void sendFrame(Client& c, uint8_t opcode, const char* data, size_t size);
    void sendPresence(Client& c);
    void pumpLinks();
    void onUpgraded(Client& c);
    void sendMove(Client& c);
    void flushOut(Client& c);
    void watch(Client& c, bool in, bool out);
    void pollFor(int ms);
    void readFrom(Client& c);
    void parse(Client& c, int64_t now);

    int rooms_, perRoom_;
    int slowPerRoom_ = 0;
    LinkParams link_;
    std::vector<int> slowClients_;
    std::string host_;
    int port_;
    int epoll_ = -1;
    std::vector<Client> clients_;
    FanoutRecorder fanout_;
    Latency acks_;
    Events events_;
};

}  // namespace framenote::bench
