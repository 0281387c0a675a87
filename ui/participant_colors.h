#pragma once
// The colour that marks a participant (list, remote cursor). A user's chosen colour (QSettings
// "userColor", app_settings.h) travels with their presence. Someone who chose none gets the
// palette's colour for the number the relay gave them in join order: distinct for the first ten
// in a room, and the same on every machine since the number is the relay's.
#include <QColor>
#include <QString>
#include <optional>

namespace framenote::ui {

// The palette's colour for participant `number` (1, 2, ... as the relay assigns them).
QColor participantColor(uint32_t number);
// Without a number (not in a session yet): a colour that follows from the name.
QColor participantColor(const QString& name);
// The colour the user chose in the settings, if any.
std::optional<QColor> chosenColor();
// What this user is shown in: the chosen colour, else the palette's for `number` (0: by name).
QColor ownColor(const QString& name, uint32_t number = 0);

}  // namespace framenote::ui
