#pragma once
// View > Pixel Probe: the pixel under the pointer, in a status bar readout (docs/ARCHITECTURE.md,
// "Colour"): its position in the frame, its stored values exactly (YUV or RGB codes, or floats),
// its RGB through the stream's matrix and range, and the 8-bit values shown on screen (after the
// colour pipeline, if any).
#include <QAction>
#include <QHash>
#include <QLabel>
#include <QObject>
#include <QPointF>

#include "core/colour/display_transform.h"
#include "core/media/frame_server.h"
#include "ui/frame_view.h"
#include "ui/player_controller.h"
#include "ui/retranslator.h"

namespace framenote::ui {

class PixelProbe : public QObject {
    Q_OBJECT
  public:
    // `pointerAreas`: the widgets the pointer moves over above the picture (viewer, overlay).
    PixelProbe(FrameView* viewer, QList<QWidget*> pointerAreas, PlayerController* player,
               QWidget* window);

    QAction* action() const { return action_; }
    QLabel* label() const { return label_; }
    // The colour transform the viewer's shader applies (null: none), for the values shown where
    // the GL viewer draws the planes itself.
    void setTransform(std::shared_ptr<const colour::DisplayTransform> transform) {
        transform_ = std::move(transform);
    }
    // While comparing, the probe reads the version under the pointer (A or B), not the
    // composite (docs/ARCHITECTURE.md, "Compare").
    void setCompare(const class CompareControl* compare) { compare_ = compare; }
    // The readout for a point in the viewer's coordinates; empty off the picture.
    QString readout(QPointF viewerPoint) const;

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void setOn(bool on);
    // The readout of `served` at `at` (fractions of its frame).
    QString readoutOf(const media::ServedFrame& served, QPointF at) const;

    FrameView* viewer_;
    QList<QWidget*> areas_;
    Retranslator* texts_;
    QAction* action_;
    QLabel* label_;
    media::ServedFrame frame_;  // the frame on screen
    QPointF pointer_;           // where the pointer was last, in the viewer's coordinates
    QHash<QWidget*, bool> tracked_;
    const CompareControl* compare_ = nullptr;
    std::shared_ptr<const colour::DisplayTransform>
        transform_;  // areas watched, with their own mouse tracking
};

}  // namespace framenote::ui
