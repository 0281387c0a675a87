#pragma once
// What the store remembers about a media file, keyed by its content fingerprint (docs/PROTOCOL.md,
// "Media id"): where it was last seen, its probe, and the frame index so a file is scanned once.
// The index is opaque bytes here (media::FrameIndex::serialize()), so
// core/store does not depend on core/media.
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>

namespace framenote::store {

struct MediaRecord {
    QString mediaId;        // the fingerprint
    QStringList pathHints;  // most recent first; a path is only a hint
    QJsonObject probe;
    int64_t frameCount = 0;  // 0 when unknown; otherwise frame ranges are checked against it
    QByteArray frameIndex;   // empty when not cached
    int64_t updatedMs = 0;

    friend bool operator==(const MediaRecord&, const MediaRecord&) = default;
};

}  // namespace framenote::store
