#pragma once
// The relay's media over HTTP (docs/PROTOCOL.md, "Media transfer"): resumable uploads in the tus
// 1.0.0 protocol (core, creation, creation-with-upload, termination, checksum with sha256,
// expiration, concatenation) and downloads with Range, ETag and HEAD, on a port of its own,
// with the relay's tokens and roles. The HTTP layer is GNU libmicrohttpd (docs/ARCHITECTURE.md,
// "Media transfer": it hands request bodies over as they arrive, so memory stays bounded
// whatever the file size, and serves downloads from the file descriptor). Its threads call the
// MediaStore directly; nothing here touches the relay's event loop.
#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <functional>
#include <memory>

#include "core/common/result.h"
#include "core/sync/media_store.h"
#include "core/sync/relay_auth.h"

namespace framenote::sync {

struct TusSettings {
    QHostAddress address = QHostAddress::Any;
    quint16 port = 0;        // 0: any free port (port() tells which)
    QString tlsCertificate;  // PEM files: https (the relay's own)
    QString tlsKey;
    // The memory bound: at most maxConnections at once, each given connectionMemory bytes by
    // libmicrohttpd for its headers and the body bytes in flight.
    int maxConnections = 256;
    int maxConnectionsPerAddress = 64;
    size_t connectionMemory = 256u << 10;
    int idleTimeoutSeconds = 60;
    int threads = 4;
};

class TusServer {
  public:
    // `authorize`: the claims of a bearer token (verified, not revoked) or why not; an open relay
    // answers for an empty token too.
    using Authorize = std::function<Result<TokenClaims>(const QString& token)>;
    TusServer(MediaStore& store, Authorize authorize, TusSettings settings);
    ~TusServer();
    TusServer(const TusServer&) = delete;
    TusServer& operator=(const TusServer&) = delete;

    Status start();
    void stop();
    quint16 port() const;

    struct Impl;

  private:
    std::unique_ptr<Impl> d_;
};

}  // namespace framenote::sync
