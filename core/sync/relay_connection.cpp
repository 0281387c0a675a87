// The relay's connections: accepting sockets, the WebSocket upgrade, Hello, closing.
#include "core/sync/relay_server_impl.h"

namespace framenote::sync {

void RelayServer::Impl::onPendingTcp() {
    while (QTcpSocket* socket = tcp->nextPendingConnection()) {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        if (stopping) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const QString address = socket->peerAddress().toString();
        if (std::optional<std::string> why = admissionLimit(address)) {
            ++metrics.rejected["connection_limit"];
            qCInfo(lcRelay).noquote()
                << "connection from" << address << "refused:" << QString::fromStdString(*why);
            socket->abort();
            socket->deleteLater();
            continue;
        }
        const QString key = address + ":" + QString::number(socket->peerPort());
        accepted.insert(key, Accepted{socket, socket->socketDescriptor(), address, nowMs(),
                                      QObject::connect(socket, &QObject::destroyed, q,
                                                       [this, key] { accepted.remove(key); })});
        ws->handleConnection(socket);
    }
}

std::optional<std::string> RelayServer::Impl::admissionLimit(const QString& address) const {
    int unauthenticated = static_cast<int>(accepted.size());
    int fromAddress = 0;
    for (const Accepted& a : accepted) fromAddress += a.address == address ? 1 : 0;
    for (const auto& [id, c] : connections) {
        if (c->gone) continue;
        unauthenticated += c->phase == Connection::Phase::AwaitHello ? 1 : 0;
        fromAddress += c->address == address ? 1 : 0;
    }
    if (config.maxUnauthenticated > 0 && unauthenticated >= config.maxUnauthenticated)
        return std::to_string(unauthenticated) + " sockets are not authenticated yet (the limit)";
    if (config.maxConnectionsPerAddress > 0 && fromAddress >= config.maxConnectionsPerAddress)
        return std::to_string(fromAddress) + " sockets are open from this address (the limit)";
    return std::nullopt;
}

void RelayServer::Impl::expireHandshakes(int64_t now) {
    for (auto it = accepted.begin(); it != accepted.end();) {
        if (now - it->acceptedMs <= config.handshakeTimeoutMs) {
            ++it;
            continue;
        }
        ++metrics.rejected["handshake_timeout"];
        qCDebug(lcRelay).noquote() << "connection from" << it->address
                                   << "did not finish its WebSocket upgrade in time; closed";
        QObject::disconnect(it->onDestroyed);
        it->socket->abort();  // QWebSocketServer, which holds it, deletes it on the disconnection
        it = accepted.erase(it);
    }
}

void RelayServer::Impl::onNewWebSocket() {
    while (QWebSocket* socket = ws->nextPendingConnection()) {
        if (stopping) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto c = std::make_unique<Connection>();
        c->id = nextConnectionId++;
        c->address = socket->peerAddress().toString();
        c->peer = c->address + ":" + QString::number(socket->peerPort());
        // The TCP socket under it (not its child) moves to the I/O thread with it.
        QTcpSocket* transport = nullptr;
        if (auto it = accepted.find(c->peer); it != accepted.end()) {
            c->fd = it->fd;
            transport = it->socket;
            QObject::disconnect(it->onDestroyed);
            accepted.erase(it);
        }
        if (!transport) {
            qCWarning(lcRelay).noquote()
                << "connection from" << c->peer << "has no accepted socket; closed";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        c->connectedMs = c->lastHeardMs = c->lastPingMs = nowMs();
        c->bucket = TokenBucket(config.ratePerSecond, config.rateBurst);
        c->byteBucket = TokenBucket(config.bytesPerSecond, config.bytesBurst);
        PresencePacer::Settings pacing;
        pacing.targetQueueNs = int64_t{config.presenceQueueTargetMs} * 1'000'000;
        c->presencePacer = PresencePacer(pacing);
        const quint64 hard = static_cast<quint64>(config.maxMessageBytes) *
                             static_cast<quint64>(std::max(1, config.hardMessageFactor));
        socket->setMaxAllowedIncomingMessageSize(hard);
        socket->setMaxAllowedIncomingFrameSize(hard);
        const uint64_t id = c->id;
        // QWebSocketServer stays connected to the TCP socket it upgraded (it deletes the socket
        // when it disconnects, from this thread): cut that, the socket now belongs to the
        // QWebSocket and its I/O thread.
        QObject::disconnect(transport, nullptr, ws.get(), nullptr);
        c->socket = io->adopt(socket, transport, id);
        ++metrics.connections;
        ++metrics.connectionsTotal;
        qCDebug(lcRelay).noquote() << "connection" << id << "from" << c->peer;
        connections.emplace(id, std::move(c));
    }
}

void RelayServer::Impl::onSocketEvents(std::vector<SocketEvent>& events) {
    for (SocketEvent& e : events) {
        switch (e.kind) {
            case SocketEvent::Kind::Binary:
                onBinary(e.connection, e.data);
                break;
            case SocketEvent::Kind::Text:
                onText(e.connection, QString::fromUtf8(e.data));
                break;
            case SocketEvent::Kind::Pong:
                if (Connection* c = find(e.connection)) {
                    c->lastHeardMs = nowMs();
                    switch (c->presencePacer.pongReceived(monotonicNs(), probeNumber(e.data))) {
                        case PresencePacer::Sample::NotAProbe:
                            break;
                        case PresencePacer::Sample::Queue:
                            ++metrics.presenceBackoffs;
                            [[fallthrough]];
                        case PresencePacer::Sample::Clear:
                            ++metrics.presenceProbes;
                            break;
                    }
                }
                break;
            case SocketEvent::Kind::Written:
                if (Connection* c = find(e.connection); c && c->catchingUp)
                    pumpCatchUp(*c);
                else if (c && c->socket)
                    c->socket->watchWritten(false);
                break;
            case SocketEvent::Kind::Disconnected:
                onDisconnected(e.connection);
                break;
        }
    }
}

void RelayServer::Impl::onHello(Connection& c, const v1::Hello& hello) {
    if (c.phase != Connection::Phase::AwaitHello) {
        refuse(c, v1::ERROR_CODE_UNEXPECTED, "a second Hello: the connection already said Hello");
        return;
    }
    c.clientName = QString::fromStdString(hello.client_name()).left(200);
    const int64_t now = nowMs();
    if (!hello.token().empty() || !config.open) {
        auto claims = verifyToken(QString::fromStdString(hello.token()), secret, now / 1000,
                                  config.maxTokenTtlSeconds);
        if (!claims) {
            ++metrics.rejected["unauthenticated"];
            fatal(c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED, claims.error()));
            return;
        }
        if (const QString why = revocations.reasonRevoked(*claims); !why.isEmpty()) {
            ++metrics.rejected["unauthenticated"];
            fatal(c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED, why.toStdString()));
            return;
        }
        c.claims = *claims;
        c.user = claims->user;
        c.role = claims->role;
        c.anyRoom = claims->rooms.contains(QStringLiteral("*"));
        c.tokenExpiresMs = claims->expiresAt * 1000;
    } else {
        const QString name = QString::fromStdString(hello.display_name()).trimmed();
        if (name.isEmpty() || name.size() > 128) {
            ++metrics.rejected["unauthenticated"];
            fatal(c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED,
                                   "hello.display_name: an open session needs a name of 1 to 128 "
                                   "characters (or a token)"));
            return;
        }
        c.user = name;
        c.role = model::Role::Reviewer;
        c.anyRoom = true;
    }
    c.phase = Connection::Phase::Ready;
    v1::Envelope e = newEnvelope();
    v1::Welcome* w = e.mutable_welcome();
    w->set_protocol_version(kProtocolVersion);
    w->set_relay_name(relayName.toStdString());
    w->set_user(c.user.toStdString());
    w->set_role(roleToWire(c.role));
    if (!c.anyRoom)
        for (const QString& room : c.claims.rooms) w->add_rooms(room.toStdString());
    w->set_server_time_ms(now);
    w->set_max_message_bytes(static_cast<uint32_t>(config.maxMessageBytes));
    w->set_rate_per_second(static_cast<uint32_t>(config.ratePerSecond));
    w->set_rate_burst(static_cast<uint32_t>(config.rateBurst));
    w->set_heartbeat_seconds(static_cast<uint32_t>(std::max(1, config.heartbeatMs / 1000)));
    w->set_token_expires_ms(c.tokenExpiresMs);
    enqueueEnvelope(c, e);
    qCDebug(lcRelay).noquote() << "connection" << c.id << "is" << c.user << "("
                               << model::roleName(c.role) << ")," << c.clientName;
}

void RelayServer::Impl::onDisconnected(uint64_t id) {
    Connection* c = find(id);
    if (!c || c->gone) return;
    // A write can report the disconnection synchronously, deep inside code that still holds the
    // connection: it is forgotten on the next turn, not here.
    c->gone = true;
    leaveRoom(*c);
    c->closing = true;
    c->queue.clear();
    c->queuedBytes = 0;
    c->socket->release();
    c->socket = nullptr;
    --metrics.connections;
    qCDebug(lcRelay) << "connection" << id << "closed";
    QMetaObject::invokeMethod(
        q,
        [this, id] {
            std::erase(dirty, id);
            connections.erase(id);
        },
        Qt::QueuedConnection);
}

void RelayServer::Impl::refuse(Connection& c, v1::ErrorCode code, const std::string& message,
                               const QUuid& opId, uint32_t retryAfterMs) {
    ++metrics.rejected[codeName(code)];
    v1::Envelope e = errorEnvelope(code, message, opId);
    if (retryAfterMs) e.mutable_error()->set_retry_after_ms(retryAfterMs);
    enqueueEnvelope(c, e);
}

void RelayServer::Impl::fatal(Connection& c, v1::Envelope error) {
    if (c.closing) return;
    error.mutable_error()->set_fatal(true);
    // What was queued goes first (acks of committed operations), then the error, then the close.
    flush(c);
    sendNow(c, QByteArray::fromStdString(encodeEnvelope(error)));
    closeConnection(c,
                    error.error().code() == v1::ERROR_CODE_SHUTTING_DOWN
                        ? QWebSocketProtocol::CloseCodeGoingAway
                        : QWebSocketProtocol::CloseCodePolicyViolated,
                    QString::fromStdString(codeName(error.error().code())));
}

void RelayServer::Impl::closeConnection(Connection& c, QWebSocketProtocol::CloseCode code,
                                        const QString& reason) {
    if (c.closing) return;
    leaveRoom(c);
    c.closing = true;
    c.queue.clear();
    c.queuedBytes = 0;
    c.socket->close(code, reason);
}

}  // namespace framenote::sync
