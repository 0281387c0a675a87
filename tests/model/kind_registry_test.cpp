// Kinds are a type: each built-in Kind is the registration of its name and shape, and a name no
// kind has is kept as it came, so that validation refuses it by name and a note keeps it.
#include "core/model/kind_registry.h"

#include <gtest/gtest.h>

#include "core/model/json_codec.h"
#include "tests/model/model_fixtures.h"

namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

TEST(KindRegistry, EachBuiltInKindIsItsRegistration) {
    const struct {
        fm::Kind kind;
        const char* name;
        fm::Shape shape;
    } expected[] = {
        {fm::Kind::Rect, "rect", fm::Shape::Box},
        {fm::Kind::Ellipse, "ellipse", fm::Shape::Box},
        {fm::Kind::Arrow, "arrow", fm::Shape::Line},
        {fm::Kind::Line, "line", fm::Shape::Line},
        {fm::Kind::Freehand, "freehand", fm::Shape::Path},
        {fm::Kind::Text, "text", fm::Shape::Text},
    };
    for (const auto& e : expected) {
        SCOPED_TRACE(e.name);
        const fm::KindSpec* spec = fm::kindSpec(e.kind);
        ASSERT_NE(spec, nullptr);
        EXPECT_EQ(spec->kind, e.kind);
        EXPECT_EQ(spec->name, QString(e.name));
        EXPECT_EQ(spec->shape, e.shape);
        EXPECT_EQ(fm::kindFromName(e.name), e.kind);
        EXPECT_EQ(fm::kindName(e.kind), QString(e.name));
    }
    EXPECT_EQ(fm::kindSpec(fm::Kind::Ellipse)->outline, fm::Outline::Ellipse);
    EXPECT_EQ(fm::kindSpec(fm::Kind::Arrow)->end, fm::LineEnd::Arrow);
    EXPECT_TRUE(fm::kindSpec(fm::Kind::Freehand)->deltaCodedPath());
    EXPECT_TRUE(fm::kindSpec(fm::Kind::Text)->requiresText());
    EXPECT_EQ(fm::kindSpec(fm::Kind::Unknown), nullptr);
    EXPECT_EQ(fm::kindName(fm::Kind::Unknown), QString());
}

TEST(KindRegistry, AnUnknownNameIsKeptWithTheNote) {
    auto a = ft::sampleAnnotation();
    fm::setKindFromName(a, "star");
    EXPECT_EQ(a.kind, fm::Kind::Unknown);
    EXPECT_EQ(fm::kindName(a), QString("star"));
    // Read and written back by name (a store a newer version wrote keeps its notes).
    auto back = fm::annotationFromJson(fm::annotationToJson(a));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, a);
    // A known name clears it.
    fm::setKindFromName(a, "line");
    EXPECT_EQ(a.kind, fm::Kind::Line);
    EXPECT_EQ(a.unknownKind, QString());
}

}  // namespace
