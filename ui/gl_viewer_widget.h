#pragma once
// The OpenGL viewer: uploads the decoded YUV planes (8 to 16 bit) as textures and converts to
// RGB in a shader with the stream's matrix (BT.601/709/2020) and range, so the decode thread
// never spends time on a colour conversion. Other pixel formats arrive as RGBA.
#include <QOpenGLBuffer>
#include <QOpenGLFunctions>
#include <QOpenGLShaderProgram>
#include <QOpenGLWidget>
#include <array>

#include "ui/frame_view.h"

namespace framenote::ui {

class GlViewerWidget : public QOpenGLWidget, protected QOpenGLFunctions, public FrameView {
    Q_OBJECT
  public:
    explicit GlViewerWidget(QWidget* parent = nullptr);
    ~GlViewerWidget() override;

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
    QSize frameSize() const override;
    QImage grabPicture() override;
    QSet<int> nativeFormats() const override;

  protected:
    void initializeGL() override;
    void paintGL() override;

  private:
    void upload();
    void setColourUniforms(const media::VideoFrame& frame);

    media::ServedFrame frame_;
    bool uploaded_ = false;
    bool yuv_ = false;
    double pixelAspect_ = 1.0;
    ViewTransform transform_;
    QString message_;
    QOpenGLShaderProgram yuvProgram_;
    QOpenGLShaderProgram rgbaProgram_;
    QOpenGLBuffer quad_{QOpenGLBuffer::VertexBuffer};
    std::array<GLuint, 3> textures_{};
};

}  // namespace framenote::ui
