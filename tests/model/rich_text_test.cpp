// Notes keep bold, italic, colour and lists; everything else is removed before it is stored.
#include "core/model/rich_text.h"

#include <gtest/gtest.h>

#include <QRegularExpression>
#include <random>

#include "core/model/validation.h"

namespace fm = framenote::model;

namespace {

TEST(RichText, AllowedSubsetIsKept) {
    EXPECT_EQ(
        fm::sanitizeRichText("<b>bold</b> <i>it</i> <u>u</u><br><ul><li>a</li><li>b</li></ul>"),
        "<b>bold</b> <i>it</i> <u>u</u><br><ul><li>a</li><li>b</li></ul>");
    EXPECT_EQ(fm::sanitizeRichText("<span style=\"font-weight:bold; color: #F00\">red</span>"),
              "<span style=\"color:#ff0000\">red</span>");
    EXPECT_EQ(fm::sanitizeRichText("<strong>s</strong><em>e</em>"), "<b>s</b><i>e</i>");
}

TEST(RichText, ScriptsAttributesAndUnknownTagsAreRemoved) {
    EXPECT_EQ(fm::sanitizeRichText("hi<script>alert(1)</script> there"), "hi there");
    EXPECT_EQ(fm::sanitizeRichText("<a href=\"javascript:x\" onclick=\"y\">link</a>"), "link");
    EXPECT_EQ(fm::sanitizeRichText("<b onmouseover=\"evil()\">x</b>"), "<b>x</b>");
    EXPECT_EQ(fm::sanitizeRichText("<img src=x onerror=alert(1)>after"), "after");
    EXPECT_EQ(fm::sanitizeRichText("<span>plain</span>"), "plain");
}

TEST(RichText, TextIsEscapedAndTagsBalanced) {
    EXPECT_EQ(fm::sanitizeRichText("a < b && c > d"), "a &lt; b &amp;&amp; c &gt; d");
    EXPECT_EQ(fm::sanitizeRichText("&lt;b&gt; stays text"), "&lt;b&gt; stays text");
    EXPECT_EQ(fm::sanitizeRichText("<b><i>unclosed"), "<b><i>unclosed</i></b>");
    EXPECT_EQ(fm::sanitizeRichText("stray</b> close"), "stray close");
    EXPECT_EQ(fm::sanitizeRichText("<b>x<i>y</b>z"), "<b>x<i>y</i></b>z");
}

TEST(RichText, SanitizingTwiceChangesNothing) {
    const QString once =
        fm::sanitizeRichText("<b>色彩</b> & <span style='color:#00ff00'>绿</span><ol><li>1");
    EXPECT_EQ(fm::sanitizeRichText(once), once);
}

TEST(RichText, QuotesAndTextWithoutMarkupStayAsTyped) {
    EXPECT_EQ(fm::sanitizeRichText("He said \"cut\" at 01:00:02:03"),
              "He said \"cut\" at 01:00:02:03");
    EXPECT_EQ(fm::sanitizeRichText("天空偏色，和上一个镜头匹配"), "天空偏色，和上一个镜头匹配");
    EXPECT_EQ(fm::sanitizeRichText("&quot;x&quot;"), "\"x\"");  // as stored by earlier versions
    EXPECT_TRUE(fm::isSanitizedRichText("plain \"quoted\""));
    EXPECT_TRUE(fm::isSanitizedRichText("<b>x</b> &amp; y"));
    EXPECT_FALSE(fm::isSanitizedRichText("a & b"));
    EXPECT_FALSE(fm::isSanitizedRichText("<b>unclosed"));
    EXPECT_FALSE(fm::isSanitizedRichText("<img src=x>"));
}

TEST(RichText, EditsAreBuiltSanitizedAndUnsanitizedOnesAreNamed) {
    fm::Annotation a;
    a.id = QUuid::createUuid();
    a.mediaId = "m";
    a.kind = fm::Kind::Text;
    a.points = {{0.1, 0.1}};
    a.text = "<p onclick=\"x()\">Grade <script>steal()</script>warmer</p>";
    a.replies.push_back({QUuid::createUuid(), "ana", "1 < 2", 1, 1, false});
    const fm::Operation create = fm::makeCreate(a, "ana", fm::Role::Reviewer);
    EXPECT_EQ(create.annotation.text, "<p>Grade warmer</p>");
    EXPECT_EQ(create.annotation.replies.front().text, "1 &lt; 2");
    EXPECT_TRUE(fm::checkRichText(create).ok());
    fm::FieldChanges changes;
    changes.text = "<i>softer";
    EXPECT_EQ(*fm::makeSetFields("m", a.id, changes, "ana", fm::Role::Reviewer).changes.text,
              "<i>softer</i>");
    EXPECT_EQ(fm::makeReply("m", a.id, "<u>yes</u><iframe>", "bo", fm::Role::Reviewer).reply.text,
              "<u>yes</u>");

    fm::Operation raw = create;
    raw.annotation.replies.front().text = "1 < 2";
    const auto s = fm::checkRichText(raw);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("annotation.replies[0].text: not in the rich-text subset"),
              std::string::npos)
        << s.error();
    raw = create;
    raw.type = fm::OpType::SetFields;
    raw.changes.text = "<object>";
    EXPECT_NE(fm::checkRichText(raw).error().find("changes.text"), std::string::npos);
}

// The relay refuses text that is not sanitized, and our own edits are sanitized once: if
// sanitizing twice changed anything, some of our own edits would be refused. So: any text at all,
// sanitized once, is sanitized, and holds only the subset's tags.
TEST(RichText, AnyTextSanitizedOnceIsSanitizedAndHoldsOnlyTheSubset) {
    static const char* const pieces[] = {"<b>",
                                         "</b>",
                                         "<i>",
                                         "</i>",
                                         "<u>",
                                         "</u>",
                                         "<br>",
                                         "<br/>",
                                         "<p>",
                                         "</p>",
                                         "<ul>",
                                         "</ul>",
                                         "<ol>",
                                         "</ol>",
                                         "<li>",
                                         "</li>",
                                         "<span style=\"color:#a0B\">",
                                         "<span style='color: #123456'>",
                                         "<span>",
                                         "</span>",
                                         "<strong>",
                                         "</strong>",
                                         "<em>",
                                         "</em>",
                                         "<script>",
                                         "</script>",
                                         "<style>",
                                         "</style>",
                                         "<img src=x>",
                                         "<a href=\"y\">",
                                         "</a>",
                                         "<div>",
                                         "</div>",
                                         "<",
                                         ">",
                                         "&",
                                         "&amp;",
                                         "&lt;",
                                         "&gt;",
                                         "&quot;",
                                         "&#65;",
                                         "&#x4e2d;",
                                         "&bogus;",
                                         "&#0;",
                                         "&#x110000;",
                                         "< b>",
                                         "</ b>",
                                         "<b",
                                         "<!-- c -->",
                                         "<B>",
                                         "</B>",
                                         "\"",
                                         "'",
                                         " ",
                                         "\n",
                                         "x",
                                         "色",
                                         "R&D",
                                         "a < b",
                                         "<1>",
                                         "</>",
                                         "<>",
                                         "<p <b>>",
                                         "<br><br>",
                                         "&amp;lt;"};
    std::mt19937 rng(20261126);
    std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
    std::uniform_int_distribution<int> length(0, 24);
    static const QRegularExpression tag(QStringLiteral("<[^>]*>"));
    static const QRegularExpression allowed(QStringLiteral(
        "^</?(b|i|u|p|ul|ol|li)>$|^<br>$|^<span style=\"color:#[0-9a-f]{6}\">$|^</span>$"));
    for (int round = 0; round < 20000; ++round) {
        QString input;
        for (int n = length(rng); n > 0; --n) input += QString::fromUtf8(pieces[pick(rng)]);
        const QString once = fm::sanitizeRichText(input);
        ASSERT_EQ(fm::sanitizeRichText(once), once) << "input: " << input.toStdString();
        ASSERT_TRUE(fm::isSanitizedRichText(once)) << "input: " << input.toStdString();
        auto it = tag.globalMatch(once);
        while (it.hasNext()) {
            const QString t = it.next().captured(0);
            ASSERT_TRUE(allowed.match(t).hasMatch())
                << t.toStdString() << " from " << input.toStdString();
        }
    }
}

TEST(RichText, PlainTextIsWhatAReaderSees) {
    EXPECT_EQ(fm::plainText("<b>Fix</b> the <i>flare</i><br>then &amp; grade"),
              "Fix the flare\nthen & grade");
    EXPECT_EQ(fm::plainText("<ul><li>一</li><li>二</li></ul>"), "一\n二");
    // Text before a list or a paragraph ends its line there.
    EXPECT_EQ(fm::plainText("<b>Burn-in</b> must match<ul><li>check the clip</li></ul>after"),
              "Burn-in must match\ncheck the clip\nafter");
    EXPECT_EQ(fm::plainText("one<p>two</p>three<ol><li>four"), "one\ntwo\nthree\nfour");
}

}  // namespace
