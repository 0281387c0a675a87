#include "ui/participant_colors.h"

#include <QCryptographicHash>
#include <array>

#include "ui/app_settings.h"

namespace framenote::ui {

namespace {
// Distinct on the dark viewer background and from the annotation palette's pure red; neighbours
// in join order differ in hue.
constexpr std::array<QRgb, 10> kPalette = {0xff4fc3f7, 0xffffb74d, 0xffaed581, 0xffba68c8,
                                           0xfff06292, 0xff4db6ac, 0xffffd54f, 0xff9575cd,
                                           0xffe57373, 0xff81c784};
}  // namespace

QColor participantColor(uint32_t number) {
    return QColor::fromRgba(kPalette[(number > 0 ? number - 1 : 0) % kPalette.size()]);
}

QColor participantColor(const QString& name) {
    const QByteArray hash = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha1);
    return QColor::fromRgba(kPalette[static_cast<unsigned char>(hash.at(0)) % kPalette.size()]);
}

std::optional<QColor> chosenColor() {
    const QColor chosen = AppSettings::load().userColor;
    return chosen.isValid() ? std::optional<QColor>(chosen) : std::nullopt;
}

QColor ownColor(const QString& name, uint32_t number) {
    if (auto chosen = chosenColor()) return *chosen;
    return number > 0 ? participantColor(number) : participantColor(name);
}

}  // namespace framenote::ui
