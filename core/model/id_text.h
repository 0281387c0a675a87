#pragma once
// An id (note, reply, operation) as text: 36 characters, lower-case hex, no braces. The one form
// the store's columns, the JSON exports and every message that names an id use.
#include <QString>
#include <QUuid>

namespace framenote::model {

inline QString idText(const QUuid& id) { return id.toString(QUuid::WithoutBraces); }

}  // namespace framenote::model
