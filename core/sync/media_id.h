#pragma once
// The media id's documented form (docs/PROTOCOL.md, "Media id"): 64 lowercase hex digits. Checked
// wherever one arrives from the network: a room's key, a compared version in presence.
#include <QString>
#include <algorithm>

namespace framenote::sync {

inline bool isMediaId(const QString& id) {
    return id.size() == 64 && std::all_of(id.begin(), id.end(), [](QChar ch) {
               return (ch >= QLatin1Char('0') && ch <= QLatin1Char('9')) ||
                      (ch >= QLatin1Char('a') && ch <= QLatin1Char('f'));
           });
}

}  // namespace framenote::sync
