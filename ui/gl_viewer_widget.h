#pragma once
// The OpenGL viewer: uploads the decoded pictures at their own precision as textures: YUV planes
// (8 to 16 bit), RGB planes (8 to 16 bit, as DPX; float, as EXR) or 16-bit packed RGB (TIFF),
// and converts YUV to RGB in a shader with the stream's matrix (BT.601/709/2020) and range, so
// the decode thread never spends time on a colour conversion; with colour management, the
// shader goes on through OpenColorIO's own GLSL for the view (docs/ARCHITECTURE.md, "Colour").
// Other pixel formats arrive as RGBA.
#include <QOpenGLBuffer>
#include <QOpenGLFunctions>
#include <QOpenGLShaderProgram>
#include <QOpenGLWidget>
#include <array>
#include <memory>
#include <vector>

#include "core/colour/gpu_shader.h"
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
    bool applyColour(std::shared_ptr<const colour::DisplayTransform> transform) override;

  protected:
    void initializeGL() override;
    void paintGL() override;

  private:
    // How the shader reads a format's textures (the values of its planeLayout); None: the
    // format arrives as RGBA.
    enum class PlaneLayout { None = 0, Yuv = 1, RgbPlanes = 2, PackedRgb = 3 };
    static PlaneLayout layoutOf(int format);

    void upload();
    void setColourUniforms(QOpenGLShaderProgram& program, const media::VideoFrame& frame);
    // Compiles the program and uploads the lookup textures of shader_ (context current).
    bool buildColourProgram();
    void releaseColourTextures();

    media::ServedFrame frame_;
    bool uploaded_ = false;
    PlaneLayout layout_ = PlaneLayout::None;  // of the uploaded frame; None: RGBA
    double pixelAspect_ = 1.0;
    ViewTransform transform_;
    QString message_;
    QOpenGLShaderProgram planesProgram_;
    QOpenGLShaderProgram rgbaProgram_;
    QOpenGLBuffer quad_{QOpenGLBuffer::VertexBuffer};
    std::array<GLuint, 3> textures_{};
    std::shared_ptr<const colour::GpuShader> shader_;  // the view transform's GLSL, or none
    std::unique_ptr<QOpenGLShaderProgram> colourProgram_;
    std::vector<GLuint> colourTextures_;  // shader_'s lookup tables, in its order
    bool colourDirty_ = false;            // shader_ changed since colourProgram_ was built
};

}  // namespace framenote::ui
