#pragma once
// The player window: viewer, timeline, transport and the frame/timecode readout.
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>

#include "ui/annotation_controller.h"
#include "ui/export_actions.h"
#include "ui/frame_view.h"
#include "ui/notes_panel.h"
#include "ui/player_controller.h"
#include "ui/timeline_widget.h"
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
    // The user's draft store: FRAMENOTE_DB if set, else framenote.db in the app data folder.
    static QString defaultStorePath();

  protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildMenus();
    void buildTransport();
    void buildViewMenu();
    // What the transport readout shows: "both" (timecode and frame), "timecode" or "frame".
    void setTimeDisplay(const QString& mode);
    void updateReadout(qint64 frame);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void chooseFile();
    void showAbout();

    PlayerController player_;
    FrameView* viewer_ = nullptr;
    AnnotationController* annotations_ = nullptr;
    NotesPanel* notes_ = nullptr;
    SessionUi* together_ = nullptr;
    ViewNavigator* navigator_ = nullptr;
    QLabel* zoomLabel_ = nullptr;
    ExportActions* exports_ = nullptr;
    QLabel* saveLabel_ = nullptr;
    TimelineWidget* timeline_ = nullptr;
    QLabel* frameLabel_ = nullptr;
    QLabel* timecodeLabel_ = nullptr;
    QLabel* playLabel_ = nullptr;
    QLineEdit* jumpEdit_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QString currentPath_;
};

}  // namespace framenote::ui
