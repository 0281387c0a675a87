#pragma once
// Shows the current frame, fitted to the widget with the clip's pixel aspect. This raster
// viewer works everywhere (offscreen, no GL); the OpenGL YUV viewer is planned in issue 6.
#include <QImage>
#include <QWidget>
#include <memory>

#include "core/media/frame_server.h"

namespace framenote::ui {

class ViewerWidget : public QWidget {
    Q_OBJECT
public:
    explicit ViewerWidget(QWidget* parent = nullptr);

    void setPixelAspect(double aspect) { pixelAspect_ = aspect > 0 ? aspect : 1.0; update(); }
    void showFrame(const media::ServedFrame& frame);
    void clear();
    // Text shown instead of a picture (an error, "opening...").
    void showMessage(const QString& text);
    QString message() const { return message_; }
    // The rectangle the picture occupies, in widget coordinates.
    QRectF pictureRect() const;
    const QImage& image() const { return image_; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::shared_ptr<const media::RgbaImage> pixels_;  // keeps image_'s buffer alive
    QImage image_;
    double pixelAspect_ = 1.0;
    QString message_;
};

}  // namespace framenote::ui
