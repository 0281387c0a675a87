#pragma once
// The transport under the picture, for those who drive with the mouse: first / step back /
// play-pause / step forward / last, loop, in and out, the timecode and frame readout, the play
// state, and a field to go to a frame or timecode. The buttons are the Playback menu's own
// actions (their tooltips name the keys), so the two can never disagree. It sits in the window's
// central area: the status bar below stays free for messages.
#include <QLabel>
#include <QLineEdit>
#include <QWidget>

#include "ui/player_controller.h"

namespace framenote::ui {

// The Playback menu's actions that have a button.
struct TransportActions {
    QAction* first = nullptr;
    QAction* stepBack = nullptr;
    QAction* playPause = nullptr;
    QAction* stepForward = nullptr;
    QAction* last = nullptr;
    QAction* loop = nullptr;
    QAction* markIn = nullptr;
    QAction* markOut = nullptr;
};

class TransportBar : public QWidget {
    Q_OBJECT
  public:
    TransportBar(PlayerController* player, const TransportActions& actions,
                 QWidget* parent = nullptr);

    QLineEdit* jumpField() const { return jump_; }
    // "Paused", "Playing 2x": for the window's status bar.
    QLabel* playStateLabel() const { return playState_; }
    // "both" (timecode and frame), "timecode" or "frame".
    void setTimeDisplay(const QString& mode);
    // Shows `frame`, or dashes when no clip is open.
    void showFrame(qint64 frame);

  signals:
    // Typed text that is not a frame of the clip; the reason, for the status bar.
    void jumpFailed(QString reason);
    // A frame was found: the caller hands the keys back to the picture.
    void jumped();

  protected:
    void changeEvent(QEvent* event) override;

  private:
    QList<QAction*> buttonActions() const;
    // Every text of the bar, in the current language (at start and after a language change).
    void retranslate();
    void showPlayState(double speed);
    void showInOut(qint64 in, qint64 out);

    PlayerController* player_;
    TransportActions actions_;
    QLabel* timecode_ = nullptr;
    QLabel* frame_ = nullptr;
    QLabel* inOut_ = nullptr;
    QLabel* playState_ = nullptr;
    QLineEdit* jump_ = nullptr;
};

}  // namespace framenote::ui
