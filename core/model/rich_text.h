#pragma once
// Rich text in notes and replies is a small documented subset of HTML, sanitized on input:
//   <b> <i> <u> <br> <p> <ul> <ol> <li> and <span style="color:#rrggbb">.
// Every other tag is dropped (its text kept), every attribute but that colour is dropped,
// and text is entity-escaped (& < > only), so stored text is safe to show in a QTextDocument or a
// report. Sanitizing is idempotent, and text without & < > is already sanitized (returned as is).
// Plain text from a plain input (a reply box, a CSV cell) is escaped first (toHtmlEscaped).
#include <QString>

namespace framenote::model {

QString sanitizeRichText(const QString& input);
// Whether `text` is what sanitizeRichText makes of it: what operations must carry (validation.h).
bool isSanitizedRichText(const QString& text);
// The words a reader sees, for search, CSV and EDL: tags removed, entities decoded, list items
// and paragraphs separated by newlines.
QString plainText(const QString& rich);

}  // namespace framenote::model
