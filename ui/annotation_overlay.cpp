#include "ui/annotation_overlay.h"

#include <QEvent>
#include <QMouseEvent>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <utility>

#include "ui/laser_trails.h"
#include "ui/render/annotation_painter.h"

namespace framenote::ui {

namespace {

constexpr double kMinShapeSize = 0.002;  // smaller drags are clicks, not shapes
constexpr double kHandleSize = 8;        // widget pixels; grabbing is a little more lenient
constexpr double kHandleReach = 7;
constexpr double kMinBandSize = 3;  // a smaller rubber band is a click

// The shapes are painted by render::paintAnnotations, shared with the PDF report.
using render::mapToPicture;

// What the note's points are (kind_registry.h): selection, handles and resizing go by it, so a
// kind registered later behaves like the others of its shape. None for a kind this version does
// not know.
std::optional<model::Shape> shapeOf(model::Kind kind) {
    const model::KindSpec* spec = model::kindSpec(kind);
    return spec ? std::optional(spec->shape) : std::nullopt;
}
bool isText(const model::Annotation& a) { return shapeOf(a.kind) == model::Shape::Text; }

// The normalized box around `points` (may be empty for a straight stroke).
QRectF pointBounds(const std::vector<model::Point>& points) {
    double minX = 1, minY = 1, maxX = 0, maxY = 0;
    for (const model::Point& p : points) {
        minX = std::min(minX, p.x), maxX = std::max(maxX, p.x);
        minY = std::min(minY, p.y), maxY = std::max(maxY, p.y);
    }
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

// Maps `v` from [from0, from1] to [to0, to1]; the ends may swap (a shape dragged inside out).
double remap(double v, double from0, double from1, double to0, double to1) {
    if (from1 - from0 <= 0) return v + (to0 - from0);
    return to0 + (v - from0) / (from1 - from0) * (to1 - to0);
}

// The points of `a` after dragging `handle` to `to` (normalized); `from` is the box the handles
// were on. Boxes and paths scale every point with their box, so freehand strokes resize too;
// lines move the grabbed end; a text note gets (or changes) its box: top-left and bottom-right.
std::vector<model::Point> resizedPoints(const model::Annotation& a, const QRectF& from,
                                        const AnnotationOverlay::Handle& handle, const QPointF& to,
                                        bool keepAspect) {
    std::vector<model::Point> points = a.points;
    if (handle.point >= 0) {
        points[handle.point] = {to.x(), to.y()};
        return points;
    }
    double left = from.left(), right = from.right(), top = from.top(), bottom = from.bottom();
    double x = to.x(), y = to.y();
    if (keepAspect && handle.edgeX != 0 && handle.edgeY != 0 && from.width() > 0 &&
        from.height() > 0) {
        // Scale about the opposite corner by the larger stretch, so the corner follows the mouse.
        const double fixedX = handle.edgeX < 0 ? right : left;
        const double fixedY = handle.edgeY < 0 ? bottom : top;
        const double scale =
            std::max(std::abs(x - fixedX) / from.width(), std::abs(y - fixedY) / from.height());
        x = fixedX + (x < fixedX ? -1 : 1) * from.width() * scale;
        y = fixedY + (y < fixedY ? -1 : 1) * from.height() * scale;
    }
    if (handle.edgeX < 0) left = x;
    if (handle.edgeX > 0) right = x;
    if (handle.edgeY < 0) top = y;
    if (handle.edgeY > 0) bottom = y;
    if (isText(a)) {
        const QRectF box = QRectF(QPointF(left, top), QPointF(right, bottom)).normalized();
        return {{std::clamp(box.left(), 0.0, 1.0), std::clamp(box.top(), 0.0, 1.0)},
                {std::clamp(box.right(), 0.0, 1.0), std::clamp(box.bottom(), 0.0, 1.0)}};
    }
    for (model::Point& p : points) {
        p.x = std::clamp(remap(p.x, from.left(), from.right(), left, right), 0.0, 1.0);
        p.y = std::clamp(remap(p.y, from.top(), from.bottom(), top, bottom), 0.0, 1.0);
    }
    return points;
}

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
    if (watched == view_->widget() &&
        (event->type() == QEvent::Resize || event->type() == QEvent::Move))
        setGeometry(view_->widget()->geometry());
    return QWidget::eventFilter(watched, event);
}

void AnnotationOverlay::setGhosts(std::vector<GhostNote> ghosts) {
    if (ghosts == ghosts_) return;
    ghosts_ = std::move(ghosts);
    update();
}

void AnnotationOverlay::setAnnotations(std::vector<model::Annotation> annotations) {
    // Notes held over a range come back unchanged on each frame of it (during playback, every
    // frame): the layer drawn for them stays good.
    if (annotations == annotations_) return;
    annotations_ = std::move(annotations);
    ++annotationsVersion_;
    // Only what is shown can stay selected: Delete must not remove notes of other frames.
    QList<QUuid> kept;
    for (const QUuid& id : selection_)
        if (find(id)) kept.append(id);
    setSelection(kept);
    update();
}

void AnnotationOverlay::setTool(Tool tool) {
    tool_ = tool;
    setCursor(tool == Tool::Select ? Qt::ArrowCursor : Qt::CrossCursor);
    update();  // handles show in the Select tool only
}

void AnnotationOverlay::select(const QUuid& id) {
    setSelection(id.isNull() ? QList<QUuid>() : QList<QUuid>{id});
}

void AnnotationOverlay::setSelection(const QList<QUuid>& ids) {
    if (selection_ == ids) return;
    selection_ = ids;
    update();
    emit selectionChanged(selected());
}

void AnnotationOverlay::selectAll() {
    QList<QUuid> all;
    for (const model::Annotation& a : annotations_) all.append(a.id);
    setSelection(all);
}

void AnnotationOverlay::setPicturePart(const QRectF& area, const QRectF& clip) {
    if (area == partArea_ && clip == partClip_) return;
    partArea_ = area;
    partClip_ = clip;
    update();
}

namespace {
// `part` (fractions) of `whole` (widget coordinates).
QRectF partOf(const QRectF& whole, const QRectF& part) {
    return {whole.left() + part.left() * whole.width(), whole.top() + part.top() * whole.height(),
            part.width() * whole.width(), part.height() * whole.height()};
}
}  // namespace

QRectF AnnotationOverlay::picture() const {
    const QRectF whole = view_->pictureRect();
    return whole.isEmpty() || partArea_.isEmpty() ? QRectF() : partOf(whole, partArea_);
}

QPointF AnnotationOverlay::toPicture(const QPointF& p) const {
    const QRectF picture = this->picture();
    if (picture.isEmpty()) return {};
    return {std::clamp((p.x() - picture.left()) / picture.width(), 0.0, 1.0),
            std::clamp((p.y() - picture.top()) / picture.height(), 0.0, 1.0)};
}

QPointF AnnotationOverlay::toWidget(const model::Point& p) const {
    return mapToPicture(picture(), p);
}

model::Kind AnnotationOverlay::kindOfTool() const {
    switch (tool_) {
        case Tool::Rect:
            return model::Kind::Rect;
        case Tool::Ellipse:
            return model::Kind::Ellipse;
        case Tool::Arrow:
            return model::Kind::Arrow;
        case Tool::Line:
            return model::Kind::Line;
        case Tool::Freehand:
            return model::Kind::Freehand;
        case Tool::Text:
            return model::Kind::Text;
        case Tool::Select:
        case Tool::Laser:
            break;
    }
    return model::Kind::Unknown;
}

std::optional<model::Shape> AnnotationOverlay::toolShape() const { return shapeOf(kindOfTool()); }

const model::Annotation* AnnotationOverlay::find(const QUuid& id) const {
    for (const model::Annotation& a : annotations_)
        if (a.id == id) return &a;
    return nullptr;
}

QRectF AnnotationOverlay::boundsOf(const model::Annotation& a) const {
    QRectF bounds;
    if (isText(a))  // the backdrop the text is drawn on, however long the text
        return render::layoutTextNote(picture(), a, font())
            .box.united(QRectF(toWidget(a.points.at(0)), QSizeF(24, 16)));
    for (const model::Point& p : a.points) bounds |= QRectF(toWidget(p), QSizeF(1, 1));
    return bounds;
}

QRectF AnnotationOverlay::handleBox(const model::Annotation& a) const {
    if (!isText(a)) return pointBounds(a.points);
    const QRectF widget = render::layoutTextNote(picture(), a, font()).box;
    return QRectF(toPicture(widget.topLeft()), toPicture(widget.bottomRight()));
}

std::vector<AnnotationOverlay::Handle> AnnotationOverlay::handles() const {
    if (tool_ != Tool::Select || selection_.size() != 1) return {};
    const model::Annotation* a = find(selection_.front());
    if (!a || a->points.empty()) return {};
    const std::optional<model::Shape> shape = shapeOf(a->kind);
    if (!shape) return {};
    std::vector<Handle> result;
    if (*shape == model::Shape::Line) {
        for (int i = 0; i < 2; ++i) result.push_back({a->points[i], 0, 0, i});
        return result;
    }
    const QRectF box = handleBox(*a);
    const auto coordinate = [](int edge, double low, double high) {
        return edge < 0 ? low : edge > 0 ? high : (low + high) / 2;
    };
    for (int edgeY = -1; edgeY <= 1; ++edgeY)
        for (int edgeX = -1; edgeX <= 1; ++edgeX)
            if (edgeX != 0 || edgeY != 0)
                result.push_back({{coordinate(edgeX, box.left(), box.right()),
                                   coordinate(edgeY, box.top(), box.bottom())},
                                  edgeX,
                                  edgeY,
                                  -1});
    return result;
}

std::optional<AnnotationOverlay::Handle> AnnotationOverlay::handleAt(
    const QPointF& widgetPoint) const {
    for (const Handle& handle : handles()) {
        const QPointF d = toWidget(handle.at) - widgetPoint;
        if (std::abs(d.x()) <= kHandleReach && std::abs(d.y()) <= kHandleReach) return handle;
    }
    return std::nullopt;
}

std::vector<model::Annotation> AnnotationOverlay::shownNow() const {
    std::vector<model::Annotation> shown = annotations_;
    const QPointF delta = dragLast_ - dragStart_;
    for (model::Annotation& a : shown) {
        if (!isSelected(a.id)) continue;
        if (drag_ == Drag::Move)
            for (model::Point& p : a.points) p = {p.x + delta.x(), p.y + delta.y()};
        if (drag_ == Drag::Resize)
            a.points = resizedPoints(a, handleBox(a), handle_, dragLast_, keepAspect_);
    }
    return shown;
}

void AnnotationOverlay::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QRectF picture = this->picture();
    if (picture.isEmpty()) return;
    if (partClip_ != QRectF(0, 0, 1, 1))
        painter.setClipRect(partOf(view_->pictureRect(), partClip_));
    for (const GhostNote& ghost : ghosts_) {  // under the current frame's notes
        painter.setOpacity(ghost.opacity);
        render::paintAnnotations(painter, picture, {ghost.note}, {}, &textCache_);
    }
    painter.setOpacity(1.0);
    const std::vector<model::Annotation> shown = shownNow();
    // The notes that stay put come from the layer; the ones being moved or resized are drawn live.
    const bool live = drag_ == Drag::Move || drag_ == Drag::Resize;
    std::vector<model::Annotation> still, moving;
    for (const model::Annotation& a : shown)
        (live && isSelected(a.id) ? moving : still).push_back(a);
    paintStill(painter, picture, still, live);
    render::paintAnnotations(painter, picture, moving, {}, &textCache_);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(Qt::white, 1, Qt::DashLine));
    for (const model::Annotation& a : shown)
        if (isSelected(a.id)) painter.drawRect(boundsOf(a).adjusted(-4, -4, 4, 4));
    if (drag_ != Drag::Move && drag_ != Drag::Resize) {
        painter.setPen(QPen(Qt::black, 1));
        painter.setBrush(Qt::white);
        for (const Handle& handle : handles()) {
            QRectF square(QPointF(), QSizeF(kHandleSize, kHandleSize));
            square.moveCenter(toWidget(handle.at));
            painter.drawRect(square);
        }
    }
    if (drag_ == Drag::Band) {
        painter.setPen(QPen(Qt::white, 1, Qt::DashLine));
        painter.setBrush(QColor(255, 255, 255, 30));
        painter.drawRect(QRectF(pressPosition_, lastPosition_).normalized());
    }
    for (const auto& [participant, shape] : remoteDrawings_)
        render::paintAnnotations(painter, picture, {shape});
    if (const auto preview = drawingNow()) render::paintAnnotations(painter, picture, {*preview});
    if (laser_) laser_->paint(painter, picture);
}

// A frame's notes are drawn once into a layer and the layer is drawn on each repaint: while a
// stroke is drawn or a band dragged, the overlay repaints on every mouse move, and a frame of 100
// notes takes tens of milliseconds to draw (bench/overlay_bench.cpp).
// The overlay is repainted with every frame the viewer shows (it lies on top of it), so the
// layer is drawn back only where there are notes, and not at all on a frame without any.
void AnnotationOverlay::paintStill(QPainter& painter, const QRectF& picture,
                                   const std::vector<model::Annotation>& still,
                                   bool withoutSelection) {
    if (still.empty()) return;
    const qreal dpr = devicePixelRatioF();
    const LayerKey key{annotationsVersion_, picture, size(), dpr,
                       withoutSelection ? selection_ : QList<QUuid>{}};
    if (layer_.isNull() || !(layerKey_ == key)) {
        layer_ = QImage((QSizeF(size()) * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
        layer_.setDevicePixelRatio(dpr);
        layer_.fill(Qt::transparent);
        QPainter layer(&layer_);
        render::paintAnnotations(layer, picture, still, {}, &textCache_);
        layerKey_ = key;
        ++layerDraws_;
        // Where the layer has paint: the notes' bounds, widened by their stroke and arrow heads.
        layerBounds_ = {};
        for (const model::Annotation& a : still) {
            const double reach = a.style.width * picture.height() * 5 + 8;
            layerBounds_ |= boundsOf(a).adjusted(-reach, -reach, reach, reach);
        }
        layerBounds_ &= QRectF(rect());
    }
    painter.drawImage(layerBounds_, layer_,
                      QRectF(layerBounds_.topLeft() * dpr, layerBounds_.size() * dpr));
}

QUuid AnnotationOverlay::hitTest(const QPointF& widgetPoint) const {
    // Topmost (last drawn) first.
    for (auto it = annotations_.rbegin(); it != annotations_.rend(); ++it)
        if (boundsOf(*it).adjusted(-6, -6, 6, 6).contains(widgetPoint)) return it->id;
    return {};
}

void AnnotationOverlay::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || picture().isEmpty()) return;
    const QPointF p = toPicture(event->position());
    if (tool_ == Tool::Laser) {
        if (laser_) laser_->press({p.x(), p.y()});
        return;
    }
    if (tool_ == Tool::Select) {
        dragStart_ = dragLast_ = p;
        pressPosition_ = lastPosition_ = event->position();
        pressSelect(event);
        update();
        return;
    }
    if (toolShape() == model::Shape::Text) {
        emit textRequested({p.x(), p.y()}, event->position().toPoint());
        return;
    }
    drag_ = Drag::Draw;
    gesture_ = {{p.x(), p.y()}};
    if (toolShape() != model::Shape::Path) gesture_.push_back({p.x(), p.y()});
    emit drawingChanged();
}

std::optional<model::Annotation> AnnotationOverlay::drawingNow() const {
    if (drag_ != Drag::Draw || gesture_.empty()) return std::nullopt;
    model::Annotation shape;
    shape.kind = kindOfTool();
    shape.points = gesture_;
    shape.style = style_;
    return shape;
}

void AnnotationOverlay::setRemoteDrawing(uint32_t participant,
                                         std::optional<model::Annotation> shape) {
    if (shape)
        remoteDrawings_[participant] = std::move(*shape);
    else if (!remoteDrawings_.erase(participant))
        return;
    update();
}

// Select tool: a handle resizes, a note selects (Shift/Ctrl toggles) and moves, empty picture
// starts a rubber band.
void AnnotationOverlay::pressSelect(QMouseEvent* event) {
    const bool toggle = event->modifiers().testAnyFlags(Qt::ShiftModifier | Qt::ControlModifier);
    pressedOn_ = {};
    // Shift on a handle keeps the aspect instead of toggling the selection.
    if (!event->modifiers().testFlag(Qt::ControlModifier)) {
        if (auto handle = handleAt(event->position())) {
            handle_ = *handle;
            drag_ = Drag::Resize;
            return;
        }
    }
    const QUuid hit = hitTest(event->position());
    if (hit.isNull()) {
        if (!toggle) select({});
        bandBase_ = selection_;
        drag_ = Drag::Band;
        return;
    }
    if (toggle) {
        QList<QUuid> ids = selection_;
        if (!ids.removeOne(hit)) ids.append(hit);
        setSelection(ids);
        drag_ = Drag::None;
        return;
    }
    if (isSelected(hit))
        pressedOn_ = hit;  // keep the group for a drag; a click narrows it
    else
        select(hit);
    drag_ = Drag::Move;
}

void AnnotationOverlay::mouseMoveEvent(QMouseEvent* event) {
    if (tool_ == Tool::Laser) {
        if (laser_ && event->buttons().testFlag(Qt::LeftButton)) {
            const QPointF p = toPicture(event->position());
            laser_->move({p.x(), p.y()});
        }
        return;
    }
    if (drag_ == Drag::None) return;
    const QPointF p = toPicture(event->position());
    if (tool_ == Tool::Select) {
        dragLast_ = p;
        lastPosition_ = event->position();
        keepAspect_ = event->modifiers().testFlag(Qt::ShiftModifier);
        update();
        return;
    }
    if (toolShape() == model::Shape::Path)
        gesture_.push_back({p.x(), p.y()});
    else
        gesture_.back() = {p.x(), p.y()};
    update();
    emit drawingChanged();
}

void AnnotationOverlay::mouseReleaseEvent(QMouseEvent* event) {
    if (tool_ == Tool::Laser) {
        if (laser_ && event->button() == Qt::LeftButton) laser_->lift();
        return;
    }
    if (drag_ == Drag::None || event->button() != Qt::LeftButton) return;
    const QPointF p = toPicture(event->position());
    if (tool_ == Tool::Select) {
        dragLast_ = p;
        lastPosition_ = event->position();
        keepAspect_ = event->modifiers().testFlag(Qt::ShiftModifier);
        releaseSelect(event);
        return;
    }
    drag_ = Drag::None;
    if (toolShape() == model::Shape::Path)
        gesture_.push_back({p.x(), p.y()});
    else
        gesture_.back() = {p.x(), p.y()};
    const auto points = std::move(gesture_);
    gesture_.clear();
    update();
    emit drawingChanged();
    const double extent =
        std::hypot(points.back().x - points.front().x, points.back().y - points.front().y);
    const bool path = toolShape() == model::Shape::Path;
    if (!path && extent < kMinShapeSize) return;
    if (path && points.size() < 2) return;
    emit shapeDrawn(kindOfTool(), points);
}

void AnnotationOverlay::mouseDoubleClickEvent(QMouseEvent* event) {
    if (tool_ == Tool::Select && event->button() == Qt::LeftButton) {
        const QUuid hit = hitTest(event->position());
        if (const model::Annotation* a = hit.isNull() ? nullptr : find(hit); a && isText(*a)) {
            select(hit);
            emit textEditRequested(hit);
            return;
        }
    }
    QWidget::mouseDoubleClickEvent(event);
}

void AnnotationOverlay::releaseSelect(QMouseEvent* event) {
    const Drag drag = std::exchange(drag_, Drag::None);
    update();
    const QPointF delta = dragLast_ - dragStart_;
    const bool moved = delta.x() != 0 || delta.y() != 0;
    if (drag == Drag::Move) {
        if (moved && !selection_.isEmpty())
            emit moveRequested(selection_, delta.x(), delta.y());
        else if (!pressedOn_.isNull())
            select(pressedOn_);
    } else if (drag == Drag::Resize) {
        const model::Annotation* a = selection_.size() == 1 ? find(selection_.front()) : nullptr;
        if (a && moved)
            emit resizeRequested(a->id,
                                 resizedPoints(*a, handleBox(*a), handle_, dragLast_, keepAspect_));
    } else if (drag == Drag::Band) {
        const QRectF band = QRectF(pressPosition_, event->position()).normalized();
        if (band.width() < kMinBandSize && band.height() < kMinBandSize) return;
        QList<QUuid> ids = bandBase_;
        for (const model::Annotation& a : annotations_)
            if (boundsOf(a).intersects(band) && !ids.contains(a.id)) ids.append(a.id);
        setSelection(ids);
    }
}

}  // namespace framenote::ui
