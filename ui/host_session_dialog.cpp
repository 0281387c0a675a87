#include "ui/host_session_dialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QSettings>
#include <QVBoxLayout>

#include "ui/embedded_relay.h"
#include "ui/retranslator.h"
#include "ui/session_controller.h"

namespace framenote::ui {

namespace {
const char* kPortKey = "sessionPort";
const char* kPresenterLedKey = "sessionPresenterLed";
constexpr int kDefaultPort = 7370;
}  // namespace

HostSessionDialog::HostSessionDialog(SessionController* session, QWidget* parent)
    : QDialog(parent), session_(session) {
    // Its texts follow a language change while it is open.
    auto* texts = new Retranslator(this, this);
    // Each with a mnemonic that puts the keys in its field.
    const auto label = [&](Retranslator::Text text, QWidget* buddy = nullptr) {
        QLabel* made = texts->set(new QLabel(this), &QLabel::setText, std::move(text));
        made->setBuddy(buddy);
        return made;
    };
    texts->set(this, &QWidget::setWindowTitle, [] { return tr("Host a Session"); });
    auto* layout = new QVBoxLayout(this);
    auto* intro = label([] {
        return tr(
            "Others on your network join with an invitation. Each invitation names one "
            "person and is valid for 7 days.");
    });
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto* form = new QFormLayout;
    auto* portRow = new QHBoxLayout;
    port_ = new QSpinBox(this);
    port_->setObjectName("hostPort");
    port_->setRange(1024, 65535);
    port_->setValue(QSettings().value(kPortKey, kDefaultPort).toInt());
    start_ =
        texts->set(new QPushButton(this), &QAbstractButton::setText, [] { return tr("Start"); });
    portRow->addWidget(port_);
    portRow->addWidget(start_);
    form->addRow(label([] { return tr("&Port:"); }, port_), portRow);
    presenterLed_ = texts->set(new QCheckBox(this), &QAbstractButton::setText, [] {
        return tr("Presenter-l&ed: only the presenter controls playback (others may ask to drive)");
    });
    presenterLed_->setObjectName("hostPresenterLed");
    presenterLed_->setChecked(QSettings().value(kPresenterLedKey, false).toBool());
    form->addRow(QString(), presenterLed_);
    address_ = new QComboBox(this);
    address_->setObjectName("hostAddress");
    form->addRow(label([] { return tr("A&ddress:"); }, address_), address_);
    guest_ = new QLineEdit(tr("Guest"), this);
    guest_->setObjectName("guestName");
    form->addRow(label([] { return tr("&Invite:"); }, guest_), guest_);
    role_ = new QComboBox(this);
    role_->setObjectName("inviteRole");
    role_->addItem(QString(), static_cast<int>(model::Role::Reviewer));
    role_->addItem(QString(), static_cast<int>(model::Role::Viewer));
    texts->add([this] {
        role_->setItemText(0, tr("Reviewer: draws and writes notes"));
        role_->setItemText(1, tr("Viewer: watches and follows only"));
    });
    form->addRow(label([] { return tr("&As:"); }, role_), role_);
    auto* inviteRow = new QHBoxLayout;
    invitation_ = new QLineEdit(this);
    invitation_->setObjectName("invitation");
    invitation_->setReadOnly(true);
    invitation_->setMinimumWidth(420);
    copy_ = texts->set(new QPushButton(this), &QAbstractButton::setText, [] { return tr("Copy"); });
    inviteRow->addWidget(invitation_);
    inviteRow->addWidget(copy_);
    form->addRow(label([] { return tr("I&nvitation:"); }, invitation_), inviteRow);
    layout->addLayout(form);
    status_ = new QLabel(this);
    status_->setObjectName("hostStatus");
    status_->setWordWrap(true);
    layout->addWidget(status_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(start_, &QPushButton::clicked, this, &HostSessionDialog::startHosting);
    connect(address_, &QComboBox::currentIndexChanged, this, &HostSessionDialog::makeInvitation);
    connect(guest_, &QLineEdit::textChanged, this, &HostSessionDialog::makeInvitation);
    connect(role_, &QComboBox::currentIndexChanged, this, &HostSessionDialog::makeInvitation);
    connect(copy_, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(invitation_->text());
        status_->setText(tr("Invitation copied. Send it to %1.").arg(guest_->text().trimmed()));
    });
    connect(session_, &SessionController::modeChanged, this, &HostSessionDialog::refresh);
    connect(session_, &SessionController::hostFailed, this, [this](const QString& why) {
        refresh();
        status_->setText(why);
    });
    texts->add([this] { refresh(); });  // the status line, in the current language
}

bool HostSessionDialog::startHosting() {
    Status s = session_->host(
        static_cast<quint16>(port_->value()), {},
        presenterLed_->isChecked() ? sync::FloorMode::PresenterLed : sync::FloorMode::Open);
    if (!s) {
        status_->setText(QString::fromStdString(s.error()));
        return false;
    }
    QSettings().setValue(kPortKey, port_->value());
    QSettings().setValue(kPresenterLedKey, presenterLed_->isChecked());
    refresh();  // "Starting..." until the relay listens (modeChanged) or fails (hostFailed)
    return true;
}

void HostSessionDialog::refresh() {
    const bool hosting = session_->mode() == SessionController::Mode::Hosting;
    const bool starting = session_->hostStarting();
    port_->setEnabled(!hosting && !starting);
    start_->setEnabled(!hosting && !starting);
    presenterLed_->setEnabled(!hosting && !starting);  // then Session > Presenter-Led Session
    address_->setEnabled(hosting);
    guest_->setEnabled(hosting);
    role_->setEnabled(hosting);
    copy_->setEnabled(hosting);
    address_->blockSignals(true);
    address_->clear();
    if (hosting) {
        for (const QHostAddress& a : EmbeddedRelay::lanAddresses()) address_->addItem(a.toString());
        status_->setText(tr("Hosting on port %1. Copy an invitation for each person.")
                             .arg(session_->relay().port()));
    } else if (starting) {
        status_->setText(tr("Starting the session..."));
    } else {
        status_->setText(tr("Not hosting. Start shares the open clip's notes on this port."));
    }
    address_->blockSignals(false);
    makeInvitation();
}

void HostSessionDialog::makeInvitation() {
    const QString guest = guest_->text().trimmed();
    if (session_->mode() != SessionController::Mode::Hosting || guest.isEmpty() ||
        address_->currentText().isEmpty()) {
        invitation_->clear();
        return;
    }
    invitation_->setText(session_->invite(guest, address_->currentText(),
                                          static_cast<model::Role>(role_->currentData().toInt())));
}

}  // namespace framenote::ui
