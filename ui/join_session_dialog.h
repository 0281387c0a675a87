#pragma once
// "Join a Session": an invitation pasted as one string, or a relay address and a token.
#include <QDialog>
#include <QLabel>
#include <QLineEdit>

#include "ui/session_invite.h"

namespace framenote::ui {

class SessionController;

class JoinSessionDialog : public QDialog {
    Q_OBJECT
  public:
    explicit JoinSessionDialog(SessionController* session, QWidget* parent = nullptr);

    QLineEdit* invitationField() const { return invitation_; }
    QLineEdit* tokenField() const { return token_; }
    QLabel* statusLabel() const { return status_; }
    // What the Join button does: closes the dialog on success, else says why.
    bool tryJoin();

  signals:
    // The invitation is for a clip this user does not have open, and its host offers it: fetch
    // it, open it, then join (ClipFetch).
    void fetchRequested(framenote::ui::SessionInvite invite);

  private:
    SessionController* session_;
    QLineEdit* invitation_ = nullptr;
    QLineEdit* token_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace framenote::ui
