#include "ui/frame_view.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLFunctions>

#include "ui/gl_viewer_widget.h"
#include "ui/viewer_widget.h"

namespace framenote::ui {

QRectF fitPicture(QSize frame, double pixelAspect, QSize area) {
    if (frame.isEmpty() || area.isEmpty()) return {};
    const double pictureAspect = frame.width() * pixelAspect / frame.height();
    const double areaAspect = static_cast<double>(area.width()) / area.height();
    const QSizeF size = areaAspect > pictureAspect
                            ? QSizeF(area.height() * pictureAspect, area.height())
                            : QSizeF(area.width(), area.width() / pictureAspect);
    return QRectF(QPointF((area.width() - size.width()) / 2, (area.height() - size.height()) / 2),
                  size);
}

QRectF placePicture(QSize frame, double pixelAspect, QSize area, const ViewTransform& transform,
                    double devicePixelRatio) {
    if (transform.fitted()) return fitPicture(frame, pixelAspect, area);
    if (frame.isEmpty() || area.isEmpty()) return {};
    const double scale = transform.zoom / std::max(devicePixelRatio, 0.1);
    const QSizeF size(frame.width() * pixelAspect * scale, frame.height() * scale);
    const QPointF centre = QPointF(area.width(), area.height()) / 2 + transform.pan;
    return QRectF(centre - QPointF(size.width(), size.height()) / 2, size);
}

void paintEmptyViewer(QPainter& painter, const QRect& area, const QString& message) {
    painter.fillRect(area, kViewerBackground);
    painter.setPen(QColor(220, 220, 220));
    painter.drawText(area.adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap, message);
}

namespace {

bool openGlWorks() {
    if (qEnvironmentVariable("FRAMENOTE_VIEWER") == QLatin1String("raster")) return false;
    // QOpenGLWidget crashes on the offscreen platform; there is no GL to draw with there.
    if (QGuiApplication::platformName() == QLatin1String("offscreen")) return false;
    QOpenGLContext context;
    if (!context.create()) return false;
    QOffscreenSurface surface;
    surface.create();
    if (!context.makeCurrent(&surface)) return false;
    if (qEnvironmentVariable("FRAMENOTE_VIEWER") == QLatin1String("gl")) return true;
    // A software rasterizer (llvmpipe, on machines without a GPU or under Xvfb) uploads and
    // shades a 4K frame on the UI thread; the raster viewer gets it at the window's size from
    // the decode thread. bench/player_bench.cpp on the 4K clip here: UI-thread stall p99 33 ms
    // against 6 ms (docs/PERFORMANCE.md "Player").
    const auto* renderer =
        reinterpret_cast<const char*>(context.functions()->glGetString(GL_RENDERER));
    const QString name = QString::fromLatin1(renderer ? renderer : "").toLower();
    const bool software = name.contains("llvmpipe") || name.contains("softpipe") ||
                          name.contains("swrast") || name.contains("software");
    context.doneCurrent();
    return !software;
}

}  // namespace

FrameView* createFrameView(QWidget* parent) {
    static const bool gl = openGlWorks();
    if (gl) return new GlViewerWidget(parent);
    return new ViewerWidget(parent);
}

}  // namespace framenote::ui
