#pragma once
// The player window: viewer, timeline, transport and the frame/timecode readout.
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>

#include "ui/player_controller.h"
#include "ui/timeline_widget.h"
#include "ui/frame_view.h"

namespace framenote::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    void openFile(const QString& path);
    PlayerController& player() { return player_; }
    FrameView& viewer() { return *viewer_; }

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void buildTransport();
    void updateReadout(qint64 frame);
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void chooseFile();
    void showAbout();

    PlayerController player_;
    FrameView* viewer_ = nullptr;
    TimelineWidget* timeline_ = nullptr;
    QLabel* frameLabel_ = nullptr;
    QLabel* timecodeLabel_ = nullptr;
    QLabel* playLabel_ = nullptr;
    QLineEdit* jumpEdit_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QString currentPath_;
};

}  // namespace framenote::ui
