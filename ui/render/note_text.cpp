#include "ui/render/note_text.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextList>
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/model/rich_text.h"

namespace framenote::render {

namespace {

// WCAG relative luminance of an sRGB colour, 0 (black) to 1 (white).
double luminance(const QColor& c) {
    const auto channel = [](double v) {
        return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

}  // namespace

void setNoteHtml(QTextDocument& document, const QString& html) {
    document.setDocumentMargin(0);
    document.setDefaultStyleSheet(
        QStringLiteral("p, ul, ol, li { margin-top: 0px; margin-bottom: 0px; }"));
    // Sanitized here as well: text stored before it was sanitized on input (an old store, an old
    // relay's log) may hold more, and QTextDocument would follow it, images and styles included.
    QString withBreaks = model::sanitizeRichText(html);
    withBreaks.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    document.setHtml(withBreaks);
}

namespace {

bool ordered(const QTextList* list) {
    return list->format().style() <= QTextListFormat::ListDecimal;
}

// One run of text in one format, wrapped in the subset's tags (bold outermost).
QString fragmentHtml(QString text, const QTextCharFormat& format, const QColor& defaultColour) {
    text = text.toHtmlEscaped();
    text.replace(QChar::LineSeparator, QLatin1String("<br>"));
    if (format.foreground().style() != Qt::NoBrush) {
        const QColor colour = format.foreground().color();
        if (colour.isValid() && (!defaultColour.isValid() || colour.rgb() != defaultColour.rgb()))
            text = QStringLiteral("<span style=\"color:%1\">%2</span>")
                       .arg(colour.name(QColor::HexRgb), text);
    }
    if (format.fontUnderline()) text = "<u>" + text + "</u>";
    if (format.fontItalic()) text = "<i>" + text + "</i>";
    if (format.fontWeight() >= QFont::DemiBold) text = "<b>" + text + "</b>";
    return text;
}

// A paragraph or list item. Spaces at its ends are dropped, as HTML would (the "* " that starts
// a list leaves one).
QString blockHtml(const QTextBlock& block, const QColor& defaultColour) {
    std::vector<std::pair<QString, QTextCharFormat>> runs;
    for (auto it = block.begin(); !it.atEnd(); ++it)
        if (it.fragment().isValid())
            runs.emplace_back(it.fragment().text(), it.fragment().charFormat());
    while (!runs.empty()) {
        QString& first = runs.front().first;
        const auto start =
            std::find_if(first.begin(), first.end(), [](QChar c) { return !c.isSpace(); });
        first.remove(0, start - first.begin());
        if (!first.isEmpty()) break;
        runs.erase(runs.begin());
    }
    while (!runs.empty()) {
        QString& last = runs.back().first;
        while (!last.isEmpty() && last.back().isSpace()) last.chop(1);
        if (!last.isEmpty()) break;
        runs.pop_back();
    }
    QString html;
    for (const auto& [text, format] : runs) html += fragmentHtml(text, format, defaultColour);
    return html;
}

}  // namespace

QString noteHtml(const QTextDocument& document, const QColor& defaultColour) {
    const bool single = document.blockCount() == 1 && !document.begin().textList();
    QString out;
    const QTextList* openList = nullptr;
    for (QTextBlock block = document.begin(); block.isValid(); block = block.next()) {
        const QTextList* list = block.textList();
        if (list != openList) {
            if (openList) out += ordered(openList) ? "</ol>" : "</ul>";
            if (list) out += ordered(list) ? "<ol>" : "<ul>";
            openList = list;
        }
        const QString inner = blockHtml(block, defaultColour);
        if (list)
            out += "<li>" + inner + "</li>";
        else if (single)
            out += inner;
        else
            out += "<p>" + inner + "</p>";
    }
    if (openList) out += ordered(openList) ? "</ol>" : "</ul>";
    return model::sanitizeRichText(out);
}

QString noteKindName(const model::Annotation& note) {
    const model::KindSpec* kind = model::kindSpec(note.kind);
    if (!kind) return model::kindName(note);  // a newer version's kind
    return QCoreApplication::translate("NoteKind", kind->displayName);
}

QString noteHtmlForPaper(const QString& html) {
    static const QRegularExpression colour(QStringLiteral("color:(#[0-9a-f]{6})"));
    QString out = model::sanitizeRichText(html);
    QString result;
    qsizetype last = 0;
    auto it = colour.globalMatch(out);
    while (it.hasNext()) {
        const auto match = it.next();
        QColor c(match.captured(1));
        // WCAG's 3:1 against white for large text needs a relative luminance under about 0.3;
        // HSL lightness is a close enough stand-in to step down by.
        for (int step = 0; step < 20 && luminance(c) > 0.3; ++step) c = c.darker(115);
        result += out.mid(last, match.capturedStart(1) - last) + c.name();
        last = match.capturedEnd(1);
    }
    result += out.mid(last);
    return result;
}

}  // namespace framenote::render
