#pragma once
// Why a request to a relay's media port failed, in one form for every transfer
// (media_uploader.h, media_downloader.h): "HTTP 413: <the relay's words>", or, with no answer at
// all (status 0), the network's own error.
#include <QString>

namespace framenote::sync {

// `said`: the relay's answer body; `otherwise`: what to say when there is none.
inline QString httpReason(int status, const QString& said, const QString& otherwise) {
    if (status == 0) return otherwise;
    return QStringLiteral("HTTP %1: %2").arg(status).arg(said.isEmpty() ? otherwise : said);
}

}  // namespace framenote::sync
