#pragma once
// The "Together" part of the main window: the Session menu (host, join, leave, present,
// follow, and in a presenter-led session hand over and ask to drive), the participants dock, the
// remote pointers over the picture and the connection state in the status bar. The work is done by
// SessionController and PresenceLink.
#include <QLabel>
#include <QMainWindow>
#include <QObject>
#include <functional>

#include "ui/participants_panel.h"
#include "ui/presence_link.h"
#include "ui/remote_cursor_layer.h"
#include "ui/session_controller.h"

namespace framenote::ui {

class Retranslator;

class SessionUi : public QObject {
    Q_OBJECT
  public:
    // `views`: shared with the others in presence, followed from a presenter.
    SessionUi(QMainWindow* window, PlayerController* player, AnnotationController* annotations,
              SharedViews views);

    SessionController& controller() { return *controller_; }
    PresenceLink& presence() { return *presence_; }
    QLabel* stateLabel() const { return stateLabel_; }
    ParticipantsPanel* participantsPanel() const { return panel_; }
    RemoteCursorLayer* cursorLayer() const { return cursors_; }

    void showHostDialog();
    void showJoinDialog();
    // Uploads the open clip to the joined session's relay (ClipShare), for guests without it.
    void shareClip();
    // Joins with an invitation for a clip not open here: fetched from the host first (ClipFetch).
    void fetchAndJoin(const SessionInvite& invite);
    // How a fetched clip is opened: the window's own way (MainWindow::openFile), so that its
    // title and recent files follow; the player's open() until the window says.
    void setClipOpener(std::function<void(const QString&)> open) { openClip_ = std::move(open); }
    // `framenote --host PORT` / `--join INVITATION`: once the clip is open, host (printing an
    // invitation for each address on stdout) or join. Problems go to stderr and the status bar.
    // `presenterLed`: host a presenter-led session. `clipGiven`: a clip is being opened (else
    // a guest fetches the session's clip at once).
    void startFromCommandLine(const QString& hostPort, const QString& invitation,
                              bool presenterLed = false, bool clipGiven = true);

    // In a session: asks first (hosting ends it for everyone), then leaves and runs `then`, and
    // returns true. Outside a session: does nothing and returns false (the caller goes on).
    bool askToLeave(std::function<void()> then);

  signals:
    // For the window's status bar (MainWindow::showStatus), shown for `ms` milliseconds.
    void message(QString text, int ms);

  private:
    void buildMenu();
    void refreshState();
    void refreshShare();
    void refreshCursors();
    // The floor's actions, the player's lock, and what changed told in the status bar.
    void refreshFloor();
    void tellFloorChange(const sync::Floor& before);
    void rebuildHandOverMenu();
    // Why a playback command did nothing: someone else presents.
    void explainLock();

    QMainWindow* window_;
    PlayerController* player_;
    Retranslator* texts_ = nullptr;  // the menu's, the dock's and the status texts
    SessionController* controller_ = nullptr;
    PresenceLink* presence_ = nullptr;
    QLabel* stateLabel_ = nullptr;
    ParticipantsPanel* panel_ = nullptr;
    RemoteCursorLayer* cursors_ = nullptr;
    void refreshBanner();
    QLabel* followBanner_ = nullptr;
    QAction* host_ = nullptr;
    QAction* join_ = nullptr;
    QAction* invite_ = nullptr;
    QAction* leave_ = nullptr;
    QAction* share_ = nullptr;
    QString storePath_;  // the user's draft store: shared clips' uploads wait there to resume
    QAction* present_ = nullptr;
    QAction* follow_ = nullptr;
    QAction* presenterLed_ = nullptr;
    QMenu* handOver_ = nullptr;
    QAction* ask_ = nullptr;
    std::function<void(const QString&)> openClip_;
    sync::Floor shownFloor_;  // the floor last told in the status bar
};

}  // namespace framenote::ui
