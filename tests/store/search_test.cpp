// Full-text search in English and Chinese, short Chinese words, replies, snippets.
#include <map>
#include <set>

#include "store_fixtures.h"

namespace framenote::test {
namespace {

using model::Role;

class SearchTest : public StoreTest {
  protected:
    model::Annotation add(const QString& mediaId, const QString& text, int64_t frame = 1) {
        model::Annotation a = note(mediaId, frame, frame, text);
        EXPECT_OK(store().applyLocal(createOp(a)));
        return a;
    }
    std::vector<store::SearchHit> find(const QString& query, const QString& mediaId = {}) {
        store::SearchOptions options;
        options.mediaId = mediaId;
        return take(store().search().search(query, options));
    }
};

TEST_F(SearchTest, FindsEnglishWithinWordsAndHighlightsTheMatch) {
    const auto a = add("m1", "The lens <b>flare</b> in the top-left corner is too strong", 42);
    add("m1", "Colour is fine here");
    const auto hits = find("FLARE");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].annotationId, a.id);
    EXPECT_TRUE(hits[0].replyId.isNull());
    EXPECT_EQ(hits[0].firstFrame, 42);
    EXPECT_TRUE(hits[0].marked("[", "]").contains("[flare]"))
        << hits[0].marked("[", "]").toStdString();
    EXPECT_FALSE(hits[0].snippet.contains("<b>"));  // search sees words, not markup
    EXPECT_EQ(find("lare").size(), 1u);             // substrings of 3+ characters match too
}

TEST_F(SearchTest, FindsChineseOfThreeOrMoreCharacters) {
    const auto a = add("m1", "这个镜头的颜色太暗了，请把中间的人物提亮一点。");
    const auto hits = find("人物提亮");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].annotationId, a.id);
    EXPECT_TRUE(hits[0].marked("[", "]").contains("[人物提亮]"))
        << hits[0].marked("[", "]").toStdString();
}

TEST_F(SearchTest, FindsOneAndTwoCharacterChineseWords) {
    const auto dark = add("m1", "这个镜头太暗了");
    const auto shot = add("m1", "镜头晃动，需要稳定");
    add("m1", "声音没问题");
    const auto twoChars = find("镜头");
    ASSERT_EQ(twoChars.size(), 2u);
    for (const auto& hit : twoChars) EXPECT_TRUE(hit.marked("[", "]").contains("[镜头]"));
    const auto oneChar = find("暗");
    ASSERT_EQ(oneChar.size(), 1u);
    EXPECT_EQ(oneChar[0].annotationId, dark.id);
    EXPECT_EQ(oneChar[0].marked("[", "]"), "这个镜头太[暗]了");
    EXPECT_TRUE(find("头镜").empty());  // characters in order, not a bag of characters
    (void)shot;
}

TEST_F(SearchTest, EveryTermOfAMixedQueryMustMatch) {
    const auto both = add("m1", "镜头 flare 太强");
    add("m1", "镜头 is fine");
    add("m1", "flare only");
    const auto hits = find("镜头 flare");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].annotationId, both.id);
    EXPECT_EQ(hits[0].marked("[", "]"), "[镜头] [flare] 太强");
    EXPECT_EQ(find("\"lens flare\"").size(), 0u);
    add("m1", "a lens flare again");
    EXPECT_EQ(find("\"lens flare\"").size(), 1u);  // a quoted phrase is one term
}

TEST_F(SearchTest, RepliesAreSearchedAndNamed) {
    const auto a = add("m1", "Is this shot too dark?");
    const model::Operation reply =
        model::makeReply("m1", a.id, "同意，整体提亮半档", "bob", Role::Reviewer);
    ASSERT_OK(store().applyLocal(reply));
    const auto hits = find("提亮");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].annotationId, a.id);
    EXPECT_EQ(hits[0].replyId, reply.reply.id);
}

TEST_F(SearchTest, EditedAndDeletedNotesLeaveTheIndex) {
    const auto a = add("m1", "remove the boom mic");
    ASSERT_OK(store().applyLocal(setText(a, "remove the tripod shadow")));
    EXPECT_TRUE(find("boom").empty());
    EXPECT_EQ(find("tripod").size(), 1u);
    ASSERT_OK(store().applyLocal(model::makeDelete("m1", a.id, "ana", Role::Reviewer)));
    EXPECT_TRUE(find("tripod").empty());
    EXPECT_OK(store().checkIntegrity());  // both indexes agree with their content
}

TEST_F(SearchTest, SearchCanBeLimitedToOneMedia) {
    add("m1", "grain too heavy");
    const auto b = add("m2", "grain looks right");
    EXPECT_EQ(find("grain").size(), 2u);
    const auto hits = find("grain", "m2");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].annotationId, b.id);
}

// Notes of three media written interleaved, replies and edits among them: a search within one
// media returns only its matches, newest text first, cut at the limit, in both indexes.
TEST_F(SearchTest, WithinOneMediaTheNewestMatchesOfThatMediaComeFirstUpToTheLimit) {
    std::map<QString, std::vector<QUuid>> written;  // per media, oldest first
    for (int i = 0; i < 30; ++i) {
        const QString media = QStringLiteral("m%1").arg(i % 3);
        written[media].push_back(add(media, QStringLiteral("grain %1 镜头").arg(i)).id);
    }
    const model::Annotation late = note("m1", 5, 5, "no match yet");
    ASSERT_OK(store().applyLocal(createOp(late)));
    ASSERT_OK(store().applyLocal(setText(late, "grain after an edit 镜头")));  // a new text
    written["m1"].push_back(late.id);
    for (const QString query : {"grain", "镜头"}) {  // trigram, then unigram
        for (const auto& [media, ids] : written) {
            store::SearchOptions options;
            options.mediaId = media;
            options.limit = 4;
            const auto hits = take(store().search().search(query, options));
            ASSERT_EQ(hits.size(), 4u) << media.toStdString();
            for (size_t i = 0; i < hits.size(); ++i) {
                EXPECT_EQ(hits[i].mediaId, media);
                EXPECT_EQ(hits[i].annotationId, ids[ids.size() - 1 - i])
                    << query.toStdString() << " " << media.toStdString() << " hit " << i;
            }
        }
    }
    EXPECT_EQ(find("grain").size(), 31u);
    EXPECT_EQ(find("grain", "m1").size(), 11u);
    EXPECT_TRUE(find("grain", "unknown media").empty());
    EXPECT_OK(store().checkIntegrity());
}

// Beside a short term, Latin terms of 3+ characters are whole words (a prefix of a common word
// would merge every matching word's posting list first); 1- and 2-character ones are prefixes.
TEST_F(SearchTest, BesideAShortTermLongLatinTermsAreWholeWordsAndShortOnesArePrefixes) {
    const auto word = add("m1", "镜头 flare visible at take 3; v2");
    const auto longer = add("m1", "镜头 flares at take 31; v2");
    add("m1", "镜头 lensflare");
    auto ids = [](const std::vector<store::SearchHit>& hits) {
        std::set<QUuid> set;
        for (const auto& h : hits) set.insert(h.annotationId);
        return set;
    };
    EXPECT_EQ(ids(find("镜头 flare")), std::set<QUuid>{word.id});
    EXPECT_EQ(ids(find("镜头 fl")), (std::set<QUuid>{word.id, longer.id}));
    EXPECT_EQ(ids(find("take 3;")), (std::set<QUuid>{word.id, longer.id}));  // "3" starts "31"
    EXPECT_EQ(ids(find("v2 take", "m1")), (std::set<QUuid>{word.id, longer.id}));
}

TEST_F(SearchTest, ShortLatinTermsMatchWordStarts) {
    const auto a = add("m1", "check the 4k master");
    add("m1", "the 2k proxy");
    const auto hits = find("4k");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].annotationId, a.id);
}

TEST_F(SearchTest, QueriesWithSyntaxCharactersAreJustText) {
    add("m1", "50% \"too\" (bright) - OR NOT* fix");
    for (const QString q : {"\"", "50%", "OR NOT", "(bright)", "*", "NOT*", "a\"b", "\\", "_"}) {
        const auto r = store().search().search(q);
        EXPECT_TRUE(r.ok()) << q.toStdString() << ": " << r.error();
    }
    EXPECT_EQ(find("(bright)").size(), 1u);
    EXPECT_EQ(find("50%").size(), 1u);
    EXPECT_TRUE(find("").empty());
}

TEST_F(SearchTest, HtmlSnippetEscapesTheNoteText) {
    add("m1", "a &lt;script&gt; tag & flare");  // stored rich text: the note shows "<script>"
    const auto hits = find("flare");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].markedHtml(), "a &lt;script&gt; tag &amp; <b>flare</b>");
}

TEST_F(SearchTest, LongTextsGiveAShortSnippetAroundTheMatch) {
    QString text;
    for (int i = 0; i < 40; ++i) text += QString("filler%1 ").arg(i);
    text += "needle ";
    for (int i = 0; i < 40; ++i) text += QString("more%1 ").arg(i);
    add("m1", text);
    const auto hits = find("needle");
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_LT(hits[0].snippet.size(), 120);
    EXPECT_TRUE(hits[0].snippet.startsWith("…"));
    EXPECT_TRUE(hits[0].marked("[", "]").contains("[needle]"));
}

}  // namespace
}  // namespace framenote::test
