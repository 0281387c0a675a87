#include "ui/wipe_handle.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>

namespace framenote::ui {

namespace {
constexpr int kGrip = 9;  // pixels the pointer can catch the divider by
}

WipeHandle::WipeHandle(FrameView* view, QWidget* parent) : QWidget(parent), view_(view) {
    setObjectName("wipeHandle");
    setFocusPolicy(Qt::NoFocus);
    hide();
}

void WipeHandle::place(double position, bool across, bool shown) {
    const QRectF picture = view_->pictureRect().intersected(QRectF(parentWidget()->rect()));
    if (!shown || picture.isEmpty()) return hide();
    across_ = across;
    setCursor(across ? Qt::SplitVCursor : Qt::SplitHCursor);
    const QRectF full = view_->pictureRect();
    if (across) {
        const int y = static_cast<int>(full.top() + position * full.height());
        setGeometry(static_cast<int>(picture.left()), y - kGrip / 2,
                    static_cast<int>(picture.width()), kGrip);
    } else {
        const int x = static_cast<int>(full.left() + position * full.width());
        setGeometry(x - kGrip / 2, static_cast<int>(picture.top()), kGrip,
                    static_cast<int>(picture.height()));
    }
    show();
    raise();
}

void WipeHandle::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QPointF from = across_ ? QPointF(0, height() / 2.0) : QPointF(width() / 2.0, 0);
    const QPointF to =
        across_ ? QPointF(width(), height() / 2.0) : QPointF(width() / 2.0, height());
    painter.setPen(QPen(QColor(0, 0, 0, 160), 3));
    painter.drawLine(from, to);
    painter.setPen(QPen(Qt::white, 1));
    painter.drawLine(from, to);
}

void WipeHandle::mousePressEvent(QMouseEvent* event) { event->accept(); }

void WipeHandle::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton)) return;
    const QRectF picture = view_->pictureRect();
    if (picture.isEmpty()) return;
    const QPointF at = mapToParent(event->position());
    const double position = across_ ? (at.y() - picture.top()) / picture.height()
                                    : (at.x() - picture.left()) / picture.width();
    emit moved(std::clamp(position, 0.0, 1.0));
}

}  // namespace framenote::ui
