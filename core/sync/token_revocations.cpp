#include "core/sync/token_revocations.h"

#include <unistd.h>

#include <QFile>
#include <QFileInfo>

namespace framenote::sync {

namespace {

Status appendLine(const QString& path, const QByteArray& line) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append))
        return makeError(path.toStdString() + ": " + file.errorString().toStdString());
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (file.write(line) != line.size() || !file.flush() || ::fsync(file.handle()) != 0)
        return makeError(path.toStdString() +
                         ": cannot write the revocation: " + file.errorString().toStdString());
    return Ok{};
}

}  // namespace

Result<TokenRevocations> TokenRevocations::load(const QString& path) {
    TokenRevocations r;
    QFile file(path);
    if (!file.exists()) return r;
    if (!file.open(QIODevice::ReadOnly))
        return makeError(path.toStdString() +
                         ": cannot read the revoked tokens: " + file.errorString().toStdString());
    const QFileInfo info(path);
    r.size_ = info.size();
    r.modified_ = info.lastModified();
    for (const QByteArray& raw : file.readAll().split('\n')) {
        const QString line = QString::fromUtf8(raw);
        if (line.startsWith(QLatin1String("id "))) {
            r.ids_.insert(line.mid(3));
        } else if (line.startsWith(QLatin1String("user "))) {
            const qsizetype space = line.lastIndexOf(QLatin1Char(' '));
            bool ok = false;
            const int64_t upTo = line.mid(space + 1).toLongLong(&ok);
            if (!ok || space <= 5) continue;
            const QString user = line.mid(5, space - 5);
            r.users_[user] = std::max(r.users_.value(user, INT64_MIN), upTo);
        }
    }
    return r;
}

Status TokenRevocations::revokeId(const QString& path, const QString& tokenId) {
    if (tokenId.isEmpty() || tokenId.contains(QLatin1Char('\n')))
        return makeError("revoke: a token id is one line of text");
    return appendLine(path, "id " + tokenId.toUtf8() + '\n');
}

Status TokenRevocations::revokeUser(const QString& path, const QString& user,
                                    int64_t issuedUpToSeconds) {
    if (user.isEmpty() || user.contains(QLatin1Char('\n')))
        return makeError("revoke: a user name is one line of text");
    return appendLine(path, "user " + user.toUtf8() + ' ' +
                                QByteArray::number(static_cast<qlonglong>(issuedUpToSeconds)) +
                                '\n');
}

QString TokenRevocations::reasonRevoked(const TokenClaims& claims) const {
    if (!claims.tokenId.isEmpty() && ids_.contains(claims.tokenId))
        return QStringLiteral("token revoked: id %1").arg(claims.tokenId);
    if (auto it = users_.constFind(claims.user); it != users_.constEnd() && claims.issuedAt <= *it)
        return QStringLiteral("token revoked: every token of %1 issued until %2")
            .arg(claims.user, QDateTime::fromSecsSinceEpoch(*it, Qt::UTC).toString(Qt::ISODate));
    return {};
}

bool TokenRevocations::changedOnDisk(const QString& path) const {
    const QFileInfo info(path);
    if (!info.exists()) return size_ >= 0;
    return info.size() != size_ || info.lastModified() != modified_;
}

}  // namespace framenote::sync
