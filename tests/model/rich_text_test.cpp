// Notes keep bold, italic, colour and lists; everything else is removed before it is stored.
#include <gtest/gtest.h>

#include "core/model/rich_text.h"

namespace fm = framenote::model;

namespace {

TEST(RichText, AllowedSubsetIsKept) {
    EXPECT_EQ(fm::sanitizeRichText("<b>bold</b> <i>it</i> <u>u</u><br><ul><li>a</li><li>b</li></ul>"),
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
    const QString once = fm::sanitizeRichText("<b>色彩</b> & <span style='color:#00ff00'>绿</span><ol><li>1");
    EXPECT_EQ(fm::sanitizeRichText(once), once);
}

TEST(RichText, PlainTextIsWhatAReaderSees) {
    EXPECT_EQ(fm::plainText("<b>Fix</b> the <i>flare</i><br>then &amp; grade"), "Fix the flare\nthen & grade");
    EXPECT_EQ(fm::plainText("<ul><li>一</li><li>二</li></ul>"), "一\n二");
}

}  // namespace
