#include "ui/participant_colors.h"

#include <QCryptographicHash>
#include <array>

#include "ui/app_settings.h"

namespace framenote::ui {

QColor participantColor(const QString& name) {
    // Distinct on the dark viewer background and from the annotation palette's pure red.
    static const std::array<QRgb, 10> palette = {0xff4fc3f7, 0xffffb74d, 0xffaed581, 0xffba68c8,
                                                 0xfff06292, 0xff4db6ac, 0xffffd54f, 0xff9575cd,
                                                 0xffe57373, 0xff81c784};
    const QByteArray hash = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha1);
    return QColor::fromRgba(palette[static_cast<unsigned char>(hash.at(0)) % palette.size()]);
}

QColor ownColor(const QString& name) {
    const QColor chosen = AppSettings::load().userColor;
    return chosen.isValid() ? chosen : participantColor(name);
}

}  // namespace framenote::ui
