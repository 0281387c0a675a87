#include "ui/viewer_widget.h"

#include <QPainter>

namespace framenote::ui {

ViewerWidget::ViewerWidget(QWidget* parent) : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(320, 180);
}

void ViewerWidget::setPixelAspect(double aspect) {
    pixelAspect_ = aspect > 0 ? aspect : 1.0;
    update();
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

QRectF ViewerWidget::pictureRect() const { return fitPicture(image_.size(), pixelAspect_, size()); }

QImage ViewerWidget::grabPicture() { return grab(pictureRect().toRect()).toImage(); }

void ViewerWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (image_.isNull()) return paintEmptyViewer(painter, rect(), message_);
    painter.fillRect(rect(), kViewerBackground);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(pictureRect(), image_);
}

}  // namespace framenote::ui
