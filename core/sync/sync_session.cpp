#include "core/sync/sync_session.h"

#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QTimer>
#include <QWebSocket>
#include <algorithm>

#include "core/store/draft_store.h"
#include "core/sync/quantization.h"
#include "core/sync/sync_session_impl.h"
#include "framenote/version.h"

Q_LOGGING_CATEGORY(lcSession, "framenote.sync.session", QtWarningMsg)

namespace framenote::sync {

namespace {
constexpr int kConnectTimeoutMs = 15000;
}  // namespace

SyncSession::Impl::Impl(SyncSession& owner, store::DraftStore& draftStore, Options opts)
    : q(owner), store(draftStore), options(std::move(opts)) {}

SyncSession::SyncSession(store::DraftStore& store, Options options, QObject* parent)
    : QObject(parent), d_(std::make_unique<Impl>(*this, store, std::move(options))) {
    // The signals' values cross threads in queued connections.
    qRegisterMetaType<Presence>();
    qRegisterMetaType<ParticipantTable>();
    qRegisterMetaType<Floor>();
    Impl& d = *d_;
    if (d.options.clientName.isEmpty())
        d.options.clientName = QStringLiteral("Framenote %1 (%2)")
                                   .arg(QString::fromLatin1(kVersion), QSysInfo::productType());
    d.socket = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    d.socket->setMaxAllowedIncomingMessageSize(64u << 20);
    d.socket->setMaxAllowedIncomingFrameSize(64u << 20);
    connect(d.socket, &QWebSocket::connected, this, [this] { d_->onConnected(); });
    connect(d.socket, &QWebSocket::disconnected, this, [this] { d_->onDisconnected(); });
    connect(d.socket, &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray& data) { d_->onMessage(data); });
    connect(d.socket, &QWebSocket::pong, this,
            [this](quint64, const QByteArray&) { d_->lastHeardMs = sessionNowMs(); });
    connect(d.socket, &QWebSocket::sslErrors, this, [this](const QList<QSslError>& errors) {
        if (d_->options.ignoreSslErrors) d_->socket->ignoreSslErrors(errors);
    });

    d.reconnectTimer = new QTimer(this);
    d.reconnectTimer->setSingleShot(true);
    connect(d.reconnectTimer, &QTimer::timeout, this, [this] { d_->connectNow(); });
    d.pingTimer = new QTimer(this);
    d.pingTimer->setInterval(std::min(d.options.pingIntervalMs, 1000));
    connect(d.pingTimer, &QTimer::timeout, this, [this] { d_->onPingTick(); });
    d.pumpTimer = new QTimer(this);
    d.pumpTimer->setSingleShot(true);
    connect(d.pumpTimer, &QTimer::timeout, this, [this] { d_->pump(); });
    d.presenceTimer = new QTimer(this);
    d.presenceTimer->setSingleShot(true);
    d.presenceTimer->setTimerType(Qt::PreciseTimer);
    connect(d.presenceTimer, &QTimer::timeout, this, [this] { d_->sendPresenceNow(); });

    // What the store already holds: the room's position and its outbox.
    if (auto epoch = d.store.confirmedEpoch(d.options.mediaId))
        d.epoch = *epoch;
    else
        d.storeError(epoch.error());
    d.reloadQueue();
}

SyncSession::~SyncSession() {
    d_->running = false;
    // Nothing the socket says while it closes reaches the Impl, which goes first.
    d_->socket->disconnect(this);
    d_->socket->abort();
}

model::Operation SyncSession::prepareLocal(model::Operation op) {
    quantizeOperation(op);
    return op;
}

SyncSession::State SyncSession::state() const { return d_->state; }
qint64 SyncSession::pendingCount() const { return d_->pendingCount(); }
const QString& SyncSession::user() const { return d_->user; }
model::Role SyncSession::role() const { return d_->role; }
uint32_t SyncSession::participantNumber() const { return d_->you; }
const ParticipantTable& SyncSession::participants() const { return d_->participants; }
uint64_t SyncSession::epoch() const { return d_->epoch; }
const SyncSession::Options& SyncSession::options() const { return d_->options; }
const QString& SyncSession::lastError() const { return d_->lastError; }
std::optional<uint32_t> SyncSession::presenceColor() const { return d_->presenceColor; }

// ---- Connection --------------------------------------------------------------------------------

void SyncSession::start() {
    Impl& d = *d_;
    if (d.running) return;
    d.running = true;
    d.lastError.clear();
    d.attempt = 0;
    d.pingTimer->start();
    d.connectNow();
}

void SyncSession::stop() {
    Impl& d = *d_;
    d.running = false;
    d.reconnectTimer->stop();
    d.pingTimer->stop();
    d.pumpTimer->stop();
    if (d.socket->state() != QAbstractSocket::UnconnectedState)
        d.socket->close(QWebSocketProtocol::CloseCodeNormal);
    d.setState(State::Offline);
}

void SyncSession::dropConnection() {
    if (d_->socket->state() != QAbstractSocket::UnconnectedState) d_->socket->abort();
}

void SyncSession::setToken(const QString& token) { d_->options.token = token; }

void SyncSession::Impl::connectNow() {
    if (!running) return;
    if (socket->state() != QAbstractSocket::UnconnectedState) return;
    setState(State::Connecting);
    joined = live = false;
    lastHeardMs = sessionNowMs();
    if (options.ssl) socket->setSslConfiguration(*options.ssl);
    socket->open(QNetworkRequest(options.url));
}

void SyncSession::Impl::onPingTick() {
    const int64_t now = sessionNowMs();
    if (!running) return;
    const bool open = socket->state() == QAbstractSocket::ConnectedState;
    if (!open) return;
    if (now - lastHeardMs > (joined ? options.silenceTimeoutMs : kConnectTimeoutMs)) {
        qCInfo(lcSession) << "relay silent for" << (now - lastHeardMs) << "ms; reconnecting";
        socket->abort();
        return;
    }
    if (now - lastPingMs >= options.pingIntervalMs) {
        lastPingMs = now;
        socket->ping();
    }
}

void SyncSession::Impl::scheduleReconnect(int minimumMs) {
    if (!running) return;
    const int base = static_cast<int>(std::min<int64_t>(
        options.backoffMaxMs, int64_t{options.backoffInitialMs} << std::min(attempt, 20)));
    ++attempt;
    // Full jitter on the upper half: many clients of a restarted relay do not come back in step.
    const int delay =
        base / 2 + static_cast<int>(QRandomGenerator::global()->bounded(base / 2 + 1));
    reconnectTimer->start(std::max(delay, minimumMs));
}

void SyncSession::Impl::onConnected() {
    lastHeardMs = sessionNowMs();
    v1::Envelope e = newEnvelope();
    v1::Hello* hello = e.mutable_hello();
    hello->set_protocol_version(kProtocolVersion);
    hello->set_client_name(options.clientName.toStdString());
    hello->set_token(options.token.toStdString());
    hello->set_display_name(options.displayName.toStdString());
    sendEnvelope(e);
}

void SyncSession::Impl::onDisconnected() {
    joined = live = false;
    sent.clear();
    snapshot.reset();
    pumpTimer->stop();
    if (!running) {
        setState(State::Offline);
        return;
    }
    setState(State::Connecting);
    const int minimum = retryAfterMs;
    retryAfterMs = 0;
    scheduleReconnect(minimum);
}

void SyncSession::Impl::fail(const QString& message) {
    lastError = message;
    qCWarning(lcSession).noquote() << message;
    running = false;
    reconnectTimer->stop();
    pingTimer->stop();
    if (socket->state() != QAbstractSocket::UnconnectedState) socket->abort();
    setState(State::Offline);
    emit q.errorOccurred(message, true);
}

void SyncSession::Impl::storeError(const std::string& message) {
    qCWarning(lcSession).noquote() << QString::fromStdString(message);
    emit q.errorOccurred(QString::fromStdString(message), false);
}

void SyncSession::Impl::setState(State next) {
    if (next == state) return;
    state = next;
    emit q.stateChanged(state, pendingCount());
}

// ---- Sending -----------------------------------------------------------------------------------

bool SyncSession::Impl::queued(const QUuid& opId) const {
    return std::any_of(queue.begin(), queue.end(),
                       [&](const model::Operation& op) { return op.opId == opId; });
}

void SyncSession::Impl::reloadQueue() {
    auto pending = store.pendingOperations(options.mediaId);
    if (!pending) {
        storeError(pending.error());
        return;
    }
    queue.assign(std::make_move_iterator(pending->begin()),
                 std::make_move_iterator(pending->end()));
}

Status SyncSession::submit(model::Operation op) {
    Impl& d = *d_;
    op = prepareLocal(std::move(op));
    if (Status s = d.store.applyLocal(op); !s) return s;
    const bool queued = d.queued(op.opId);
    // Applying an operation the store already holds changes nothing: it may have been refused.
    auto pending = d.store.isPending(op.opId);
    if (!queued && pending && *pending) {
        d.queue.push_back(std::move(op));
        emit pendingChanged(d.pendingCount());
        if (d.state != State::Online) emit stateChanged(d.state, d.pendingCount());
    }
    d.pump();
    return Ok{};
}

void SyncSession::outboxChanged() {
    Impl& d = *d_;
    const qint64 before = d.pendingCount();
    auto pending = d.store.pendingOperations(d.options.mediaId);
    if (!pending) {
        d.storeError(pending.error());
        return;
    }
    QSet<QUuid> queued;
    for (const model::Operation& q : d.queue) queued.insert(q.opId);
    for (model::Operation& op : *pending)
        if (!queued.contains(op.opId)) d.queue.push_back(std::move(op));
    if (d.pendingCount() != before) emit pendingChanged(d.pendingCount());
    d.pump();
}

void SyncSession::Impl::resendAfter(int ms) {
    // Everything not yet acknowledged goes again, in order (the relay deduplicates).
    sent.clear();
    resendAtMs = std::max(resendAtMs, sessionNowMs() + ms);
    pumpTimer->start(ms);
}

void SyncSession::Impl::pump() {
    if (!live || socket->state() != QAbstractSocket::ConnectedState) return;
    const int64_t now = sessionNowMs();
    if (now < resendAtMs) {
        if (!pumpTimer->isActive()) pumpTimer->start(static_cast<int>(resendAtMs - now));
        return;
    }
    const RoomContext context{options.mediaId, participants};
    std::vector<v1::Envelope> batch;
    size_t bytes = 0;
    const auto sendBatch = [&] {
        if (batch.empty()) return;
        if (batch.size() == 1)
            sendEnvelope(batch.front());
        else
            sendEnvelope(batchEnvelope(std::move(batch)));
        batch.clear();
        bytes = 0;
    };
    for (const model::Operation& op : queue) {
        if (sent.contains(op.opId)) continue;
        if (!bucket.take(now)) {
            pumpTimer->start(static_cast<int>(std::max<int64_t>(1, bucket.waitMs(now))));
            break;
        }
        v1::Envelope e = operationEnvelope(op, context);
        bytes += e.ByteSizeLong();
        batch.push_back(std::move(e));
        sent.insert(op.opId);
        if (bytes >= options.maxBatchBytes) sendBatch();
    }
    sendBatch();
}

void SyncSession::setPresence(const Presence& presence) { d_->setPresence(presence); }

void SyncSession::Impl::setPresence(const Presence& next) {
    presence = next;
    presenceDirty = true;
    if (!live) return;
    const int64_t interval = options.presencePerSecond > 0 ? 1000 / options.presencePerSecond : 0;
    const int64_t wait = lastPresenceMs + interval - sessionNowMs();
    if (wait <= 0)
        sendPresenceNow();
    else if (!presenceTimer->isActive())
        presenceTimer->start(static_cast<int>(wait));
}

void SyncSession::setPresenceColor(std::optional<uint32_t> argb) {
    Impl& d = *d_;
    if (d.presenceColor == argb) return;
    d.presenceColor = argb;
    if (d.presence) d.setPresence(*d.presence);
}

void SyncSession::requestFloor(const FloorChange& change) {
    Impl& d = *d_;
    if (!d.live) {
        emit errorOccurred(QStringLiteral("not connected to the relay: try again once online"),
                           false);
        return;
    }
    v1::Envelope e = newEnvelope();
    *e.mutable_floor_request() = floorChangeToWire(change);
    d.sendEnvelope(e);
}

const Floor& SyncSession::floor() const { return d_->floor; }

void SyncSession::Impl::sendPresenceNow() {
    if (!presence || !presenceDirty || !live) return;
    Presence out = *presence;
    if (!out.color) out.color = presenceColor;
    // Only who may drive presents (the relay refuses the rest): a floor that just passed to
    // someone else must not make this update bounce.
    if (out.presenting && !mayDrive(floor, you)) {
        out.presenting = false;
        out.colour.reset();
    }
    v1::Envelope e = newEnvelope();
    *e.mutable_presence() = presenceToWire(out);
    sendEnvelope(e);
    presenceDirty = false;
    lastPresenceMs = sessionNowMs();
}

void SyncSession::Impl::sendEnvelope(const v1::Envelope& e) {
    if (socket->state() != QAbstractSocket::ConnectedState) return;
    const std::string bytes = encodeEnvelope(e);
    socket->sendBinaryMessage(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())));
}

}  // namespace framenote::sync
