#include "ui/participants_panel.h"

#include <QDateTime>
#include <QEvent>
#include <QLocale>
#include <QPixmap>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/participant_colors.h"
#include "ui/presence_link.h"
#include "ui/session_controller.h"
#include "ui/wrapped_item_delegate.h"

namespace framenote::ui {

namespace {

// The role as the user reads it (the stored names are the protocol's, in English).
QString roleText(model::Role role) {
    switch (role) {
        case model::Role::Viewer:
            return ParticipantsPanel::tr("viewer");
        case model::Role::Reviewer:
            return ParticipantsPanel::tr("reviewer");
        case model::Role::Admin:
            return ParticipantsPanel::tr("admin");
    }
    return {};
}

}  // namespace

ParticipantsPanel::ParticipantsPanel(SessionController* session, PresenceLink* presence,
                                     QWidget* parent)
    : QWidget(parent), session_(session), presence_(presence) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    list_ = new QListWidget(this);
    list_->setObjectName("participantsList");
    list_->setSelectionMode(QAbstractItemView::NoSelection);
    // Long lines (the hint outside a session, a name with its details) wrap to the dock's width
    // instead of hiding behind a horizontal scroll bar.
    list_->setWordWrap(true);
    list_->setItemDelegate(new WrappedItemDelegate(list_));
    list_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list_->setResizeMode(QListView::Adjust);
    layout->addWidget(list_);
    connect(session_, &SessionController::participantsChanged, this, &ParticipantsPanel::rebuild);
    connect(session_, &SessionController::modeChanged, this, &ParticipantsPanel::rebuild);
    connect(session_, &SessionController::stateChanged, this, &ParticipantsPanel::rebuild);
    connect(presence_, &PresenceLink::remoteChanged, this, &ParticipantsPanel::rebuild);
    connect(presence_, &PresenceLink::presentingChanged, this, &ParticipantsPanel::rebuild);
    connect(session_, &SessionController::floorChanged, this, &ParticipantsPanel::rebuild);
    rebuild();
}

void ParticipantsPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) rebuild();  // every line is made in rebuild()
    QWidget::changeEvent(event);
}

void ParticipantsPanel::rebuild() {
    list_->clear();
    if (session_->mode() == SessionController::Mode::None) {
        auto* item = new QListWidgetItem(
            tr("Not in a session. Use Session > Host a Session or Join a Session."), list_);
        item->setFlags(Qt::NoItemFlags);
        return;
    }
    // Connection lost: the list is what it was then, greyed and said so; nobody is shown as
    // presenting or following, since that may have changed since.
    const bool connected = session_->state() == SessionController::State::Online;
    if (!connected) {
        const QDateTime since = session_->offlineSince();
        auto* item = new QListWidgetItem(
            since.isValid() ? tr("Offline since %1: reconnecting. The list is from then.")
                                  .arg(QLocale().toString(since.time(), QLocale::ShortFormat))
                            : tr("Connecting..."),
            list_);
        item->setFlags(Qt::NoItemFlags);
        item->setData(Qt::UserRole + 1, QStringLiteral("offlineBanner"));
    }
    for (const sync::Participant& p : session_->participants()) {
        if (!p.online) continue;
        const bool you = p.number == session_->you();
        QPixmap swatch(14, 14);
        swatch.fill(session_->colorOf(p.number, p.name));
        QString text = you ? tr("%1 (you)").arg(p.name) : p.name;
        QStringList details{roleText(p.role)};
        const auto found = presence_->remote().find(p.number);
        const bool presenting = you ? presence_->presenting() : presence_->presenter() == p.number;
        if (connected && presenting)
            details << tr("presenting");
        else if (connected && found != presence_->remote().end() && found->second.following)
            details << tr("following");
        const auto& asking = session_->floor().asking;
        if (connected && std::find(asking.begin(), asking.end(), p.number) != asking.end())
            details << tr("asks to drive");
        if (connected && found != presence_->remote().end())
            details << tr("frame %1").arg(found->second.playheadFrame);
        text += QStringLiteral("  ·  ") + details.join(QStringLiteral(", "));
        auto* item = new QListWidgetItem(QIcon(swatch), text, list_);
        item->setData(Qt::UserRole, p.number);
        if (!connected) item->setFlags(Qt::NoItemFlags);  // drawn greyed
    }
}

}  // namespace framenote::ui
