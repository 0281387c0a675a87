#pragma once
// A shared review of the open clip ("Together" in the user guide): hosting (the embedded relay
// plus our own connection to it as admin) or joining someone else's relay with an invitation.
//
// One code path for edits: the ReviewSession commits every edit to the store with its outbox
// entry (StoreWorker::apply); the SyncSession lives on the store thread (sync_session.h
// "Threads"), hears each commit there (StoreWorker::committed -> outboxChanged) and sends the
// outbox; what others changed (remoteChanged) makes the ReviewSession reload from the store.
// The UI thread never touches the SyncSession: it reaches it through StoreWorker::run jobs, and
// hears it through the connection's SessionLink (session_link.h), whose signals carry values.
#include <QColor>
#include <QDateTime>
#include <QObject>
#include <QUrl>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/common/result.h"
#include "core/sync/floor.h"
#include "core/sync/participant_table.h"
#include "core/sync/presence.h"
#include "core/sync/sync_session.h"
#include "ui/embedded_relay.h"
#include "ui/session_invite.h"
#include "ui/session_link.h"

namespace framenote::ui {

class AnnotationController;
class PlayerController;

class SessionController : public QObject {
    Q_OBJECT
  public:
    enum class Mode { None, Hosting, Joined };
    using State = sync::SyncSession::State;

    SessionController(PlayerController* player, AnnotationController* annotations,
                      QObject* parent = nullptr);
    // Closes the connection on the store thread (before the store can close) and stops the relay.
    ~SessionController() override;

    // Starts the embedded relay on `port` (0: any free port), its data in `dataDir` (default:
    // "relay" in the app data folder), and joins the open clip's room as admin. The relay
    // starts on its own thread: an error here is immediate (no clip open); the mode becomes
    // Hosting once it listens, or hostFailed says why it could not.
    // `floor`: an open session, or presenter-led with the host presenting (docs/PROTOCOL.md,
    // "Presenter-led sessions"), chosen as soon as the host is in the room.
    Status host(quint16 port, const QString& dataDir = {},
                sync::FloorMode floor = sync::FloorMode::Open);
    bool hostStarting() const { return relay_.starting(); }
    // An invitation for `guest` (a reviewer) to the hosted room, reachable at `address`.
    // `role`: what the invitation grants, Reviewer (draws, writes) or Viewer (watches, follows).
    QString invite(const QString& guest, const QString& address,
                   model::Role role = model::Role::Reviewer) const;
    // Joins the room of the open clip on the invitation's relay. Refused at once when the
    // invitation names another clip; the relay refuses a token for another room.
    Status join(const SessionInvite& invite);
    // Whether the open clip is the one `invite` reviews (an invitation naming no room: yes).
    bool hasClipOf(const SessionInvite& invite) const {
        return invite.room.isEmpty() || invite.room == currentMediaId();
    }
    // Leaves the session (and stops hosting).
    void leave();
    // The invitation this window joined with (empty when hosting or outside a session): its
    // relay's media port is where the open clip can be shared (ClipShare).
    const SessionInvite& joined() const { return joined_; }

    Mode mode() const { return mode_; }
    State state() const { return state_; }
    // When the connection to the relay was lost (invalid while online or outside a session).
    QDateTime offlineSince() const { return offlineSince_; }
    qint64 pending() const { return pending_; }
    bool everOnline() const { return everOnline_; }
    // "Online", "Offline, reconnecting: 2 edits pending sync", ...
    QString stateText() const;
    // Why the last session ended on its own (a refusal, a fatal error), or empty.
    const QString& lastError() const { return lastError_; }
    const QString& room() const { return room_; }
    const EmbeddedRelay& relay() const { return relay_; }
    EmbeddedRelay& relay() { return relay_; }

    // The room's participants as the relay announced them, and which of them is this user.
    const std::vector<sync::Participant>& participants() const { return participants_; }
    uint32_t you() const { return you_; }
    // The colour marking participant `number`: the one they chose (sent with their presence),
    // else one that follows from the name (the same on every machine).
    QColor colorOf(uint32_t number, const QString& name) const;
    // Who drives playback (open outside a session), and whether this user may: anyone in an
    // open session, the presenter in a presenter-led one (sync::mayDrive).
    const sync::Floor& floor() const { return floor_; }
    bool drives() const;
    // This user's role in the room (Reviewer outside a session).
    model::Role role() const;
    // Asks the relay for a change of the floor; its answer comes as floorChanged() or message().
    void requestFloor(const sync::FloorChange& change);
    // The name of participant `number` as announced ("Participant N" while unknown).
    QString nameOf(uint32_t number) const;
    // Sends this user's colour to the room (after a change in the settings).
    void setOwnColor(const QColor& color);
    // Sent to the room, coalesced by the session (at most 30 a second).
    void sendPresence(const sync::Presence& presence);
    // The user name the app uses outside sessions (QSettings "userName").
    static QString localUserName();

  signals:
    void stateChanged();
    void modeChanged(framenote::ui::SessionController::Mode mode);
    void participantsChanged();
    void presenceReceived(framenote::sync::Presence presence);
    // The floor changed: who presents, the mode, who asks to drive.
    void floorChanged();
    void message(QString text);
    // host() could not start the relay (the message names the cause: port in use, ...).
    void hostFailed(QString message);

  private:
    // Lets guests without the clip fetch it from the hosted relay (a movie or an image sequence).
    void offerClip(const QString& room, const QString& path);
    Status connectTo(const QUrl& url, const QString& token, const QString& room);
    void closeLink();
    void onRelayStarted(const QString& error);
    // Pending edits of `room` made under another name (offline, before an invitation named
    // this user) become the session identity's, so the relay takes them instead of refusing.
    void adoptOfflineEdits(const QString& room, const QString& user, model::Role role);
    void reloadSoon();
    void onState(State state, qint64 pending);
    void onPending(qint64 pending);
    void onParticipants(const sync::ParticipantTable& participants, quint32 you);
    void onFloor(const sync::Floor& floor);
    void applyHostFloor();
    void onRefused(const QUuid& opId, int code, const QString& why);
    void onSessionError(const QString& why, bool fatal);
    void onFatal(const QString& why);
    void onMediaOpened();
    QString currentMediaId() const;
    void setMode(Mode mode);

    PlayerController* player_;
    AnnotationController* annotations_;
    EmbeddedRelay relay_;
    SessionLink* link_ = nullptr;  // the current connection; a child of this object
    Mode mode_ = Mode::None;
    State state_ = State::Offline;
    QDateTime offlineSince_;
    qint64 pending_ = 0;
    bool everOnline_ = false;
    bool reloadQueued_ = false;
    QString room_;
    SessionInvite joined_;
    QString hostRoom_;  // the room host() is starting the relay for
    QString lastError_;
    std::vector<sync::Participant> participants_;
    std::map<uint32_t, QColor> colors_;  // participants who chose a colour
    uint32_t you_ = 0;
    sync::Floor floor_;
    std::optional<sync::FloorMode> hostFloor_;  // chosen when hosting, asked for once in the room
};

}  // namespace framenote::ui
