#include "ui/presence_link.h"

#include <QEvent>
#include <QMouseEvent>
#include <algorithm>

#include "core/sync/protocol_limits.h"
#include "ui/annotation_overlay.h"
#include "ui/colour_control.h"
#include "ui/compare_control.h"
#include "ui/laser_trails.h"
#include "ui/player_controller.h"

namespace framenote::ui {

PresenceLink::PresenceLink(SessionController* session, PlayerController* player,
                           AnnotationOverlay* overlay, SharedViews views, QObject* parent)
    : QObject(parent), session_(session), player_(player), overlay_(overlay), views_(views) {
    // Pointer moves without a button pressed reach the overlay only with tracking on.
    overlay_->setMouseTracking(true);
    overlay_->installEventFilter(this);
    // After the local update (playheadChanged comes once the playhead moved), never before:
    // followers must not land one frame off.
    connect(player_, &PlayerController::playheadChanged, this, &PresenceLink::publish);
    connect(player_, &PlayerController::playStateChanged, this, &PresenceLink::publish);
    // A shape being drawn goes out point by point (at the presence rate), and its end at once.
    connect(overlay_, &AnnotationOverlay::drawingChanged, this, &PresenceLink::publish);
    if (views_.compare)
        connect(views_.compare, &CompareControl::changed, this, &PresenceLink::onCompareChanged);
    if (views_.colour)
        connect(views_.colour, &ColourControl::changed, this, [this] {
            if (presenting_) publish();
        });
    connect(session_, &SessionController::presenceReceived, this, &PresenceLink::onRemote);
    connect(session_, &SessionController::participantsChanged, this, &PresenceLink::forgetOffline);
    connect(session_, &SessionController::stateChanged, this, &PresenceLink::onSessionState);
    connect(session_, &SessionController::modeChanged, this, &PresenceLink::onModeChanged);
    connect(session_, &SessionController::floorChanged, this, &PresenceLink::onFloor);
}

bool PresenceLink::led() const { return session_->floor().mode == sync::FloorMode::PresenterLed; }

// Presenter-led: the floor names the presenter. The others follow it whatever they chose, and
// their transport is locked; back to open, everyone keeps what they had and may drive again.
void PresenceLink::onFloor() {
    player_->setLocked(!session_->drives());
    if (led()) {
        const uint32_t floorHolder = session_->floor().presenter;
        const bool mine = floorHolder != 0 && floorHolder == session_->you();
        presenter_ = mine ? 0 : floorHolder;
        if (presenting_ != mine) {
            presenting_ = mine;
            emit presentingChanged(mine);
        }
        if (mine) {
            unfollow();
        } else {
            following_ = true;
            if (presenter_ && remote_.count(presenter_)) follow(remote_.at(presenter_));
        }
    }
    publish();
    emit remoteChanged();
}

// A follower's own compare change while the presenter leads is set back to the presenter's.
void PresenceLink::onCompareChanged() {
    if (!reasserting_ && player_->locked() && presenter_ && remote_.count(presenter_) &&
        views_.compare->view() != remote_.at(presenter_).compare) {
        reasserting_ = true;
        views_.compare->follow(remote_.at(presenter_).compare);
        reasserting_ = false;
        emit viewRefused();
    }
    publish();
}

void PresenceLink::onSessionState() {
    // Joining (or rejoining): the others learn where this user is.
    if (session_->state() == SessionController::State::Online) publish();
}

void PresenceLink::onModeChanged(SessionController::Mode mode) {
    if (mode != SessionController::Mode::None) return;
    for (const auto& [participant, presence] : remote_) {
        if (views_.laser) views_.laser->forget(participant);
        overlay_->setRemoteDrawing(participant, std::nullopt);
    }
    remote_.clear();
    presenter_ = 0;
    unfollow();
    setPresenting(false);
    emit remoteChanged();
}

void PresenceLink::setPresenting(bool on) {
    if (led() && on != presenting_) {
        emit presentingChanged(presenting_);  // the floor decides: a checked action goes back
        return;
    }
    if (on == presenting_) return;
    presenting_ = on;
    emit presentingChanged(on);
    publish();
}

void PresenceLink::setFollowing(bool on) {
    if (led() && !on) return;  // nobody leaves the presenter of a presenter-led session
    following_ = on;
    publish();
    if (on && presenter_ && remote_.count(presenter_)) follow(remote_.at(presenter_));
    if (!on) unfollow();
}

bool PresenceLink::eventFilter(QObject* watched, QEvent* event) {
    if (watched == overlay_) {
        if (event->type() == QEvent::MouseMove) {
            const QPointF p = overlay_->toPicture(static_cast<QMouseEvent*>(event)->position());
            if (p.x() >= 0 && p.x() <= 1 && p.y() >= 0 && p.y() <= 1)
                cursor_ = model::Point{p.x(), p.y()};
            else
                cursor_.reset();
            publish();
        } else if (event->type() == QEvent::MouseButtonRelease && views_.laser &&
                   views_.laser->localTrail()) {
            publish();  // the pointer lifted: the others start the fade with it
        } else if (event->type() == QEvent::Leave) {
            cursor_.reset();
            publish();
        }
    }
    return QObject::eventFilter(watched, event);
}

void PresenceLink::publish() {
    if (session_->mode() == SessionController::Mode::None) return;
    sync::Presence p;
    p.cursor = cursor_;
    p.playheadFrame = player_->playhead();
    p.playing = player_->playing();
    p.presenting = presenting_;
    p.following = following_ && !presenting_ ? presenter_ : 0;
    if (views_.compare) p.compare = views_.compare->view();
    if (views_.colour && presenting_) p.colour = views_.colour->view();
    if (views_.laser) p.laser = views_.laser->localTrail();
    if (auto drawing = overlay_->drawingNow()) {
        if (drawing->points.size() > static_cast<size_t>(sync::kMaxLivePoints))
            drawing->points.resize(sync::kMaxLivePoints);  // the rest shows when it is a note
        p.drawing = sync::LiveShape{drawing->kind, drawing->style, std::move(drawing->points)};
    }
    session_->sendPresence(p);
}

void PresenceLink::onRemote(const sync::Presence& presence) {
    if (presence.participant == 0 || presence.participant == session_->you()) return;
    remote_[presence.participant] = presence;
    // A shape in progress shows until an update comes without it (lifted: the note follows).
    std::optional<model::Annotation> drawing;
    if (presence.drawing) {
        drawing.emplace();
        drawing->kind = presence.drawing->kind;
        drawing->style = presence.drawing->style;
        drawing->points = presence.drawing->points;
    }
    overlay_->setRemoteDrawing(presence.participant, std::move(drawing));
    // A trail replaces the one before; an update without one leaves it to fade on its own.
    if (views_.laser && presence.laser)
        views_.laser->setRemote(
            presence.participant, *presence.laser,
            session_->colorOf(presence.participant, session_->nameOf(presence.participant)));
    if (led()) {
        if (presence.participant == presenter_) follow(presence);
    } else {
        if (presence.presenting) {
            presenter_ = presence.participant;
            // Someone else presents now: one presenter at a time.
            if (presenting_) setPresenting(false);
        } else if (presenter_ == presence.participant) {
            presenter_ = 0;
            unfollow();
        }
        if (following_ && !presenting_ && presence.presenting) follow(presence);
    }
    emit remoteChanged();
}

void PresenceLink::follow(const sync::Presence& presenter) {
    if (!player_->hasMedia()) return;
    if (views_.colour) views_.colour->follow(presenter.colour);
    if (views_.compare) {
        reasserting_ = true;  // the presenter's view, not the user's change
        views_.compare->follow(presenter.compare);
        reasserting_ = false;
    }
    player_->mirror(presenter.playheadFrame, presenter.playing, kDriftFrames);
}

void PresenceLink::unfollow() {
    if (views_.colour) views_.colour->follow(std::nullopt);
}

void PresenceLink::forgetOffline() {
    bool changed = false;
    for (auto it = remote_.begin(); it != remote_.end();) {
        const auto& entries = session_->participants();
        const bool online = std::any_of(
            entries.begin(), entries.end(),
            [&](const sync::Participant& p) { return p.number == it->first && p.online; });
        if (online) {
            ++it;
            continue;
        }
        if (views_.laser) views_.laser->forget(it->first);    // an abandoned trail goes at once
        overlay_->setRemoteDrawing(it->first, std::nullopt);  // and an abandoned stroke
        if (presenter_ == it->first) {
            presenter_ = 0;
            unfollow();
        }
        it = remote_.erase(it);
        changed = true;
    }
    if (changed) emit remoteChanged();
}

}  // namespace framenote::ui
