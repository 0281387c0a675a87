#include "ui/render/annotation_painter.h"

#include <QAbstractTextDocumentLayout>
#include <QCache>
#include <QFontInfo>
#include <QTextDocument>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

#include "core/model/rich_text.h"
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

// The size `html` takes in `font` wrapped at `width`: its widest line and its height.
QSizeF textExtent(const QString& html, const QFont& font, double width, QPaintDevice* device) {
    TextNoteLayout probe;
    probe.html = html;
    probe.font = font;
    probe.wrapWidth = width;
    const auto document = textNoteDocument(probe, device);
    return {document->idealWidth(), document->size().height()};
}

// Fitting a boxed note tries several sizes, each a rich-text layout of tens of microseconds, and
// the overlay repaints a frame's notes on every mouse move while drawing: the chosen size for
// the same text, font, box and device is kept.
struct Fit {
    int pixelSize = 0;
};
QString fitKey(const QString& html, const QFont& font, const QSizeF& area, QPaintDevice* device) {
    return QStringLiteral("%1|%2|%3x%4|%5")
        .arg(font.toString())
        .arg(device ? device->logicalDpiY() : 0)
        .arg(area.width(), 0, 'f', 1)
        .arg(area.height(), 0, 'f', 1)
        .arg(html);
}
}  // namespace

std::unique_ptr<QTextDocument> textNoteDocument(const TextNoteLayout& layout, QPaintDevice* device) {
    auto document = std::make_unique<QTextDocument>();
    if (device) document->documentLayout()->setPaintDevice(device);
    document->setDefaultFont(layout.font);
    document->setIndentWidth(QFontInfo(layout.font).pixelSize() * 1.2);  // list bullets: an em, not 40 px
    setNoteHtml(*document, layout.html);
    document->setTextWidth(std::max(1.0, layout.wrapWidth));
    return document;
}

TextNoteLayout layoutTextNote(const QRectF& picture, const model::Annotation& note, const QFont& base,
                              QPaintDevice* device) {
    TextNoteLayout layout;
    layout.html = note.text;
    layout.text = model::plainText(note.text);
    layout.font = base;
    if (note.points.empty()) return layout;
    const QPointF anchor = mapToPicture(picture, note.points[0]);
    if (note.points.size() < 2) {
        layout.font.setPixelSize(std::max(10, static_cast<int>(picture.height() * 0.035)));
        layout.wrapWidth = picture.width() * 0.5;
        layout.textArea = QRectF(anchor, textExtent(layout.html, layout.font, layout.wrapWidth, device));
        layout.box = layout.textArea.adjusted(-kTextPadX, -kTextPadY, kTextPadX, kTextPadY);
        return layout;
    }
    layout.box = boxOf(picture, note);
    layout.textArea = layout.box.adjusted(kTextPadX, kTextPadY, -kTextPadX, -kTextPadY);
    layout.wrapWidth = layout.textArea.width();
    static thread_local QCache<QString, Fit> fits(512);
    const QString key = fitKey(layout.html, base, layout.textArea.size(), device);
    if (const Fit* fit = fits.object(key)) {
        layout.font.setPixelSize(fit->pixelSize);
        return layout;
    }
    // The largest whole pixel size whose wrapped text fits the box (at least 6 px, readable).
    int low = 6, high = std::max(6, static_cast<int>(layout.textArea.height()));
    while (low < high) {
        const int mid = (low + high + 1) / 2;
        layout.font.setPixelSize(mid);
        const QSizeF text = textExtent(layout.html, layout.font, layout.wrapWidth, device);
        if (text.height() <= layout.textArea.height() && text.width() <= layout.textArea.width() + 0.5) low = mid;
        else high = mid - 1;
    }
    layout.font.setPixelSize(low);
    fits.insert(key, new Fit{low});
    return layout;
}

void paintAnnotations(QPainter& painter, const QRectF& picture,
                      const std::vector<model::Annotation>& annotations, const QUuid& selected) {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const model::Annotation& a : annotations) {
        // Stroke width is a fraction of the picture height, so it scales with the picture.
        const double width = std::max(1.0, a.style.width * picture.height());
        QPen pen(colour(a.style.color), width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        painter.setPen(pen);
        painter.setBrush(a.style.filled ? QBrush(colour(a.style.fill)) : Qt::NoBrush);
        if (a.kind == "rect") {
            painter.drawRect(boxOf(picture, a));
        } else if (a.kind == "ellipse") {
            painter.drawEllipse(boxOf(picture, a));
        } else if ((a.kind == "line" || a.kind == "arrow") && a.points.size() == 2) {
            const QPointF from = mapToPicture(picture, a.points[0]);
            const QPointF to = mapToPicture(picture, a.points[1]);
            painter.drawLine(from, to);
            if (a.kind == "arrow") {
                painter.setBrush(colour(a.style.color));
                paintArrowHead(painter, from, to, width * 4 + 6);
            }
        } else if (a.kind == "freehand" && !a.points.empty()) {
            QPainterPath path(mapToPicture(picture, a.points[0]));
            for (size_t i = 1; i < a.points.size(); ++i)
                path.lineTo(mapToPicture(picture, a.points[i]));
            painter.setBrush(Qt::NoBrush);
            painter.drawPath(path);
        } else if (a.kind == "text" && !a.points.empty()) {
            const TextNoteLayout text = layoutTextNote(picture, a, painter.font(), painter.device());
            painter.fillRect(text.box, QColor(0, 0, 0, 150));
            const auto document = textNoteDocument(text, painter.device());
            QAbstractTextDocumentLayout::PaintContext context;
            context.palette.setColor(QPalette::Text, colour(a.style.color));  // spans bring their own
            context.clip = text.box.translated(-text.textArea.topLeft());
            painter.save();
            painter.translate(text.textArea.topLeft());
            document->documentLayout()->draw(&painter, context);
            painter.restore();
        }
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
