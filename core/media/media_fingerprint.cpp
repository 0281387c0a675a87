#include "core/media/media_fingerprint.h"

#include <QCryptographicHash>
#include <QFile>
#include <QtEndian>

namespace framenote::media {

Result<std::string> mediaFingerprint(const std::string& path) {
    constexpr qint64 kChunk = 1 << 20;
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(path + ": cannot be read (" + file.errorString().toStdString() + ")");
    const qint64 size = file.size();
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const quint64 sizeLe = qToLittleEndian(static_cast<quint64>(size));
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(&sizeLe), sizeof(sizeLe)));
    hash.addData(file.read(std::min(size, kChunk)));
    if (size > kChunk) {
        // The last MiB, overlapping the first for files under 2 MiB, so both ends always count.
        file.seek(std::max<qint64>(0, size - kChunk));
        hash.addData(file.read(kChunk));
    }
    if (file.error() != QFileDevice::NoError)
        return makeError(path + ": read error (" + file.errorString().toStdString() + ")");
    return hash.result().toHex().toStdString();
}

}  // namespace framenote::media
