#pragma once
// How text is cut into tokens for full-text search (see text_search.h for the two indexes).
// The trigram index matches any substring of 3+ characters but nothing shorter, and Chinese
// words are often 1 or 2 characters; so a second index holds every CJK character as a token
// of its own (a unigram), where a 1- or 2-character query is an exact phrase of tokens.
#include <QString>
#include <QStringList>

namespace framenote::store {

// Han ideographs (all planes), kana and Hangul syllables: scripts written without spaces.
bool isCjk(char32_t c);
bool containsCjk(const QString& text);
// Length in characters (code points), not UTF-16 units: a query term's length decides its index.
int codePointCount(const QString& text);
// The text as the unigram index sees it: a space either side of every CJK character, so
// unicode61 makes each one a token; other words are left for unicode61 to split as usual.
QString unigramText(const QString& text);
// A user's query as terms: whitespace-separated words, or "quoted phrases" kept whole.
QStringList queryTerms(const QString& query);

}  // namespace framenote::store
