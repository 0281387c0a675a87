#pragma once
// A bare protocol client for tests: a QWebSocket that sends hand-made Envelopes (or any bytes)
// and records every message the relay sends, Batches flattened, in order. Used by the relay's
// unit tests and the integration tests.
#include <QUrl>
#include <QWebSocket>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/sync/participant_table.h"
#include "core/sync/wire_codec.h"
#include "tests/support/wait.h"

namespace framenote::test {

namespace v1 = framenote::sync::v1;

class RawClient {
  public:
    RawClient() : socket_(std::make_unique<QWebSocket>()) {
        socket_->setMaxAllowedIncomingMessageSize(64u << 20);
        QObject::connect(
            socket_.get(), &QWebSocket::binaryMessageReceived, [this](const QByteArray& data) {
                ++messages_;
                sync::DecodeOptions options;
                options.maxBytes = 64u << 20;
                auto e = sync::decodeEnvelope(
                    std::string_view(data.constData(), static_cast<size_t>(data.size())), options);
                if (!e) {
                    decodeErrors_.push_back(e.error());
                    return;
                }
                if (e->has_batch()) {
                    ++batches_;
                    for (const v1::Envelope& inner : e->batch().messages())
                        received_.push_back(inner);
                } else {
                    received_.push_back(*e);
                }
            });
        QObject::connect(socket_.get(), &QWebSocket::disconnected,
                         [this] { disconnected_ = true; });
    }

    bool open(const QString& url, int timeoutMs = 5000) {
        bool connected = false;
        auto c = QObject::connect(socket_.get(), &QWebSocket::connected, [&] { connected = true; });
        socket_->open(QUrl(url));
        spinUntil([&] { return connected || disconnected_; }, timeoutMs);
        QObject::disconnect(c);
        return connected;
    }

    void sendBytes(const std::string& bytes) {
        socket_->sendBinaryMessage(QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())));
        socket_->flush();
    }
    void send(const v1::Envelope& e) { sendBytes(sync::encodeEnvelope(e)); }

    // Hello (token or display name) and wait for the Welcome (or an error).
    bool hello(const std::string& token, const std::string& name = {}) {
        v1::Envelope e = sync::newEnvelope();
        e.mutable_hello()->set_protocol_version(sync::kProtocolVersion);
        e.mutable_hello()->set_client_name("raw test client");
        e.mutable_hello()->set_token(token);
        e.mutable_hello()->set_display_name(name);
        const size_t from = received_.size();
        send(e);
        const auto answer = [](const v1::Envelope& m) { return m.has_welcome() || m.has_error(); };
        return waitFor(answer, 5000, from) && last(answer)->has_welcome();
    }

    // Join and wait for the end of the replay or snapshot; keeps the participant table.
    bool join(const QString& mediaId, uint64_t lastSequence = 0, uint64_t epoch = 0,
              uint64_t frameCount = 0, int timeoutMs = 5000) {
        mediaId_ = mediaId;
        const size_t from = received_.size();
        v1::Envelope e = sync::newEnvelope();
        e.mutable_join()->set_media_id(mediaId.toStdString());
        e.mutable_join()->set_last_sequence(lastSequence);
        e.mutable_join()->set_epoch(epoch);
        e.mutable_join()->set_frame_count(frameCount);
        send(e);
        return spinUntil(
                   [&] {
                       for (size_t i = from; i < received_.size(); ++i) {
                           const v1::Envelope& m = received_[i];
                           if ((m.has_replay() && !m.replay().more()) ||
                               (m.has_snapshot() && !m.snapshot().more()))
                               return true;
                           if (m.has_error()) return true;
                       }
                       return false;
                   },
                   timeoutMs) &&
               tableFrom(from);
    }

    // Sends a Ping and waits for its Pong: the barrier before asserting that something did not
    // happen. The relay handles a connection's messages in order and answers through the one
    // queue that also carries its broadcasts, refusals and closing error, so the Pong proves
    // that what this client sent before was handled, and that what the relay had queued for it
    // has arrived. Not for what waits on a clock or another thread: an operation's Ack (after
    // its log commit), or presence held back by pacing.
    bool roundTrip(int timeoutMs = 5000) {
        static uint64_t nonces = uint64_t{1} << 40;  // apart from the nonces tests write
        const uint64_t nonce = ++nonces;
        const size_t from = received_.size();
        v1::Envelope ping = sync::newEnvelope();
        ping.mutable_ping()->set_nonce(nonce);
        send(ping);
        return waitFor(
            [&](const v1::Envelope& e) { return e.has_pong() && e.pong().nonce() == nonce; },
            timeoutMs, from);
    }

    bool waitFor(const std::function<bool(const v1::Envelope&)>& match, int timeoutMs = 5000,
                 size_t from = 0) {
        return spinUntil(
            [&] {
                for (size_t i = from; i < received_.size(); ++i)
                    if (match(received_[i])) return true;
                return false;
            },
            timeoutMs);
    }
    size_t count(const std::function<bool(const v1::Envelope&)>& match, size_t from = 0) const {
        size_t n = 0;
        for (size_t i = from; i < received_.size(); ++i) n += match(received_[i]) ? 1 : 0;
        return n;
    }
    const v1::Envelope* last(const std::function<bool(const v1::Envelope&)>& match) const {
        for (size_t i = received_.size(); i-- > 0;)
            if (match(received_[i])) return &received_[i];
        return nullptr;
    }
    std::vector<v1::Error> errors(size_t from = 0) const {
        std::vector<v1::Error> out;
        for (size_t i = from; i < received_.size(); ++i)
            if (received_[i].has_error()) out.push_back(received_[i].error());
        return out;
    }

    // Sends an operation, with the participant numbers this client has learnt.
    void sendOperation(const model::Operation& op) {
        tableFrom(0);
        send(sync::operationEnvelope(op, context()));
    }
    // The relay's answer to operation `opId`, its Ack or its Error (waiting up to `timeoutMs`);
    // null when none came.
    const v1::Envelope* answerTo(const QUuid& opId, int timeoutMs = 5000) {
        const std::string id = opId.toRfc4122().toStdString();
        const auto match = [&](const v1::Envelope& e) {
            return (e.has_ack() && e.ack().op_id() == id) ||
                   (e.has_error() && e.error().op_id() == id);
        };
        waitFor(match, timeoutMs);
        return last(match);
    }

    // The first Error that came after `act` (which sends something), waiting up to `timeoutMs`;
    // nullopt when none came. Check it with IsRefusal (refusal.h).
    std::optional<v1::Error> refusalAfter(const std::function<void()>& act, int timeoutMs = 5000) {
        const size_t from = received_.size();
        act();
        if (!waitFor([](const v1::Envelope& e) { return e.has_error(); }, timeoutMs, from))
            return std::nullopt;
        return errors(from).front();
    }
    std::optional<v1::Error> refusalTo(const v1::Envelope& e, int timeoutMs = 5000) {
        return refusalAfter([&] { send(e); }, timeoutMs);
    }
    std::optional<v1::Error> refusalToBytes(const std::string& bytes, int timeoutMs = 5000) {
        return refusalAfter([&] { sendBytes(bytes); }, timeoutMs);
    }
    // Sends `op` and returns the Error that names it; nullopt when it was acknowledged instead, or
    // nothing came. Only answers after this send count (an op_id may be sent again).
    std::optional<v1::Error> refusalOf(const model::Operation& op, int timeoutMs = 5000) {
        const size_t from = received_.size();
        sendOperation(op);
        const std::string id = op.opId.toRfc4122().toStdString();
        const auto answers = [&](const v1::Envelope& e) {
            return (e.has_ack() && e.ack().op_id() == id) ||
                   (e.has_error() && e.error().op_id() == id);
        };
        if (!waitFor(answers, timeoutMs, from)) return std::nullopt;
        for (size_t i = from; i < received_.size(); ++i)
            if (answers(received_[i]))
                return received_[i].has_error() ? std::optional(received_[i].error())
                                                : std::nullopt;
        return std::nullopt;
    }

    // Applies every Participants seen so far (from `from`) to the table.
    bool tableFrom(size_t from) {
        for (size_t i = from; i < received_.size(); ++i) {
            if (!received_[i].has_participants()) continue;
            if (!sync::applyParticipants(received_[i].participants(), table_)) return false;
            if (received_[i].participants().you()) you_ = received_[i].participants().you();
        }
        return true;
    }
    sync::RoomContext context() const { return sync::RoomContext{mediaId_, table_}; }

    std::vector<v1::Envelope>& received() { return received_; }
    const std::vector<std::string>& decodeErrors() const { return decodeErrors_; }
    QWebSocket& socket() { return *socket_; }
    bool disconnected() const { return disconnected_; }
    uint32_t you() const { return you_; }
    size_t messages() const { return messages_; }
    size_t batches() const { return batches_; }
    sync::ParticipantTable& table() { return table_; }

  private:
    std::unique_ptr<QWebSocket> socket_;
    std::vector<v1::Envelope> received_;
    std::vector<std::string> decodeErrors_;
    bool disconnected_ = false;
    QString mediaId_;
    sync::ParticipantTable table_;
    uint32_t you_ = 0;
    size_t messages_ = 0;
    size_t batches_ = 0;
};

}  // namespace framenote::test
