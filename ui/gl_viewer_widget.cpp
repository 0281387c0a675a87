#include "ui/gl_viewer_widget.h"

#include <QMatrix3x3>
#include <QOpenGLExtraFunctions>
#include <QPainter>
#include <QVector4D>
#include <cmath>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libavutil/pixfmt.h>
}

#include "core/media/pixel_sample.h"

namespace framenote::ui {

namespace {

const char* kVertexShader = R"(
attribute vec2 position;
uniform vec4 placement;  // the picture in normalized device coordinates: scale.xy, offset.zw
varying vec2 uv;
void main() {
    uv = vec2(position.x * 0.5 + 0.5, 0.5 - position.y * 0.5);
    gl_Position = vec4(position * placement.xy + placement.zw, 0.0, 1.0);
}
)";

// The picture's RGB from its textures, by planeLayout (GlViewerWidget::PlaneLayout): YUV planes
// through rgb = matrix * ((sample * scale - offset) * gain), where scale brings 9..16-bit samples
// stored in 16-bit textures back to code / (2^depth - 1) and offset and gain undo limited range;
// RGB planes (FFmpeg's G, B, R order, integer or float) times scale; or packed RGB in planeY as
// it is. Shared by the plain program and the one that goes on through the view transform.
const char* kPlanesToRgb = R"(
varying vec2 uv;
uniform sampler2D planeY;
uniform sampler2D planeU;
uniform sampler2D planeV;
uniform int planeLayout;
uniform float scale;
uniform vec3 offset;
uniform vec3 gain;
uniform mat3 matrix;
vec3 pictureRgb() {
    if (planeLayout == 3) return texture2D(planeY, uv).rgb;
    vec3 s = vec3(texture2D(planeY, uv).r, texture2D(planeU, uv).r, texture2D(planeV, uv).r);
    if (planeLayout == 2) return (s * scale).zxy;
    return matrix * ((s * scale - offset) * gain);
}
)";

const char* kYuvMain = R"(
void main() { gl_FragColor = vec4(clamp(pictureRgb(), 0.0, 1.0), 1.0); }
)";

// After OpenColorIO's function (OCIODisplay, gpu_shader.h).
const char* kColourMain = R"(
void main() {
    gl_FragColor = vec4(clamp(OCIODisplay(vec4(pictureRgb(), 1.0)).rgb, 0.0, 1.0), 1.0);
}
)";

const char* kRgbaFragmentShader = R"(
varying vec2 uv;
uniform sampler2D planeY;
void main() { gl_FragColor = vec4(texture2D(planeY, uv).rgb, 1.0); }
)";

// Three planes, one component each (a fourth, alpha, is not read), little-endian samples of
// 8 bits, 9..16 bits in 16, or 32-bit float; Y, U, V in planes 0, 1, 2, or R, G, B in FFmpeg's
// order for RGB planes, G, B, R.
bool hasThreeSimplePlanes(const AVPixFmtDescriptor* d) {
    if (!(d->flags & AV_PIX_FMT_FLAG_PLANAR) ||
        (d->flags & (AV_PIX_FMT_FLAG_BE | AV_PIX_FMT_FLAG_HWACCEL)))
        return false;
    const bool isFloat = d->flags & AV_PIX_FMT_FLAG_FLOAT;
    if (isFloat && d->comp[0].depth != 32) return false;
    const int step = isFloat ? 4 : d->comp[0].depth > 8 ? 2 : 1;
    const bool rgb = d->flags & AV_PIX_FMT_FLAG_RGB;
    const int planeOf[2][3] = {{0, 1, 2}, {2, 0, 1}};
    for (int c = 0; c < 3; ++c)
        if (d->comp[c].plane != planeOf[rgb][c] || d->comp[c].shift != 0 || d->comp[c].step != step)
            return false;
    return true;
}

}  // namespace

GlViewerWidget::PlaneLayout GlViewerWidget::layoutOf(int format) {
    if (format == AV_PIX_FMT_RGB48LE || format == AV_PIX_FMT_RGBA64LE)
        return PlaneLayout::PackedRgb;
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(format));
    if (!d || !hasThreeSimplePlanes(d)) return PlaneLayout::None;
    const bool rgb = d->flags & AV_PIX_FMT_FLAG_RGB;
    if (rgb) return d->nb_components >= 3 ? PlaneLayout::RgbPlanes : PlaneLayout::None;
    if (d->nb_components != 3 || (d->flags & AV_PIX_FMT_FLAG_FLOAT)) return PlaneLayout::None;
    return PlaneLayout::Yuv;
}

GlViewerWidget::GlViewerWidget(QWidget* parent) : QOpenGLWidget(parent) {
    setMinimumSize(320, 180);
}

GlViewerWidget::~GlViewerWidget() {
    makeCurrent();
    if (textures_[0]) glDeleteTextures(3, textures_.data());
    releaseColourTextures();
    colourProgram_.reset();
    quad_.destroy();
    doneCurrent();
}

QSet<int> GlViewerWidget::nativeFormats() const {
    QSet<int> formats;
    for (const AVPixFmtDescriptor* d = av_pix_fmt_desc_next(nullptr); d;
         d = av_pix_fmt_desc_next(d)) {
        const int format = av_pix_fmt_desc_get_id(d);
        if (layoutOf(format) != PlaneLayout::None) formats.insert(format);
    }
    return formats;
}

bool GlViewerWidget::applyColour(std::shared_ptr<const colour::DisplayTransform> transform) {
    std::shared_ptr<const colour::GpuShader> shader;
    if (transform) {
        // The alpha channel view needs the alpha plane, which this shader does not read.
        if (transform->settings().channel == media::PictureChannel::Alpha) return false;
        auto made = colour::gpuShader(*transform);
        if (!made) {
            qWarning("framenote: %s; the colours are rendered on the CPU", made.error().c_str());
            return false;
        }
        shader = *made;
    }
    shader_ = std::move(shader);
    colourDirty_ = true;
    // Compiled now where the context exists, so a shader GL refuses falls back at once.
    if (shader_ && context()) {
        makeCurrent();
        const bool built = buildColourProgram();
        doneCurrent();
        if (!built) {
            shader_.reset();
            return false;
        }
    }
    update();
    return true;
}

void GlViewerWidget::releaseColourTextures() {
    if (!colourTextures_.empty())
        glDeleteTextures(static_cast<GLsizei>(colourTextures_.size()), colourTextures_.data());
    colourTextures_.clear();
}

bool GlViewerWidget::buildColourProgram() {
    colourDirty_ = false;
    releaseColourTextures();
    colourProgram_.reset();
    if (!shader_) return true;
    auto program = std::make_unique<QOpenGLShaderProgram>();
    const QByteArray version = "#version 120\n";
    const QByteArray fragment =
        version + kPlanesToRgb + QByteArray::fromStdString(shader_->functionText) + kColourMain;
    if (!program->addShaderFromSourceCode(QOpenGLShader::Vertex, version + kVertexShader) ||
        !program->addShaderFromSourceCode(QOpenGLShader::Fragment, fragment)) {
        qWarning("framenote: the colour shader does not compile: %s", qPrintable(program->log()));
        return false;
    }
    program->bindAttributeLocation("position", 0);
    if (!program->link()) {
        qWarning("framenote: the colour shader does not link: %s", qPrintable(program->log()));
        return false;
    }
    QOpenGLExtraFunctions* extra = context()->extraFunctions();
    colourTextures_.resize(shader_->textures.size());
    glGenTextures(static_cast<GLsizei>(colourTextures_.size()), colourTextures_.data());
    for (size_t i = 0; i < shader_->textures.size(); ++i) {
        const colour::GpuTexture& t = shader_->textures[i];
        const GLenum target = t.threeD ? GL_TEXTURE_3D : t.oneD ? GL_TEXTURE_1D : GL_TEXTURE_2D;
        const GLint filter = t.linear ? GL_LINEAR : GL_NEAREST;
        glBindTexture(target, colourTextures_[i]);
        glTexParameteri(target, GL_TEXTURE_MIN_FILTER, filter);
        glTexParameteri(target, GL_TEXTURE_MAG_FILTER, filter);
        glTexParameteri(target, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(target, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        if (t.threeD) {
            glTexParameteri(target, GL_TEXTURE_WRAP_R, GL_CLAMP_TO_EDGE);
            extra->glTexImage3D(target, 0, GL_RGB32F, static_cast<GLsizei>(t.width),
                                static_cast<GLsizei>(t.width), static_cast<GLsizei>(t.width), 0,
                                GL_RGB, GL_FLOAT, t.values.data());
        } else if (t.oneD) {
            // Desktop GL only: not among Qt's portable functions.
            using TexImage1D =
                void (*)(GLenum, GLint, GLint, GLsizei, GLint, GLenum, GLenum, const void*);
            const auto texImage1D =
                reinterpret_cast<TexImage1D>(context()->getProcAddress("glTexImage1D"));
            if (!texImage1D) return false;
            texImage1D(target, 0, t.red ? GL_R32F : GL_RGB32F, static_cast<GLsizei>(t.width), 0,
                       t.red ? GL_RED : GL_RGB, GL_FLOAT, t.values.data());
        } else {
            glTexImage2D(target, 0, t.red ? GL_R32F : GL_RGB32F, static_cast<GLsizei>(t.width),
                         static_cast<GLsizei>(t.height), 0, t.red ? GL_RED : GL_RGB, GL_FLOAT,
                         t.values.data());
        }
    }
    glBindTexture(GL_TEXTURE_2D, 0);
    colourProgram_ = std::move(program);
    return true;
}

void GlViewerWidget::setPixelAspect(double aspect) {
    pixelAspect_ = aspect > 0 ? aspect : 1.0;
    update();
}

void GlViewerWidget::showFrame(const media::ServedFrame& frame) {
    frame_ = frame;
    uploaded_ = false;
    message_.clear();
    update();
}

void GlViewerWidget::showMessage(const QString& text) {
    clear();
    message_ = text;
    update();
}

void GlViewerWidget::clear() {
    frame_ = {};
    uploaded_ = false;
    message_.clear();
    update();
}

QSize GlViewerWidget::frameSize() const {
    if (frame_.rgba) return {frame_.rgba->width, frame_.rgba->height};
    if (!frame_.frame.isNull()) return {frame_.frame.width(), frame_.frame.height()};
    return {};
}

void GlViewerWidget::setTransform(const ViewTransform& transform) {
    transform_ = transform;
    update();
}

QRectF GlViewerWidget::pictureRect() const {
    return placePicture(frameSize(), pixelAspect_, size(), transform_, devicePixelRatioF());
}

QImage GlViewerWidget::grabPicture() {
    const QImage all = grabFramebuffer();
    const qreal ratio = devicePixelRatioF();
    const QRectF r = pictureRect().intersected(QRectF(rect()));
    return all.copy(QRectF(r.topLeft() * ratio, r.size() * ratio).toRect());
}

void GlViewerWidget::initializeGL() {
    initializeOpenGLFunctions();
    planesProgram_.addShaderFromSourceCode(QOpenGLShader::Vertex, kVertexShader);
    planesProgram_.addShaderFromSourceCode(QOpenGLShader::Fragment,
                                           QByteArray(kPlanesToRgb) + kYuvMain);
    planesProgram_.bindAttributeLocation("position", 0);
    planesProgram_.link();
    rgbaProgram_.addShaderFromSourceCode(QOpenGLShader::Vertex, kVertexShader);
    rgbaProgram_.addShaderFromSourceCode(QOpenGLShader::Fragment, kRgbaFragmentShader);
    rgbaProgram_.bindAttributeLocation("position", 0);
    rgbaProgram_.link();
    static const GLfloat vertices[] = {-1, -1, 1, -1, -1, 1, 1, 1};
    quad_.create();
    quad_.bind();
    quad_.allocate(vertices, sizeof(vertices));
    glGenTextures(3, textures_.data());
    for (GLuint texture : textures_) {
        glBindTexture(GL_TEXTURE_2D, texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
}

void GlViewerWidget::upload() {
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    layout_ = frame_.rgba || frame_.frame.isNull() ? PlaneLayout::None
                                                   : layoutOf(frame_.frame.pixelFormat());
    if (layout_ == PlaneLayout::None) {
        if (!frame_.rgba) return;
        glBindTexture(GL_TEXTURE_2D, textures_[0]);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, frame_.rgba->width, frame_.rgba->height, 0,
                     GL_RGBA, GL_UNSIGNED_BYTE, frame_.rgba->pixels.data());
        return;
    }
    const media::VideoFrame& f = frame_.frame;
    const AVFrame* av = f.avFrame();
    if (layout_ == PlaneLayout::PackedRgb) {  // 16 bits per component, three or four of them
        const bool alpha = f.pixelFormat() == AV_PIX_FMT_RGBA64LE;
        glBindTexture(GL_TEXTURE_2D, textures_[0]);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, av->linesize[0] / (alpha ? 8 : 6));
        glTexImage2D(GL_TEXTURE_2D, 0, alpha ? GL_RGBA16 : GL_RGB16, f.width(), f.height(), 0,
                     alpha ? GL_RGBA : GL_RGB, GL_UNSIGNED_SHORT, av->data[0]);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        return;
    }
    const bool isFloat = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(f.pixelFormat()))->flags &
                         AV_PIX_FMT_FLAG_FLOAT;
    const int bytes = isFloat ? 4 : f.bitDepth() > 8 ? 2 : 1;
    const GLint internal = isFloat ? GL_R32F : bytes == 2 ? GL_R16 : GL_R8;
    const GLenum type = isFloat ? GL_FLOAT : bytes == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_BYTE;
    for (int plane = 0; plane < 3; ++plane) {
        const int w = plane == 0 ? f.width() : -((-f.width()) >> f.chromaShiftX());
        const int h = plane == 0 ? f.height() : -((-f.height()) >> f.chromaShiftY());
        glBindTexture(GL_TEXTURE_2D, textures_[plane]);
        // The row length lets GL read FFmpeg's padded rows in place, without a copy.
        glPixelStorei(GL_UNPACK_ROW_LENGTH, av->linesize[plane] / bytes);
        glTexImage2D(GL_TEXTURE_2D, 0, internal, w, h, 0, GL_RED, type, av->data[plane]);
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
}

void GlViewerWidget::setColourUniforms(QOpenGLShaderProgram& program,
                                       const media::VideoFrame& frame) {
    program.setUniformValue("planeLayout", static_cast<GLint>(layout_));
    const int depth = frame.bitDepth();
    const double maxCode = std::ldexp(1.0, depth) - 1;
    // 9..16-bit codes sit in 16-bit textures, read as code / 65535; float and 8-bit as they are.
    const float scale = depth > 8 && depth < 32 ? static_cast<float>(65535.0 / maxCode) : 1.0f;
    program.setUniformValue("scale", scale);
    if (layout_ != PlaneLayout::Yuv) return;
    const double unit = std::ldexp(1.0, depth - 8);  // one 8-bit step at this depth
    const double chromaZero = 128 * unit / maxCode;
    QVector3D offset(0, chromaZero, chromaZero);
    QVector3D gain(1, 1, 1);
    if (!frame.fullRange()) {
        offset.setX(16 * unit / maxCode);
        gain = QVector3D(maxCode / (219 * unit), maxCode / (224 * unit), maxCode / (224 * unit));
    }
    const auto [kr, kb] = media::lumaWeights(frame.effectiveColorspace());
    const double kg = 1 - kr - kb;
    const float rows[9] = {1,
                           0,
                           static_cast<float>(2 * (1 - kr)),
                           1,
                           static_cast<float>(-2 * kb * (1 - kb) / kg),
                           static_cast<float>(-2 * kr * (1 - kr) / kg),
                           1,
                           static_cast<float>(2 * (1 - kb)),
                           0};
    program.setUniformValue("offset", offset);
    program.setUniformValue("gain", gain);
    program.setUniformValue("matrix", QMatrix3x3(rows));
}

void GlViewerWidget::paintGL() {
    const QRectF picture = pictureRect();
    if (picture.isEmpty()) {
        QPainter painter(this);
        paintEmptyViewer(painter, rect(), message_);
        return;
    }
    glClearColor(kViewerBackground.redF(), kViewerBackground.greenF(), kViewerBackground.blueF(),
                 1);
    glClear(GL_COLOR_BUFFER_BIT);
    if (!uploaded_) {
        upload();
        uploaded_ = true;
    }
    // The whole widget is the viewport and the quad is placed in it, so a zoomed picture larger
    // than GL_MAX_VIEWPORT_DIMS still draws (the part outside the widget is clipped).
    const qreal ratio = devicePixelRatioF();
    glViewport(0, 0, static_cast<GLsizei>(std::lround(width() * ratio)),
               static_cast<GLsizei>(std::lround(height() * ratio)));
    const double w = width(), h = height();
    const QVector4D placement(static_cast<float>(picture.width() / w),
                              static_cast<float>(picture.height() / h),
                              static_cast<float>((picture.center().x() / w) * 2 - 1),
                              static_cast<float>(1 - (picture.center().y() / h) * 2));
    if (colourDirty_ && !buildColourProgram()) shader_.reset();
    const bool drawsPlanes = layout_ != PlaneLayout::None;
    const bool managed = drawsPlanes && colourProgram_;
    QOpenGLShaderProgram& program = managed       ? *colourProgram_
                                    : drawsPlanes ? planesProgram_
                                                  : rgbaProgram_;
    program.bind();
    program.setUniformValue("placement", placement);
    // Square pixels when zoomed in, so that a reviewer can inspect them.
    const GLint magnify = !transform_.fitted() && transform_.zoom >= 2.0 ? GL_NEAREST : GL_LINEAR;
    for (int plane = 0; plane < (drawsPlanes ? 3 : 1); ++plane) {
        glActiveTexture(GL_TEXTURE0 + plane);
        glBindTexture(GL_TEXTURE_2D, textures_[plane]);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, magnify);
    }
    program.setUniformValue("planeY", 0);
    if (drawsPlanes) {
        program.setUniformValue("planeU", 1);
        program.setUniformValue("planeV", 2);
        setColourUniforms(program, frame_.frame);
    }
    // The view transform's lookup tables, on the units after the planes.
    for (size_t i = 0; managed && i < colourTextures_.size(); ++i) {
        const colour::GpuTexture& t = shader_->textures[i];
        glActiveTexture(GL_TEXTURE3 + static_cast<GLenum>(i));
        glBindTexture(t.threeD ? GL_TEXTURE_3D
                      : t.oneD ? GL_TEXTURE_1D
                               : GL_TEXTURE_2D,
                      colourTextures_[i]);
        program.setUniformValue(t.sampler.c_str(), static_cast<GLint>(3 + i));
    }
    quad_.bind();
    program.enableAttributeArray(0);
    program.setAttributeBuffer(0, GL_FLOAT, 0, 2);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    program.disableAttributeArray(0);
    program.release();
    glActiveTexture(GL_TEXTURE0);
}

}  // namespace framenote::ui
