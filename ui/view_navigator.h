#pragma once
// Zoom and pan of the viewer: fit, 1:1, zoom in and out by keys or the mouse wheel (around the
// cursor), pan by dragging with the middle button or Alt + left button. The annotation overlay
// follows on its own because it always maps through FrameView::pictureRect().
#include <QCursor>
#include <QObject>
#include <QPointF>

#include "ui/frame_view.h"

namespace framenote::ui {

class ViewNavigator : public QObject {
    Q_OBJECT
  public:
    // `input` is the widget that receives the mouse over the picture (the annotation overlay,
    // which sits on top of the viewer); it is repainted with the picture.
    ViewNavigator(FrameView* view, QWidget* input, QObject* parent = nullptr);

    // The zoom on screen: 1.0 is one frame pixel per physical pixel, whether fitted or not.
    double effectiveZoom() const;

    static constexpr double kMinZoom = 1.0 / 32;
    static constexpr double kMaxZoom = 64.0;

    // The last limit announced by displayLimitChanged ({-1, -1} before the first).
    QSize displayLimit() const { return displayLimit_; }

  public slots:
    void fit();
    void actualSize();
    void zoomIn();
    void zoomOut();
    // Zooms to `zoom` keeping the picture point under `anchor` (widget pixels) where it is.
    void zoomAround(double zoom, QPointF anchor);
    // Re-announces the zoom: a fitted picture's zoom changes with the window and the frame size.
    void refresh();

  signals:
    void zoomChanged(double effectiveZoom, bool fitted);
    // The size (device pixels) the picture is drawn at, when smaller than the frame; empty when
    // the frame's full resolution is needed. See FrameServer::setDisplayLimit.
    void displayLimitChanged(QSize limit);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void apply(const ViewTransform& transform);
    QPointF centre() const;
    void updateDisplayLimit();

    FrameView* view_;
    QWidget* input_;
    bool panning_ = false;
    QPointF lastPan_;
    QCursor cursorBeforePan_;
    QSize displayLimit_{-1, -1};
};

}  // namespace framenote::ui
