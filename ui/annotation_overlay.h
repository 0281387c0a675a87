#pragma once
// Draws the annotations of the current frame over the picture and turns mouse gestures into
// annotation operations with the current tool. Geometry is kept normalized to the picture
// (model/annotation.h), so drawings stay put at any zoom and window size.
#include <QColor>
#include <QList>
#include <QPointF>
#include <QUuid>
#include <QWidget>
#include <map>
#include <optional>
#include <vector>

#include "core/model/operation.h"
#include "ui/frame_view.h"
#include "ui/render/annotation_painter.h"

namespace framenote::ui {

// Laser: points with a fading trail (ui/laser_trails.h), draws nothing that stays.
enum class Tool { Select, Rect, Ellipse, Arrow, Line, Freehand, Text, Laser };

class LaserTrails;

class AnnotationOverlay : public QWidget {
    Q_OBJECT
  public:
    AnnotationOverlay(FrameView* view, QWidget* parent);

    void setAnnotations(std::vector<model::Annotation> annotations);
    const std::vector<model::Annotation>& annotations() const { return annotations_; }
    // Notes of nearby frames drawn faded under the current ones, in their tint (ghosts, onion
    // skin: ui/ghost_control.h); painted in order, farthest first. Never selectable.
    struct GhostNote {
        model::Annotation note;  // its colour already the tint
        double opacity = 0.5;
        bool operator==(const GhostNote&) const = default;
    };
    void setGhosts(std::vector<GhostNote> ghosts);
    // The laser trails painted on top (this user's is fed by the Laser tool); null: none.
    void setLaser(LaserTrails* laser) { laser_ = laser; }
    // The shape this user is drawing (the button held), as the others see it live; nullopt when
    // not drawing.
    std::optional<model::Annotation> drawingNow() const;
    // Another participant's shape in progress (nullopt: none, it was lifted or abandoned), drawn
    // over the notes until it ends.
    void setRemoteDrawing(uint32_t participant, std::optional<model::Annotation> shape);
    size_t remoteDrawings() const { return remoteDrawings_.size(); }
    void setTool(Tool tool);
    Tool tool() const { return tool_; }
    void setStyle(const model::Style& style) { style_ = style; }
    const model::Style& style() const { return style_; }
    // The selection: several notes can be selected (Shift/Ctrl+click, rubber band, select all);
    // selected() is the one picked last, the one the notes panel follows.
    QUuid selected() const { return selection_.isEmpty() ? QUuid() : selection_.last(); }
    const QList<QUuid>& selection() const { return selection_; }
    // How many times the notes were drawn into the layer (the rest of the repaints reuse it).
    int layerDraws() const { return layerDraws_; }
    bool isSelected(const QUuid& id) const { return selection_.contains(id); }
    // Selects only `id` (a null id clears the selection).
    void select(const QUuid& id);
    void setSelection(const QList<QUuid>& ids);
    // Every note shown on the current frame.
    void selectAll();

    // Where the notes' picture lies within the viewer's picture, and the part of it they may be
    // drawn on, as fractions of it: the whole picture, except while comparing two versions
    // (docs/ARCHITECTURE.md, "Compare"). An empty area: the clip is not on screen, no notes.
    void setPicturePart(const QRectF& area, const QRectF& clip);
    // The notes' picture in widget coordinates (empty when not on screen).
    QRectF picture() const;

    // Widget <-> normalized picture coordinates.
    QPointF toPicture(const QPointF& widgetPoint) const;
    QPointF toWidget(const model::Point& point) const;

  signals:
    // A finished gesture: the new shape's kind and normalized points (text: its anchor).
    void shapeDrawn(model::Kind kind, const std::vector<model::Point>& points);
    void textRequested(const model::Point& anchor, const QPoint& widgetPosition);
    // The selected annotations were dragged together by (dx, dy) (normalized).
    void moveRequested(const QList<QUuid>& ids, double dx, double dy);
    // A handle of the selected shape was dragged: its new normalized points, in [0,1].
    void resizeRequested(const QUuid& id, const std::vector<model::Point>& points);
    // The selection changed; `id` is selected() (null when nothing is selected).
    void selectionChanged(const QUuid& id);
    // A text note was double-clicked with the Select tool: its text is to be edited.
    void textEditRequested(const QUuid& id);
    // The shape being drawn changed (a point added, begun or ended): drawingNow() tells.
    void drawingChanged();

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

  public:
    // A resize handle: a corner or edge of the shape's box (edgeX, edgeY: -1 left/top, +1
    // right/bottom, 0 unchanged), or an end point of a line (point >= 0).
    struct Handle {
        model::Point at;
        int edgeX = 0;
        int edgeY = 0;
        int point = -1;
    };
    // The handles the selected shape shows (none when several notes are selected).
    std::vector<Handle> handles() const;

  private:
    enum class Drag { None, Draw, Move, Resize, Band };

    render::TextNoteCache textCache_;  // text notes drawn once, repainted as images
    // The notes that stay put during a repaint, drawn once (paintStill).
    struct LayerKey {
        uint64_t version = 0;
        QRectF picture;
        QSize size;
        qreal dpr = 0;
        QList<QUuid> left;  // notes left out (being moved or resized)
        bool operator==(const LayerKey&) const = default;
    };
    void paintStill(QPainter& painter, const QRectF& picture,
                    const std::vector<model::Annotation>& still, bool withoutSelection);
    QImage layer_;
    QRectF layerBounds_;  // where the layer has paint
    LayerKey layerKey_;
    uint64_t annotationsVersion_ = 0;
    int layerDraws_ = 0;

    QUuid hitTest(const QPointF& widgetPoint) const;
    const model::Annotation* find(const QUuid& id) const;
    QRectF boundsOf(const model::Annotation& a) const;  // widget coordinates
    // The box the resize handles sit on, normalized: the points' box, or a text note's backdrop.
    QRectF handleBox(const model::Annotation& a) const;
    std::optional<Handle> handleAt(const QPointF& widgetPoint) const;
    std::vector<model::Annotation> shownNow() const;  // with the drag in progress applied
    void pressSelect(QMouseEvent* event);
    void releaseSelect(QMouseEvent* event);
    model::Kind kindOfTool() const;  // Kind::Unknown for Select
    std::optional<model::Shape> toolShape() const;

    FrameView* view_;
    QRectF partArea_{0, 0, 1, 1};  // setPicturePart
    QRectF partClip_{0, 0, 1, 1};
    std::vector<model::Annotation> annotations_;
    std::vector<GhostNote> ghosts_;
    LaserTrails* laser_ = nullptr;
    std::map<uint32_t, model::Annotation> remoteDrawings_;
    Tool tool_ = Tool::Select;
    model::Style style_;
    QList<QUuid> selection_;
    Drag drag_ = Drag::None;
    std::vector<model::Point> gesture_;  // normalized points of the shape being drawn
    QPointF dragStart_;                  // normalized, for moves and resizes
    QPointF dragLast_;
    QPointF pressPosition_;  // widget coordinates, for the rubber band
    QPointF lastPosition_;
    bool keepAspect_ = false;  // Shift held while dragging a corner
    Handle handle_;            // the one being dragged
    QUuid pressedOn_;          // a click on a selected note selects only it
    QList<QUuid> bandBase_;    // the selection a Shift/Ctrl rubber band adds to
};

}  // namespace framenote::ui
