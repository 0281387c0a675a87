#pragma once
// Where the player's keys go (docs/ARCHITECTURE.md, "Keyboard focus"). The viewer is home: Space,
// J/K/L, the arrows, the tool letters, Delete and Ctrl+Z act on the picture and its notes. A text
// field has the keys only while the user is typing in it: it takes focus when clicked (or by its
// own shortcut, Ctrl+F for the search), and gives it back on Esc, on Enter once its text is
// handled, and whenever the window comes back from a dialog to an empty field. Clicking any other
// control (a button, a list, a filter, the timeline) leaves the keys with the viewer.
#include <QObject>
#include <QPointer>
#include <QWidget>
#include <functional>
#include <vector>

namespace framenote::ui {

class KeyboardHome : public QObject {
    Q_OBJECT
  public:
    // `home` receives the keys (it is given Qt::StrongFocus); `window` is the window it serves.
    KeyboardHome(QWidget* window, QWidget* home);
    ~KeyboardHome() override;

    // A text field in the window: Esc hands the keys back; so does Enter, after the field has
    // acted on it (a search run, a reply sent, a frame found), unless `keepOnEnter` says the
    // field still needs them (it returns true when the entry failed, for example).
    void addTextField(QWidget* field, std::function<bool()> keepOnEnter = {});
    // Another widget that belongs to the picture (an overlay, the viewer under it): focus there
    // counts as home.
    void addViewerPart(QWidget* part);
    // Gives the keys back to the viewer now.
    void returnHome();
    bool isHome(const QWidget* widget) const;

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    // Focus arrived at `widget` for `reason`: send it home unless the user is typing there.
    void onFocusIn(QWidget* widget, int reason);
    bool isTextEntry(const QWidget* widget) const;
    // After a dialog closed or the window was activated again.
    void settleAfterInterruption();

    QPointer<QWidget> window_;
    QPointer<QWidget> home_;
    QList<QPointer<QWidget>> viewerParts_;
    struct TextField {
        QPointer<QWidget> widget;
        std::function<bool()> keepOnEnter;
    };
    std::vector<TextField> textFields_;
    bool clickedSinceActivation_ = false;
};

}  // namespace framenote::ui
