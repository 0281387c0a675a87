#pragma once
// The colour that marks a participant (list, remote cursor). Presence carries no colour, so a
// remote participant's colour follows from the name: the same on every machine. The user's own
// entry uses the colour chosen in the settings (QSettings "userColor", app_settings.h).
#include <QColor>
#include <QString>

namespace framenote::ui {

QColor participantColor(const QString& name);
QColor ownColor(const QString& name);

}  // namespace framenote::ui
