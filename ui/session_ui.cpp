#include "ui/session_ui.h"

#include <QAction>
#include <QDockWidget>
#include <QMenuBar>
#include <QStatusBar>
#include <QTimer>
#include <algorithm>
#include <cstdio>

#include "ui/annotation_controller.h"
#include "ui/ask_first.h"
#include "ui/clip_fetch.h"
#include "ui/clip_share.h"
#include "ui/host_session_dialog.h"
#include "ui/join_session_dialog.h"
#include "ui/menu_text.h"
#include "ui/participant_colors.h"
#include "ui/player_controller.h"
#include "ui/retranslator.h"

namespace framenote::ui {

SessionUi::SessionUi(QMainWindow* window, PlayerController* player,
                     AnnotationController* annotations, SharedViews views)
    : QObject(window), window_(window), player_(player), storePath_(annotations->storePath()) {
    controller_ = new SessionController(player, annotations, this);
    presence_ = new PresenceLink(controller_, player, &annotations->overlay(), views, this);
    cursors_ =
        new RemoteCursorLayer(&annotations->overlay(), annotations->overlay().parentWidget());
    cursors_->hide();

    texts_ = new Retranslator(window_, this);
    auto* dock = texts_->set(new QDockWidget(window_), &QWidget::setWindowTitle,
                             [] { return tr("Participants"); });
    dock->setObjectName("participantsDock");
    panel_ = new ParticipantsPanel(controller_, presence_, dock);
    dock->setWidget(panel_);
    window_->addDockWidget(Qt::RightDockWidgetArea, dock);
    // Empty outside a session: it would take half the sidebar from the notes. It shows itself
    // when a session starts (and View > Panels shows it any time).
    dock->hide();
    connect(controller_, &SessionController::modeChanged, dock,
            [dock](SessionController::Mode mode) {
                if (mode != SessionController::Mode::None) dock->show();
            });

    stateLabel_ = new QLabel(window_);
    stateLabel_->setObjectName("connectionStateLabel");
    window_->statusBar()->addPermanentWidget(stateLabel_);
    buildMenu();

    connect(controller_, &SessionController::stateChanged, this, &SessionUi::refreshState);
    connect(controller_, &SessionController::message, this,
            [this](const QString& text) { emit message(text, 15000); });
    connect(presence_, &PresenceLink::remoteChanged, this, &SessionUi::refreshCursors);
    connect(controller_, &SessionController::participantsChanged, this, &SessionUi::refreshCursors);
    connect(presence_, &PresenceLink::presentingChanged, present_, &QAction::setChecked);
    connect(controller_, &SessionController::floorChanged, this, &SessionUi::refreshFloor);
    connect(controller_, &SessionController::participantsChanged, this, &SessionUi::refreshFloor);
    connect(controller_, &SessionController::participantsChanged, this, &SessionUi::refreshShare);
    connect(player_, &PlayerController::mediaOpened, this, &SessionUi::refreshShare);
    connect(player_, &PlayerController::lockedOut, this, &SessionUi::explainLock);
    connect(presence_, &PresenceLink::viewRefused, this, &SessionUi::explainLock);

    // Over the picture's top edge: whom this player follows, so a jump is never a surprise.
    followBanner_ = new QLabel(annotations->overlay().parentWidget());
    followBanner_->setObjectName("followBanner");
    followBanner_->setStyleSheet(QStringLiteral(
        "background: rgba(20,20,24,200); color: white; padding: 3px 10px; border-radius: 4px;"));
    followBanner_->setAttribute(Qt::WA_TransparentForMouseEvents);
    followBanner_->hide();
    connect(presence_, &PresenceLink::remoteChanged, this, &SessionUi::refreshBanner);
    connect(follow_, &QAction::toggled, this, &SessionUi::refreshBanner);
    connect(controller_, &SessionController::participantsChanged, this, &SessionUi::refreshBanner);
    connect(controller_, &SessionController::stateChanged, this, &SessionUi::refreshBanner);
    // The state, the banner and the cursors' names in the new language.
    texts_->add([this] {
        refreshState();
        refreshBanner();
        refreshCursors();
    });
}

void SessionUi::buildMenu() {
    auto* menu = texts_->set(new QMenu(window_), &QMenu::setTitle, [] { return tr("&Session"); });
    const auto add = [&](Retranslator::Text text, const char* name, auto slot) {
        QAction* action =
            texts_->set(menu->addAction(QString(), this, slot), &QAction::setText, std::move(text));
        action->setObjectName(QString::fromLatin1(name));
        return action;
    };
    host_ = add([] { return tr("&Host a Session..."); }, "hostSessionAction",
                &SessionUi::showHostDialog);
    // While hosting, the same dialog hands out more invitations.
    invite_ =
        add([] { return tr("&Invite Someone..."); }, "inviteAction", &SessionUi::showHostDialog);
    join_ = add([] { return tr("&Join a Session..."); }, "joinSessionAction",
                &SessionUi::showJoinDialog);
    leave_ =
        add([] { return tr("&Leave Session"); }, "leaveSessionAction", [this] { askToLeave({}); });
    share_ = add([] { return tr("&Share Clip with Session"); }, "shareClipAction",
                 &SessionUi::shareClip);
    menu->addSeparator();
    present_ = texts_->set(menu->addAction(QString()), &QAction::setText,
                           [] { return tr("&Present (Others Follow Me)"); });
    present_->setObjectName("presentAction");
    present_->setCheckable(true);
    connect(present_, &QAction::toggled, presence_, &PresenceLink::setPresenting);
    follow_ = texts_->set(menu->addAction(QString()), &QAction::setText,
                          [] { return tr("&Follow the Presenter"); });
    follow_->setObjectName("followPresenterAction");
    follow_->setCheckable(true);
    follow_->setChecked(presence_->following());
    connect(follow_, &QAction::toggled, presence_, &PresenceLink::setFollowing);
    menu->addSeparator();
    presenterLed_ = texts_->set(menu->addAction(QString()), &QAction::setText,
                                [] { return tr("P&resenter-Led Session"); });
    presenterLed_->setObjectName("presenterLedAction");
    presenterLed_->setCheckable(true);
    connect(presenterLed_, &QAction::triggered, this, [this](bool on) {
        presenterLed_->setChecked(controller_->floor().mode == sync::FloorMode::PresenterLed);
        controller_->requestFloor({sync::FloorChange::Kind::SetMode,
                                   on ? sync::FloorMode::PresenterLed : sync::FloorMode::Open, 0});
    });
    handOver_ =
        texts_->set(menu->addMenu(QString()), &QMenu::setTitle, [] { return tr("Hand &Over To"); });
    handOver_->setObjectName("handOverMenu");
    connect(handOver_, &QMenu::aboutToShow, this, &SessionUi::rebuildHandOverMenu);
    ask_ = texts_->set(menu->addAction(QString()), &QAction::setText,
                       [] { return tr("Ask to &Drive"); });
    ask_->setObjectName("askToDriveAction");
    ask_->setCheckable(true);
    connect(ask_, &QAction::triggered, this, [this](bool on) {
        ask_->setChecked(!on);  // the relay's answer sets it
        controller_->requestFloor(
            {on ? sync::FloorChange::Kind::Ask : sync::FloorChange::Kind::Withdraw,
             sync::FloorMode::Open, 0});
    });
    // Before Help, where users look for it; the other menus stay where they are.
    const QList<QAction*> menus = window_->menuBar()->actions();
    if (menus.isEmpty())
        window_->menuBar()->addMenu(menu);
    else
        window_->menuBar()->insertMenu(menus.last(), menu);
}

void SessionUi::refreshState() {
    const bool inSession = controller_->mode() != SessionController::Mode::None;
    stateLabel_->setText(controller_->stateText());
    stateLabel_->setToolTip(controller_->lastError().isEmpty() ? controller_->stateText()
                                                               : controller_->lastError());
    leave_->setEnabled(inSession);
    // One session at a time: host or join again only after leaving this one.
    host_->setEnabled(!inSession);
    invite_->setEnabled(controller_->mode() == SessionController::Mode::Hosting);
    join_->setEnabled(!inSession);
    refreshShare();
    refreshFloor();
}

// Sharing needs a relay with a media port (a hosted session offers its clip by itself), a role
// that may upload, and a clip.
void SessionUi::refreshShare() {
    const SessionInvite& joined = controller_->joined();
    const bool joinedWithMedia =
        controller_->mode() == SessionController::Mode::Joined && joined.mediaPort != 0;
    share_->setEnabled(joinedWithMedia && player_->hasMedia() &&
                       controller_->role() != model::Role::Viewer);
    share_->setToolTip(!joinedWithMedia      ? tr("Join a session whose relay takes media first")
                       : share_->isEnabled() ? QString()
                       : player_->hasMedia() ? tr("Viewers cannot share clips")
                                             : tr("Open the clip to share first"));
}

void SessionUi::shareClip() {
    if (!share_->isEnabled()) return;
    const SessionInvite& joined = controller_->joined();
    auto* share = new ClipShare(window_, QString::fromStdString(player_->media()->info.path),
                                QString::fromStdString(player_->media()->fingerprint),
                                joined.mediaServer(), joined.token, storePath_);
    connect(share, &ClipShare::message, this,
            [this](const QString& text) { emit message(text, 15000); });
    share->start();
}

void SessionUi::refreshFloor() {
    const sync::Floor& floor = controller_->floor();
    const bool online = controller_->mode() != SessionController::Mode::None &&
                        controller_->state() == SessionController::State::Online;
    const bool led = floor.mode == sync::FloorMode::PresenterLed;
    const uint32_t you = controller_->you();
    const bool admin = controller_->role() == model::Role::Admin;
    const bool leads = led && (admin || floor.presenter == you);
    // In a presenter-led session the floor decides who presents and that the others follow.
    present_->setEnabled(online && !led);
    follow_->setEnabled(online && !led);
    presenterLed_->setEnabled(online && admin);
    presenterLed_->setChecked(led);
    handOver_->setEnabled(online && leads);
    ask_->setEnabled(online && led && floor.presenter != you);
    ask_->setChecked(led && std::find(floor.asking.begin(), floor.asking.end(), you) !=
                                floor.asking.end());
    if (!online) {
        shownFloor_ = floor;
        return;
    }
    tellFloorChange(shownFloor_);
    shownFloor_ = floor;
    refreshBanner();
}

// What changed, once, in the status bar: the mode, who presents, a new request to drive (told
// to whoever may hand over).
void SessionUi::tellFloorChange(const sync::Floor& before) {
    const sync::Floor& floor = controller_->floor();
    const uint32_t you = controller_->you();
    const bool led = floor.mode == sync::FloorMode::PresenterLed;
    if (floor.mode != before.mode)
        emit message(led ? tr("This session is presenter-led now: only the presenter controls "
                              "playback; everyone may point and write notes.")
                         : tr("This session is open now: anyone may present."),
                     15000);
    else if (led && floor.presenter != before.presenter && floor.presenter != 0)
        emit message(floor.presenter == you
                         ? tr("You present now: the others follow your playback.")
                         : tr("%1 presents now.").arg(controller_->nameOf(floor.presenter)),
                     15000);
    const bool leads = led && (floor.presenter == you || controller_->role() == model::Role::Admin);
    if (!leads) return;
    for (uint32_t asking : floor.asking)
        if (asking != you &&
            std::find(before.asking.begin(), before.asking.end(), asking) == before.asking.end())
            emit message(tr("%1 asks to drive: Session > Hand Over To > %1.")
                             .arg(controller_->nameOf(asking)),
                         30000);
}

void SessionUi::rebuildHandOverMenu() {
    handOver_->clear();
    const sync::Floor& floor = controller_->floor();
    for (const sync::Participant& p : controller_->participants()) {
        if (!p.online || p.number == floor.presenter) continue;
        const bool asks =
            std::find(floor.asking.begin(), floor.asking.end(), p.number) != floor.asking.end();
        QString text = p.number == controller_->you() ? tr("%1 (you)").arg(p.name) : p.name;
        if (asks) text = tr("%1 (asks to drive)").arg(text);
        QAction* action =
            handOver_->addAction(literalMenuText(text), this, [this, number = p.number] {
                controller_->requestFloor(
                    {sync::FloorChange::Kind::HandTo, sync::FloorMode::Open, number});
            });
        action->setObjectName(QStringLiteral("handOverTo_%1").arg(p.number));
    }
    if (handOver_->isEmpty())
        handOver_->addAction(tr("Nobody else is in the session"))->setEnabled(false);
}

void SessionUi::explainLock() {
    const uint32_t presenter = controller_->floor().presenter;
    emit message(presenter != 0
                     ? tr("%1 presents: in this session only the presenter controls playback. "
                          "Session > Ask to Drive asks for it.")
                           .arg(controller_->nameOf(presenter))
                     : tr("Nobody presents yet: in this session only the presenter controls "
                          "playback."),
                 8000);
}

void SessionUi::refreshBanner() {
    const uint32_t presenter = presence_->presenter();
    const bool shown = controller_->mode() != SessionController::Mode::None &&
                       controller_->state() == SessionController::State::Online &&
                       presence_->following() && presenter != 0 && presenter != controller_->you();
    if (!shown) {
        followBanner_->hide();
        return;
    }
    const QString name = controller_->nameOf(presenter);
    followBanner_->setText(
        controller_->floor().mode == sync::FloorMode::PresenterLed
            ? tr("%1 presents (Session > Ask to Drive to take over)").arg(name)
            : tr("Following %1 (Session > Follow the Presenter to stop)").arg(name));
    followBanner_->adjustSize();
    QWidget* area = followBanner_->parentWidget();
    followBanner_->move((area->width() - followBanner_->width()) / 2, 8);
    followBanner_->raise();
    followBanner_->show();
}

void SessionUi::refreshCursors() {
    std::vector<RemoteCursorLayer::Cursor> shown;
    for (const auto& [number, presence] : presence_->remote()) {
        if (!presence.cursor) continue;
        const QString name = controller_->nameOf(number);
        shown.push_back({name, controller_->colorOf(number, name), *presence.cursor});
    }
    cursors_->setCursors(std::move(shown));
}

void SessionUi::startFromCommandLine(const QString& hostPort, const QString& invitation,
                                     bool presenterLed, bool clipGiven) {
    auto* once = new QObject(this);
    const auto act = [=, this] {
        once->deleteLater();
        // Scripts read failures on stderr; the user sees them in the status bar.
        const auto report = [this](const QString& why) {
            std::fprintf(stderr, "%s\n", qPrintable(why));
            emit message(why, 15000);
        };
        Status s = Ok{};
        if (!hostPort.isEmpty()) {
            // The invitations are printed once the relay listens (or the failure, when it cannot).
            auto* hosted = new QObject(this);
            connect(controller_, &SessionController::modeChanged, hosted,
                    [this, hosted](SessionController::Mode mode) {
                        if (mode != SessionController::Mode::Hosting) return;
                        hosted->deleteLater();
                        for (const QHostAddress& address : EmbeddedRelay::lanAddresses())
                            std::printf("%s\n", qPrintable(controller_->invite(
                                                    tr("Guest"), address.toString())));
                        std::fflush(stdout);
                    });
            connect(controller_, &SessionController::hostFailed, hosted,
                    [hosted, report](const QString& why) {
                        hosted->deleteLater();
                        report(why);
                    });
            s = controller_->host(
                static_cast<quint16>(hostPort.toUInt()), {},
                presenterLed ? sync::FloorMode::PresenterLed : sync::FloorMode::Open);
            if (!s) hosted->deleteLater();
        } else if (auto invite = parseInvite(invitation); !invite) {
            s = Error{invite.error()};
        } else if (!controller_->hasClipOf(*invite) && invite->mediaPort != 0) {
            fetchAndJoin(*invite);  // as the Join dialog does: the host's clip first
        } else {
            s = controller_->join(*invite);
        }
        if (!s) report(QString::fromStdString(s.error()));
    };
    // Without a clip on the command line there is nothing to wait for: a guest fetches the
    // session's clip (when its relay offers it), and the rest say what is missing.
    if (clipGiven)
        connect(player_, &PlayerController::mediaOpened, once, act);
    else
        QTimer::singleShot(0, once, act);
}

bool SessionUi::askToLeave(std::function<void()> then) {
    const auto mode = controller_->mode();
    if (mode == SessionController::Mode::None) return false;
    const QString text =
        mode == SessionController::Mode::Hosting
            ? tr("You are hosting this session: leaving ends it for everyone in it. Your notes "
                 "stay saved on this computer.")
            : tr("Leave the session? Your notes stay saved on this computer; edits not yet sent "
                 "are sent when you join again.");
    askFirst(window_, "confirmLeaveSession", text,
             mode == SessionController::Mode::Hosting ? tr("End Session") : tr("Leave"),
             [this, then] {
                 controller_->leave();
                 if (then) then();
             });
    return true;
}

void SessionUi::showHostDialog() {
    auto* dialog = new HostSessionDialog(controller_, window_);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void SessionUi::fetchAndJoin(const SessionInvite& invite) {
    auto* fetch = new ClipFetch(
        window_, player_, controller_, invite,
        openClip_ ? openClip_ : [this](const QString& path) { player_->open(path); });
    connect(fetch, &ClipFetch::message, this,
            [this](const QString& text) { emit message(text, 15000); });
    fetch->start();
}

void SessionUi::showJoinDialog() {
    auto* dialog = new JoinSessionDialog(controller_, window_);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &JoinSessionDialog::fetchRequested, this, &SessionUi::fetchAndJoin);
    dialog->show();
}

}  // namespace framenote::ui
