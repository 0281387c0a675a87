#pragma once
// One HTTP request at a time through Qt's own client (QNetworkAccessManager), an implementation
// independent of the relay's server: the tus and download tests speak to the relay with it.
#include <QEventLoop>
#include <QHash>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <utility>
#include <vector>

namespace framenote::test {

struct HttpReply {
    int status = 0;                         // 0: no answer (connection refused, timeout)
    QHash<QByteArray, QByteArray> headers;  // names in lower case
    QByteArray body;
    QByteArray header(const QByteArray& name) const { return headers.value(name.toLower()); }
};

using HttpHeaders = std::vector<std::pair<QByteArray, QByteArray>>;

inline HttpReply httpRequest(const QByteArray& method, const QString& url,
                             const HttpHeaders& headers = {}, const QByteArray& body = {},
                             int timeoutMs = 20000) {
    static QNetworkAccessManager* manager = new QNetworkAccessManager;
    QNetworkRequest request{QUrl(url)};
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    for (const auto& [name, value] : headers) request.setRawHeader(name, value);
    // HEAD through head(): as a custom verb, Qt would wait for the body its Content-Length names.
    QNetworkReply* reply = method == "HEAD" ? manager->head(request)
                                            : manager->sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    HttpReply out;
    if (reply->isFinished()) {
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        for (const auto& [name, value] : reply->rawHeaderPairs())
            out.headers[name.toLower()] = value;
        out.body = reply->readAll();
    } else {
        qWarning("HTTP %s %s: no answer in %d ms (%lld bytes received)", method.constData(),
                 qPrintable(url), timeoutMs, static_cast<long long>(reply->bytesAvailable()));
        reply->abort();
    }
    reply->deleteLater();
    return out;
}

}  // namespace framenote::test
