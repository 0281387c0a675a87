#pragma once
// The player window: the picture with its notes overlay, the transport and timeline under it, the
// notes and participants beside it, and the menus. The keys belong to the picture
// (keyboard_home.h); messages go to the status bar, which nothing else occupies.
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QToolButton>

#include "ui/annotation_controller.h"
#include "ui/export_actions.h"
#include "ui/frame_view.h"
#include "ui/keyboard_home.h"
#include "ui/notes_panel.h"
#include "ui/player_controller.h"
#include "ui/retranslator.h"
#include "ui/timeline_widget.h"
#include "ui/transport_bar.h"
#include "ui/view_navigator.h"

namespace framenote::ui {

class SessionUi;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    // Ends a shared session before the store it uses closes.
    ~MainWindow() override;

    void openFile(const QString& path);
    PlayerController& player() { return player_; }
    FrameView& viewer() { return *viewer_; }
    AnnotationController& annotations() { return *annotations_; }
    NotesPanel& notes() { return *notes_; }
    SessionUi& together() { return *together_; }
    ViewNavigator& navigator() { return *navigator_; }
    ExportActions& exports() { return *exports_; }
    KeyboardHome& keyboard() { return *keyboard_; }
    class ColourControl& colour() {
        return *colour_;
    }
    class PixelProbe& probe() {
        return *probe_;
    }
    class CompareControl& compare() {
        return *compare_;
    }
    TransportBar& transport() { return *transport_; }
    TimelineWidget& timeline() { return *timeline_; }
    class WindowLayout& layoutControl() {
        return *layout_;
    }
    // On the first run (no name saved yet) asks for the user's name and colour; true if it did.
    bool welcomeIfFirstRun();
    // A message in the status bar for `ms` milliseconds (0: until the next one).
    void showStatus(const QString& text, int ms = 8000);
    // Keyboard focus back on the viewer (keyboard_home.h).
    void returnKeyboardHome();
    // The user's draft store: FRAMENOTE_DB if set, else framenote.db in the app data folder.
    static QString defaultStorePath();

  protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    // A menu of the menu bar whose title follows the language.
    QMenu* menu(Retranslator::Text title);
    // "clip.mov - Framenote", or "Framenote" without a clip.
    void showTitle();
    void buildMenus();
    void buildPlaybackMenu();
    void buildViewMenu();
    void buildHelpMenu();
    void connectPlayer();
    // Menu actions also belong to the window, so their keys work with the menu bar hidden.
    void keepKeysWithoutMenus();
    // What the transport readout shows: "both" (timecode and frame), "timecode" or "frame".
    void setTimeDisplay(const QString& mode);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void chooseFile();
    class SettingsDialog* openSettings();
    void showAbout();

    PlayerController player_;
    Retranslator* texts_ = nullptr;  // the texts of the window, its menus and status bar
    FrameView* viewer_ = nullptr;
    AnnotationController* annotations_ = nullptr;
    NotesPanel* notes_ = nullptr;
    SessionUi* together_ = nullptr;
    ViewNavigator* navigator_ = nullptr;
    QLabel* zoomLabel_ = nullptr;
    ExportActions* exports_ = nullptr;
    QLabel* saveLabel_ = nullptr;
    QToolButton* showExport_ = nullptr;  // "Show in Folder" after an export
    TimelineWidget* timeline_ = nullptr;
    TransportBar* transport_ = nullptr;
    KeyboardHome* keyboard_ = nullptr;
    class WindowLayout* layout_ = nullptr;
    QDockWidget* notesDock_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    class ColourControl* colour_ = nullptr;
    class PixelProbe* probe_ = nullptr;
    class CompareControl* compare_ = nullptr;
    TransportActions playbackActions_;
    QMenu* recentMenu_ = nullptr;
    QString currentPath_;
};

}  // namespace framenote::ui
