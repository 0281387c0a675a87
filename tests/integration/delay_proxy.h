#pragma once
// A user-space TCP proxy that makes a bad network (the kernel here has no netem): every chunk is
// held for a fixed delay and both directions share nothing but each is limited to a bandwidth.
// It can also cut every connection (a network drop). Runs on the thread that creates it.
#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <deque>
#include <memory>
#include <vector>

namespace framenote::test {

class DelayProxy : public QObject {
  public:
    DelayProxy(quint16 upstreamPort, int delayMs, int64_t bytesPerSecond)
        : upstream_(upstreamPort), delayMs_(delayMs), bytesPerSecond_(bytesPerSecond) {
        clock_.start();
        QObject::connect(&server_, &QTcpServer::newConnection, this, [this] { accept(); });
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(5);
        QObject::connect(&timer_, &QTimer::timeout, this, [this] { release(); });
        timer_.start();
    }
    ~DelayProxy() override { cutAll(); }

    bool listen() { return server_.listen(QHostAddress::LocalHost, 0); }
    quint16 port() const { return server_.serverPort(); }
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/").arg(port()); }
    int64_t bytesForwarded() const { return forwarded_; }

    // Drops every connection, as a network failure would.
    void cutAll() {
        for (auto& p : pipes_) {
            p->client->abort();
            p->server->abort();
        }
        pipes_.clear();
    }

  private:
    struct Direction {
        std::deque<std::pair<int64_t, QByteArray>> queue;  // release time, bytes
        double budget = 0;                                 // bytes that may go now
        int64_t lastRefillMs = 0;
    };
    struct Pipe {
        std::unique_ptr<QTcpSocket> client, server;
        Direction up, down;  // client -> server, server -> client
        bool dead = false;
    };

    void accept() {
        while (QTcpSocket* incoming = server_.nextPendingConnection()) {
            auto pipe = std::make_unique<Pipe>();
            pipe->client.reset(incoming);
            incoming->setParent(nullptr);
            pipe->server = std::make_unique<QTcpSocket>();
            pipe->server->connectToHost(QHostAddress::LocalHost, upstream_);
            Pipe* p = pipe.get();
            const auto hold = [this](Direction& d, QTcpSocket* from) {
                QByteArray data = from->readAll();
                if (!data.isEmpty())
                    d.queue.emplace_back(clock_.elapsed() + delayMs_, std::move(data));
            };
            QObject::connect(p->client.get(), &QTcpSocket::readyRead, this,
                             [p, hold] { hold(p->up, p->client.get()); });
            QObject::connect(p->server.get(), &QTcpSocket::readyRead, this,
                             [p, hold] { hold(p->down, p->server.get()); });
            QObject::connect(p->client.get(), &QTcpSocket::disconnected, this,
                             [p] { p->dead = true; });
            QObject::connect(p->server.get(), &QTcpSocket::disconnected, this,
                             [p] { p->dead = true; });
            QObject::connect(p->server.get(), &QTcpSocket::errorOccurred, this,
                             [p](QAbstractSocket::SocketError) { p->dead = true; });
            pipes_.push_back(std::move(pipe));
        }
    }

    void pass(Direction& d, QTcpSocket* to) {
        const int64_t now = clock_.elapsed();
        // A token bucket of at most 50 ms of bandwidth.
        d.budget = std::min<double>(
            static_cast<double>(bytesPerSecond_) / 20.0,
            d.budget + static_cast<double>(now - d.lastRefillMs) * bytesPerSecond_ / 1000.0);
        d.lastRefillMs = now;
        while (!d.queue.empty() && d.queue.front().first <= now && d.budget >= 1) {
            QByteArray& chunk = d.queue.front().second;
            const qsizetype n = std::min<qsizetype>(chunk.size(), static_cast<qsizetype>(d.budget));
            if (to->state() != QAbstractSocket::ConnectedState) return;
            to->write(chunk.constData(), n);
            forwarded_ += n;
            d.budget -= static_cast<double>(n);
            if (n == chunk.size())
                d.queue.pop_front();
            else
                chunk.remove(0, n);
        }
    }

    void release() {
        for (auto& p : pipes_) {
            pass(p->up, p->server.get());
            pass(p->down, p->client.get());
            // A closed side closes the other once what it sent has gone through.
            if (p->dead && p->up.queue.empty() && p->down.queue.empty()) {
                p->client->disconnectFromHost();
                p->server->disconnectFromHost();
            }
        }
    }

    QTcpServer server_;
    QTimer timer_;
    QElapsedTimer clock_;
    quint16 upstream_;
    int delayMs_;
    int64_t bytesPerSecond_;
    int64_t forwarded_ = 0;
    std::vector<std::unique_ptr<Pipe>> pipes_;
};

}  // namespace framenote::test
