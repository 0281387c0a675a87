#pragma once
// A note's text, the sanitized HTML subset of core/model/rich_text.h (bold, italic, underline,
// colour, paragraphs, lists), as a QTextDocument and back: to draw it (annotation_painter.h) and
// to type it (the text tool's editor). Qt Gui only.
#include <QColor>
#include <QString>

#include "core/model/annotation.h"

class QTextDocument;

namespace framenote::render {

// Loads stored note text into `document` with a note's look: no margins, no paragraph spacing;
// line breaks in plain text stay line breaks. Only the subset is taken (sanitized again here).
void setNoteHtml(QTextDocument& document, const QString& html);

// What `document` holds, in the stored subset, sanitized. A single plain paragraph comes back as
// its escaped text alone, so a note without formatting is stored as before. Text in
// `defaultColour` (the note's own colour) gets no colour of its own.
QString noteHtml(const QTextDocument& document, const QColor& defaultColour = {});

// A note's kind in the reader's language ("rectangle", "arrow", "freehand"...): what names a note
// without text in the notes list and the review report. The registration's display name
// (kind_registry.h), translated in the context "NoteKind"; a kind this version does not know
// keeps the name it came with.
QString noteKindName(const model::Annotation& note);

// `html` (stored note text) for white paper: colours chosen to stand out on the picture (yellow,
// white, light green) are darkened, in their own hue, until they read on white (the PDF report).
QString noteHtmlForPaper(const QString& html);

}  // namespace framenote::render
