#pragma once
// The relay's sockets live on I/O threads.
//
// Most of a relay's CPU is the kernel's work for each socket send and receive (5 to 10 us each
// on loopback here). With every socket on the relay's own thread that
// work was capped at one core: at 10,000 operations a second the thread was saturated and the
// fan-out p99 swung between 25 and 160 ms from run to run. So each QWebSocket moves, once its
// handshake is done, to one of a few I/O threads; rooms, rules and the log stay on the relay's
// thread, which reaches a socket only through its RelaySocket handle. Commands go one way and
// events the other, each through one queue per thread, so one wake-up carries many of them and
// each connection's commands and events keep their order.
#include <QByteArray>
#include <QString>
#include <QWebSocketProtocol>
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

class QObject;
class QAbstractSocket;
class QWebSocket;

namespace framenote::sync {

// What a connection's socket reports to the relay's thread.
struct SocketEvent {
    enum class Kind { Binary, Text, Pong, Written, Disconnected };
    Kind kind = Kind::Binary;
    uint64_t connection = 0;
    QByteArray data;  // Binary: the message; Text: as UTF-8; Pong: the ping's payload
};

class RelaySocket;

class RelayIo {
  public:
    using EventSink = std::function<void(std::vector<SocketEvent>& events)>;
    // Events are handed to sink on relayThreadContext's thread, in batches.
    RelayIo(int threads, QObject* relayThreadContext, EventSink sink);
    ~RelayIo();
    RelayIo(const RelayIo&) = delete;
    RelayIo& operator=(const RelayIo&) = delete;

    // Moves socket (handshake done) and transport, the TCP socket under it, to the least loaded
    // I/O thread and returns the handle; the socket's signals become events for connection.
    RelaySocket* adopt(QWebSocket* socket, QAbstractSocket* transport, uint64_t connection);
    // Runs what was handed over and joins the threads. Every handle must be released first.
    void stop();

    int threadCount() const;

    // Defined in relay_io.cpp.
    struct Thread;
    struct Events;

  private:
    std::vector<std::unique_ptr<Thread>> threads_;
    std::shared_ptr<Events> events_;
};

// The relay thread's handle on one connection's socket. Every method is called on the relay's
// thread and returns at once; the work happens on the socket's I/O thread, in call order.
class RelaySocket {
  public:
    // One WebSocket binary message, written to the kernel as soon as the I/O thread gets to it.
    void send(const QByteArray& message);
    // A close frame, then the connection ends; a peer that does not answer is cut off after 2 s.
    void close(QWebSocketProtocol::CloseCode code, const QString& reason);
    void abort();
    // A ping; the Pong event carries `payload` back (at most 125 bytes).
    void ping(const QByteArray& payload = {});
    // Written events after each write while on (a replay paces itself by them).
    void watchWritten(bool on) { watchWritten_.store(on, std::memory_order_relaxed); }
    // Bytes handed over that have not reached the kernel yet.
    size_t unsentBytes() const;
    // Of those, the bytes the socket holds because the kernel took no more: what a slow reader
    // leaves behind (without the bytes still on their way to the I/O thread, a moment's worth).
    size_t blockedBytes() const {
        return static_cast<size_t>(
            std::max<int64_t>(0, socketBuffer_.load(std::memory_order_relaxed)));
    }
    // The handle and its socket are deleted; no call may follow.
    void release();

  private:
    friend class RelayIo;
    friend struct RelayIo::Thread;
    struct Port;
    RelaySocket() = default;

    Port* port_ = nullptr;  // lives on the I/O thread
    RelayIo::Thread* thread_ = nullptr;
    int64_t handedOver_ = 0;                // relay thread only
    std::atomic<int64_t> written_{0};       // I/O thread: bytes passed to the QWebSocket
    std::atomic<int64_t> socketBuffer_{0};  // I/O thread: the QTcpSocket's unsent bytes
    std::atomic<bool> watchWritten_{false};
};

}  // namespace framenote::sync
