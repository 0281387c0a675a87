#include "ui/gl_viewer_widget.h"

#include <QMatrix3x3>
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

// rgb = matrix * ((sample * scale - offset) * gain): scale brings 9..16-bit samples stored in
// 16-bit textures back to code / (2^depth - 1); offset and gain undo limited range.
const char* kYuvFragmentShader = R"(
varying vec2 uv;
uniform sampler2D planeY;
uniform sampler2D planeU;
uniform sampler2D planeV;
uniform float scale;
uniform vec3 offset;
uniform vec3 gain;
uniform mat3 matrix;
void main() {
    vec3 yuv = vec3(texture2D(planeY, uv).r, texture2D(planeU, uv).r, texture2D(planeV, uv).r);
    vec3 rgb = matrix * ((yuv * scale - offset) * gain);
    gl_FragColor = vec4(clamp(rgb, 0.0, 1.0), 1.0);
}
)";

const char* kRgbaFragmentShader = R"(
varying vec2 uv;
uniform sampler2D planeY;
void main() { gl_FragColor = vec4(texture2D(planeY, uv).rgb, 1.0); }
)";

bool isPlanarYuv(int format) {
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(format));
    if (!d || d->nb_components != 3 || !(d->flags & AV_PIX_FMT_FLAG_PLANAR)) return false;
    if (d->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_BE | AV_PIX_FMT_FLAG_FLOAT |
                    AV_PIX_FMT_FLAG_HWACCEL))
        return false;
    // Three planes, one component each, samples of 8 bits or little-endian 9..16 in 16 bits.
    for (int c = 0; c < 3; ++c)
        if (d->comp[c].plane != c || d->comp[c].shift != 0 ||
            d->comp[c].step != (d->comp[0].depth > 8 ? 2 : 1))
            return false;
    return true;
}

}  // namespace

GlViewerWidget::GlViewerWidget(QWidget* parent) : QOpenGLWidget(parent) {
    setMinimumSize(320, 180);
}

GlViewerWidget::~GlViewerWidget() {
    makeCurrent();
    if (textures_[0]) glDeleteTextures(3, textures_.data());
    quad_.destroy();
    doneCurrent();
}

QSet<int> GlViewerWidget::nativeFormats() const {
    QSet<int> formats;
    for (const AVPixFmtDescriptor* d = av_pix_fmt_desc_next(nullptr); d;
         d = av_pix_fmt_desc_next(d)) {
        const int format = av_pix_fmt_desc_get_id(d);
        if (isPlanarYuv(format)) formats.insert(format);
    }
    return formats;
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
    yuvProgram_.addShaderFromSourceCode(QOpenGLShader::Vertex, kVertexShader);
    yuvProgram_.addShaderFromSourceCode(QOpenGLShader::Fragment, kYuvFragmentShader);
    yuvProgram_.bindAttributeLocation("position", 0);
    yuvProgram_.link();
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
    yuv_ = !frame_.rgba && !frame_.frame.isNull() && isPlanarYuv(frame_.frame.pixelFormat());
    if (!yuv_) {
        if (!frame_.rgba) return;
        glBindTexture(GL_TEXTURE_2D, textures_[0]);
        glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, frame_.rgba->width, frame_.rgba->height, 0,
                     GL_RGBA, GL_UNSIGNED_BYTE, frame_.rgba->pixels.data());
        return;
    }
    const media::VideoFrame& f = frame_.frame;
    const AVFrame* av = f.avFrame();
    const int bytes = f.bitDepth() > 8 ? 2 : 1;
    for (int plane = 0; plane < 3; ++plane) {
        const int w = plane == 0 ? f.width() : -((-f.width()) >> f.chromaShiftX());
        const int h = plane == 0 ? f.height() : -((-f.height()) >> f.chromaShiftY());
        glBindTexture(GL_TEXTURE_2D, textures_[plane]);
        // The row length lets GL read FFmpeg's padded rows in place, without a copy.
        glPixelStorei(GL_UNPACK_ROW_LENGTH, av->linesize[plane] / bytes);
        glTexImage2D(GL_TEXTURE_2D, 0, bytes == 2 ? GL_R16 : GL_R8, w, h, 0, GL_RED,
                     bytes == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_BYTE, av->data[plane]);
    }
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
}

void GlViewerWidget::setColourUniforms(const media::VideoFrame& frame) {
    const int depth = frame.bitDepth();
    const double maxCode = std::ldexp(1.0, depth) - 1;
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
    yuvProgram_.setUniformValue("scale", depth > 8 ? static_cast<float>(65535.0 / maxCode) : 1.0f);
    yuvProgram_.setUniformValue("offset", offset);
    yuvProgram_.setUniformValue("gain", gain);
    yuvProgram_.setUniformValue("matrix", QMatrix3x3(rows));
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
    QOpenGLShaderProgram& program = yuv_ ? yuvProgram_ : rgbaProgram_;
    program.bind();
    program.setUniformValue("placement", placement);
    // Square pixels when zoomed in, so that a reviewer can inspect them.
    const GLint magnify = !transform_.fitted() && transform_.zoom >= 2.0 ? GL_NEAREST : GL_LINEAR;
    for (int plane = 0; plane < (yuv_ ? 3 : 1); ++plane) {
        glActiveTexture(GL_TEXTURE0 + plane);
        glBindTexture(GL_TEXTURE_2D, textures_[plane]);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, magnify);
    }
    program.setUniformValue("planeY", 0);
    if (yuv_) {
        program.setUniformValue("planeU", 1);
        program.setUniformValue("planeV", 2);
        setColourUniforms(frame_.frame);
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
