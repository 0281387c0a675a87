#include "ui/session_controller.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTimer>

#include "core/media/media_source.h"
#include "core/store/draft_store.h"
#include "ui/annotation_controller.h"
#include "ui/manifest_aside.h"
#include "ui/participant_colors.h"
#include "ui/player_controller.h"

namespace framenote::ui {

namespace {
constexpr qint64 kHostTokenSeconds = 30 * 24 * 3600;
constexpr qint64 kInviteSeconds = 7 * 24 * 3600;
constexpr int kReloadCoalesceMs = 30;
}  // namespace

SessionController::SessionController(PlayerController* player, AnnotationController* annotations,
                                     QObject* parent)
    : QObject(parent), player_(player), annotations_(annotations) {
    // Every edit, shared or not yet, is quantized as the wire carries it: the outbox of an
    // offline edit then holds exactly what the relay will confirm.
    annotations_->session().setPrepare(&sync::SyncSession::prepareLocal);
    connect(player_, &PlayerController::mediaOpened, this, &SessionController::onMediaOpened);
    connect(player_, &PlayerController::openFailed, this, [this] {
        if (mode_ == Mode::None) return;
        leave();
        emit message(tr("You left the session: the clip could not be opened."));
    });
    connect(&relay_, &EmbeddedRelay::started, this, &SessionController::onRelayStarted);
    connect(&relay_, &EmbeddedRelay::failed, this, [this](const QString& why) {
        emit message(tr("The hosted session stopped: %1").arg(why));
    });
}

SessionController::~SessionController() {
    closeLink();
    annotations_->store().flush();  // the SyncSession is gone before the store can close
    relay_.stop();
}

QString SessionController::localUserName() {
    return QSettings().value("userName", qEnvironmentVariable("USER", tr("Reviewer"))).toString();
}

QString SessionController::currentMediaId() const {
    return player_->hasMedia() ? QString::fromStdString(player_->media()->fingerprint) : QString();
}

Status SessionController::host(quint16 port, const QString& dataDir, sync::FloorMode floor) {
    const QString room = currentMediaId();
    if (room.isEmpty())
        return makeError(
            tr("Open the clip to review first: a session shares one clip.").toStdString());
    if (relay_.starting()) return makeError(tr("The session is already starting.").toStdString());
    leave();
    QString folder = dataDir;
    if (folder.isEmpty())
        folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/relay";
    hostRoom_ = room;
    hostFloor_ = floor;
    relay_.start(port, folder);  // onRelayStarted follows
    return Ok{};
}

// A movie is offered as it is; an image sequence as its manifest and files, once the manifest
// is made aside (manifest_aside.h).
void SessionController::offerClip(const QString& room, const QString& path) {
    const auto notOffered = [](const std::string& why) {
        qInfo("the open clip is not offered for download: %s", why.c_str());
    };
    if (!media::isSequenceInput(path.toStdString())) {
        if (Status offered = relay_.offerFile(room, path); !offered) notOffered(offered.error());
        return;
    }
    makeManifestAside(this, path, [this, room, notOffered](Result<SequenceToSend> sequence) {
        if (room != room_) return;  // the session ended, or another began
        if (!sequence) return notOffered(sequence.error());
        if (Status offered = relay_.offerSequence(room, sequence->manifest, sequence->directory);
            !offered)
            notOffered(offered.error());
    });
}

void SessionController::onRelayStarted(const QString& error) {
    const QString room = hostRoom_;
    hostRoom_.clear();
    const auto fail = [this](const QString& why) {
        emit message(why);
        emit hostFailed(why);
    };
    if (!error.isEmpty()) {
        fail(tr("The session could not start: %1").arg(error));
        return;
    }
    if (room.isEmpty() || room != currentMediaId()) {  // left, or another clip opened, meanwhile
        relay_.stop();
        return;
    }
    room_ = room;  // before the mode: whoever reacts to it may invite to the room
    // Guests without the clip fetch it from here.
    offerClip(room, QString::fromStdString(player_->media()->info.path));
    setMode(Mode::Hosting);
    QUrl url;
    url.setScheme("ws");
    url.setHost("127.0.0.1");
    url.setPort(relay_.port());
    url.setPath("/");
    if (Status s = connectTo(
            url, relay_.issueToken(localUserName(), model::Role::Admin, room, kHostTokenSeconds),
            room);
        !s)
        fail(QString::fromStdString(s.error()));
}

QString SessionController::invite(const QString& guest, const QString& address,
                                  model::Role role) const {
    if (mode_ != Mode::Hosting || !relay_.running()) return {};
    SessionInvite invite;
    invite.relay.setScheme("ws");
    invite.relay.setHost(address);
    invite.relay.setPort(relay_.port());
    invite.relay.setPath("/");
    // An invitation grants at most reviewing: admin is the host's own.
    if (role != model::Role::Viewer) role = model::Role::Reviewer;
    invite.token = relay_.issueToken(guest.trimmed(), role, room_, kInviteSeconds);
    invite.room = room_;
    invite.mediaPort = relay_.mediaPort();
    invite.clip = player_->hasMedia()
                      ? QFileInfo(QString::fromStdString(player_->media()->info.path)).fileName()
                      : QString();
    return formatInvite(invite);
}

Status SessionController::join(const SessionInvite& invite) {
    const QString room = currentMediaId();
    if (room.isEmpty())
        return makeError(tr("Open the clip the session reviews first: the session is matched by "
                            "the clip's content.")
                             .toStdString());
    if (!invite.room.isEmpty() && invite.room != room)
        return makeError(tr("This session reviews another clip (%1). Open the same file (any copy, "
                            "under any path) "
                            "and join again.")
                             .arg(invite.clip.isEmpty() ? invite.room.left(12) : invite.clip)
                             .toStdString());
    leave();
    joined_ = invite;
    setMode(Mode::Joined);
    return connectTo(invite.relay, invite.token, room);
}

Status SessionController::connectTo(const QUrl& url, const QString& token, const QString& room) {
    review::ReviewSession& review = annotations_->session();
    if (!token.isEmpty()) {
        auto identity = peekTokenIdentity(token);
        if (!identity) {
            setMode(Mode::None);
            return makeError(identity.error());
        }
        // The relay takes edits only under the token's name and role.
        review.setIdentity(identity->user, identity->role);
        adoptOfflineEdits(room, identity->user, identity->role);
    }
    room_ = room;
    lastError_.clear();
    everOnline_ = false;
    participants_.clear();
    you_ = 0;
    onState(State::Connecting, pending_);

    sync::SyncSession::Options options;
    options.url = url;
    options.mediaId = room;
    options.frameCount = player_->frameCount();
    options.token = token;
    options.displayName = localUserName();
    link_ = new SessionLink(annotations_->store(), this);
    connect(link_, &SessionLink::stateChanged, this, &SessionController::onState);
    connect(link_, &SessionLink::pendingChanged, this, &SessionController::onPending);
    connect(link_, &SessionLink::confirmed, this, [this](const QList<model::Operation>& ops) {
        if (!annotations_->session().applyConfirmed(ops)) reloadSoon();
    });
    connect(link_, &SessionLink::remoteChanged, this, &SessionController::reloadSoon);
    connect(link_, &SessionLink::participantsChanged, this, &SessionController::onParticipants);
    connect(link_, &SessionLink::presenceReceived, this, &SessionController::presenceReceived);
    connect(link_, &SessionLink::floorChanged, this, &SessionController::onFloor);
    connect(link_, &SessionLink::operationRefused, this, &SessionController::onRefused);
    connect(link_, &SessionLink::errorOccurred, this, &SessionController::onSessionError);
    // Only a colour the user chose travels; without one, everyone derives the same palette
    // colour from the relay's participant number (participant_colors.h).
    const auto chosen = chosenColor();
    link_->open(options, chosen ? std::optional<uint32_t>(chosen->rgba()) : std::nullopt);
    return Ok{};
}

void SessionController::reloadSoon() {
    // A burst of remote changes (a replay, a busy room) costs one reload, not one each.
    if (reloadQueued_) return;
    reloadQueued_ = true;
    QTimer::singleShot(kReloadCoalesceMs, this, [this] {
        reloadQueued_ = false;
        annotations_->session().reload();
    });
}

void SessionController::closeLink() {
    if (!link_) return;
    // Whatever the old session still sends is dropped from here on (session_link.h).
    link_->disconnect(this);
    link_->close();
    link_ = nullptr;
}

void SessionController::leave() {
    hostRoom_.clear();  // a relay still starting is stopped as soon as it listens
    joined_ = SessionInvite{};
    const bool wasHosting = mode_ == Mode::Hosting;
    closeLink();
    if (wasHosting) relay_.stop();
    if (mode_ == Mode::None) return;
    annotations_->session().setIdentity(localUserName(), model::Role::Reviewer);
    participants_.clear();
    you_ = 0;
    emit participantsChanged();
    onFloor(sync::Floor{});
    onState(State::Offline, pending_);
    setMode(Mode::None);
}

void SessionController::setMode(Mode mode) {
    if (mode == mode_) return;
    mode_ = mode;
    emit modeChanged(mode_);
    emit stateChanged();
}

void SessionController::onState(State state, qint64 pending) {
    if (state == State::Online)
        offlineSince_ = {};
    else if (state_ == State::Online || !offlineSince_.isValid())
        offlineSince_ = QDateTime::currentDateTime();
    state_ = state;
    pending_ = pending;
    if (state == State::Online) everOnline_ = true;
    if (state == State::Online) annotations_->session().setShared();
    annotations_->session().setPendingSyncCount(pending);
    emit stateChanged();
    if (state == State::Online) applyHostFloor();
}

void SessionController::onPending(qint64 pending) {
    // In order with the session's state changes: state_ is the state it had when it counted.
    onState(state_, pending);
}

void SessionController::onParticipants(const sync::ParticipantTable& participants, quint32 you) {
    participants_ = participants.entries();
    colors_.clear();
    for (const sync::Participant& p : participants_)
        if (auto argb = participants.color(p.number)) colors_[p.number] = QColor::fromRgba(*argb);
    you_ = you;
    emit participantsChanged();
}

void SessionController::onFloor(const sync::Floor& floor) {
    const bool changed = floor != floor_;
    floor_ = floor;
    applyHostFloor();
    if (changed) emit floorChanged();
}

// The host's choice of mode goes to the relay once the host is in the room, as its admin, and
// caught up (the relay's floor of the room known).
void SessionController::applyHostFloor() {
    if (!hostFloor_ || mode_ != Mode::Hosting || state_ != State::Online || you_ == 0) return;
    if (*hostFloor_ != floor_.mode)
        requestFloor({sync::FloorChange::Kind::SetMode, *hostFloor_, 0});
    hostFloor_.reset();
}

bool SessionController::drives() const {
    return mode_ == Mode::None || sync::mayDrive(floor_, you_);
}

model::Role SessionController::role() const {
    for (const sync::Participant& p : participants_)
        if (p.number == you_) return p.role;
    return model::Role::Reviewer;
}

QString SessionController::nameOf(uint32_t number) const {
    for (const sync::Participant& p : participants_)
        if (p.number == number) return p.name;
    return tr("Participant %1").arg(number);
}

void SessionController::requestFloor(const sync::FloorChange& change) {
    if (!link_ || state_ != State::Online) {
        emit message(tr("Not connected to the session: try again once online."));
        return;
    }
    link_->requestFloor(change);
}

void SessionController::onRefused(const QUuid&, int, const QString& why) {
    emit message(tr("The session refused an edit: %1").arg(why));
    reloadSoon();
}

void SessionController::onSessionError(const QString& why, bool fatal) {
    if (fatal) {
        onFatal(why);
        return;
    }
    // An update sent while presenting crossed the floor passing to someone else: expected.
    if (why.contains(QLatin1String("presence.presenting:")) && !drives()) return;
    emit message(tr("Session: %1").arg(why));
}

void SessionController::onFatal(const QString& why) {
    // A relay refusing the room means the token is for another clip's room.
    const bool otherClip = why.contains(QLatin1String("does not allow room"));
    lastError_ =
        otherClip
            ? tr("The session reviews another clip: open the same file (any copy, under any path) "
                 "and join again.")
            : tr("The session ended: %1").arg(why);
    const qint64 pending = pending_;
    const bool wasHosting = mode_ == Mode::Hosting;
    closeLink();
    if (wasHosting) relay_.stop();
    annotations_->session().setIdentity(localUserName(), model::Role::Reviewer);
    participants_.clear();
    emit participantsChanged();
    onFloor(sync::Floor{});
    onState(State::Offline, pending);
    setMode(Mode::None);
    emit message(lastError_);
}

void SessionController::onMediaOpened() {
    if (mode_ == Mode::None || currentMediaId() == room_) return;
    leave();
    emit message(tr("You left the session: another clip was opened."));
}

void SessionController::adoptOfflineEdits(const QString& room, const QString& user,
                                          model::Role role) {
    // Queued on the store thread ahead of the SyncSession, so it sends them under this name.
    annotations_->store().run([this, room, user, role](store::DraftStore& store) {
        auto adopted = store.adoptPending(room, user, role);
        QMetaObject::invokeMethod(this, [this, adopted, user] {
            if (!adopted) {
                emit message(QString::fromStdString(adopted.error()));
            } else if (*adopted > 0) {
                emit message(
                    tr("%n edit(s) made offline are shared under the name %1", nullptr, *adopted)
                        .arg(user));
                reloadSoon();
            }
        });
    });
}

QColor SessionController::colorOf(uint32_t number, const QString& name) const {
    if (number == you_) return ownColor(name, number);
    const auto chosen = colors_.find(number);
    if (chosen != colors_.end()) return chosen->second;
    return number > 0 ? participantColor(number) : participantColor(name);
}

void SessionController::setOwnColor(const QColor& color) {
    if (!link_) return;
    link_->setPresenceColor(color.rgba());
}

void SessionController::sendPresence(const sync::Presence& presence) {
    if (!link_) return;
    link_->setPresence(presence);
}

QString SessionController::stateText() const {
    const int pending = static_cast<int>(pending_);
    if (mode_ == Mode::None) {
        if (!lastError_.isEmpty()) return tr("Offline: %n edit(s) pending sync", nullptr, pending);
        return tr("Not shared");
    }
    switch (state_) {
        case State::Online:
            return pending > 0 ? tr("Online: sending %n edit(s)", nullptr, pending) : tr("Online");
        case State::Connecting:
            if (!everOnline_) return tr("Connecting...");
            return tr("Offline, reconnecting: %n edit(s) pending sync", nullptr, pending);
        case State::Offline:
            break;
    }
    return tr("Offline: %n edit(s) pending sync", nullptr, pending);
}

}  // namespace framenote::ui
