#include "core/store/search_tokens.h"

namespace framenote::store {

bool isCjk(char32_t c) {
    return (c >= 0x3040 && c <= 0x30FF)        // Hiragana, Katakana
           || (c >= 0x3400 && c <= 0x4DBF)     // CJK Extension A
           || (c >= 0x4E00 && c <= 0x9FFF)     // CJK Unified Ideographs
           || (c >= 0xAC00 && c <= 0xD7AF)     // Hangul syllables
           || (c >= 0xF900 && c <= 0xFAFF)     // CJK Compatibility Ideographs
           || (c >= 0x20000 && c <= 0x3FFFF);  // Extensions B and later
}

namespace {

// Calls fn(codePoint, start, length) for each code point of text.
template <typename Fn>
void forEachCodePoint(const QString& text, Fn fn) {
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n;) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < n && text[i + 1].isLowSurrogate()) {
            fn(QChar::surrogateToUcs4(c, text[i + 1]), i, 2);
            i += 2;
        } else {
            fn(static_cast<char32_t>(c.unicode()), i, 1);
            ++i;
        }
    }
}

}  // namespace

bool containsCjk(const QString& text) {
    bool found = false;
    forEachCodePoint(text, [&](char32_t c, qsizetype, qsizetype) { found = found || isCjk(c); });
    return found;
}

int codePointCount(const QString& text) {
    int count = 0;
    forEachCodePoint(text, [&](char32_t, qsizetype, qsizetype) { ++count; });
    return count;
}

QString unigramText(const QString& text) {
    QString out;
    out.reserve(text.size() * 2);
    forEachCodePoint(text, [&](char32_t c, qsizetype start, qsizetype length) {
        if (isCjk(c)) {
            out += QLatin1Char(' ');
            out += QStringView(text).mid(start, length);
            out += QLatin1Char(' ');
        } else {
            out += QStringView(text).mid(start, length);
        }
    });
    return out;
}

QStringList queryTerms(const QString& query) {
    QStringList terms;
    QString current;
    bool quoted = false;
    const auto flush = [&] {
        const QString term = current.trimmed();
        if (!term.isEmpty()) terms.append(term);
        current.clear();
    };
    for (const QChar c : query) {
        if (c == QLatin1Char('"')) {
            flush();
            quoted = !quoted;
        } else if (!quoted && c.isSpace()) {
            flush();
        } else {
            current += c;
        }
    }
    flush();
    return terms;
}

}  // namespace framenote::store
