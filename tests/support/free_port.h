#pragma once
// A loopback port for a server a test starts (relay, NATS).
#include <QHostAddress>
#include <QTcpServer>

namespace framenote::test {

// A port nobody listens on right now (the kernel's choice; released before use).
inline quint16 freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

}  // namespace framenote::test
