#pragma once
// What the main window needs from a picture viewer, whichever way it draws: the OpenGL viewer
// (YUV planes through a shader) where GL works, the raster viewer everywhere else.
#include <QColor>
#include <QImage>
#include <QPainter>
#include <QRectF>
#include <QSet>
#include <QString>
#include <QWidget>

#include "core/colour/display_transform.h"
#include "core/media/frame_server.h"

namespace framenote::ui {

// How the picture sits in the viewer: fitted (zoom 0), or at a zoom where 1.0 shows one frame
// pixel per screen pixel ("1:1"), moved by `pan` (widget pixels) from the centre.
struct ViewTransform {
    double zoom = 0.0;
    QPointF pan;
    bool fitted() const { return zoom <= 0.0; }
};

class FrameView {
  public:
    virtual ~FrameView() = default;
    virtual QWidget* widget() = 0;
    virtual void showFrame(const media::ServedFrame& frame) = 0;
    // Text shown instead of a picture (an error, "opening...").
    virtual void showMessage(const QString& text) = 0;
    virtual QString message() const = 0;
    virtual void clear() = 0;
    virtual void setPixelAspect(double aspect) = 0;
    virtual double pixelAspect() const = 0;
    virtual void setTransform(const ViewTransform& transform) = 0;
    virtual ViewTransform transform() const = 0;
    // The rectangle the picture occupies, in widget coordinates.
    virtual QRectF pictureRect() const = 0;
    virtual QSize frameSize() const = 0;
    // The picture as drawn on screen (inside pictureRect), for tests and snapshots.
    virtual QImage grabPicture() = 0;
    // Pixel formats (AVPixelFormat) drawn without an RGBA conversion on the decode thread.
    virtual QSet<int> nativeFormats() const = 0;
    // Draws the native formats through `transform` itself (null: none); false when this viewer
    // cannot, and the frames must come rendered (docs/ARCHITECTURE.md, "Colour").
    virtual bool applyColour(std::shared_ptr<const colour::DisplayTransform> transform) {
        return !transform;
    }
};

// The picture fitted inside `area`, centred, keeping the frame's display aspect.
QRectF fitPicture(QSize frame, double pixelAspect, QSize area);
// The picture placed by `transform` in `area`: fitted, or frame pixels x zoom / devicePixelRatio
// (so 1:1 is one frame pixel per physical pixel), centred and panned.
QRectF placePicture(QSize frame, double pixelAspect, QSize area, const ViewTransform& transform,
                    double devicePixelRatio = 1.0);

// The viewer's background and its message text, the same in both viewers.
void paintEmptyViewer(QPainter& painter, const QRect& area, const QString& message);
inline const QColor kViewerBackground(18, 18, 20);

// The OpenGL viewer if this platform can create a GL context (and FRAMENOTE_VIEWER is not
// "raster"), else the raster one. Never crashes where GL is missing.
FrameView* createFrameView(QWidget* parent);

}  // namespace framenote::ui
