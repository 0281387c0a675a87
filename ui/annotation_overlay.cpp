#include "ui/annotation_overlay.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>
#include <cmath>

#include "ui/render/annotation_painter.h"

namespace framenote::ui {

namespace {

constexpr double kMinShapeSize = 0.002;  // smaller drags are clicks, not shapes

// The shapes are painted by render::paintAnnotations, shared with the PDF report.
using render::mapToPicture;

}  // namespace

AnnotationOverlay::AnnotationOverlay(FrameView* view, QWidget* parent)
    : QWidget(parent), view_(view) {
    setAttribute(Qt::WA_TranslucentBackground);
    setMouseTracking(false);
    // Follow the viewer's size: the overlay covers it exactly.
    view_->widget()->installEventFilter(this);
    setGeometry(view_->widget()->geometry());
}

bool AnnotationOverlay::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->widget() && (event->type() == QEvent::Resize || event->type() == QEvent::Move))
        setGeometry(view_->widget()->geometry());
    return QWidget::eventFilter(watched, event);
}

void AnnotationOverlay::setAnnotations(std::vector<model::Annotation> annotations) {
    annotations_ = std::move(annotations);
    update();
}

void AnnotationOverlay::setTool(Tool tool) {
    tool_ = tool;
    setCursor(tool == Tool::Select ? Qt::ArrowCursor : Qt::CrossCursor);
}

void AnnotationOverlay::select(const QUuid& id) {
    if (selected_ == id) return;
    selected_ = id;
    update();
    emit selectionChanged(id);
}

QPointF AnnotationOverlay::toPicture(const QPointF& p) const {
    const QRectF picture = view_->pictureRect();
    if (picture.isEmpty()) return {};
    return {std::clamp((p.x() - picture.left()) / picture.width(), 0.0, 1.0),
            std::clamp((p.y() - picture.top()) / picture.height(), 0.0, 1.0)};
}

QPointF AnnotationOverlay::toWidget(const model::Point& p) const { return mapToPicture(view_->pictureRect(), p); }

QString AnnotationOverlay::kindOfTool() const {
    switch (tool_) {
        case Tool::Rect: return "rect";
        case Tool::Ellipse: return "ellipse";
        case Tool::Arrow: return "arrow";
        case Tool::Line: return "line";
        case Tool::Freehand: return "freehand";
        case Tool::Text: return "text";
        case Tool::Select: break;
    }
    return {};
}

void AnnotationOverlay::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QRectF picture = view_->pictureRect();
    if (picture.isEmpty()) return;
    render::paintAnnotations(painter, picture, annotations_, selected_);
    if (dragging_ && !gesture_.empty() && tool_ != Tool::Select) {
        model::Annotation preview;
        preview.kind = kindOfTool();
        preview.points = gesture_;
        preview.style = style_;
        render::paintAnnotations(painter, picture, {preview});
    }
}

QUuid AnnotationOverlay::hitTest(const QPointF& widgetPoint) const {
    const QRectF picture = view_->pictureRect();
    // Topmost (last drawn) first.
    for (auto it = annotations_.rbegin(); it != annotations_.rend(); ++it) {
        QRectF bounds;
        for (const model::Point& p : it->points) bounds |= QRectF(mapToPicture(picture, p), QSizeF(1, 1));
        if (it->kind == "text") bounds.setSize(bounds.size().expandedTo(QSizeF(120, 30)));
        if (bounds.adjusted(-6, -6, 6, 6).contains(widgetPoint)) return it->id;
    }
    return {};
}

void AnnotationOverlay::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || view_->pictureRect().isEmpty()) return;
    const QPointF p = toPicture(event->position());
    if (tool_ == Tool::Select) {
        select(hitTest(event->position()));
        dragging_ = !selected_.isNull();
        dragStart_ = dragLast_ = p;
        return;
    }
    if (tool_ == Tool::Text) {
        emit textRequested({p.x(), p.y()}, event->position().toPoint());
        return;
    }
    dragging_ = true;
    gesture_ = {{p.x(), p.y()}};
    if (tool_ != Tool::Freehand) gesture_.push_back({p.x(), p.y()});
}

void AnnotationOverlay::mouseMoveEvent(QMouseEvent* event) {
    if (!dragging_) return;
    const QPointF p = toPicture(event->position());
    if (tool_ == Tool::Select) {
        dragLast_ = p;
        return;
    }
    if (tool_ == Tool::Freehand) gesture_.push_back({p.x(), p.y()});
    else gesture_.back() = {p.x(), p.y()};
    update();
}

void AnnotationOverlay::mouseReleaseEvent(QMouseEvent* event) {
    if (!dragging_ || event->button() != Qt::LeftButton) return;
    dragging_ = false;
    const QPointF p = toPicture(event->position());
    if (tool_ == Tool::Select) {
        const QPointF delta = p - dragStart_;
        if (!selected_.isNull() && (std::abs(delta.x()) > 0 || std::abs(delta.y()) > 0))
            emit moveRequested(selected_, delta.x(), delta.y());
        return;
    }
    if (tool_ == Tool::Freehand) gesture_.push_back({p.x(), p.y()});
    else gesture_.back() = {p.x(), p.y()};
    const auto points = std::move(gesture_);
    gesture_.clear();
    update();
    const double extent = std::hypot(points.back().x - points.front().x, points.back().y - points.front().y);
    if (tool_ != Tool::Freehand && extent < kMinShapeSize) return;
    if (tool_ == Tool::Freehand && points.size() < 2) return;
    emit shapeDrawn(kindOfTool(), points);
}

}  // namespace framenote::ui
