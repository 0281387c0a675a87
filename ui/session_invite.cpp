#include "ui/session_invite.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include "core/sync/relay_auth.h"

namespace framenote::ui {

namespace {
constexpr int kDefaultPort = 7370;
}  // namespace

QString formatInvite(const SessionInvite& invite) {
    QUrl url;
    url.setScheme(invite.relay.scheme() == QLatin1String("wss") ? QStringLiteral("framenotes")
                                                                : QStringLiteral("framenote"));
    url.setHost(invite.relay.host());
    url.setPort(invite.relay.port(kDefaultPort));
    url.setPath(QStringLiteral("/"));
    QUrlQuery query;
    if (!invite.room.isEmpty()) query.addQueryItem(QStringLiteral("room"), invite.room);
    if (!invite.token.isEmpty()) query.addQueryItem(QStringLiteral("token"), invite.token);
    if (!invite.clip.isEmpty()) query.addQueryItem(QStringLiteral("clip"), invite.clip);
    if (invite.mediaPort)
        query.addQueryItem(QStringLiteral("media"), QString::number(invite.mediaPort));
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

Result<SessionInvite> parseInvite(const QString& text, const QString& token) {
    QString input = text.trimmed();
    if (input.isEmpty())
        return makeError(QCoreApplication::translate(
                             "SessionInvite", "Paste an invitation or type the host's address.")
                             .toStdString());
    if (!input.contains(QLatin1String("://"))) input = QStringLiteral("ws://") + input;
    const QUrl url(input, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    const bool secure = scheme == QLatin1String("wss") || scheme == QLatin1String("framenotes");
    if (!url.isValid() || url.host().isEmpty() ||
        !(secure || scheme == QLatin1String("ws") || scheme == QLatin1String("framenote")))
        return makeError(
            QCoreApplication::translate(
                "SessionInvite", "\"%1\" is not an invitation or a relay address (host:port).")
                .arg(text.trimmed())
                .toStdString());
    SessionInvite invite;
    invite.relay.setScheme(secure ? QStringLiteral("wss") : QStringLiteral("ws"));
    invite.relay.setHost(url.host());
    invite.relay.setPort(url.port(kDefaultPort));
    invite.relay.setPath(QStringLiteral("/"));
    const QUrlQuery query(url);
    invite.room = query.queryItemValue(QStringLiteral("room"), QUrl::FullyDecoded);
    invite.token = query.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
    invite.clip = query.queryItemValue(QStringLiteral("clip"), QUrl::FullyDecoded);
    const uint mediaPort = query.queryItemValue(QStringLiteral("media")).toUInt();
    invite.mediaPort = mediaPort <= 65535 ? static_cast<quint16>(mediaPort) : 0;
    if (!token.trimmed().isEmpty()) invite.token = token.trimmed();
    return invite;
}

QUrl SessionInvite::mediaServer() const {
    if (!mediaPort) return {};
    QUrl url;
    url.setScheme(relay.scheme() == QLatin1String("wss") ? QStringLiteral("https")
                                                         : QStringLiteral("http"));
    url.setHost(relay.host());
    url.setPort(mediaPort);
    return url;
}

Result<TokenIdentity> peekTokenIdentity(const QString& token) {
    const QString claimsPart = token.section(QLatin1Char('.'), 0, 0);
    auto json = sync::base64UrlDecode(claimsPart.toLatin1());
    const QJsonObject claims = json ? QJsonDocument::fromJson(*json).object() : QJsonObject();
    TokenIdentity identity;
    identity.user = claims.value(QStringLiteral("sub")).toString();
    if (identity.user.isEmpty() ||
        !model::parseRole(claims.value(QStringLiteral("role")).toString(), &identity.role))
        return makeError(
            QCoreApplication::translate("SessionInvite",
                                        "The token is damaged: copy the whole invitation again.")
                .toStdString());
    return identity;
}

}  // namespace framenote::ui
