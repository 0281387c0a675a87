#include "ui/remote_cursor_layer.h"

#include <QEvent>
#include <QPainter>
#include <QPainterPath>

#include "ui/annotation_overlay.h"

namespace framenote::ui {

RemoteCursorLayer::RemoteCursorLayer(AnnotationOverlay* overlay, QWidget* parent)
    : QWidget(parent), overlay_(overlay) {
    setObjectName("remoteCursorLayer");
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setGeometry(overlay_->geometry());
    overlay_->installEventFilter(this);
    raise();
}

void RemoteCursorLayer::setCursors(std::vector<Cursor> cursors) {
    cursors_ = std::move(cursors);
    setVisible(!cursors_.empty());
    raise();
    update();
}

bool RemoteCursorLayer::eventFilter(QObject* watched, QEvent* event) {
    if (watched == overlay_ && (event->type() == QEvent::Resize || event->type() == QEvent::Move)) {
        setGeometry(overlay_->geometry());
        raise();
    }
    return QWidget::eventFilter(watched, event);
}

void RemoteCursorLayer::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont font = painter.font();
    font.setPointSizeF(font.pointSizeF() * 0.9);
    painter.setFont(font);
    const QFontMetrics metrics(font);
    for (const Cursor& c : cursors_) {
        const QPointF tip = overlay_->toWidget(c.at);
        // An arrow pointer, outlined so that it shows on light and dark pictures.
        QPainterPath arrow;
        arrow.moveTo(tip);
        arrow.lineTo(tip + QPointF(0, 16));
        arrow.lineTo(tip + QPointF(4.5, 12));
        arrow.lineTo(tip + QPointF(11, 12));
        arrow.closeSubpath();
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(c.color);
        painter.drawPath(arrow);
        const QRectF label(tip + QPointF(12, 12),
                           QSizeF(metrics.horizontalAdvance(c.name) + 8, metrics.height() + 2));
        painter.setPen(Qt::NoPen);
        painter.drawRoundedRect(label, 3, 3);
        painter.setPen(c.color.lightness() > 140 ? Qt::black : Qt::white);
        painter.drawText(label, Qt::AlignCenter, c.name);
    }
}

}  // namespace framenote::ui
