#pragma once
// Full-text search over notes and replies, English and Chinese alike, with snippets.
//
// Two FTS5 indexes over the same texts (search_text):
//  - search_trigram (trigram tokenizer): any substring of 3+ characters, case-insensitive, in
//    any script; most queries use it.
//  - search_unigram (unicode61 over search_tokens.h's unigramText): every CJK character is a
//    token, so 1- and 2-character Chinese words ("镜头", "暗") are exact phrase queries; short
//    Latin terms ("4k", "ok") match as word prefixes, through its prefix indexes of 1 and 2
//    characters.
// A query is terms (whitespace-separated, or "quoted phrases"); every term must match. When
// every term has 3+ characters the trigram index answers (substring matches, FTS5 snippets).
// When any term is shorter, the unigram index answers for all terms: CJK terms as exact runs
// of characters, other terms of 1 or 2 characters as word prefixes ("4k" finds "4k" and
// "4kHz"), longer ones as whole words ("flare" finds "flare", not "flares" or "lensflare").
// A longer word as a prefix would make FTS5 merge the full posting list of every word that
// starts with it, over every media, before the first hit: 66 ms for "take" at a million notes,
// where the whole word takes 1 ms.
//
// Hits come in rowid order, highest first, so FTS5 stops after `limit` matches instead of
// ranking every match: a common word over a million notes stays fast. Each media's texts have
// a rowid range of their own (AnnotationTable::firstSearchRowid), in the order they were
// written: within one media that is newest text first, and the range keeps the search inside
// FTS5; over every media it is media by media (in reverse order of each media's first
// note), newest first within each.
#include <QString>
#include <QUuid>
#include <cstdint>
#include <utility>
#include <vector>

#include "core/common/result.h"
#include "core/sqlite/sqlite_db.h"

namespace framenote::store {

struct SearchHit {
    QUuid annotationId;
    QUuid replyId;  // null: the match is in the note's own text
    QString mediaId;
    int64_t firstFrame = 0;
    QString snippet;  // plain text around the match, "…" where it was cut
    std::vector<std::pair<int, int>> highlights;  // (start, length) in snippet, UTF-16 units

    // The snippet with every highlight wrapped, e.g. in "[" and "]". No escaping is done: for
    // rich text use markedHtml(), since notes may contain '<' and '&'.
    QString marked(const QString& open, const QString& close) const;
    // The snippet as HTML: text escaped, highlights in <b>...</b>.
    QString markedHtml() const;
};

struct SearchOptions {
    QString mediaId;  // empty: every media
    int limit = 50;
};

class TextSearch {
  public:
    explicit TextSearch(sqlite::SqliteDb& db) : db_(db) {}

    Result<std::vector<SearchHit>> search(const QString& query, const SearchOptions& options);
    Result<std::vector<SearchHit>> search(const QString& query) {
        return search(query, SearchOptions{});
    }

  private:
    sqlite::SqliteDb& db_;
};

}  // namespace framenote::store
