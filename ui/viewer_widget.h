#pragma once
// The raster viewer: draws the RGBA rendition the decode thread made. Works everywhere
// (offscreen, no GL); the OpenGL viewer is preferred where GL exists.
#include <QImage>
#include <QWidget>
#include <memory>

#include "ui/frame_view.h"

namespace framenote::ui {

class ViewerWidget : public QWidget, public FrameView {
    Q_OBJECT
  public:
    explicit ViewerWidget(QWidget* parent = nullptr);

    QWidget* widget() override { return this; }
    void setPixelAspect(double aspect) override;
    double pixelAspect() const override { return pixelAspect_; }
    void setTransform(const ViewTransform& transform) override;
    ViewTransform transform() const override { return transform_; }
    void showFrame(const media::ServedFrame& frame) override;
    void showMessage(const QString& text) override;
    QString message() const override { return message_; }
    void clear() override;
    QRectF pictureRect() const override;
    QSize frameSize() const override { return frameSize_; }
    QImage grabPicture() override;
    QSet<int> nativeFormats() const override { return {}; }

  protected:
    void paintEvent(QPaintEvent* event) override;

  private:
    std::shared_ptr<const media::RgbaImage> pixels_;  // keeps image_'s buffer alive
    QImage image_;  // may be smaller than the frame: FrameServer renders at the viewer's size
    QSize frameSize_;
    double pixelAspect_ = 1.0;
    ViewTransform transform_;
    QString message_;
};

}  // namespace framenote::ui
