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

// Calls `done` once, with true for a sequence, false for a file, or nullopt and why (no such
// media, refused, unreachable).
void askMediaKind(QNetworkAccessManager& network, const QUrl& server, const QString& token,
                  const QString& mediaId,
                  std::function<void(std::optional<bool> isSequence, QString why)> done);

}  // namespace framenote::sync
