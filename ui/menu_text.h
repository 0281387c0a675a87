#pragma once
// Text from the user's own content (a file name, a reply's words) shown as a menu item or button:
// Qt takes '&' for the mark of the item's shortcut letter ("R&D cut.mov" showed as "RD cut.mov"
// with the D underlined), so it is doubled to show as itself.
#include <QString>

namespace framenote::ui {

inline QString literalMenuText(QString text) {
    return text.replace(QLatin1Char('&'), QLatin1String("&&"));
}

}  // namespace framenote::ui
