#include "ui/frame_view.h"

#include <QGuiApplication>
#include <QOffscreenSurface>
#include <QOpenGLContext>

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
    return QRectF(QPointF((area.width() - size.width()) / 2, (area.height() - size.height()) / 2), size);
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
    return context.makeCurrent(&surface);
}

}  // namespace

FrameView* createFrameView(QWidget* parent) {
    static const bool gl = openGlWorks();
    if (gl) return new GlViewerWidget(parent);
    return new ViewerWidget(parent);
}

}  // namespace framenote::ui
