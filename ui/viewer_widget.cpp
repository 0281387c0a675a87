#include "ui/viewer_widget.h"

#include <QPainter>

namespace framenote::ui {

ViewerWidget::ViewerWidget(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(320, 180);
}

void ViewerWidget::showFrame(const media::ServedFrame& frame) {
    pixels_ = frame.rgba;
    if (!pixels_) return clear();
    message_.clear();
    // No copy: the QImage borrows the RGBA buffer, which pixels_ keeps alive.
    image_ = QImage(pixels_->pixels.data(), pixels_->width, pixels_->height, pixels_->width * 4,
                    QImage::Format_RGBA8888);
    update();
}

void ViewerWidget::clear() {
    image_ = QImage();
    pixels_.reset();
    message_.clear();
    update();
}

void ViewerWidget::showMessage(const QString& text) {
    clear();
    message_ = text;
    update();
}

QRectF ViewerWidget::pictureRect() const {
    if (image_.isNull()) return {};
    const double pictureAspect = image_.width() * pixelAspect_ / image_.height();
    const double widgetAspect = static_cast<double>(width()) / height();
    QSizeF size = widgetAspect > pictureAspect ? QSizeF(height() * pictureAspect, height())
                                               : QSizeF(width(), width() / pictureAspect);
    return QRectF(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

void ViewerWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(18, 18, 20));
    if (image_.isNull()) {
        painter.setPen(QColor(220, 220, 220));
        painter.drawText(rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                         message_);
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(pictureRect(), image_);
}

}  // namespace framenote::ui
