#pragma once
// Paints annotation shapes with QPainter onto any paint device: the viewer's overlay widget,
// a frame image burned in for the PDF report, a snapshot. One piece of code, so a note looks
// the same on screen and on paper. Qt Gui only (no widgets): the CLI uses it too.
#include <QCache>
#include <QFont>
#include <QImage>
#include <QPainter>
#include <QPointF>
#include <QRectF>
#include <QUuid>
#include <memory>
#include <vector>

#include "core/model/annotation.h"

class QTextDocument;

namespace framenote::render {

// A normalized picture point ([0,1] x [0,1], model/annotation.h) -> device coordinates of
// `picture`, the rectangle the picture occupies on the device.
QPointF mapToPicture(const QRectF& picture, const model::Point& point);

// Where a text note sits on `picture` and the font it is drawn in. Without a box (one point)
// the text wraps at half the picture's width in a size proportional to the picture; with a box
// (its second point, set by resizing) it wraps at the box's width in the largest size that
// fits the box. The text keeps its bold, italic, underline, colours and lists (note_text.h).
// `device` measures the fonts (nullptr: the screen).
struct TextNoteLayout {
    QRectF box;  // the backdrop, device coordinates
    QRectF textArea;
    double wrapWidth = 0;  // the width the text is laid out at (textArea is what it fills)
    QFont font;
    QString html;  // the note's stored text
};
TextNoteLayout layoutTextNote(const QRectF& picture, const model::Annotation& note,
                              const QFont& base, QPaintDevice* device = nullptr);
// The note's text laid out as `layout` says, ready to draw at layout.textArea's top left.
std::unique_ptr<QTextDocument> textNoteDocument(const TextNoteLayout& layout,
                                                QPaintDevice* device = nullptr);

// Text notes drawn once and kept as images, for a painter that repaints the same notes often
// (the overlay: every frame change and mouse move; a rich-text layout and draw costs about
// 0.1 ms a note, an image a few microseconds). Belongs to one thread.
class TextNoteCache {
  public:
    explicit TextNoteCache(qint64 maxBytes = 64 << 20);
    // The note's text, in `colour` where it has none of its own, on a transparent image of the
    // text area's size at `device`'s pixel ratio.
    const QImage& image(const TextNoteLayout& layout, const QColor& colour, QPaintDevice* device);

  private:
    QCache<QString, QImage> images_;
    QImage oversized_;
};

// Paints `annotations` over `picture`, in order (later ones on top). The one whose id is
// `selected` gets a dashed selection box (pass a null id for none, as in reports). Text notes
// come from `cache` when there is one.
void paintAnnotations(QPainter& painter, const QRectF& picture,
                      const std::vector<model::Annotation>& annotations, const QUuid& selected = {},
                      TextNoteCache* cache = nullptr);

}  // namespace framenote::render
