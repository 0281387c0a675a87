#include "ui/render/annotation_painter.h"

#include <QAbstractTextDocumentLayout>
#include <QCache>
#include <QFontInfo>
#include <QPainterPath>
#include <QTextDocument>
#include <algorithm>
#include <cmath>

#include "ui/render/note_text.h"

namespace framenote::render {

namespace {

QColor colour(uint32_t argb) { return QColor::fromRgba(argb); }

QRectF boxOf(const QRectF& picture, const model::Annotation& a) {
    if (a.points.size() < 2) return {};
    return QRectF(mapToPicture(picture, a.points[0]), mapToPicture(picture, a.points[1]))
        .normalized();
}

void paintArrowHead(QPainter& painter, const QPointF& from, const QPointF& to, double size) {
    const double angle = std::atan2(to.y() - from.y(), to.x() - from.x());
    const QPointF left = to - QPointF(std::cos(angle - 0.45) * size, std::sin(angle - 0.45) * size);
    const QPointF right =
        to - QPointF(std::cos(angle + 0.45) * size, std::sin(angle + 0.45) * size);
    painter.drawPolygon(QPolygonF({to, left, right}));
}

}  // namespace

QPointF mapToPicture(const QRectF& picture, const model::Point& p) {
    return {picture.left() + p.x * picture.width(), picture.top() + p.y * picture.height()};
}

namespace {
constexpr double kTextPadX = 4, kTextPadY = 2;

// What decides how `html` lays out: the key of the measured sizes and of the drawn notes kept.
QString layoutKey(const QString& html, const QFont& font, double width, QPaintDevice* device) {
    return QStringLiteral("%1|%2|%3|%4")
        .arg(font.toString())
        .arg(device ? device->logicalDpiY() : 0)
        .arg(width, 0, 'f', 2)
        .arg(html);
}

// The size `html` takes in `font` wrapped at `width`: its widest line and its height. A rich-text
// layout costs tens of microseconds, fitting a boxed note tries several sizes, and the overlay
// lays out a frame's notes on every repaint: sizes measured are kept.
QSizeF textExtent(const QString& html, const QFont& font, double width, QPaintDevice* device) {
    static thread_local QCache<QString, QSizeF> extents(4096);
    const QString key = layoutKey(html, font, width, device);
    if (const QSizeF* known = extents.object(key)) return *known;
    TextNoteLayout probe;
    probe.html = html;
    probe.font = font;
    probe.wrapWidth = width;
    const auto document = textNoteDocument(probe, device);
    const QSizeF extent(document->idealWidth(), document->size().height());
    extents.insert(key, new QSizeF(extent));
    return extent;
}
}  // namespace

std::unique_ptr<QTextDocument> textNoteDocument(const TextNoteLayout& layout,
                                                QPaintDevice* device) {
    auto document = std::make_unique<QTextDocument>();
    if (device) document->documentLayout()->setPaintDevice(device);
    document->setDefaultFont(layout.font);
    document->setIndentWidth(QFontInfo(layout.font).pixelSize() *
                             1.2);  // list bullets: an em, not 40 px
    setNoteHtml(*document, layout.html);
    document->setTextWidth(std::max(1.0, layout.wrapWidth));
    return document;
}

TextNoteLayout layoutTextNote(const QRectF& picture, const model::Annotation& note,
                              const QFont& base, QPaintDevice* device) {
    TextNoteLayout layout;
    layout.html = note.text;
    layout.font = base;
    if (note.points.empty()) return layout;
    const QPointF anchor = mapToPicture(picture, note.points[0]);
    if (note.points.size() < 2) {
        layout.font.setPixelSize(std::max(10, static_cast<int>(picture.height() * 0.035)));
        layout.wrapWidth = picture.width() * 0.5;
        layout.textArea =
            QRectF(anchor, textExtent(layout.html, layout.font, layout.wrapWidth, device));
        layout.box = layout.textArea.adjusted(-kTextPadX, -kTextPadY, kTextPadX, kTextPadY);
        // A note placed near the right or bottom edge is moved in, never cut by the edge: on
        // screen, in exports and in the report alike (they all lay it out here).
        const QPointF in(std::min(0.0, picture.right() - layout.box.right()),
                         std::min(0.0, picture.bottom() - layout.box.bottom()));
        const QPointF shift(std::max(in.x(), picture.left() - layout.box.left()),
                            std::max(in.y(), picture.top() - layout.box.top()));
        layout.box.translate(shift);
        layout.textArea.translate(shift);
        return layout;
    }
    layout.box = boxOf(picture, note);
    layout.textArea = layout.box.adjusted(kTextPadX, kTextPadY, -kTextPadX, -kTextPadY);
    layout.wrapWidth = layout.textArea.width();
    // The largest whole pixel size whose wrapped text fits the box (at least 6 px, readable).
    int low = 6, high = std::max(6, static_cast<int>(layout.textArea.height()));
    while (low < high) {
        const int mid = (low + high + 1) / 2;
        layout.font.setPixelSize(mid);
        const QSizeF text = textExtent(layout.html, layout.font, layout.wrapWidth, device);
        if (text.height() <= layout.textArea.height() &&
            text.width() <= layout.textArea.width() + 0.5)
            low = mid;
        else
            high = mid - 1;
    }
    layout.font.setPixelSize(low);
    return layout;
}

namespace {
// A text note with its backdrop, the box's top left at the painter's origin; the text in
// `colour` where it has none of its own.
void drawTextNote(QPainter& painter, const TextNoteLayout& layout, const QColor& colour) {
    painter.fillRect(QRectF(QPointF(0, 0), layout.box.size()), QColor(0, 0, 0, 150));
    const auto document = textNoteDocument(layout, painter.device());
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette.setColor(QPalette::Text, colour);
    const QPointF offset = layout.textArea.topLeft() - layout.box.topLeft();
    context.clip = QRectF(-offset, layout.box.size());
    painter.translate(offset);
    document->documentLayout()->draw(&painter, context);
    painter.translate(-offset);
}
}  // namespace

TextNoteCache::TextNoteCache(qint64 maxBytes) : images_(maxBytes) {}

const QImage& TextNoteCache::image(const TextNoteLayout& layout, const QColor& colour,
                                   QPaintDevice* device) {
    const qreal dpr = device ? device->devicePixelRatioF() : 1.0;
    const QString key = QStringLiteral("%1x%2|%3|%4|")
                            .arg(layout.box.width(), 0, 'f', 2)
                            .arg(layout.box.height(), 0, 'f', 2)
                            .arg(colour.rgba())
                            .arg(dpr) +
                        layoutKey(layout.html, layout.font, layout.wrapWidth, device);
    if (const QImage* known = images_.object(key)) return *known;
    auto* image = new QImage((layout.box.size() * dpr).toSize().expandedTo(QSize(1, 1)),
                             QImage::Format_ARGB32_Premultiplied);
    image->setDevicePixelRatio(dpr);
    image->fill(Qt::transparent);
    {
        QPainter painter(image);
        drawTextNote(painter, layout, colour);
    }
    const qint64 bytes = std::max<qint64>(1, image->sizeInBytes());
    if (bytes > images_.maxCost()) {  // larger than the whole cache: drawn, not kept
        oversized_ = std::move(*image);
        delete image;
        return oversized_;
    }
    images_.insert(key, image, bytes);
    return *image;
}

namespace {
// One note, drawn as its kind's shape says (kind_registry.h): a kind registered later is drawn
// without a change here. `width` is the stroke's, in device pixels.
void paintShape(QPainter& painter, const QRectF& picture, const model::Annotation& a,
                const model::KindSpec& kind, double width, TextNoteCache* cache) {
    switch (kind.shape) {
        case model::Shape::Box:
            if (kind.outline == model::Outline::Ellipse)
                painter.drawEllipse(boxOf(picture, a));
            else
                painter.drawRect(boxOf(picture, a));
            return;
        case model::Shape::Line: {
            if (a.points.size() != 2) return;
            const QPointF from = mapToPicture(picture, a.points[0]);
            const QPointF to = mapToPicture(picture, a.points[1]);
            painter.drawLine(from, to);
            if (kind.end == model::LineEnd::Arrow) {
                painter.setBrush(colour(a.style.color));
                paintArrowHead(painter, from, to, width * 4 + 6);
            }
            return;
        }
        case model::Shape::Path: {
            if (a.points.empty()) return;
            QPainterPath path(mapToPicture(picture, a.points[0]));
            for (size_t i = 1; i < a.points.size(); ++i)
                path.lineTo(mapToPicture(picture, a.points[i]));
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(path);
            return;
        }
        case model::Shape::Text: {
            if (a.points.empty()) return;
            const TextNoteLayout text =
                layoutTextNote(picture, a, painter.font(), painter.device());
            if (cache) {
                painter.drawImage(text.box.topLeft(),
                                  cache->image(text, colour(a.style.color), painter.device()));
            } else {
                painter.save();
                painter.translate(text.box.topLeft());
                drawTextNote(painter, text, colour(a.style.color));
                painter.restore();
            }
            return;
        }
    }
}
}  // namespace

void paintAnnotations(QPainter& painter, const QRectF& picture,
                      const std::vector<model::Annotation>& annotations, const QUuid& selected,
                      TextNoteCache* cache) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const model::Annotation& a : annotations) {
        // Stroke width is a fraction of the picture height, so it scales with the picture.
        const double width = std::max(1.0, a.style.width * picture.height());
        QPen pen(colour(a.style.color), width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        painter.setPen(pen);
        painter.setBrush(a.style.filled ? QBrush(colour(a.style.fill)) : Qt::NoBrush);
        // A kind this version does not know (a newer version's) is not drawn.
        if (const model::KindSpec* kind = model::kindSpec(a.kind))
            paintShape(painter, picture, a, *kind, width, cache);
        if (!selected.isNull() && a.id == selected) {
            painter.setPen(QPen(Qt::white, 1, Qt::DashLine));
            painter.setBrush(Qt::NoBrush);
            QRectF bounds;
            for (const model::Point& p : a.points)
                bounds |= QRectF(mapToPicture(picture, p), QSizeF(1, 1));
            painter.drawRect(bounds.adjusted(-4, -4, 4, 4));
        }
    }
    painter.restore();
}

}  // namespace framenote::render
