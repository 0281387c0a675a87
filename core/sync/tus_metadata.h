#pragma once
// tus's Upload-Metadata header, "key base64,key base64" (docs/PROTOCOL.md, "Media transfer"),
// read by the HTTP side and by the store (which keeps an upload's metadata as received).
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace framenote::sync {

// The value of `key`, decoded ("" when absent).
inline QString metadataValue(const QString& metadata, const QString& key) {
    for (const QString& pair : metadata.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList kv = pair.trimmed().split(QLatin1Char(' '));
        if (kv.value(0) == key)
            return QString::fromUtf8(QByteArray::fromBase64(kv.value(1).toLatin1()));
    }
    return {};
}

// An upload that is an image sequence's manifest says so: `kind sequence` (base64).
inline bool isSequenceManifest(const QString& metadata) {
    return metadataValue(metadata, QStringLiteral("kind")) == QLatin1String("sequence");
}

}  // namespace framenote::sync
