#include "ui/view_navigator.h"

#include <QMouseEvent>
#include <QWheelEvent>
#include <QWidget>
#include <cmath>

namespace framenote::ui {

namespace {
constexpr double kKeyStep = 2.0;     // +/- double and halve, as in review players
constexpr double kWheelStep = 1.25;  // per wheel notch (120 units of angle)
}  // namespace

ViewNavigator::ViewNavigator(FrameView* view, QWidget* input, QObject* parent)
    : QObject(parent), view_(view), input_(input) {
    input_->installEventFilter(this);
    view_->widget()->installEventFilter(this);  // resizes change the display size
}

void ViewNavigator::updateDisplayLimit() {
    const QWidget* w = view_->widget();
    const double ratio = w->devicePixelRatioF();
    const ViewTransform t = view_->transform();
    QSize limit;  // empty: full resolution
    // Fitted: the picture's own size once a frame is known (so the viewer copies, not scales).
    if (t.fitted())
        limit = ((view_->frameSize().isEmpty() ? QSizeF(w->size()) : view_->pictureRect().size()) *
                 ratio)
                    .toSize();
    else if (t.zoom < 1.0)
        limit = (view_->pictureRect().size() * ratio).toSize() + QSize(1, 1);
    if (limit == displayLimit_) return;
    displayLimit_ = limit;
    emit displayLimitChanged(limit);
}

double ViewNavigator::effectiveZoom() const {
    const ViewTransform t = view_->transform();
    if (!t.fitted()) return t.zoom;
    const QSize frame = view_->frameSize();
    const QRectF picture = view_->pictureRect();
    if (frame.isEmpty() || picture.isEmpty()) return 1.0;
    return picture.height() * view_->widget()->devicePixelRatioF() / frame.height();
}

QPointF ViewNavigator::centre() const {
    const QWidget* w = view_->widget();
    return QPointF(w->width(), w->height()) / 2;
}

void ViewNavigator::apply(const ViewTransform& transform) {
    view_->setTransform(transform);
    input_->update();
    emit zoomChanged(effectiveZoom(), transform.fitted());
    updateDisplayLimit();
}

void ViewNavigator::fit() { apply({}); }

void ViewNavigator::refresh() {
    const ViewTransform t = view_->transform();
    emit zoomChanged(effectiveZoom(), t.fitted());
    updateDisplayLimit();
}

void ViewNavigator::actualSize() { zoomAround(1.0, centre()); }

void ViewNavigator::zoomIn() { zoomAround(effectiveZoom() * kKeyStep, centre()); }

void ViewNavigator::zoomOut() { zoomAround(effectiveZoom() / kKeyStep, centre()); }

void ViewNavigator::zoomAround(double zoom, QPointF anchor) {
    const QRectF before = view_->pictureRect();
    if (before.isEmpty()) return;
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    // The picture point under the anchor, as a fraction of the picture, stays under it.
    const QPointF fraction((anchor.x() - before.left()) / before.width(),
                           (anchor.y() - before.top()) / before.height());
    const double grow = zoom / effectiveZoom();
    const QSizeF size = before.size() * grow;
    const QPointF topLeft(anchor.x() - fraction.x() * size.width(),
                          anchor.y() - fraction.y() * size.height());
    const QPointF newCentre = topLeft + QPointF(size.width(), size.height()) / 2;
    apply({zoom, newCentre - centre()});
}

bool ViewNavigator::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->widget() && event->type() == QEvent::Resize) refresh();
    if (watched != input_) return QObject::eventFilter(watched, event);
    switch (event->type()) {
        case QEvent::Wheel: {
            auto* wheel = static_cast<QWheelEvent*>(event);
            const double notches = wheel->angleDelta().y() / 120.0;
            if (notches == 0) return false;
            zoomAround(effectiveZoom() * std::pow(kWheelStep, notches), wheel->position());
            return true;
        }
        case QEvent::MouseButtonPress: {
            auto* mouse = static_cast<QMouseEvent*>(event);
            const bool altDrag =
                mouse->button() == Qt::LeftButton && (mouse->modifiers() & Qt::AltModifier);
            if (mouse->button() != Qt::MiddleButton && !altDrag) return false;
            panning_ = true;
            lastPan_ = mouse->position();
            cursorBeforePan_ = input_->cursor();
            input_->setCursor(Qt::ClosedHandCursor);
            return true;
        }
        case QEvent::MouseMove: {
            if (!panning_) return false;
            auto* mouse = static_cast<QMouseEvent*>(event);
            ViewTransform t = view_->transform();
            if (t.fitted()) t.zoom = effectiveZoom();  // dragging a fitted picture unfits it
            t.pan += mouse->position() - lastPan_;
            lastPan_ = mouse->position();
            apply(t);
            return true;
        }
        case QEvent::MouseButtonRelease: {
            if (!panning_) return false;
            panning_ = false;
            input_->setCursor(cursorBeforePan_);
            return true;
        }
        default:
            return false;
    }
}

}  // namespace framenote::ui
