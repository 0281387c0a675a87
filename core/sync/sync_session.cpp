#include "core/sync/sync_session.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSysInfo>
#include <QTimer>
#include <QWebSocket>
#include <algorithm>

#include "core/store/draft_store.h"
#include "core/store/sqlite_db.h"
#include "core/sync/quantization.h"
#include "core/sync/snapshot_ops.h"
#include "core/sync/wire_codec.h"
#include "framenote/version.h"

Q_LOGGING_CATEGORY(lcSession, "framenote.sync.session", QtWarningMsg)

namespace framenote::sync {

namespace {

int64_t nowMs() { return QDateTime::currentMSecsSinceEpoch(); }

QUuid idOf(const std::string& bytes) {
    if (bytes.size() != 16) return QUuid();
    return QUuid::fromRfc4122(QByteArrayView(bytes.data(), 16));
}

model::Role roleOf(int role) {
    switch (role) {
        case v1::ROLE_VIEWER:
            return model::Role::Viewer;
        case v1::ROLE_ADMIN:
            return model::Role::Admin;
        default:
            return model::Role::Reviewer;
    }
}

constexpr int kConnectTimeoutMs = 15000;

}  // namespace

SyncSession::SyncSession(store::DraftStore& store, Options options, QObject* parent)
    : QObject(parent), store_(store), options_(std::move(options)) {
    if (options_.clientName.isEmpty())
        options_.clientName = QStringLiteral("Framenote %1 (%2)")
                                  .arg(QString::fromLatin1(kVersion), QSysInfo::productType());
    socket_ = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
    socket_->setMaxAllowedIncomingMessageSize(64u << 20);
    socket_->setMaxAllowedIncomingFrameSize(64u << 20);
    connect(socket_, &QWebSocket::connected, this, &SyncSession::onConnected);
    connect(socket_, &QWebSocket::disconnected, this, &SyncSession::onDisconnected);
    connect(socket_, &QWebSocket::binaryMessageReceived, this, &SyncSession::onMessage);
    connect(socket_, &QWebSocket::pong, this,
            [this](quint64, const QByteArray&) { lastHeardMs_ = nowMs(); });
    connect(socket_, &QWebSocket::sslErrors, this, [this](const QList<QSslError>& errors) {
        if (options_.ignoreSslErrors) socket_->ignoreSslErrors(errors);
    });

    reconnectTimer_ = new QTimer(this);
    reconnectTimer_->setSingleShot(true);
    connect(reconnectTimer_, &QTimer::timeout, this, &SyncSession::connectNow);
    pingTimer_ = new QTimer(this);
    pingTimer_->setInterval(std::min(options_.pingIntervalMs, 1000));
    connect(pingTimer_, &QTimer::timeout, this, [this] {
        const int64_t now = nowMs();
        if (!running_) return;
        const bool open = socket_->state() == QAbstractSocket::ConnectedState;
        if (!open) return;
        if (now - lastHeardMs_ > (joined_ ? options_.silenceTimeoutMs : kConnectTimeoutMs)) {
            qCInfo(lcSession) << "relay silent for" << (now - lastHeardMs_) << "ms; reconnecting";
            socket_->abort();
            return;
        }
        if (now - socket_->property("lastPing").toLongLong() >= options_.pingIntervalMs) {
            socket_->setProperty("lastPing", static_cast<qlonglong>(now));
            socket_->ping();
        }
    });
    pumpTimer_ = new QTimer(this);
    pumpTimer_->setSingleShot(true);
    connect(pumpTimer_, &QTimer::timeout, this, &SyncSession::pump);
    presenceTimer_ = new QTimer(this);
    presenceTimer_->setSingleShot(true);
    presenceTimer_->setTimerType(Qt::PreciseTimer);
    connect(presenceTimer_, &QTimer::timeout, this, &SyncSession::sendPresenceNow);

    // What the store already holds: the room's position and its outbox.
    if (auto epoch = store_.confirmedEpoch(options_.mediaId))
        epoch_ = *epoch;
    else
        storeError(epoch.error());
    reloadQueue();
}

SyncSession::~SyncSession() {
    running_ = false;
    socket_->disconnect(this);
    socket_->abort();
}

model::Operation SyncSession::prepareLocal(model::Operation op) {
    quantizeOperation(op);
    return op;
}

// ---- Connection
// ----------------------------------------------------------------------------------

void SyncSession::start() {
    if (running_) return;
    running_ = true;
    lastError_.clear();
    attempt_ = 0;
    pingTimer_->start();
    connectNow();
}

void SyncSession::stop() {
    running_ = false;
    reconnectTimer_->stop();
    pingTimer_->stop();
    pumpTimer_->stop();
    if (socket_->state() != QAbstractSocket::UnconnectedState)
        socket_->close(QWebSocketProtocol::CloseCodeNormal);
    setState(State::Offline);
}

void SyncSession::dropConnection() {
    if (socket_->state() != QAbstractSocket::UnconnectedState) socket_->abort();
}

void SyncSession::setToken(const QString& token) { options_.token = token; }

void SyncSession::connectNow() {
    if (!running_) return;
    if (socket_->state() != QAbstractSocket::UnconnectedState) return;
    setState(State::Connecting);
    joined_ = live_ = false;
    lastHeardMs_ = nowMs();
    if (options_.ssl) socket_->setSslConfiguration(*options_.ssl);
    socket_->open(QNetworkRequest(options_.url));
}

void SyncSession::scheduleReconnect(int minimumMs) {
    if (!running_) return;
    const int base = static_cast<int>(std::min<int64_t>(
        options_.backoffMaxMs, int64_t{options_.backoffInitialMs} << std::min(attempt_, 20)));
    ++attempt_;
    // Full jitter on the upper half: many clients of a restarted relay do not come back in step.
    const int delay =
        base / 2 + static_cast<int>(QRandomGenerator::global()->bounded(base / 2 + 1));
    reconnectTimer_->start(std::max(delay, minimumMs));
}

void SyncSession::onConnected() {
    lastHeardMs_ = nowMs();
    v1::Envelope e = newEnvelope();
    v1::Hello* hello = e.mutable_hello();
    hello->set_protocol_version(kProtocolVersion);
    hello->set_client_name(options_.clientName.toStdString());
    hello->set_token(options_.token.toStdString());
    hello->set_display_name(options_.displayName.toStdString());
    sendEnvelope(e);
}

void SyncSession::onDisconnected() {
    joined_ = live_ = false;
    sent_.clear();
    snapshot_.reset();
    pumpTimer_->stop();
    if (!running_) {
        setState(State::Offline);
        return;
    }
    setState(State::Connecting);
    const int minimum = socket_->property("retryAfter").toInt();
    socket_->setProperty("retryAfter", 0);
    scheduleReconnect(minimum);
}

void SyncSession::fail(const QString& message) {
    lastError_ = message;
    qCWarning(lcSession).noquote() << message;
    running_ = false;
    reconnectTimer_->stop();
    pingTimer_->stop();
    if (socket_->state() != QAbstractSocket::UnconnectedState) socket_->abort();
    setState(State::Offline);
    emit errorOccurred(message);
}

void SyncSession::storeError(const std::string& message) {
    qCWarning(lcSession).noquote() << QString::fromStdString(message);
    emit errorOccurred(QString::fromStdString(message));
}

void SyncSession::setState(State state) {
    if (state == state_) return;
    state_ = state;
    emit stateChanged(state_, pendingCount());
}

// ---- Receiving ---------------------------------------------------------------------------------

void SyncSession::onMessage(const QByteArray& data) {
    lastHeardMs_ = nowMs();
    DecodeOptions options;
    options.maxBytes = 64u << 20;
    DecodeFailure why;
    auto envelope = decodeEnvelope(
        std::string_view(data.constData(), static_cast<size_t>(data.size())), options, &why);
    if (!envelope) {
        qCWarning(lcSession).noquote()
            << "unreadable message from the relay:" << QString::fromStdString(envelope.error());
        if (why.code == v1::ERROR_CODE_VERSION_MISMATCH) {
            fail(QStringLiteral("the relay speaks another protocol version: %1")
                     .arg(QString::fromStdString(envelope.error())));
            return;
        }
        sendEnvelope(errorEnvelope(why.code, envelope.error()));
        return;
    }
    std::vector<QUuid> changed;
    const qint64 pendingBefore = pendingCount();
    // One store transaction for everything the message confirms.
    Status s = store_.transaction([&]() -> Status {
        if (envelope->has_batch()) {
            for (const v1::Envelope& inner : envelope->batch().messages()) handle(inner, changed);
        } else {
            handle(*envelope, changed);
        }
        return Ok{};
    });
    if (!s) {
        // Nothing of the message was stored: start again from what the store holds.
        storeError("storing what the relay sent failed: " + s.error());
        dropConnection();
        return;
    }
    if (!changed.empty()) {
        std::sort(changed.begin(), changed.end());
        changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
        emit remoteChanged(QList<QUuid>(changed.begin(), changed.end()));
    }
    if (pendingCount() != pendingBefore) {
        emit pendingChanged(pendingCount());
        if (state_ == State::Online) emit stateChanged(state_, pendingCount());
    }
    if (live_) pump();
}

void SyncSession::handle(const v1::Envelope& e, std::vector<QUuid>& changed) {
    using E = v1::Envelope;
    switch (e.body_case()) {
        case E::kWelcome:
            onWelcome(e.welcome());
            return;
        case E::kParticipants:
            if (Status s = applyParticipants(e.participants(), participants_); !s) {
                qCWarning(lcSession).noquote() << QString::fromStdString(s.error());
                return;
            }
            if (e.participants().you()) you_ = e.participants().you();
            emit participantsChanged();
            return;
        case E::kReplay:
            onReplay(e.replay(), changed);
            return;
        case E::kSnapshot:
            onSnapshotPart(e.snapshot(), changed);
            return;
        case E::kBroadcast:
            onBroadcast(e.broadcast(), changed);
            return;
        case E::kAck:
            onAck(e.ack());
            return;
        case E::kPresence: {
            auto p = presenceFromWire(e.presence());
            if (!p) return;
            const bool recoloured = participants_.setColor(p->participant, p->color);
            emit presenceReceived(*p);
            if (recoloured) emit participantsChanged();
            return;
        }
        case E::kError:
            onError(e.error(), changed);
            return;
        case E::kPing: {
            v1::Envelope pong = newEnvelope();
            pong.mutable_pong()->set_nonce(e.ping().nonce());
            pong.mutable_pong()->set_ping_sent_ms(e.ping().sent_ms());
            pong.mutable_pong()->set_server_time_ms(nowMs());
            sendEnvelope(pong);
            return;
        }
        default:
            return;
    }
}

void SyncSession::onWelcome(const v1::Welcome& w) {
    user_ = QString::fromStdString(w.user());
    role_ = roleOf(w.role());
    // Stay well under the relay's bucket: presence and pings share the connection.
    const double rate = w.rate_per_second() * 0.8;
    bucket_ = TokenBucket(rate, std::max(1.0, w.rate_burst() * 0.5));
    auto last = store_.lastConfirmedSequence(options_.mediaId);
    if (!last) {
        storeError(last.error());
        return;
    }
    participants_.clear();
    you_ = 0;
    lastSeen_ = *last;
    v1::Envelope e = newEnvelope();
    v1::Join* join = e.mutable_join();
    join->set_media_id(options_.mediaId.toStdString());
    join->set_project(options_.project.toStdString());
    join->set_last_sequence(static_cast<uint64_t>(*last));
    join->set_epoch(*last > 0 || epoch_ != 0 ? epoch_ : 0);
    join->set_frame_count(static_cast<uint64_t>(std::max<int64_t>(0, options_.frameCount)));
    sendEnvelope(e);
    joined_ = true;
}

void SyncSession::applyConfirmed(const v1::Operation& wire, std::vector<QUuid>& changed) {
    auto op = operationFromWire(wire, RoomContext{options_.mediaId, participants_});
    if (!op) {
        qCWarning(lcSession).noquote()
            << "unreadable operation from the relay:" << QString::fromStdString(op.error());
        return;
    }
    lastSeen_ = std::max(lastSeen_, op->sequence);
    const bool mine =
        queue_.end() != std::find_if(queue_.begin(), queue_.end(),
                                     [&](const model::Operation& q) { return q.opId == op->opId; });
    if (Status s = store_.applyConfirmed(*op); !s) {
        storeError(s.error());
        return;
    }
    if (mine) {
        // Confirmed by a replay (its acknowledgement was lost): it leaves the outbox.
        std::erase_if(queue_, [&](const model::Operation& q) { return q.opId == op->opId; });
        emit acknowledged(op->opId, op->sequence);
    } else {
        changed.push_back(op->target);
    }
}

void SyncSession::onReplay(const v1::Replay& r, std::vector<QUuid>& changed) {
    if (epoch_ != r.epoch()) {
        epoch_ = r.epoch();
        if (Status s = store_.setConfirmedEpoch(options_.mediaId, epoch_); !s)
            storeError(s.error());
    }
    for (const v1::Operation& w : r.operations()) applyConfirmed(w, changed);
    if (!r.more() && !live_) caughtUp();
}

void SyncSession::onSnapshotPart(const v1::Snapshot& s, std::vector<QUuid>& changed) {
    if (!snapshot_ || snapshot_->epoch != s.epoch() ||
        snapshot_->sequence != static_cast<int64_t>(s.sequence()))
        snapshot_ = SnapshotParts{s.epoch(), static_cast<int64_t>(s.sequence()), {}, {}};
    for (const v1::Annotation& a : s.annotations()) snapshot_->annotations.push_back(a);
    for (const std::string& id : s.deleted()) snapshot_->deleted.push_back(id);
    if (s.more()) return;
    SnapshotParts parts = std::move(*snapshot_);
    snapshot_.reset();

    auto last = store_.lastConfirmedSequence(options_.mediaId);
    if (!last) {
        storeError(last.error());
        return;
    }
    if (parts.epoch == epoch_ && parts.sequence == *last && *last > 0) {  // nothing new after all
        if (!live_) caughtUp();
        return;
    }
    SnapshotContent content;
    const RoomContext context{options_.mediaId, participants_};
    for (const v1::Annotation& w : parts.annotations) {
        auto a = annotationFromWire(w, context);
        if (!a) {
            qCWarning(lcSession).noquote()
                << "unreadable snapshot annotation:" << QString::fromStdString(a.error());
            continue;
        }
        content.annotations.push_back(std::move(*a));
    }
    for (const std::string& id : parts.deleted)
        if (const QUuid uuid = idOf(id); !uuid.isNull()) content.deleted.push_back(uuid);
    // The notes the old confirmed state showed may change or go: the UI refreshes them too.
    auto before = store_.operations(options_.mediaId);
    if (!before) {
        storeError(before.error());
        return;
    }
    for (const model::Operation& op : *before) changed.push_back(op.target);
    // The snapshot replaces whatever confirmed state the store held (none on a first join; an
    // older epoch's after a relay reset); the outbox stays and is resent once caught up.
    const auto rebuild = snapshotOperations(content, parts.epoch, parts.sequence, options_.mediaId);
    if (Status st =
            store_.replaceConfirmedState(options_.mediaId, parts.epoch, rebuild, parts.sequence);
        !st) {
        fail(QStringLiteral(
                 "the relay's snapshot of room %1 (epoch %2, sequence %3) could not be stored: %4")
                 .arg(options_.mediaId)
                 .arg(parts.epoch)
                 .arg(parts.sequence)
                 .arg(QString::fromStdString(st.error())));
        return;
    }
    for (const model::Operation& op : rebuild) changed.push_back(op.target);
    epoch_ = parts.epoch;
    lastSeen_ = parts.sequence;
    if (!live_) caughtUp();
}

void SyncSession::onBroadcast(const v1::Broadcast& b, std::vector<QUuid>& changed) {
    for (const v1::Operation& w : b.operations()) {
        const int64_t sequence = static_cast<int64_t>(w.sequence());
        if (live_ && sequence > lastSeen_ + 1) {
            // A gap (it should not happen: the relay's stream is ordered): ask for what is missing.
            auto last = store_.lastConfirmedSequence(options_.mediaId);
            v1::Envelope e = newEnvelope();
            e.mutable_replay_request()->set_epoch(epoch_);
            e.mutable_replay_request()->set_after_sequence(static_cast<uint64_t>(last ? *last : 0));
            sendEnvelope(e);
            qCInfo(lcSession) << "gap before sequence" << sequence << "; replay requested";
        }
        applyConfirmed(w, changed);
    }
}

void SyncSession::onAck(const v1::Ack& a) {
    const QUuid opId = idOf(a.op_id());
    const int64_t sequence = static_cast<int64_t>(a.sequence());
    lastSeen_ = std::max(lastSeen_, sequence);
    if (Status s = store_.markAcknowledged(opId, sequence); !s) {
        storeError(s.error());
        return;
    }
    std::erase_if(queue_, [&](const model::Operation& q) { return q.opId == opId; });
    sent_.remove(opId);
    emit acknowledged(opId, sequence);
}

void SyncSession::onError(const v1::Error& e, std::vector<QUuid>& changed) {
    const QUuid opId = idOf(e.op_id());
    const QString message = QString::fromStdString(e.message());
    qCInfo(lcSession).noquote() << "relay error" << e.code() << message;
    if (e.fatal()) {
        switch (e.code()) {
            case v1::ERROR_CODE_UNAUTHENTICATED:
                fail(QStringLiteral("the relay refused the token: %1").arg(message));
                return;
            case v1::ERROR_CODE_VERSION_MISMATCH:
                fail(QStringLiteral("the relay speaks another protocol version: %1").arg(message));
                return;
            default:
                // Slow consumer, shutting down: the relay closes; reconnect (not before it asks).
                socket_->setProperty("retryAfter", static_cast<int>(e.retry_after_ms()));
                return;
        }
    }
    if (!opId.isNull()) {
        switch (e.code()) {
            case v1::ERROR_CODE_RATE_LIMITED:
            case v1::ERROR_CODE_QUOTA_EXCEEDED:  // kept: it goes out once the quota has room
            case v1::ERROR_CODE_INTERNAL:
            case v1::ERROR_CODE_SHUTTING_DOWN:
                resendAfter(e.retry_after_ms() > 0 ? static_cast<int>(e.retry_after_ms()) : 1000);
                return;
            default: {
                const auto refused =
                    std::find_if(queue_.begin(), queue_.end(),
                                 [&](const model::Operation& q) { return q.opId == opId; });
                if (refused == queue_.end()) return;
                // Out of the outbox and out of the visible state; the history keeps it with the
                // reason.
                const QUuid target = refused->target;
                const QString reason =
                    QStringLiteral("refused by the relay (%1): %2")
                        .arg(QString::fromStdString(v1::ErrorCode_Name(e.code())), message);
                if (Status s = store_.rejectPending(opId, reason); !s) {
                    storeError(s.error());
                    return;
                }
                queue_.erase(refused);
                sent_.remove(opId);
                changed.push_back(target);
                emit operationRefused(opId, e.code(), message);
                return;
            }
        }
    }
    if (e.code() == v1::ERROR_CODE_FORBIDDEN && !live_) {
        fail(QStringLiteral("the relay refused to let this user into the room: %1").arg(message));
        return;
    }
    emit errorOccurred(QStringLiteral("relay: %1").arg(message));
}

void SyncSession::caughtUp() {
    live_ = true;
    attempt_ = 0;
    sent_.clear();
    reloadQueue();
    setState(State::Online);
    emit stateChanged(state_, pendingCount());
    pump();
    if (presence_) {
        presenceDirty_ = true;
        sendPresenceNow();
    }
}

// ---- Sending -----------------------------------------------------------------------------------

void SyncSession::reloadQueue() {
    auto pending = store_.pendingOperations(options_.mediaId);
    if (!pending) {
        storeError(pending.error());
        return;
    }
    queue_.assign(std::make_move_iterator(pending->begin()),
                  std::make_move_iterator(pending->end()));
}

Status SyncSession::submit(model::Operation op) {
    op = prepareLocal(std::move(op));
    if (Status s = store_.applyLocal(op); !s) return s;
    const bool queued = std::any_of(queue_.begin(), queue_.end(),
                                    [&](const model::Operation& q) { return q.opId == op.opId; });
    // Applying an operation the store already holds changes nothing: it may have been refused.
    auto pending = store_.isPending(op.opId);
    if (!queued && pending && *pending) {
        queue_.push_back(std::move(op));
        emit pendingChanged(pendingCount());
        if (state_ != State::Online) emit stateChanged(state_, pendingCount());
    }
    pump();
    return Ok{};
}

void SyncSession::outboxChanged() {
    const qint64 before = pendingCount();
    auto pending = store_.pendingOperations(options_.mediaId);
    if (!pending) {
        storeError(pending.error());
        return;
    }
    QSet<QUuid> queued;
    for (const model::Operation& q : queue_) queued.insert(q.opId);
    for (model::Operation& op : *pending)
        if (!queued.contains(op.opId)) queue_.push_back(std::move(op));
    if (pendingCount() != before) emit pendingChanged(pendingCount());
    pump();
}

void SyncSession::resendAfter(int ms) {
    // Everything not yet acknowledged goes again, in order (the relay deduplicates).
    sent_.clear();
    resendAtMs_ = std::max(resendAtMs_, nowMs() + ms);
    pumpTimer_->start(ms);
}

void SyncSession::pump() {
    if (!live_ || socket_->state() != QAbstractSocket::ConnectedState) return;
    const int64_t now = nowMs();
    if (now < resendAtMs_) {
        if (!pumpTimer_->isActive()) pumpTimer_->start(static_cast<int>(resendAtMs_ - now));
        return;
    }
    const RoomContext context{options_.mediaId, participants_};
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
    for (const model::Operation& op : queue_) {
        if (sent_.contains(op.opId)) continue;
        if (!bucket_.take(now)) {
            pumpTimer_->start(static_cast<int>(std::max<int64_t>(1, bucket_.waitMs(now))));
            break;
        }
        v1::Envelope e = operationEnvelope(op, context);
        bytes += e.ByteSizeLong();
        batch.push_back(std::move(e));
        sent_.insert(op.opId);
        if (bytes >= options_.maxBatchBytes) sendBatch();
    }
    sendBatch();
}

void SyncSession::setPresence(const Presence& presence) {
    presence_ = presence;
    presenceDirty_ = true;
    if (!live_) return;
    const int64_t interval = options_.presencePerSecond > 0 ? 1000 / options_.presencePerSecond : 0;
    const int64_t wait = lastPresenceMs_ + interval - nowMs();
    if (wait <= 0)
        sendPresenceNow();
    else if (!presenceTimer_->isActive())
        presenceTimer_->start(static_cast<int>(wait));
}

void SyncSession::setPresenceColor(std::optional<uint32_t> argb) {
    if (presenceColor_ == argb) return;
    presenceColor_ = argb;
    if (presence_) setPresence(*presence_);
}

void SyncSession::sendPresenceNow() {
    if (!presence_ || !presenceDirty_ || !live_) return;
    Presence out = *presence_;
    if (!out.color) out.color = presenceColor_;
    v1::Envelope e = newEnvelope();
    *e.mutable_presence() = presenceToWire(out);
    sendEnvelope(e);
    presenceDirty_ = false;
    lastPresenceMs_ = nowMs();
}

void SyncSession::sendEnvelope(const v1::Envelope& e) {
    if (socket_->state() != QAbstractSocket::ConnectedState) return;
    const std::string bytes = encodeEnvelope(e);
    socket_->sendBinaryMessage(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())));
}

}  // namespace framenote::sync
