#include "core/sync/media_kind.h"

#include <QNetworkReply>

#include "core/sync/http_reason.h"

namespace framenote::sync {

void askMediaKind(QNetworkAccessManager& network, const QUrl& server, const QString& token,
                  const QString& mediaId, std::function<void(const MediaKind&)> done) {
    QNetworkRequest request(server.resolved(QUrl(QStringLiteral("/media/") + mediaId)));
    if (!token.isEmpty()) request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    QNetworkReply* reply = network.head(request);
    QObject::connect(reply, &QNetworkReply::finished, reply, [reply, done = std::move(done)] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200) {
            done(
                {std::nullopt, status == 404, httpReason(status, QString(), reply->errorString())});
            return;
        }
        done({reply->header(QNetworkRequest::ContentTypeHeader)
                  .toString()
                  .startsWith(QLatin1String("application/vnd.framenote.sequence+json")),
              false,
              {}});
    });
}

}  // namespace framenote::sync
