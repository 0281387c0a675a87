// JSON is the store's payload and the export format: it must round-trip exactly and say which
// field is wrong when it cannot be read.
#include "core/model/json_codec.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>

#include "tests/model/model_fixtures.h"

namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

TEST(JsonCodec, EveryOperationTypeRoundTripsExactly) {
    std::mt19937 rng(7);
    const auto ops = ft::randomOperations(rng, 300, 5);
    for (const auto& op : ops) {
        const QByteArray text =
            QJsonDocument(fm::operationToJson(op)).toJson(QJsonDocument::Compact);
        auto back = fm::operationFromJson(QJsonDocument::fromJson(text).object());
        ASSERT_TRUE(back.ok()) << back.error();
        EXPECT_EQ(*back, op) << text.toStdString();
    }
}

TEST(JsonCodec, AnnotationWithChineseRichTextAndRepliesRoundTrips) {
    auto a = ft::sampleAnnotation("text");
    a.text = "<b>色彩</b>偏暖，<span style=\"color:#ff0000\">请修正</span>";
    a.tags = QStringList{"调色", "vfx"};
    a.points = {{0.123456789012345, 0.987654321098765}};
    a.replies.push_back({QUuid::createUuid(), "李", "好的", 1, 2, false});
    a.status = fm::Status::Resolved;
    a.creatorRole = fm::Role::Admin;
    const QByteArray text = QJsonDocument(fm::annotationToJson(a)).toJson();
    auto back = fm::annotationFromJson(QJsonDocument::fromJson(text).object());
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, a);
}

TEST(JsonCodec, WrongFieldsAreNamed) {
    auto json = fm::annotationToJson(ft::sampleAnnotation());
    json["frames"] = "ten";
    auto bad = fm::annotationFromJson(json);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(), "annotation.frames: expected an array");

    json = fm::annotationToJson(ft::sampleAnnotation());
    json["points"] = QJsonArray{QJsonArray{0.1}};
    bad = fm::annotationFromJson(json);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(), "annotation.points[0]: expected [x, y]");

    auto op =
        fm::operationToJson(fm::makeDelete("m", QUuid::createUuid(), "ana", fm::Role::Reviewer));
    op["type"] = "explode";
    auto badOp = fm::operationFromJson(op);
    ASSERT_FALSE(badOp.ok());
    EXPECT_EQ(badOp.error(), "operation.type: unknown operation type");

    auto style = fm::annotationToJson(ft::sampleAnnotation());
    QJsonObject s = style["style"].toObject();
    s["color"] = "red";
    style["style"] = s;
    bad = fm::annotationFromJson(style);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(), "annotation.style.color: expected a colour #aarrggbb");
}

}  // namespace
