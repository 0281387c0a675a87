#pragma once
// The colour that marks a participant (list, remote cursor). Each user's chosen colour (QSettings
// "userColor", app_settings.h) travels with their presence; for someone who chose none (or an
// older client) it follows from the name: the same on every machine.
#include <QColor>
#include <QString>

namespace framenote::ui {

QColor participantColor(const QString& name);
QColor ownColor(const QString& name);

}  // namespace framenote::ui
