#include "ui/join_session_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

#include "ui/retranslator.h"
#include "ui/session_controller.h"
#include "ui/session_invite.h"

namespace framenote::ui {

JoinSessionDialog::JoinSessionDialog(SessionController* session, QWidget* parent)
    : QDialog(parent), session_(session) {
    // Its texts follow a language change while it is open.
    auto* texts = new Retranslator(this, this);
    // Each with a mnemonic that puts the keys in its field.
    const auto label = [&](Retranslator::Text text, QWidget* buddy = nullptr) {
        QLabel* made = texts->set(new QLabel(this), &QLabel::setText, std::move(text));
        made->setBuddy(buddy);
        return made;
    };
    texts->set(this, &QWidget::setWindowTitle, [] { return tr("Join a Session"); });
    auto* layout = new QVBoxLayout(this);
    auto* intro = label([] {
        return tr(
            "Open the clip the session reviews, then paste the invitation you received. "
            "The clip is matched by its content, so your copy may be anywhere.");
    });
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    invitation_ = new QLineEdit(QSettings().value("defaultServer").toString(), this);
    invitation_->setObjectName("joinInvitation");
    texts->set(invitation_, &QLineEdit::setPlaceholderText,
               [] { return tr("framenote://host:7370/?token=... or host:port"); });
    invitation_->setMinimumWidth(420);
    form->addRow(label([] { return tr("&Invitation or address:"); }, invitation_), invitation_);
    token_ = new QLineEdit(this);
    token_->setObjectName("joinToken");
    texts->set(token_, &QLineEdit::setPlaceholderText,
               [] { return tr("Only if the invitation has no token"); });
    form->addRow(label([] { return tr("&Token:"); }, token_), token_);
    layout->addLayout(form);
    status_ = new QLabel(this);
    status_->setObjectName("joinStatus");
    status_->setWordWrap(true);
    layout->addWidget(status_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    texts->set(buttons->addButton(QString(), QDialogButtonBox::AcceptRole),
               &QAbstractButton::setText, [] { return tr("Join"); });
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &JoinSessionDialog::tryJoin);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

bool JoinSessionDialog::tryJoin() {
    auto invite = parseInvite(invitation_->text(), token_->text());
    if (invite && !session_->hasClipOf(*invite) && invite->mediaPort != 0) {
        emit fetchRequested(*invite);
        accept();
        return true;
    }
    Status s = invite ? session_->join(*invite) : Status(Error{invite.error()});
    if (!s) {
        status_->setText(QString::fromStdString(s.error()));
        return false;
    }
    accept();
    return true;
}

}  // namespace framenote::ui
