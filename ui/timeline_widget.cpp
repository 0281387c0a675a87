#include "ui/timeline_widget.h"

#include <QMouseEvent>
#include <QPainter>
#include <cmath>

namespace framenote::ui {

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
    setMinimumHeight(24);
    setCursor(Qt::PointingHandCursor);
}

void TimelineWidget::setFrameCount(qint64 count) {
    frameCount_ = count;
    update();
}

void TimelineWidget::setMarkers(std::vector<Marker> markers) {
    markers_ = std::move(markers);
    update();
}

void TimelineWidget::setInOut(qint64 in, qint64 out) {
    in_ = in;
    out_ = out;
    update();
}

void TimelineWidget::setPlayhead(qint64 frame) {
    if (frame == playhead_) return;
    playhead_ = frame;
    update();
}

double TimelineWidget::xOf(qint64 frame) const {
    if (frameCount_ <= 1) return 0;
    return (width() - 1) * static_cast<double>(frame) / static_cast<double>(frameCount_ - 1);
}

qint64 TimelineWidget::frameAt(double x) const {
    if (frameCount_ <= 1 || width() <= 1) return 0;
    const double fraction = std::clamp(x / (width() - 1), 0.0, 1.0);
    return static_cast<qint64>(std::llround(fraction * (frameCount_ - 1)));
}

void TimelineWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(40, 40, 44));
    if (frameCount_ <= 0) return;
    painter.fillRect(QRectF(0, 0, xOf(playhead_), height()), QColor(70, 90, 120));
    if (in_ >= 0 || out_ >= 0) {
        const double left = xOf(in_ >= 0 ? in_ : 0);
        const double right = xOf(out_ >= 0 ? out_ : frameCount_ - 1) + 1;
        painter.fillRect(QRectF(left, 0, right - left, height() * 0.3), QColor(120, 170, 255, 160));
        painter.setPen(QPen(QColor(150, 190, 255), 1));
        if (in_ >= 0) painter.drawLine(QPointF(left, 0), QPointF(left, height()));
        if (out_ >= 0) painter.drawLine(QPointF(right - 1, 0), QPointF(right - 1, height()));
    }
    for (const Marker& m : markers_) {
        const double left = xOf(m.first);
        const double width = std::max(2.0, xOf(m.last) - left + 1);
        painter.fillRect(QRectF(left - 1, height() * 0.55, width, height() * 0.45),
                         m.resolved ? QColor(48, 209, 88) : QColor(255, 176, 32));
    }
    painter.setPen(QPen(QColor(255, 200, 40), 2));
    painter.drawLine(QPointF(xOf(playhead_), 0), QPointF(xOf(playhead_), height()));
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
    emit seekRequested(frameAt(event->position().x()));
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
    if (event->buttons() & Qt::LeftButton) emit seekRequested(frameAt(event->position().x()));
}

}  // namespace framenote::ui
