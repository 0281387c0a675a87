#pragma once
// The built framenote-relay binary as a child process, for the integration tests: start it on a
// free loopback port with a data directory, stop it with SIGTERM, kill it with SIGKILL. On a
// RelayHome it is the child-process relay of RelayFixture (test_relay.h).
#include <QCoreApplication>
#include <QFile>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <csignal>
#include <string>

#include "tests/support/free_port.h"
#include "tests/support/raw_client.h"
#include "tests/support/test_relay.h"

namespace framenote::test {

inline QString relayBinary() { return QStringLiteral(FRAMENOTE_RELAY_BINARY); }

class RelayProcess {
  public:
    using Settings = QStringList;  // command-line arguments besides those start() gives

    RelayProcess() { process_.setProcessChannelMode(QProcess::SeparateChannels); }
    // The relay of `home`: its data directory, and the secret of home's tokens.
    explicit RelayProcess(const RelayHome& home) : RelayProcess() {
        dataDir_ = home.dataDir();
        secretFile_ = home.secretFile();
    }
    ~RelayProcess() { kill(); }

    // Starts the relay of the home it was made with on a free port (RelayFixture).
    bool launch(const QStringList& extra = {}) { return start(dataDir_, 0, extra); }
    void stop() { terminate(); }
    std::string why() { return errors().toStdString(); }

    // Starts the relay and waits until it listens. `port` 0: a free port is chosen.
    bool start(const QString& dataDir, quint16 port = 0, const QStringList& extra = {}) {
        port_ = port ? port : freePort();
        dataDir_ = dataDir;
        extra_ = extra;
        return restart();
    }
    bool restart() {
        stdout_.clear();
        stderr_.clear();
        QStringList args{"--data-dir", dataDir_,    "--port",         QString::number(port_),
                         "--address",  "127.0.0.1", "--metrics-port", "0"};
        if (!secretFile_.isEmpty()) args += {"--secret-file", secretFile_};
        args += extra_;
        if (shellPrefix_.isEmpty())
            process_.start(relayBinary(), args);
        else  // sh runs the prefix, then becomes the relay ("$0" "$@"), keeping its pid
            process_.start(
                "/bin/sh",
                QStringList{"-c", shellPrefix_ + "; exec \"$0\" \"$@\"", relayBinary()} + args);
        if (!process_.waitForStarted(5000)) return false;
        const bool up = spinUntil(
            [&] {
                read();
                return stdout_.contains("listening on port") ||
                       process_.state() == QProcess::NotRunning;
            },
            10000);
        read();
        if (const qsizetype at = stdout_.indexOf("metrics on port "); at >= 0)
            metricsPort_ = static_cast<quint16>(stdout_.mid(at + 16).split(' ').first().toUInt());
        if (const qsizetype at = stdout_.indexOf("media on port "); at >= 0)
            mediaPort_ = static_cast<quint16>(stdout_.mid(at + 14).split(' ').first().toUInt());
        return up && process_.state() == QProcess::Running;
    }
    // Shell commands run before the relay in the same process, e.g. "umask 000" or "ulimit -f 100".
    void setShellPrefix(const QString& commands) { shellPrefix_ = commands; }
    // SIGTERM and wait; the exit code (-1 if it had to be killed).
    int terminate(int timeoutMs = 10000) {
        if (process_.state() == QProcess::NotRunning) return process_.exitCode();
        ::kill(static_cast<pid_t>(process_.processId()), SIGTERM);
        spinUntil([&] { return process_.state() == QProcess::NotRunning; }, timeoutMs);
        read();
        if (process_.state() != QProcess::NotRunning) {
            kill();
            return -1;
        }
        return process_.exitStatus() == QProcess::NormalExit ? process_.exitCode() : -1;
    }
    void kill() {
        if (process_.state() == QProcess::NotRunning) return;
        ::kill(static_cast<pid_t>(process_.processId()), SIGKILL);
        process_.waitForFinished(5000);
        read();
    }
    bool running() const { return process_.state() == QProcess::Running; }
    qint64 pid() const { return process_.processId(); }

    quint16 port() const { return port_; }
    quint16 metricsPort() const { return metricsPort_; }
    quint16 mediaPort() const { return mediaPort_; }  // with --media-port
    QString url() const { return QStringLiteral("ws://127.0.0.1:%1/").arg(port_); }
    const QString& dataDir() const { return dataDir_; }
    QByteArray output() {
        read();
        return stdout_;
    }
    QByteArray errors() {
        read();
        return stderr_;
    }
    // A counter or gauge of its /metrics, by name; -1 when it is not there.
    double metric(const QByteArray& name);

  private:
    void read() {
        stdout_ += process_.readAllStandardOutput();
        stderr_ += process_.readAllStandardError();
    }
    QProcess process_;
    quint16 port_ = 0;
    quint16 metricsPort_ = 0;
    quint16 mediaPort_ = 0;
    QString dataDir_;
    QString secretFile_;
    QStringList extra_;
    QString shellPrefix_;
    QByteArray stdout_;
    QByteArray stderr_;
};

// Runs the relay binary to completion (subcommands); returns the exit code.
inline int runRelay(const QStringList& args, QByteArray* out = nullptr, QByteArray* err = nullptr) {
    QProcess p;
    p.start(relayBinary(), args);
    p.waitForFinished(20000);
    if (out) *out = p.readAllStandardOutput();
    if (err) *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

// One HTTP GET on loopback (the relay's /healthz and /metrics); the whole response, empty when
// none came within the timeout.
inline QByteArray httpGet(quint16 port, const QByteArray& path, int timeoutMs = 5000) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!spinUntil([&] { return socket.state() == QAbstractSocket::ConnectedState; }, timeoutMs))
        return {};
    socket.write("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray response;
    spinUntil(
        [&] {
            response += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    return response + socket.readAll();
}

inline double RelayProcess::metric(const QByteArray& name) {
    const QByteArray text = httpGet(metricsPort_, "/metrics");
    for (const QByteArray& line : text.split('\n'))
        if (line.startsWith(name + ' ')) return line.mid(name.size() + 1).trimmed().toDouble();
    return -1;
}

// A process's resident memory now and at its peak (VmRSS, VmHWM of /proc/PID/status), in KiB.
inline std::pair<int64_t, int64_t> residentKiB(qint64 pid) {
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) return {0, 0};
    int64_t rss = 0, peak = 0;
    for (const QByteArray& line : status.readAll().split('\n')) {
        const QList<QByteArray> f = line.simplified().split(' ');
        if (f.size() >= 2 && f[0] == "VmRSS:") rss = f[1].toLongLong();
        if (f.size() >= 2 && f[0] == "VmHWM:") peak = f[1].toLongLong();
    }
    return {rss, peak};
}

// A token signed by the relay whose data directory is `dataDir` (`framenote-relay token`).
inline std::string issueToken(const QString& dataDir, const QString& user, const QString& role,
                              const QString& room = "*", const QString& ttl = "1h") {
    QByteArray out;
    const int rc = runRelay({"token", "--user", user, "--role", role, "--room", room, "--ttl", ttl,
                             "--data-dir", dataDir},
                            &out);
    return rc == 0 ? out.trimmed().toStdString() : std::string();
}

}  // namespace framenote::test
