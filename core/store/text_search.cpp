#include "core/store/text_search.h"

#include <algorithm>
#include <climits>

#include "core/common/try.h"
#include "core/store/annotation_table.h"
#include "core/store/search_tokens.h"

namespace framenote::store {

namespace {

// Private-use characters mark FTS5's highlights; they are stripped from the snippet.
constexpr char16_t kOpen = 0xE000;
constexpr char16_t kClose = 0xE001;
constexpr int kSnippetChars =
    64;  // FTS5's snippet() allows at most 64 tokens (trigram: characters)

QString ftsPhrase(const QString& text) {
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Strips FTS5's markers, recording what they enclosed.
void takeMarkedSnippet(const QString& marked, SearchHit* hit) {
    hit->snippet.clear();
    int start = -1;
    for (const QChar c : marked) {
        if (c.unicode() == kOpen) {
            start = static_cast<int>(hit->snippet.size());
        } else if (c.unicode() == kClose) {
            if (start >= 0 && hit->snippet.size() > start)
                hit->highlights.emplace_back(start, static_cast<int>(hit->snippet.size()) - start);
            start = -1;
        } else {
            hit->snippet += c;
        }
    }
}

void highlightTerms(const QStringList& terms, SearchHit* hit) {
    for (const QString& term : terms) {
        for (qsizetype at = hit->snippet.indexOf(term, 0, Qt::CaseInsensitive); at >= 0;
             at = hit->snippet.indexOf(term, at + term.size(), Qt::CaseInsensitive))
            hit->highlights.emplace_back(static_cast<int>(at), static_cast<int>(term.size()));
    }
    // Sorted and merged, so marked() can wrap them in one pass.
    auto& h = hit->highlights;
    std::sort(h.begin(), h.end());
    std::vector<std::pair<int, int>> merged;
    for (const auto& [start, length] : h) {
        if (!merged.empty() && start <= merged.back().first + merged.back().second) {
            const int end = std::max(merged.back().first + merged.back().second, start + length);
            merged.back().second = end - merged.back().first;
        } else {
            merged.emplace_back(start, length);
        }
    }
    h = std::move(merged);
}

// A window of the text around the first occurrence of any term, "…" where cut.
QString windowAround(const QString& text, const QStringList& terms) {
    qsizetype first = -1;
    for (const QString& term : terms) {
        const qsizetype at = text.indexOf(term, 0, Qt::CaseInsensitive);
        if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    if (text.size() <= kSnippetChars) return text;
    qsizetype start = std::max<qsizetype>(0, (first < 0 ? 0 : first) - kSnippetChars / 3);
    start = std::min<qsizetype>(start, text.size() - kSnippetChars);
    qsizetype end = start + kSnippetChars;
    // Never split a surrogate pair.
    if (start > 0 && text[start].isLowSurrogate()) --start;
    if (end < text.size() && text[end].isLowSurrogate()) ++end;
    return (start > 0 ? QStringLiteral("…") : QString()) + text.mid(start, end - start) +
           (end < text.size() ? QStringLiteral("…") : QString());
}

}  // namespace

QString SearchHit::marked(const QString& open, const QString& close) const {
    QString out;
    int at = 0;
    for (const auto& [start, length] : highlights) {
        if (start < at || start + length > snippet.size()) continue;
        out += snippet.mid(at, start - at) + open + snippet.mid(start, length) + close;
        at = start + length;
    }
    return out + snippet.mid(at);
}

QString SearchHit::markedHtml() const {
    QString out;
    int at = 0;
    for (const auto& [start, length] : highlights) {
        if (start < at || start + length > snippet.size()) continue;
        out += snippet.mid(at, start - at).toHtmlEscaped() + QStringLiteral("<b>") +
               snippet.mid(start, length).toHtmlEscaped() + QStringLiteral("</b>");
        at = start + length;
    }
    return out + snippet.mid(at).toHtmlEscaped();
}

Result<std::vector<SearchHit>> TextSearch::search(const QString& query,
                                                  const SearchOptions& options) {
    const QStringList terms = queryTerms(query);
    if (terms.isEmpty()) return std::vector<SearchHit>();
    QStringList longTerms;
    QStringList shortTerms;
    for (const QString& term : terms)
        (codePointCount(term) >= 3 ? longTerms : shortTerms).append(term);

    // Within one media, its rowid range (AnnotationTable::firstSearchRowid): FTS5 seeks every
    // posting list into the range and stops after `limit` hits there.
    int64_t firstRowid = INT64_MIN;
    int64_t lastRowid = INT64_MAX;
    if (!options.mediaId.isEmpty()) {
        Result<sqlite::SqliteDb::Statement> key =
            db_.cached("SELECT key FROM media_keys WHERE media_id = ?1");
        FRAMENOTE_TRY(key);
        key->bindText(1, options.mediaId);
        Result<bool> known = key->step();
        FRAMENOTE_TRY(known);
        if (!*known) return std::vector<SearchHit>();  // no note was ever written there
        firstRowid = AnnotationTable::firstSearchRowid(key->columnInt(0));
        lastRowid = AnnotationTable::lastSearchRowid(key->columnInt(0));
    }

    QStringList phrases;
    const bool trigram = shortTerms.isEmpty();
    const char* sql = nullptr;
    if (trigram) {
        for (const QString& term : longTerms) phrases.append(ftsPhrase(term));
        sql =
            "SELECT s.annotation_id, s.reply_id, s.media_id, a.first_frame,"
            " snippet(search_trigram, 0, char(57344), char(57345), '…', 64)"
            " FROM search_trigram JOIN search_text s ON s.sid = search_trigram.rowid"
            " JOIN annotations a ON a.id = s.annotation_id"
            " WHERE search_trigram MATCH ?1 AND search_trigram.rowid BETWEEN ?2 AND ?3"
            " ORDER BY search_trigram.rowid DESC LIMIT ?4";
    } else {
        // Every term on the unigram index, so FTS5 intersects the posting lists itself.
        // Measured at 1M notes: a common English word AND a common 2-character Chinese word
        // with no note holding both took 16 ms this way, 114 ms filtering the trigram matches
        // with LIKE, and 5.8 s with "rowid IN (unigram matches)".
        for (const QString& term : terms) {
            const QString tokens = unigramText(term).simplified();
            // CJK: exact characters in a row; short Latin ("4k"): words that start so (the
            // prefix indexes answer); longer Latin: whole words (text_search.h says why).
            const bool prefix = !containsCjk(term) && codePointCount(term) < 3;
            phrases.append(prefix ? ftsPhrase(tokens) + "*" : ftsPhrase(tokens));
        }
        sql =
            "SELECT s.annotation_id, s.reply_id, s.media_id, a.first_frame, s.text"
            " FROM search_unigram JOIN search_text s ON s.sid = search_unigram.rowid"
            " JOIN annotations a ON a.id = s.annotation_id"
            " WHERE search_unigram MATCH ?1 AND search_unigram.rowid BETWEEN ?2 AND ?3"
            " ORDER BY search_unigram.rowid DESC LIMIT ?4";
    }

    Result<sqlite::SqliteDb::Statement> st = db_.cached(sql);
    FRAMENOTE_TRY(st);
    st->bindText(1, phrases.join(" AND "))
        .bindInt(2, firstRowid)
        .bindInt(3, lastRowid)
        .bindInt(4, std::clamp(options.limit, 1, 10000));
    std::vector<SearchHit> hits;
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) {
        SearchHit hit;
        hit.annotationId = QUuid::fromString(row.columnText(0));
        if (!row.isNull(1)) hit.replyId = QUuid::fromString(row.columnText(1));
        hit.mediaId = row.columnText(2);
        hit.firstFrame = row.columnInt(3);
        if (trigram) {
            takeMarkedSnippet(row.columnText(4), &hit);
        } else {
            hit.snippet = windowAround(row.columnText(4), terms);
            highlightTerms(terms, &hit);
        }
        hits.push_back(std::move(hit));
    }));
    return hits;
}

}  // namespace framenote::store
