#pragma once
// Whether a relay's media is an image sequence's manifest or a file (docs/PROTOCOL.md, "Media
// of an image sequence"): the Content-Type of a HEAD /media/ID says. Asked before a download, by
// the CLI and by the app's fetch, so each picks the right downloader.
#include <QNetworkAccessManager>
#include <QString>
#include <QUrl>
#include <functional>
#include <optional>

namespace framenote::sync {

struct MediaKind {
    std::optional<bool> isSequence;  // true for a sequence, false for a file; nullopt: see why
    bool missing = false;            // the relay has no such media (yet: a host may offer it soon)
    QString why;                     // no such media, refused, unreachable
};

// Calls `done` once with what the relay answered.
void askMediaKind(QNetworkAccessManager& network, const QUrl& server, const QString& token,
                  const QString& mediaId, std::function<void(const MediaKind&)> done);

}  // namespace framenote::sync
