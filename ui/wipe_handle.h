#pragma once
// The wipe's divider on the picture while comparing (ui/compare_control.h): a thin line the
// reviewer drags to move the wipe; vertical (A left of it) or across (A above it).
#include <QWidget>

#include "ui/frame_view.h"

namespace framenote::ui {

class WipeHandle : public QWidget {
    Q_OBJECT
  public:
    // `parent` covers the viewer (the notes overlay), so the handle is above the notes.
    WipeHandle(FrameView* view, QWidget* parent);

    // On the divider at `position` (0..1) of the picture; hidden unless `shown`.
    void place(double position, bool across, bool shown);

  signals:
    void moved(double position);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;

  private:
    FrameView* view_;
    bool across_ = false;
};

}  // namespace framenote::ui
