#pragma once
// Who is in the shared session: each participant with the colour of their pointer, their role,
// the frame they are on, and who presents or follows.
#include <QListWidget>
#include <QWidget>

namespace framenote::ui {

class PresenceLink;
class SessionController;

class ParticipantsPanel : public QWidget {
    Q_OBJECT
  public:
    ParticipantsPanel(SessionController* session, PresenceLink* presence,
                      QWidget* parent = nullptr);
    QListWidget* list() const { return list_; }

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void rebuild();

    SessionController* session_;
    PresenceLink* presence_;
    QListWidget* list_ = nullptr;
};

}  // namespace framenote::ui
