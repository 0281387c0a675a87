#pragma once
// "Host a Session": starts the embedded relay on a port and hands out invitations: the address
// to reach this machine and a signed token for a named guest, in the role the host picks
// (reviewer or viewer), as one string to copy. The host also chooses an open session or a
// presenter-led one (docs/PROTOCOL.md, "Presenter-led sessions").
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace framenote::ui {

class SessionController;

class HostSessionDialog : public QDialog {
    Q_OBJECT
  public:
    explicit HostSessionDialog(SessionController* session, QWidget* parent = nullptr);

    QLineEdit* invitationField() const { return invitation_; }
    QSpinBox* portField() const { return port_; }
    QComboBox* roleField() const { return role_; }
    QCheckBox* presenterLedField() const { return presenterLed_; }
    // Starts hosting on the port shown (what the Start button does).
    bool startHosting();

  private:
    void refresh();
    void makeInvitation();

    SessionController* session_;
    QSpinBox* port_ = nullptr;
    QPushButton* start_ = nullptr;
    QCheckBox* presenterLed_ = nullptr;
    QLabel* status_ = nullptr;
    QComboBox* address_ = nullptr;
    QLineEdit* guest_ = nullptr;
    QComboBox* role_ = nullptr;  // what the invitation grants
    QLineEdit* invitation_ = nullptr;
    QPushButton* copy_ = nullptr;
};

}  // namespace framenote::ui
