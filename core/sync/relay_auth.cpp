#include "core/sync/relay_auth.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <algorithm>

namespace framenote::sync {

namespace {

bool constantTimeEqual(const QByteArray& a, const QByteArray& b) {
    if (a.size() != b.size()) return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
    return diff == 0;
}

QByteArray mac(const QByteArray& text, const QByteArray& secret) {
    return QMessageAuthenticationCode::hash(text, secret, QCryptographicHash::Sha256);
}

std::string isoTime(int64_t seconds) {
    return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC).toString(Qt::ISODate).toStdString();
}

// A claim that must be a whole number of seconds between the epoch and kLatestTokenTimeSeconds:
// the range check comes before the conversion, since casting a larger double is undefined.
Result<int64_t> timeClaim(const QJsonObject& json, const char* name) {
    const QJsonValue value = json.value(QLatin1String(name));
    if (!value.isDouble()) return makeError(std::string("token claim ") + name + ": missing");
    const double seconds = value.toDouble();
    if (!(seconds >= 0 && seconds <= static_cast<double>(kLatestTokenTimeSeconds)))
        return makeError(std::string("token claim ") + name + ": not a time between 1970 and 9999");
    return static_cast<int64_t>(seconds);
}

// exp - iat within the relay's maximum, and exp no later than that from now (an iat set in the
// future would otherwise stretch the lifetime).
Status checkLifetime(const TokenClaims& claims, int64_t nowSeconds, int64_t maxTtlSeconds) {
    const int64_t fromNow = claims.expiresAt - nowSeconds - kTokenClockSkewSeconds;
    const int64_t lifetime = std::max(claims.expiresAt - claims.issuedAt, fromNow);
    if (lifetime > maxTtlSeconds)
        return makeError("token lifetime " + describeSeconds(lifetime) +
                         " exceeds this relay's maximum of " + describeSeconds(maxTtlSeconds));
    return Ok{};
}

}  // namespace

std::string describeSeconds(int64_t seconds) {
    const auto count = [](int64_t n, const char* unit) {
        return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
    };
    if (seconds >= 86400 && seconds % 86400 == 0) return count(seconds / 86400, "day");
    if (seconds >= 3600 && seconds % 3600 == 0) return count(seconds / 3600, "hour");
    if (seconds >= 60 && seconds % 60 == 0) return count(seconds / 60, "minute");
    return count(seconds, "second");
}

bool TokenClaims::allowsRoom(const QString& mediaId) const {
    return rooms.contains(QStringLiteral("*")) || rooms.contains(mediaId);
}

QByteArray base64UrlEncode(const QByteArray& bytes) {
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Result<QByteArray> base64UrlDecode(const QByteArray& text) {
    for (char c : text)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return makeError("not base64url text (character '" + std::string(1, c) + "')");
    if (text.size() % 4 == 1) return makeError("not base64url text (impossible length)");
    auto decoded = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals |
                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded) return makeError("not base64url text");
    return *decoded;
}

QString signToken(const TokenClaims& claims, const QByteArray& secret) {
    // The claims in the documented order (QJsonObject would sort the keys); strings escaped by
    // QJsonDocument.
    const auto quoted = [](const QString& text) {
        QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
        return array.mid(1, array.size() - 2);
    };
    QByteArray json =
        "{\"v\":1,\"sub\":" + quoted(claims.user) +
        ",\"role\":" + quoted(model::roleName(claims.role)) + ",\"rooms\":" +
        QJsonDocument(QJsonArray::fromStringList(claims.rooms)).toJson(QJsonDocument::Compact) +
        ",\"iat\":" + QByteArray::number(static_cast<qlonglong>(claims.issuedAt)) +
        ",\"exp\":" + QByteArray::number(static_cast<qlonglong>(claims.expiresAt));
    if (!claims.tokenId.isEmpty()) json += ",\"jti\":" + quoted(claims.tokenId);
    json += "}";
    const QByteArray body = base64UrlEncode(json);
    return QString::fromLatin1(body + "." + base64UrlEncode(mac(body, secret)));
}

Result<TokenClaims> verifyToken(const QString& token, const QByteArray& secret, int64_t nowSeconds,
                                int64_t maxTtlSeconds) {
    if (token.isEmpty()) return makeError("token missing");
    const QByteArray text = token.toLatin1();
    if (text.count('.') != 1)
        return makeError("token malformed: expected two base64url parts separated by one '.'");
    const qsizetype dot = text.indexOf('.');
    const QByteArray body = text.left(dot);
    const QByteArray signature = text.mid(dot + 1);
    auto sig = base64UrlDecode(signature);
    if (!sig) return makeError("token malformed: signature is " + sig.error());
    if (secret.isEmpty() || !constantTimeEqual(*sig, mac(body, secret)))
        return makeError("token signature does not match");
    auto claimsJson = base64UrlDecode(body);
    if (!claimsJson) return makeError("token malformed: claims are " + claimsJson.error());
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(*claimsJson, &parseError);
    if (!doc.isObject())
        return makeError("token malformed: claims are not a JSON object (" +
                         parseError.errorString().toStdString() + ")");
    const QJsonObject json = doc.object();
    if (json.value("v").toInt(-1) != 1)
        return makeError("token format " +
                         QJsonDocument(QJsonArray{json.value("v")})
                             .toJson(QJsonDocument::Compact)
                             .toStdString() +
                         " is not supported (this relay reads v 1)");
    TokenClaims claims;
    claims.user = json.value("sub").toString();
    if (claims.user.trimmed().isEmpty() || claims.user.size() > 128)
        return makeError("token claim sub: the user name must be 1 to 128 characters");
    const QString role = json.value("role").toString();
    if (!model::parseRole(role, &claims.role))
        return makeError("token claim role: '" + role.toStdString() +
                         "' is not viewer, reviewer or admin");
    if (!json.value("rooms").isArray()) return makeError("token claim rooms: missing");
    for (const QJsonValue& room : json.value("rooms").toArray()) {
        if (!room.isString() || room.toString().isEmpty())
            return makeError("token claim rooms: every entry must be a non-empty string");
        claims.rooms << room.toString();
    }
    auto expiresAt = timeClaim(json, "exp");
    if (!expiresAt) return makeError(expiresAt.error());
    auto issuedAt = timeClaim(json, "iat");
    if (!issuedAt) return makeError(issuedAt.error());
    claims.expiresAt = *expiresAt;
    claims.issuedAt = *issuedAt;
    claims.tokenId = json.value("jti").toString();
    if (claims.expiresAt + kTokenClockSkewSeconds <= nowSeconds)
        return makeError("token expired at " + isoTime(claims.expiresAt));
    if (Status s = checkLifetime(claims, nowSeconds, maxTtlSeconds); !s)
        return makeError(s.error());
    return claims;
}

Result<int64_t> parseDurationSeconds(const QString& text) {
    if (text.isEmpty()) return makeError("empty duration");
    int64_t unit = 1;
    QString number = text;
    const QChar last = text.back();
    if (!last.isDigit()) {
        number.chop(1);
        switch (last.toLatin1()) {
            case 's':
                unit = 1;
                break;
            case 'm':
                unit = 60;
                break;
            case 'h':
                unit = 3600;
                break;
            case 'd':
                unit = 86400;
                break;
            case 'w':
                unit = 7 * 86400;
                break;
            default:
                return makeError("duration '" + text.toStdString() +
                                 "': use a number with s, m, h, d or w (e.g. 7d)");
        }
    }
    bool ok = false;
    const qlonglong value = number.toLongLong(&ok);
    if (!ok || value <= 0)
        return makeError("duration '" + text.toStdString() + "' is not a positive number");
    if (value > kLatestTokenTimeSeconds / unit)
        return makeError("duration '" + text.toStdString() + "' is too long");
    return static_cast<int64_t>(value) * unit;
}

QByteArray makeSecret() {
    QByteArray bytes(32, '\0');
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()), 8);
    return base64UrlEncode(bytes);
}

}  // namespace framenote::sync

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstring>
#if defined(Q_OS_UNIX)
#include <sys/stat.h>
#endif

namespace framenote::sync {

Status makeDataDirectory(const QString& path) {
    const QFileInfo info(path);
    if (info.isDir()) return Ok{};
    if (!QDir().mkpath(info.absolutePath()))
        return makeError(path.toStdString() + ": cannot create the data directory's parent");
#if defined(Q_OS_UNIX)
    const QByteArray name = QFile::encodeName(info.absoluteFilePath());
    if (::mkdir(name.constData(), S_IRWXU) != 0) {
        if (errno == EEXIST && QFileInfo(path).isDir())
            return Ok{};  // made by another process just now
        return makeError(path.toStdString() +
                         ": cannot create the data directory: " + std::strerror(errno));
    }
    // mkdir's mode passed through the umask, which only removes bits: 0700 exactly, as said.
    if (::chmod(name.constData(), S_IRWXU) != 0)
        return makeError(path.toStdString() +
                         ": cannot make the data directory private: " + std::strerror(errno));
#else
    if (!QDir().mkdir(info.absoluteFilePath(),
                      QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner))
        return makeError(path.toStdString() + ": cannot create the data directory");
#endif
    return Ok{};
}

Result<QByteArray> loadOrCreateSecret(const QString& path) {
    QFile file(path);
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly))
            return makeError(path.toStdString() + ": cannot read the secret (" +
                             file.errorString().toStdString() + ")");
        const QByteArray secret = file.readAll().trimmed();
        if (secret.size() < 16)
            return makeError(path.toStdString() + ": the secret is shorter than 16 characters");
        return secret;
    }
    const QByteArray secret = makeSecret();
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly,
                   QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return makeError(path.toStdString() + ": cannot create the secret (" +
                         file.errorString().toStdString() + ")");
    if (file.write(secret + "\n") != secret.size() + 1 || !file.flush())
        return makeError(path.toStdString() + ": cannot write the secret (" +
                         file.errorString().toStdString() + ")");
    file.close();
    return secret;
}

}  // namespace framenote::sync
