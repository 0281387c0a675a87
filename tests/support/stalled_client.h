#pragma once
// A WebSocket client on a bare QTcpSocket that stops reading after its handshake (a small
// receive buffer, nothing read), so the relay's writes to it back up as behind a slow link. It can
// read everything later (drain()), to check what the relay sent while it was stalled.
#include <QHostAddress>
#include <QTcpSocket>
#include <string>
#include <vector>

#include "tests/support/raw_client.h"

namespace framenote::test {

class StalledClient {
  public:
    bool open(quint16 port) {
        socket_.connectToHost(QHostAddress::LocalHost, port);
        if (!socket_.waitForConnected(3000)) return false;
        socket_.setReadBufferSize(4096);
        socket_.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
        socket_.write(
            "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        return spinUntil([&] {
            return socket_.bytesAvailable() > 0 && socket_.peek(4096).contains("\r\n\r\n");
        });
    }
    void send(const v1::Envelope& e) {
        const std::string payload = sync::encodeEnvelope(e);
        sendFrame(char(0x82), QByteArray(payload.data(), static_cast<qsizetype>(payload.size())));
    }

    // Reads what the relay sends (the handshake response first) until `done` holds for what was
    // received or the timeout passes; every binary message decoded, Batches flattened, in order.
    bool drain(const std::function<bool(const std::vector<v1::Envelope>&)>& done,
               int timeoutMs = 10000) {
        socket_.setReadBufferSize(0);
        socket_.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 1 << 20);
        return spinUntil(
            [&] {
                in_ += socket_.readAll();
                if (!upgraded_) {
                    const qsizetype end = in_.indexOf("\r\n\r\n");
                    if (end < 0) return false;
                    in_.remove(0, end + 4);
                    upgraded_ = true;
                }
                parseFrames();
                return done(received_);
            },
            timeoutMs);
    }
    const std::vector<v1::Envelope>& received() const { return received_; }
    QTcpSocket& socket() { return socket_; }

  private:
    // One masked frame (a client's frames are masked).
    void sendFrame(char opcode, const QByteArray& payload) {
        QByteArray frame;
        frame.append(opcode);
        if (payload.size() < 126) {
            frame.append(char(0x80 | payload.size()));
        } else {
            frame.append(char(0x80 | 126));
            frame.append(char((payload.size() >> 8) & 0xff));
            frame.append(char(payload.size() & 0xff));
        }
        const char mask[4] = {1, 2, 3, 4};
        frame.append(mask, 4);
        for (qsizetype i = 0; i < payload.size(); ++i) frame.append(char(payload[i] ^ mask[i % 4]));
        socket_.write(frame);
        socket_.flush();
    }

    void parseFrames() {
        for (;;) {
            if (in_.size() < 2) return;
            const auto* h = reinterpret_cast<const uint8_t*>(in_.constData());
            uint64_t length = h[1] & 0x7f;
            qsizetype head = 2;
            if (length == 126) {
                if (in_.size() < 4) return;
                length = (uint64_t{h[2]} << 8) | h[3];
                head = 4;
            } else if (length == 127) {
                if (in_.size() < 10) return;
                length = 0;
                for (int k = 0; k < 8; ++k) length = (length << 8) | h[2 + k];
                head = 10;
            }
            if (static_cast<uint64_t>(in_.size() - head) < length) return;
            if ((h[0] & 0x0f) == 0x9) {  // a ping: pong with its payload, as RFC 6455 requires
                sendFrame(char(0x8a),
                          QByteArray(in_.constData() + head, static_cast<qsizetype>(length)));
            } else if ((h[0] & 0x0f) == 0x2) {
                sync::DecodeOptions options;
                options.maxBytes = 64u << 20;
                auto e =
                    sync::decodeEnvelope(std::string_view(in_.constData() + head, length), options);
                if (e && e->has_batch())
                    for (const v1::Envelope& inner : e->batch().messages())
                        received_.push_back(inner);
                else if (e)
                    received_.push_back(*e);
            }
            in_.remove(0, head + static_cast<qsizetype>(length));
        }
    }

    QTcpSocket socket_;
    QByteArray in_;
    bool upgraded_ = false;
    std::vector<v1::Envelope> received_;
};

}  // namespace framenote::test
