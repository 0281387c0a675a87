#pragma once
// Help > Keyboard Shortcuts and Help > User Guide. The shortcut reference is generated from the
// window's own actions (every menu, the tool bar), so it cannot drift from what the keys do.
#include <QAction>
#include <QList>
#include <QString>
#include <QWidget>

namespace framenote::ui {

struct ShortcutEntry {
    QString group;   // the menu (or tool bar) the action is in, without its '&'
    QString action;  // the action's text, without its '&'
    QString keys;    // every key of the action, as the platform writes them ("Ctrl+Z, Alt+Back")
};

// The actions with a key in `window`'s menu bar and tool bars, in menu order.
QList<ShortcutEntry> shortcutEntries(QWidget* window);
// The reference as a non-modal dialog (a table, filterable by typing); one per window.
void showShortcutReference(QWidget* window);
// The user guide (docs/USER_GUIDE.md, built into the app) in a browser window; one per window.
void showUserGuide(QWidget* window);

}  // namespace framenote::ui
