#pragma once
// Presence in a shared session: sends this user's pointer (normalized to the picture), playhead,
// play state and "present" flag; keeps what the others sent; and in follow mode makes the local
// player follow the presenter: the same frame when paused, play and pause together, and a seek
// when playback drifts more than a couple of frames.
#include <QObject>
#include <map>
#include <optional>

#include "core/sync/presence.h"
#include "ui/session_controller.h"

namespace framenote::ui {

class AnnotationOverlay;
class CompareControl;
class PlayerController;

class PresenceLink : public QObject {
    Q_OBJECT
  public:
    // `compare`: what this user compares goes out with the presence, and a presenter's is
    // followed (null: not shared).
    PresenceLink(SessionController* session, PlayerController* player, AnnotationOverlay* overlay,
                 CompareControl* compare, QObject* parent = nullptr);

    // "Present": the others' players follow this one.
    void setPresenting(bool on);
    bool presenting() const { return presenting_; }
    // Follow whoever presents (on by default).
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

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void publish();
    void onSessionState();
    void onModeChanged(SessionController::Mode mode);
    void onRemote(const sync::Presence& presence);
    void follow(const sync::Presence& presenter);
    void forgetOffline();

    SessionController* session_;
    PlayerController* player_;
    AnnotationOverlay* overlay_;
    CompareControl* compare_;
    std::optional<model::Point> cursor_;
    bool presenting_ = false;
    bool following_ = true;
    std::map<uint32_t, sync::Presence> remote_;
    uint32_t presenter_ = 0;
};

}  // namespace framenote::ui
