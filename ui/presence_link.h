#pragma once
// Presence in a shared session: sends this user's pointer (normalized to the picture), playhead,
// play state and "present" flag; keeps what the others sent; and in follow mode makes the local
// player follow the presenter: the same frame when paused, play and pause together, and a seek
// when playback drifts more than a couple of frames. In a presenter-led session the floor names
// the presenter (SessionController::floor): the others always follow it, and their player and
// compare view are locked to it (docs/ARCHITECTURE.md, "Presenter-led sessions").
#include <QObject>
#include <map>
#include <optional>

#include "core/sync/presence.h"
#include "ui/session_controller.h"

namespace framenote::ui {

class AnnotationOverlay;
class ColourControl;
class CompareControl;
class LaserTrails;
class PlayerController;

// What goes out with a presenter's presence besides the playhead, and is followed from one (a
// null member: not shared).
struct SharedViews {
    CompareControl* compare = nullptr;  // what this user compares (sent whenever comparing)
    ColourControl* colour = nullptr;    // how this user views the colours (sent while presenting)
    LaserTrails* laser = nullptr;       // this user's laser trail out, the others' in
};

class PresenceLink : public QObject {
    Q_OBJECT
  public:
    PresenceLink(SessionController* session, PlayerController* player, AnnotationOverlay* overlay,
                 SharedViews views, QObject* parent = nullptr);

    // "Present": the others' players follow this one. In a presenter-led session the floor
    // decides instead, and this changes nothing.
    void setPresenting(bool on);
    bool presenting() const { return presenting_; }
    // Follow whoever presents (on by default; always on in a presenter-led session).
    void setFollowing(bool on);
    bool following() const { return following_; }

    // The latest presence of each other participant, by participant number.
    const std::map<uint32_t, sync::Presence>& remote() const { return remote_; }
    // The participant presenting (0: nobody).
    uint32_t presenter() const { return presenter_; }
    // Playback drift tolerated while following a playing presenter.
    static constexpr qint64 kDriftFrames = 2;

  signals:
    void remoteChanged();
    void presentingChanged(bool on);
    // The user changed the compare view while the presenter leads: it was set back.
    void viewRefused();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void publish();
    void onSessionState();
    void onModeChanged(SessionController::Mode mode);
    void onRemote(const sync::Presence& presence);
    void onFloor();
    bool led() const;
    void onCompareChanged();
    void follow(const sync::Presence& presenter);
    // Not following a presenter any more: the user's own colour view again.
    void unfollow();
    void forgetOffline();

    SessionController* session_;
    PlayerController* player_;
    AnnotationOverlay* overlay_;
    SharedViews views_;
    std::optional<model::Point> cursor_;
    bool presenting_ = false;
    bool following_ = true;
    std::map<uint32_t, sync::Presence> remote_;
    uint32_t presenter_ = 0;
    bool reasserting_ = false;  // onCompareChanged() is setting the presenter's view back
};

}  // namespace framenote::ui
