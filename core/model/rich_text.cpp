#include "core/model/rich_text.h"

#include <QRegularExpression>
#include <QSet>
#include <vector>

namespace framenote::model {

namespace {

// Decodes the entities a browser or QTextDocument might produce; unknown ones stay literal.
QString decodeEntities(const QString& text) {
    if (!text.contains('&')) return text;
    static const QRegularExpression entity(
        QStringLiteral("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});"));
    QString out;
    qsizetype last = 0;
    auto it = entity.globalMatch(text);
    while (it.hasNext()) {
        const auto match = it.next();
        out += text.mid(last, match.capturedStart() - last);
        const QString name = match.captured(1);
        QString replacement;
        if (name.startsWith("#x") || name.startsWith("#X")) {
            const uint code = name.mid(2).toUInt(nullptr, 16);
            if (code > 0 && code <= 0x10FFFF)
                replacement = QString::fromUcs4(reinterpret_cast<const char32_t*>(&code), 1);
        } else if (name.startsWith('#')) {
            const uint code = name.mid(1).toUInt();
            if (code > 0 && code <= 0x10FFFF)
                replacement = QString::fromUcs4(reinterpret_cast<const char32_t*>(&code), 1);
        } else if (name == "amp")
            replacement = "&";
        else if (name == "lt")
            replacement = "<";
        else if (name == "gt")
            replacement = ">";
        else if (name == "quot")
            replacement = "\"";
        else if (name == "apos")
            replacement = "'";
        else if (name == "nbsp")
            replacement = QChar(0xA0);
        out += replacement.isEmpty() ? match.captured(0) : replacement;
        last = match.capturedEnd();
    }
    out += text.mid(last);
    return out;
}

// Not toHtmlEscaped(): quotes need no escaping in text, and plain text with quotes should stay as
// typed (and as stored before this subset existed).
QString escapeText(const QString& text) {
    const QString decoded = decodeEntities(text);
    QString out;
    out.reserve(decoded.size());
    for (const QChar c : decoded) {
        if (c == '&')
            out += QLatin1String("&amp;");
        else if (c == '<')
            out += QLatin1String("&lt;");
        else if (c == '>')
            out += QLatin1String("&gt;");
        else
            out += c;
    }
    return out;
}

bool hasMarkup(const QString& text) {
    for (const QChar c : text)
        if (c == '<' || c == '>' || c == '&') return true;
    return false;
}

struct Tag {
    QString name;  // lower case, without '/'
    bool closing = false;
    QString attributes;
};

// Parses "<...>" starting at `pos`; returns false if it is not a tag (then '<' is text).
bool parseTag(const QString& input, qsizetype pos, Tag* tag, qsizetype* end) {
    // As in HTML, a tag name follows '<' (or '</') directly: "a < b" is text.
    const qsizetype nameAt = pos + 1 + (pos + 1 < input.size() && input[pos + 1] == '/' ? 1 : 0);
    if (nameAt >= input.size() || !input[nameAt].isLetter()) return false;
    const qsizetype close = input.indexOf('>', pos);
    if (close < 0) return false;
    QString body = input.mid(pos + 1, close - pos - 1).trimmed();
    tag->closing = body.startsWith('/');
    if (tag->closing) body = body.mid(1).trimmed();
    if (body.endsWith('/')) body.chop(1);
    qsizetype nameEnd = 0;
    while (nameEnd < body.size() && (body[nameEnd].isLetterOrNumber())) ++nameEnd;
    if (nameEnd == 0 || !body[0].isLetter()) return false;
    tag->name = body.left(nameEnd).toLower();
    tag->attributes = body.mid(nameEnd);
    *end = close + 1;
    return true;
}

QString spanColour(const QString& attributes) {
    static const QRegularExpression colour(
        QStringLiteral("color\\s*:\\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\\b"),
        QRegularExpression::CaseInsensitiveOption);
    const auto match = colour.match(attributes);
    if (!match.hasMatch()) return {};
    QString value = match.captured(1).toLower();
    if (value.size() == 4)  // #rgb -> #rrggbb
        value = QStringLiteral("#%1%1%2%2%3%3").arg(value[1]).arg(value[2]).arg(value[3]);
    return value;
}

}  // namespace

QString sanitizeRichText(const QString& input) {
    if (!hasMarkup(input)) return input;  // most notes: nothing to parse or escape
    static const QSet<QString> kept = {"b", "i", "u", "p", "ul", "ol", "li", "span"};
    static const QSet<QString> dropWithContent = {"script", "style",  "head",
                                                  "title",  "iframe", "object"};
    QString out;
    std::vector<QString> open;  // tags emitted and not yet closed; "" = a span we dropped
    QString pendingText;
    QString skipUntil;  // inside a tag whose content is dropped
    const auto flushText = [&] {
        if (skipUntil.isEmpty()) out += escapeText(pendingText);
        pendingText.clear();
    };
    qsizetype pos = 0;
    while (pos < input.size()) {
        Tag tag;
        qsizetype end = 0;
        if (input[pos] != '<' || !parseTag(input, pos, &tag, &end)) {
            pendingText += input[pos++];
            continue;
        }
        flushText();
        pos = end;
        if (!skipUntil.isEmpty()) {
            if (tag.closing && tag.name == skipUntil) skipUntil.clear();
            continue;
        }
        if (dropWithContent.contains(tag.name)) {
            if (!tag.closing) skipUntil = tag.name;
            continue;
        }
        QString name = tag.name == "strong" ? "b" : tag.name == "em" ? "i" : tag.name;
        if (name == "br") {
            if (!tag.closing) out += "<br>";
            continue;
        }
        if (!kept.contains(name)) continue;  // unknown tag: dropped, its text kept
        if (!tag.closing) {
            if (name == "span") {
                const QString colour = spanColour(tag.attributes);
                if (colour.isEmpty()) {
                    open.push_back(QString());
                    continue;
                }
                out += QStringLiteral("<span style=\"color:%1\">").arg(colour);
            } else {
                out += '<' + name + '>';
            }
            open.push_back(name);
            continue;
        }
        // A closing tag closes everything opened after its match; unmatched ones are dropped.
        auto match = std::find(open.rbegin(), open.rend(), name);
        if (name == "span" && match == open.rend())
            match = std::find(open.rbegin(), open.rend(), QString());
        if (match == open.rend()) continue;
        const auto keep = std::distance(match, open.rend()) - 1;
        while (static_cast<qsizetype>(open.size()) > keep) {
            if (!open.back().isEmpty()) out += "</" + open.back() + '>';
            open.pop_back();
        }
    }
    flushText();
    while (!open.empty()) {
        if (!open.back().isEmpty()) out += "</" + open.back() + '>';
        open.pop_back();
    }
    return out;
}

bool isSanitizedRichText(const QString& text) {
    return !hasMarkup(text) || sanitizeRichText(text) == text;
}

QString plainText(const QString& rich) {
    // A paragraph, list or list item starts and ends a line: "<p>Fix</p><ul><li>this" is two.
    static const QRegularExpression breaks(QStringLiteral("<br>|</?p>|</?li>|</?ul>|</?ol>"),
                                           QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression tags(QStringLiteral("<[^>]*>"));
    // Most texts (every reply typed in the reply box) have no tag, entity or blank line: the
    // regular expressions below would change nothing, and they were about 5 % of importing a
    // long thread (docs/PERFORMANCE.md "A note with a long thread").
    if (!hasMarkup(rich) && !rich.contains(QStringLiteral("\n\n"))) return rich.trimmed();
    QString text = rich;
    text.replace(breaks, QStringLiteral("\n"));
    text.remove(tags);
    text = decodeEntities(text);
    static const QRegularExpression blankLines(QStringLiteral("\n{2,}"));
    text.replace(blankLines, QStringLiteral("\n"));
    return text.trimmed();
}

}  // namespace framenote::model
