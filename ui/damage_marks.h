#pragma once
// Damaged media is reported, never silent: frames the decoder flagged (decoded with errors) or
// could not decode at all are marked on the timeline as playback meets them, the viewer says so
// over the picture while one is shown (an undecodable frame is a slate, never the previous
// picture), and a file whose data ends before the frames its container declares says how many
// could be read (docs/ARCHITECTURE.md, "Damaged media").
#include <QLabel>
#include <QObject>
#include <QSet>

#include "core/media/frame_server.h"

namespace framenote::ui {

class FrameView;
class PlayerController;
class TimelineWidget;

class DamageMarks : public QObject {
    Q_OBJECT
  public:
    DamageMarks(PlayerController* player, FrameView* viewer, TimelineWidget* timeline,
                QObject* parent = nullptr);

    // Frames of the open clip found damaged or undecodable so far.
    const QSet<qint64>& damagedFrames() const { return damaged_; }
    // What the banner over the picture says now (empty: hidden).
    QString bannerText() const;

  private:
    void onOpened();
    void onClosed();
    void onFrameShown(const media::ServedFrame& frame);
    void onFrameUndecodable(qint64 frame);
    void mark(qint64 frame);
    void showBanner();

    PlayerController* player_;
    FrameView* viewer_;
    TimelineWidget* timeline_;
    QLabel* banner_;
    QSet<qint64> damaged_;
    QString incomplete_;  // the open file's shortfall, if any
    QString current_;     // about the frame on screen, if damaged
};

}  // namespace framenote::ui
