#pragma once
// Draws the annotations of the current frame over the picture and turns mouse gestures into
// annotation operations with the current tool. Geometry is kept normalized to the picture
// (model/annotation.h), so drawings stay put at any zoom and window size.
#include <QColor>
#include <QPointF>
#include <QUuid>
#include <QWidget>
#include <vector>

#include "core/model/operation.h"
#include "ui/frame_view.h"

namespace framenote::ui {

enum class Tool { Select, Rect, Ellipse, Arrow, Line, Freehand, Text };

class AnnotationOverlay : public QWidget {
    Q_OBJECT
public:
    AnnotationOverlay(FrameView* view, QWidget* parent);

    void setAnnotations(std::vector<model::Annotation> annotations);
    const std::vector<model::Annotation>& annotations() const { return annotations_; }
    void setTool(Tool tool);
    Tool tool() const { return tool_; }
    void setStyle(const model::Style& style) { style_ = style; }
    const model::Style& style() const { return style_; }
    QUuid selected() const { return selected_; }
    void select(const QUuid& id);

    // Widget <-> normalized picture coordinates.
    QPointF toPicture(const QPointF& widgetPoint) const;
    QPointF toWidget(const model::Point& point) const;

signals:
    // A finished gesture: the new shape's kind and normalized points (text: its anchor).
    void shapeDrawn(const QString& kind, const std::vector<model::Point>& points);
    void textRequested(const model::Point& anchor, const QPoint& widgetPosition);
    // The selected annotation was dragged by `delta` (normalized).
    void moveRequested(const QUuid& id, double dx, double dy);
    void selectionChanged(const QUuid& id);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QUuid hitTest(const QPointF& widgetPoint) const;
    QString kindOfTool() const;

    FrameView* view_;
    std::vector<model::Annotation> annotations_;
    Tool tool_ = Tool::Select;
    model::Style style_;
    QUuid selected_;
    bool dragging_ = false;
    std::vector<model::Point> gesture_;   // normalized points of the shape being drawn
    QPointF dragStart_;                   // normalized, for moves
    QPointF dragLast_;
};

}  // namespace framenote::ui
