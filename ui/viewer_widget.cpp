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
    frameSize_ =
        frame.frame.isNull() ? image_.size() : QSize(frame.frame.width(), frame.frame.height());
    update();
}

void ViewerWidget::clear() {
    image_ = QImage();
    frameSize_ = {};
    pixels_.reset();
    message_.clear();
    update();
}

void ViewerWidget::showMessage(const QString& text) {
    clear();
    message_ = text;
    update();
}

void ViewerWidget::setTransform(const ViewTransform& transform) {
    transform_ = transform;
    update();
}

QRectF ViewerWidget::pictureRect() const {
    return placePicture(frameSize_, pixelAspect_, size(), transform_, devicePixelRatioF());
}

QImage ViewerWidget::grabPicture() {
    return grab(pictureRect().toRect().intersected(rect())).toImage();
}

void ViewerWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    if (image_.isNull()) return paintEmptyViewer(painter, rect(), message_);
    painter.fillRect(rect(), kViewerBackground);
    // Smooth when shrinking or fitting; square pixels when zoomed in, to inspect them.
    painter.setRenderHint(QPainter::SmoothPixmapTransform,
                          transform_.fitted() || transform_.zoom < 1.0);
    const QRectF target = pictureRect();
    // The decode thread renders at the picture's size while fitted: a plain copy, no scaling.
    const QSize device = (target.size() * devicePixelRatioF()).toSize();
    if (image_.size() == device && devicePixelRatioF() == 1.0)
        painter.drawImage(target.topLeft().toPoint(), image_);
    else
        painter.drawImage(target, image_);
}

}  // namespace framenote::ui
