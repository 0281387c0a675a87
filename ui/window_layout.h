#pragma once
// The main window's panels and modes: View > Panels (a toggle per dock and tool bar, Reset
// Layout), the layout remembered between runs, and presentation mode: the picture alone, full
// screen, no menus, panels, transport or status bar, with every key still working
// (docs/ARCHITECTURE.md, "Keyboard focus").
#include <QAction>
#include <QByteArray>
#include <QList>
#include <QMainWindow>
#include <QMenu>
#include <QPointer>

namespace framenote::ui {

class WindowLayout : public QObject {
    Q_OBJECT
  public:
    // `chrome`: widgets of the central area that presentation mode hides too (transport, timeline).
    WindowLayout(QMainWindow* window, QList<QWidget*> chrome);

    // Fills `view` with the Panels submenu and the presentation toggle. Call once the docks and
    // tool bars exist; it also restores the layout saved by the last run.
    void addTo(QMenu* view);
    // Saves the layout (on close).
    void remember() const;
    void reset();
    void setPresentation(bool on);
    bool presenting() const { return presenting_; }
    QAction* presentationAction() const { return presentation_; }

  private:
    QMainWindow* window_;
    QList<QPointer<QWidget>> chrome_;
    QList<QPointer<QWidget>> hidden_;  // what presentation mode hid, shown again after it
    QByteArray initialState_;
    QAction* presentation_ = nullptr;
    bool presenting_ = false;
    bool wasMaximized_ = false;
};

}  // namespace framenote::ui
