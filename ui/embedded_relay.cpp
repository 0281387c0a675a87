#include "ui/embedded_relay.h"

#include <QDateTime>
#include <QDir>
#include <QNetworkInterface>

#include "core/sync/relay_auth.h"
#include "core/sync/relay_server.h"

namespace framenote::ui {

EmbeddedRelay::EmbeddedRelay(QObject* parent) : QObject(parent) {
    context_ = new QObject;
    context_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, context_, &QObject::deleteLater);
    thread_.setObjectName("framenote-relay");
}

EmbeddedRelay::~EmbeddedRelay() {
    stop();
    if (thread_.isRunning()) {
        thread_.quit();
        thread_.wait();
        delete unclaimed_.exchange(nullptr);  // started while the app was closing
    } else {
        delete context_;
    }
}

void EmbeddedRelay::start(quint16 port, const QString& dataDir) {
    if (server_ || starting_) return;
    starting_ = true;
    if (!thread_.isRunning()) thread_.start();
    // The relay belongs to the thread that creates it: build and start it there.
    QMetaObject::invokeMethod(context_, [this, port, dataDir] {
        QString error;
        QByteArray secret;
        sync::RelayServer* server = nullptr;
        if (!QDir().mkpath(dataDir)) {
            error = tr("The folder %1 cannot be created for the session's data.").arg(dataDir);
        } else if (auto loaded = sync::loadOrCreateSecret(QDir(dataDir).filePath("relay.secret"));
                   !loaded) {
            error = QString::fromStdString(loaded.error());
        } else {
            secret = *loaded;
            sync::RelayConfig config;
            config.port = port;
            config.dataDir = dataDir;
            config.secret = secret;
            config.relayName = QStringLiteral("Framenote (hosted session)");
            // A LAN session beside the player: one thread for its sockets leaves the cores to
            // decoding (framenote-relay uses one per core).
            config.ioThreads = 1;
            config.mediaPort = 0;  // any free port: the invitation names it
            server = new sync::RelayServer(config);
            if (Status result = server->start(); !result) {
                error = QString::fromStdString(result.error());
                delete server;
                server = nullptr;
            }
        }
        unclaimed_ = server;
        QMetaObject::invokeMethod(this, [this, secret, error] {
            starting_ = false;
            if (sync::RelayServer* server = unclaimed_.exchange(nullptr)) {
                server_ = server;
                secret_ = secret;
                port_ = server_->port();
                mediaPort_ = server_->mediaPort();
                connect(server_, &sync::RelayServer::failed, this, &EmbeddedRelay::failed);
            }
            emit started(error);
        });
    });
}

void EmbeddedRelay::stop() {
    if (!server_) return;
    sync::RelayServer* server = server_;
    server_ = nullptr;
    port_ = 0;
    mediaPort_ = 0;
    QMetaObject::invokeMethod(
        context_, [server] { delete server; },  // stop() runs in the destructor, on its thread
        Qt::BlockingQueuedConnection);
}

Status EmbeddedRelay::offerFile(const QString& mediaId, const QString& path) {
    if (!server_) return makeError("the session is not hosted");
    return server_->offerMedia(mediaId, path);
}

Status EmbeddedRelay::offerSequence(const QString& mediaId, const media::SequenceManifest& manifest,
                                    const QString& directory) {
    if (!server_) return makeError("the session is not hosted");
    return server_->offerSequence(mediaId, manifest, directory);
}

QString EmbeddedRelay::issueToken(const QString& user, model::Role role, const QString& room,
                                  qint64 validSeconds) const {
    sync::TokenClaims claims;
    claims.user = user;
    claims.role = role;
    claims.rooms = {room};
    claims.issuedAt = QDateTime::currentSecsSinceEpoch();
    claims.expiresAt = claims.issuedAt + validSeconds;
    return sync::signToken(claims, secret_);
}

QList<QHostAddress> EmbeddedRelay::lanAddresses() {
    QList<QHostAddress> v4, v6;
    for (const QNetworkInterface& nic : QNetworkInterface::allInterfaces()) {
        const auto flags = nic.flags();
        if (!(flags & QNetworkInterface::IsUp) || !(flags & QNetworkInterface::IsRunning) ||
            (flags & QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry& entry : nic.addressEntries()) {
            const QHostAddress address = entry.ip();
            if (address.protocol() == QAbstractSocket::IPv4Protocol)
                v4 << address;
            else if (address.protocol() == QAbstractSocket::IPv6Protocol && !address.isLinkLocal())
                v6 << address;
        }
    }
    QList<QHostAddress> all = v4 + v6;
    if (all.isEmpty()) all << QHostAddress(QHostAddress::LocalHost);
    return all;
}

}  // namespace framenote::ui
