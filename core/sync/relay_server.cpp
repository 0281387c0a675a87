// The relay's lifecycle (start, stop, housekeeping) and message dispatch (relay_server_impl.h).
#include "core/sync/relay_server_impl.h"
#include "core/sync/relay_tls.h"

Q_LOGGING_CATEGORY(lcRelay, "framenote.relay", QtInfoMsg)

namespace framenote::sync {

// ---- Setup -----------------------------------------------------------------------------------

Status RelayServer::Impl::start() {
    if (started) return makeError("the relay is already started");
    relayName =
        config.relayName.isEmpty()
            ? QStringLiteral("framenote-relay %1").arg(QString::fromLatin1(framenote::kVersion))
            : config.relayName;

    // The data directory: the log's (below), and always the acknowledgement ledger's and the
    // revocations' (a log elsewhere, in a relay cluster, too).
    if (!config.dataDir.isEmpty())
        if (Status s = makeDataDirectory(config.dataDir); !s) return s;
    // The log.
    if (config.logFactory) {
        auto w = config.logFactory();
        if (!w) return makeError(w.error());
        auto r = config.logFactory();
        if (!r) return makeError(r.error());
        writer = std::move(w.value());
        reader = std::move(r.value());
    } else {
        if (config.dataDir.isEmpty()) return makeError("no data directory given (--data-dir)");
        QDir dir(config.dataDir);
        if (Status s = makeDataDirectory(config.dataDir); !s) return s;
        const QFileInfo info(config.dataDir);
        if (!info.isDir() || !info.isReadable() || !info.isWritable())
            return makeError(config.dataDir.toStdString() +
                             ": the data directory is not a readable and writable directory");
        const QString path = dir.filePath(QString::fromLatin1(SqliteRoomLog::kFileName));
        SqliteRoomLog::Options options;
        options.synchronousFull = config.synchronousFull;
        options.autoCheckpoint = config.checkpointIntervalMs <= 0;
        auto w = SqliteRoomLog::open(path, options);
        if (!w) return makeError(w.error());
        auto r = SqliteRoomLog::open(path, options);
        if (!r) return makeError(r.error());
        writer = std::move(w.value());
        reader = std::move(r.value());
        if (!options.autoCheckpoint)
            if (Status s =
                    checkpointer.start(path, config.checkpointIntervalMs,
                                       QStringLiteral("relay-checkpoint"), options.busyTimeoutMs);
                !s)
                return s;
    }

    if (Status s = checkAcknowledged(); !s) return s;
    if (!config.dataDir.isEmpty()) {
        auto revoked =
            TokenRevocations::load(QDir(config.dataDir).filePath(TokenRevocations::kFileName));
        if (!revoked) return makeError(revoked.error());
        revocations = std::move(*revoked);
    }

    // What the log holds already, for the relay's storage quota.
    auto bytes = reader->storedBytes();
    if (!bytes) return makeError(bytes.error());
    storedBytes = *bytes;

    // The secret (tokens are accepted on open relays too).
    if (!config.secret.isEmpty()) {
        secret = config.secret;
    } else if (!config.dataDir.isEmpty()) {
        auto s = loadOrCreateSecret(QDir(config.dataDir).filePath("relay.secret"));
        if (!s) return makeError(s.error());
        secret = *s;
    } else if (!config.open) {
        return makeError("no token secret: give a data directory or a secret");
    }

    // Listening.
    if (!config.tlsCertificate.isEmpty() || !config.tlsKey.isEmpty()) {
        if (config.tlsCertificate.isEmpty() || config.tlsKey.isEmpty())
            return makeError("TLS needs both --tls-cert and --tls-key");
        auto ssl = relayTlsConfiguration(config.tlsCertificate, config.tlsKey);
        if (!ssl) return makeError(ssl.error());
        auto server = std::make_unique<QSslServer>();
        server->setSslConfiguration(*ssl);
        server->setHandshakeTimeout(config.helloTimeoutMs);
        tcp = std::move(server);
    } else {
        tcp = std::make_unique<QTcpServer>();
    }
    tcp->setListenBacklogSize(config.listenBacklog);
    tcp->setMaxPendingConnections(config.maxPendingConnections);
    if (!tcp->listen(config.address, config.port))
        return makeError("cannot listen on " + config.address.toString().toStdString() + " port " +
                         std::to_string(config.port) + ": " + tcp->errorString().toStdString());
    QObject::connect(tcp.get(), &QTcpServer::pendingConnectionAvailable, q,
                     [this] { onPendingTcp(); });

    ws = std::make_unique<QWebSocketServer>(relayName, QWebSocketServer::NonSecureMode);
    ws->setMaxPendingConnections(config.maxPendingConnections);
    ws->setHandshakeTimeout(config.helloTimeoutMs);
    QObject::connect(ws.get(), &QWebSocketServer::newConnection, q, [this] { onNewWebSocket(); });

    if (config.metricsPort >= 0) {
        http = std::make_unique<MetricsHttpServer>(
            [this] {
                return metrics.prometheusText() +
                       (config.backendMetrics ? config.backendMetrics() : QByteArray());
            },
            [this](QByteArray* detail) {
                if (config.backendHealth && !config.backendHealth(detail)) return false;
                // lastFailure names files of the data directory: it goes to the relay's log, and
                // /healthz, which a monitor may show anywhere, only says what kind of failure.
                if (!lastFailure.empty()) {
                    *detail = "the room log cannot commit (the relay's log says why)";
                    return false;
                }
                return !stopping;
            });
        QString error;
        if (!http->listen(config.metricsAddress, static_cast<quint16>(config.metricsPort), &error))
            return makeError("cannot listen on metrics port " + std::to_string(config.metricsPort) +
                             ": " + error.toStdString());
    }

    if (Status s = startMedia(); !s) return s;

    const int ioThreads =
        config.ioThreads > 0 ? config.ioThreads : std::clamp(QThread::idealThreadCount(), 1, 4);
    io = std::make_unique<RelayIo>(
        ioThreads, q, [this](std::vector<SocketEvent>& events) { onSocketEvents(events); });

    // The commit thread.
    commitContext = new QObject;
    commitContext->moveToThread(&commitThread);
    QObject::connect(&commitThread, &QThread::finished, commitContext, &QObject::deleteLater);
    commitThread.setObjectName("relay-commit");
    commitThread.start();

    flushTimer.setSingleShot(true);
    flushTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&flushTimer, &QTimer::timeout, q, [this] { flushDirty(false); });
    thinTimer.setInterval(std::max(1, config.presenceThinCheckMs));
    QObject::connect(&thinTimer, &QTimer::timeout, q, [this] { releaseThinned(); });
    tickTimer.setInterval(std::clamp(config.heartbeatMs / 10, 20, 5000));
    QObject::connect(&tickTimer, &QTimer::timeout, q, [this] { tick(); });
    tickTimer.start();
    if (config.compactionIntervalMs > 0) {
        compactionTimer.setInterval(config.compactionIntervalMs);
        QObject::connect(&compactionTimer, &QTimer::timeout, q,
                         [this] { runCompaction(config.retainMs); });
        compactionTimer.start();
    }
    started = true;
    qCInfo(lcRelay).noquote() << relayName << "listening on port" << tcp->serverPort()
                              << (config.tlsCertificate.isEmpty() ? "(ws)" : "(wss)")
                              << (config.open ? "open session" : "tokens required");
    return Ok{};
}

Status RelayServer::Impl::startMedia() {
    if (config.mediaPort < 0) return Ok{};
    if (config.dataDir.isEmpty()) return makeError("the media port needs a data directory");
    {
        std::lock_guard lock(mediaRevocationsMutex);
        mediaRevocations = revocations;
    }
    media = std::make_unique<MediaStore>(config.dataDir, config.mediaLimits);
    if (Status s = media->open(); !s) return s;
    TusSettings settings;
    settings.address = config.address;
    settings.port = static_cast<quint16>(config.mediaPort);
    settings.tlsCertificate = config.tlsCertificate;
    settings.tlsKey = config.tlsKey;
    tus = std::make_unique<TusServer>(
        *media, [this](const QString& token) { return authorizeMedia(token); }, settings);
    if (Status s = tus->start(); !s) return s;
    qCInfo(lcRelay).noquote() << "media (tus 1.0) on port" << tus->port();
    return Ok{};
}

// On the media server's threads: the same checks as a Hello's token (relay_connection.cpp).
Result<TokenClaims> RelayServer::Impl::authorizeMedia(const QString& token) {
    if (token.isEmpty() && config.open) {
        TokenClaims anyone;
        anyone.user = QStringLiteral("anonymous");
        anyone.role = model::Role::Reviewer;
        anyone.rooms = QStringList{QStringLiteral("*")};
        return anyone;
    }
    if (token.isEmpty()) return makeError("a bearer token is required");
    auto claims = verifyToken(token, secret, nowMs() / 1000, config.maxTokenTtlSeconds);
    if (!claims) return claims;
    std::lock_guard lock(mediaRevocationsMutex);
    if (const QString why = mediaRevocations.reasonRevoked(*claims); !why.isEmpty())
        return makeError(why.toStdString());
    return claims;
}

Status RelayServer::Impl::checkAcknowledged() {
    if (config.dataDir.isEmpty()) return Ok{};
    auto opened = AckLedger::open(QDir(config.dataDir).filePath(AckLedger::kFileName),
                                  config.synchronousFull);
    if (!opened) return makeError(opened.error());
    ledger = std::move(opened.value());
    auto gaps = findLedgerGaps(*writer, *ledger);
    if (!gaps) return makeError(gaps.error());
    if (gaps->empty()) return Ok{};
    std::string list;
    for (size_t i = 0; i < gaps->size() && i < 5; ++i) list += "\n  " + (*gaps)[i].describe();
    if (gaps->size() > 5) list += "\n  and " + std::to_string(gaps->size() - 5) + " more rooms";
    if (!config.acceptLoss)
        return makeError(writer->location().toStdString() +
                         " lacks operations this relay acknowledged:" + list +
                         "\n(a deleted or truncated WAL, or a database replaced by an older or "
                         "empty one?) Restore "
                         "the log from a backup, or start with --accept-loss to go on: the damaged "
                         "rooms then get "
                         "new epochs and their clients resync.");
    std::vector<std::pair<QString, AckLedger::Entry>> renewed;
    for (const LedgerGap& gap : *gaps) {
        auto rec = writer->openRoom(gap.room);
        if (!rec) return makeError(rec.error());
        auto epoch = gap.roomMissing ? Result<uint64_t>(rec->epoch) : writer->renewEpoch(gap.room);
        if (!epoch) return makeError(epoch.error());
        renewed.emplace_back(gap.room, AckLedger::Entry{*epoch, rec->head});
    }
    qCWarning(lcRelay).noquote()
        << "--accept-loss: these rooms lost acknowledged operations and go on under new epochs:"
        << QString::fromStdString(list);
    return ledger->record(renewed);
}

void RelayServer::Impl::stop() {
    if (!started || stopped) return;
    stopping = true;
    tcp->close();
    if (http) http->close();
    if (tus) tus->stop();
    tickTimer.stop();
    compactionTimer.stop();
    thinTimer.stop();
    // Commit and acknowledge what was accepted.
    QElapsedTimer waited;
    waited.start();
    while ((commitInFlight || !accumulating.empty()) && waited.elapsed() < 15000) {
        if (!commitInFlight) startCommit();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (commitInFlight) QThread::msleep(1);
    }
    flushDirty(true);
    std::vector<uint64_t> ids;
    for (const auto& [id, c] : connections) ids.push_back(id);
    for (uint64_t id : ids) {
        Connection* c = find(id);
        if (!c || c->closing) continue;
        v1::Envelope e = errorEnvelope(v1::ERROR_CODE_SHUTTING_DOWN, "the relay is shutting down");
        e.mutable_error()->set_retry_after_ms(1000);
        fatal(*c, e);
    }
    // Let the last bytes go out.
    waited.restart();
    const auto anyOpen = [&] {
        return std::any_of(connections.begin(), connections.end(),
                           [](const auto& e) { return !e.second->gone; });
    };
    while (anyOpen() && waited.elapsed() < 500)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    for (auto& [id, c] : connections) {
        if (c->gone) continue;
        c->socket->abort();
        c->socket->release();
        --metrics.connections;
    }
    connections.clear();
    io->stop();
    ws->close();
    // Sockets still in their handshake may be deleted after this object: forget them now.
    for (const Accepted& a : std::as_const(accepted)) QObject::disconnect(a.onDestroyed);
    accepted.clear();
    commitThread.quit();
    commitThread.wait();
    checkpointer.stop();
    writer.reset();
    reader.reset();
    rooms.clear();
    stopped = true;
    qCInfo(lcRelay) << "relay stopped";
}

// ---- Messages ----------------------------------------------------------------------------------

void RelayServer::Impl::onText(uint64_t id, const QString& text) {
    Connection* c = find(id);
    if (!c || c->closing || stopping) return;
    c->lastHeardMs = nowMs();
    ++metrics.messagesIn;
    metrics.bytesIn += static_cast<uint64_t>(text.size());
    refuse(*c, v1::ERROR_CODE_MALFORMED,
           "text messages are not part of the protocol: every message is a binary Envelope");
}

void RelayServer::Impl::onBinary(uint64_t id, const QByteArray& data) {
    Connection* c = find(id);
    if (!c || c->closing || stopping) return;
    c->lastHeardMs = nowMs();
    ++metrics.messagesIn;
    metrics.bytesIn += static_cast<uint64_t>(data.size());
    DecodeOptions options;
    options.maxBytes = config.maxMessageBytes;
    DecodeFailure why;
    auto envelope = decodeEnvelope(
        std::string_view(data.constData(), static_cast<size_t>(data.size())), options, &why);
    if (!envelope) {
        ++metrics.rejected[codeName(why.code)];
        if (why.code == v1::ERROR_CODE_VERSION_MISMATCH) {
            fatal(*c, refusalEnvelope(envelope.error(), why));
            return;
        }
        if (why.opIds.empty()) {
            enqueueEnvelope(*c, refusalEnvelope(envelope.error(), why));
            return;
        }
        // Each operation that could be read is refused by its id (docs/PROTOCOL.md, "Errors").
        for (const QUuid& opId : why.opIds)
            enqueueEnvelope(*c, errorEnvelope(why.code, envelope.error(), opId));
        return;
    }
    // The byte budget: a message over it is refused whole, each operation in it by its id.
    const int64_t now = nowMs();
    if (!c->byteBucket.take(
            now, std::min<double>(static_cast<double>(data.size()), config.bytesBurst))) {
        const std::string why = "byte rate limit: at most " +
                                std::to_string(static_cast<int64_t>(config.bytesPerSecond)) +
                                " bytes a second (burst " +
                                std::to_string(static_cast<int64_t>(config.bytesBurst)) + ")";
        const auto wait = static_cast<uint32_t>(std::clamp<int64_t>(
            c->byteBucket.waitMs(
                now, std::min<double>(static_cast<double>(data.size()), config.bytesBurst)),
            1, 60000));
        std::vector<QUuid> ids = operationIds(*envelope);
        if (ids.empty()) ids.push_back(QUuid());
        for (const QUuid& id : ids) refuse(*c, v1::ERROR_CODE_RATE_LIMITED, why, id, wait);
        return;
    }
    if (envelope->has_batch()) {
        for (const v1::Envelope& inner : envelope->batch().messages()) {
            handle(*c, inner);
            if (c->closing) return;
        }
    } else {
        handle(*c, *envelope);
    }
}

void RelayServer::Impl::handle(Connection& c, const v1::Envelope& e) {
    using E = v1::Envelope;
    const auto body = e.body_case();
    if (body == E::kPresence) {
        onPresence(c, e.presence());
        return;
    }
    if (body == E::kHello) {
        onHello(c, e.hello());
        return;
    }
    const int64_t now = nowMs();
    // Every refusal of an operation names it (its op_id is checked by the codec).
    const QUuid opId =
        body == E::kOperation ? idFromBytes(e.operation().op_id()).value_or(QUuid()) : QUuid();
    if (!c.bucket.take(now)) {
        refuse(c, v1::ERROR_CODE_RATE_LIMITED,
               "rate limit: at most " + std::to_string(static_cast<int>(config.ratePerSecond)) +
                   " messages a second (burst " +
                   std::to_string(static_cast<int>(config.rateBurst)) + ")",
               opId, static_cast<uint32_t>(std::max<int64_t>(1, c.bucket.waitMs(now))));
        return;
    }
    if (c.phase == Connection::Phase::AwaitHello && body != E::kPing && body != E::kPong &&
        body != E::kError) {
        refuse(c, v1::ERROR_CODE_UNEXPECTED,
               bodyName(e) + " before Hello: the first message is Hello", opId);
        return;
    }
    switch (body) {
        case E::kJoin:
            onJoin(c, e.join());
            return;
        case E::kLeave:
            leaveRoom(c);
            return;
        case E::kOperation:
            onOperation(c, e.operation());
            return;
        case E::kReplayRequest:
            onReplayRequest(c, e.replay_request());
            return;
        case E::kFloorRequest:
            onFloorRequest(c, e.floor_request());
            return;
        case E::kPing: {
            v1::Envelope pong = newEnvelope();
            pong.mutable_pong()->set_nonce(e.ping().nonce());
            pong.mutable_pong()->set_ping_sent_ms(e.ping().sent_ms());
            pong.mutable_pong()->set_server_time_ms(now);
            enqueueEnvelope(c, pong);
            return;
        }
        case E::kPong:
            return;
        case E::kError:
            qCInfo(lcRelay).noquote()
                << "connection" << c.id
                << "reports an error:" << QString::fromStdString(e.error().message());
            return;
        default:
            refuse(c, v1::ERROR_CODE_UNEXPECTED,
                   "a relay does not accept " + bodyName(e) + " messages");
            return;
    }
}

// ---- Housekeeping ------------------------------------------------------------------------------

void RelayServer::Impl::tick() {
    const int64_t now = nowMs();
    if (media) media->removeExpired(now);
    std::vector<uint64_t> timedOut, noHello, expired;
    for (auto& [id, c] : connections) {
        if (c->closing) continue;
        if (c->phase == Connection::Phase::AwaitHello &&
            now - c->connectedMs > config.helloTimeoutMs) {
            noHello.push_back(id);
        } else if (now - c->lastHeardMs > 3 * static_cast<int64_t>(config.heartbeatMs)) {
            timedOut.push_back(id);
        } else if (c->tokenExpiresMs > 0 &&
                   now > c->tokenExpiresMs + kTokenClockSkewSeconds * 1000) {
            expired.push_back(id);
        } else if (now - c->lastPingMs >= config.heartbeatMs) {
            c->lastPingMs = now;
            c->socket->ping();
        }
    }
    for (uint64_t id : noHello)
        if (Connection* c = find(id))
            fatal(*c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED,
                                    "no Hello within " +
                                        std::to_string(config.helloTimeoutMs / 1000) + " s"));
    for (uint64_t id : expired)
        if (Connection* c = find(id))
            fatal(*c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED,
                                    "token expired at " +
                                        QDateTime::fromMSecsSinceEpoch(c->tokenExpiresMs, Qt::UTC)
                                            .toString(Qt::ISODate)
                                            .toStdString()));
    for (uint64_t id : timedOut) {
        if (Connection* c = find(id)) {
            ++metrics.heartbeatTimeouts;
            qCInfo(lcRelay) << "connection" << id << "silent for" << (now - c->lastHeardMs)
                            << "ms; dropped";
            leaveRoom(*c);
            c->closing = true;
            c->socket->abort();
        }
    }
    expireHandshakes(now);
    applyRevocations();
    unloadIdleRooms(now);
}

// Reads relay.revoked again when it changed (framenote-relay revoke wrote to it) and closes the
// live connections whose token it now revokes.
void RelayServer::Impl::applyRevocations() {
    if (config.dataDir.isEmpty()) return;
    const QString path = QDir(config.dataDir).filePath(TokenRevocations::kFileName);
    if (!revocations.changedOnDisk(path)) return;
    auto loaded = TokenRevocations::load(path);
    if (!loaded) {
        qCWarning(lcRelay).noquote() << QString::fromStdString(loaded.error());
        return;
    }
    revocations = std::move(*loaded);
    {
        std::lock_guard lock(mediaRevocationsMutex);
        mediaRevocations = revocations;
    }
    std::vector<std::pair<uint64_t, QString>> revoked;
    for (const auto& [id, c] : connections)
        if (!c->closing && c->phase == Connection::Phase::Ready && c->tokenExpiresMs > 0)
            if (QString why = revocations.reasonRevoked(c->claims); !why.isEmpty())
                revoked.emplace_back(id, why);
    for (const auto& [id, why] : revoked)
        if (Connection* c = find(id)) {
            qCInfo(lcRelay).noquote() << "connection" << id << "(" << c->user << ") closed:" << why;
            fatal(*c, errorEnvelope(v1::ERROR_CODE_UNAUTHENTICATED, why.toStdString()));
        }
}

// ---- RelayServer -------------------------------------------------------------------------------

RelayServer::RelayServer(RelayConfig config, QObject* parent)
    : QObject(parent), d_(std::make_unique<Impl>(this, std::move(config))) {}

RelayServer::~RelayServer() { stop(); }

Status RelayServer::start() { return d_->start(); }
void RelayServer::stop() { d_->stop(); }
quint16 RelayServer::port() const { return d_->tcp ? d_->tcp->serverPort() : 0; }
quint16 RelayServer::metricsPort() const { return d_->http ? d_->http->port() : 0; }
quint16 RelayServer::mediaPort() const { return d_->tus ? d_->tus->port() : 0; }
Status RelayServer::offerMedia(const QString& mediaId, const QString& path) {
    if (!d_->media) return makeError("the relay serves no media (no media port)");
    return d_->media->offerFile(mediaId, path);
}
Status RelayServer::offerSequence(const QString& mediaId, const media::SequenceManifest& manifest,
                                  const QString& directory) {
    if (!d_->media) return makeError("the relay serves no media (no media port)");
    return d_->media->offerSequence(mediaId, manifest, directory);
}
bool RelayServer::secure() const { return !d_->config.tlsCertificate.isEmpty(); }
const RelayConfig& RelayServer::config() const { return d_->config; }
const RelayMetrics& RelayServer::metrics() const { return d_->metrics; }
QByteArray RelayServer::metricsText() const { return d_->metrics.prometheusText(); }

Status RelayServer::compactNow(int64_t retainMs) {
    if (!d_->started || d_->stopped) return makeError("the relay is not running");
    // Wait for the commit thread to run the compaction (it is serialized with the commits).
    d_->runCompaction(retainMs);
    std::atomic<bool> done{false};
    QMetaObject::invokeMethod(d_->commitContext, [&done] { done = true; });
    while (!done) QThread::msleep(1);
    QCoreApplication::processEvents();  // the rooms learn how far they were compacted
    return Ok{};
}

}  // namespace framenote::sync
