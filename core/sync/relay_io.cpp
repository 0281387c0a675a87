#include "core/sync/relay_io.h"

#include <QAbstractSocket>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include "core/sync/batch_queue.h"

#if defined(FRAMENOTE_HAVE_EPOLL)
#include "core/sync/epoll_event_dispatcher.h"
#endif

namespace framenote::sync {

namespace {

struct Command {
    enum class Kind { Send, Close, Abort, Ping, Release };
    Kind kind = Kind::Send;
    RelaySocket* socket = nullptr;
    QByteArray data;
    QWebSocketProtocol::CloseCode code = QWebSocketProtocol::CloseCodeNormal;
    QString reason;
};

}  // namespace

// Events for the relay's thread, from every I/O thread. Shared with the posted deliveries, so a
// delivery that arrives after stop() finds it still there (and closed).
struct RelayIo::Events {
    BatchQueue<SocketEvent> queue;
    std::vector<SocketEvent> batch;  // relay thread: the one being delivered
    QPointer<QObject> context;
    EventSink sink;

    static void push(const std::shared_ptr<Events>& self, SocketEvent event) {
        if (self->queue.push(std::move(event)) && self->context)
            QMetaObject::invokeMethod(
                self->context, [self] { self->deliver(); }, Qt::QueuedConnection);
    }
    void deliver() {
        queue.take(batch);
        if (!batch.empty()) sink(batch);
    }
};

struct RelaySocket::Port : QObject {
    QWebSocket* ws = nullptr;  // a child
    RelaySocket* handle = nullptr;
    uint64_t connection = 0;
    std::shared_ptr<RelayIo::Events> events;

    void report(SocketEvent::Kind kind, QByteArray data = {}) {
        RelayIo::Events::push(events, SocketEvent{kind, connection, std::move(data)});
    }
};

struct RelayIo::Thread {
    QThread thread;
    QObject* context = nullptr;  // lives on thread
    std::atomic<int> sockets{0};
    BatchQueue<Command> commands;
    std::vector<Command> batch;  // I/O thread: the one being run

    void post(Command command) {
        if (commands.push(std::move(command)))
            QMetaObject::invokeMethod(
                context, [this] { run(); }, Qt::QueuedConnection);
    }

    // On the I/O thread: everything handed over since the last run, in order.
    void run() {
        commands.take(batch);
        for (Command& c : batch) execute(c);
    }

    void execute(Command& c) {
        RelaySocket::Port* port = c.socket->port_;
        QWebSocket* ws = port->ws;
        switch (c.kind) {
            case Command::Kind::Send:
                // A socket that went away meanwhile (its Disconnected event is on its way) takes
                // nothing more.
                if (ws->state() == QAbstractSocket::ConnectedState) {
                    ws->sendBinaryMessage(c.data);
                    // Now rather than on the socket's write notifier in a later turn: one system
                    // call instead of a notifier round trip (what does not fit waits for it).
                    ws->flush();
                }
                c.socket->written_.fetch_add(c.data.size(), std::memory_order_relaxed);
                c.socket->socketBuffer_.store(ws->bytesToWrite(), std::memory_order_relaxed);
                break;
            case Command::Kind::Close:
                ws->close(c.code, c.reason);
                QTimer::singleShot(2000, port, [ws] { ws->abort(); });
                break;
            case Command::Kind::Abort:
                ws->abort();
                break;
            case Command::Kind::Ping:
                ws->ping(c.data);
                break;
            case Command::Kind::Release:
                QObject::disconnect(ws, nullptr, port, nullptr);
                port->deleteLater();  // and ws with it
                delete c.socket;
                sockets.fetch_sub(1, std::memory_order_relaxed);
                break;
        }
    }
};

void RelaySocket::send(const QByteArray& message) {
    handedOver_ += message.size();
    thread_->post({Command::Kind::Send, this, message, {}, {}});
}

void RelaySocket::close(QWebSocketProtocol::CloseCode code, const QString& reason) {
    thread_->post({Command::Kind::Close, this, {}, code, reason});
}

void RelaySocket::abort() { thread_->post({Command::Kind::Abort, this, {}, {}, {}}); }
void RelaySocket::ping(const QByteArray& payload) {
    thread_->post({Command::Kind::Ping, this, payload, {}, {}});
}
void RelaySocket::release() { thread_->post({Command::Kind::Release, this, {}, {}, {}}); }

size_t RelaySocket::unsentBytes() const {
    const int64_t pending = handedOver_ - written_.load(std::memory_order_relaxed) +
                            socketBuffer_.load(std::memory_order_relaxed);
    return static_cast<size_t>(std::max<int64_t>(0, pending));
}

RelayIo::RelayIo(int threads, QObject* relayThreadContext, EventSink sink)
    : events_(std::make_shared<Events>()) {
    events_->context = relayThreadContext;
    events_->sink = std::move(sink);
#if defined(FRAMENOTE_HAVE_EPOLL)
    // Like the relay's own thread: epoll when it runs on epoll (a thousand sockets per thread).
    const bool epoll =
        qobject_cast<EpollEventDispatcher*>(QThread::currentThread()->eventDispatcher()) != nullptr;
#endif
    for (int i = 0; i < std::max(1, threads); ++i) {
        auto t = std::make_unique<Thread>();
        t->context = new QObject;
        t->context->moveToThread(&t->thread);
        QObject::connect(&t->thread, &QThread::finished, t->context, &QObject::deleteLater);
#if defined(FRAMENOTE_HAVE_EPOLL)
        if (epoll) t->thread.setEventDispatcher(new EpollEventDispatcher);
#endif
        t->thread.setObjectName(QStringLiteral("relay-io-%1").arg(i + 1));
        t->thread.start();
        threads_.push_back(std::move(t));
    }
}

RelayIo::~RelayIo() { stop(); }

int RelayIo::threadCount() const { return static_cast<int>(threads_.size()); }

RelaySocket* RelayIo::adopt(QWebSocket* socket, QAbstractSocket* transport, uint64_t connection) {
    Thread* target = threads_.front().get();
    for (const auto& t : threads_)
        if (t->sockets.load(std::memory_order_relaxed) <
            target->sockets.load(std::memory_order_relaxed))
            target = t.get();
    auto* handle = new RelaySocket;
    auto* port = new RelaySocket::Port;
    port->ws = socket;
    port->handle = handle;
    port->connection = connection;
    port->events = events_;
    socket->setParent(port);
    // QWebSocket uses the socket it was made from without owning it: as a child it moves (and
    // is deleted) with the QWebSocket.
    if (transport->parent() != socket) transport->setParent(socket);
    using Kind = SocketEvent::Kind;
    QObject::connect(socket, &QWebSocket::binaryMessageReceived, port,
                     [port](const QByteArray& data) { port->report(Kind::Binary, data); });
    QObject::connect(socket, &QWebSocket::textMessageReceived, port,
                     [port](const QString& text) { port->report(Kind::Text, text.toUtf8()); });
    QObject::connect(socket, &QWebSocket::pong, port, [port](quint64, const QByteArray& payload) {
        port->report(Kind::Pong, payload);
    });
    QObject::connect(socket, &QWebSocket::bytesWritten, port, [port](qint64) {
        port->handle->socketBuffer_.store(port->ws->bytesToWrite(), std::memory_order_relaxed);
        if (port->handle->watchWritten_.load(std::memory_order_relaxed))
            port->report(Kind::Written);
    });
    QObject::connect(socket, &QWebSocket::disconnected, port,
                     [port] { port->report(Kind::Disconnected); });
    port->moveToThread(&target->thread);
    handle->port_ = port;
    handle->thread_ = target;
    target->sockets.fetch_add(1, std::memory_order_relaxed);
    return handle;
}

void RelayIo::stop() {
    if (threads_.empty()) return;
    for (const auto& t : threads_) {
        // What was handed over (the last messages, closes, releases) runs before the loop ends.
        QMetaObject::invokeMethod(
            t->context, [raw = t.get()] { raw->run(); }, Qt::BlockingQueuedConnection);
        t->thread.quit();
        t->thread.wait();
    }
    threads_.clear();
    events_->queue.close();
}

}  // namespace framenote::sync
