#pragma once
// A NATS cluster with JetStream on loopback for the relay cluster's tests: real nats-server
// processes (Debian's), each with its own store folder and ports, routed to one another. A node
// can be SIGKILLed and started again with the same store.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <memory>
#include <vector>

#include "tests/support/free_port.h"

namespace framenote::test {

class NatsCluster {
  public:
    static QString binary() {
        return QStandardPaths::findExecutable("nats-server", {"/usr/sbin", "/usr/bin"});
    }
    static bool available() { return !binary().isEmpty(); }

    explicit NatsCluster(int nodes) {
        for (int i = 0; i < nodes; ++i) nodes_.push_back({freePort(), freePort(), nullptr});
        for (int i = 0; i < nodes; ++i) start(i);
    }
    ~NatsCluster() {
        for (int i = 0; i < static_cast<int>(nodes_.size()); ++i) kill(i);
    }

    QStringList urls() const {
        QStringList out;
        for (const Node& n : nodes_) out << QStringLiteral("nats://127.0.0.1:%1").arg(n.port);
        return out;
    }
    void kill(int i) {
        auto& p = nodes_[static_cast<size_t>(i)].process;
        if (!p) return;
        p->kill();
        p->waitForFinished(5000);
        p.reset();
    }
    // Starts node i. If another process took one of its ports meanwhile (tests run side by side),
    // on new ones: the other nodes learn of it from its routes to them.
    void start(int i) {
        for (int attempt = 0; attempt < 5; ++attempt) {
            if (launch(i)) return;
            kill(i);
            nodes_[static_cast<size_t>(i)].port = freePort();
            nodes_[static_cast<size_t>(i)].clusterPort = freePort();
        }
    }
    // What the nodes printed, for a failure's message.
    QString logs() const {
        QString out;
        for (size_t i = 0; i < nodes_.size(); ++i) {
            QFile f(dir_.filePath(QStringLiteral("n%1.log").arg(i)));
            if (f.open(QIODevice::ReadOnly)) out += QString::fromUtf8(f.readAll().right(2000));
        }
        return out;
    }

  private:
    struct Node {
        quint16 port;
        quint16 clusterPort;
        std::unique_ptr<QProcess> process;
    };

    // True once node i listens on both its ports; false if it exited (a port was taken).
    bool launch(int i) {
        Node& n = nodes_[static_cast<size_t>(i)];
        QStringList routes;
        for (const Node& other : nodes_)
            routes << QStringLiteral("nats://127.0.0.1:%1").arg(other.clusterPort);
        n.process = std::make_unique<QProcess>();
        n.process->setProcessChannelMode(QProcess::MergedChannels);
        n.process->setStandardOutputFile(dir_.filePath(QStringLiteral("n%1.log").arg(i)),
                                         QIODevice::Append);
        n.process->start(
            binary(),
            {"-js", "-sd", dir_.filePath(QStringLiteral("n%1").arg(i)), "-a", "127.0.0.1", "-p",
             QString::number(n.port), "-n", QStringLiteral("n%1").arg(i), "--cluster_name",
             "framenote", "--cluster", QStringLiteral("nats://127.0.0.1:%1").arg(n.clusterPort),
             "--routes", routes.join(',')});
        if (!n.process->waitForStarted(5000)) return false;
        const auto listens = [](quint16 port) {
            QTcpSocket probe;
            probe.connectToHost(QHostAddress::LocalHost, port);
            return probe.waitForConnected(200);
        };
        for (int waited = 0; waited < 5000; waited += 50) {
            if (n.process->state() == QProcess::NotRunning) return false;
            if (listens(n.port) && listens(n.clusterPort))
                return n.process->state() != QProcess::NotRunning;
            QThread::msleep(50);
        }
        return false;
    }

    QTemporaryDir dir_;
    std::vector<Node> nodes_;
};

}  // namespace framenote::test
