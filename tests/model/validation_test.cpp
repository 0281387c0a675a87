// Bad values are refused before they are stored or sent, with the field named.
#include "core/model/validation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/model/model_fixtures.h"

namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

std::string errorOf(const fm::Annotation& a, const fm::Limits& limits = {}) {
    auto status = fm::validateAnnotation(a, limits);
    return status.ok() ? "" : status.error();
}

TEST(Validation, EveryKindAcceptsItsSample) {
    for (const char* kind : {"rect", "ellipse", "arrow", "line", "freehand", "text"})
        EXPECT_EQ(errorOf(ft::sampleAnnotation(kind)), "") << kind;
}

TEST(Validation, CoordinatesMustBeFiniteAndInsideThePicture) {
    auto a = ft::sampleAnnotation();
    a.points[1].x = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(errorOf(a), "points[1]: coordinates must be finite numbers");
    a.points[1] = {1.5, 0.5};
    EXPECT_EQ(errorOf(a), "points[1]: (1.500000, 0.500000) is outside the picture [0,1]");
}

TEST(Validation, FrameRangeMustLieInsideTheMedia) {
    auto a = ft::sampleAnnotation();
    fm::Limits limits;
    limits.frameCount = 10;
    EXPECT_EQ(errorOf(a, limits), "frames: last frame 10 is beyond the media (10 frames)");
    a.firstFrame = 5;
    a.lastFrame = 4;
    EXPECT_EQ(errorOf(a), "frames: [5, 4] is not a valid range");
}

TEST(Validation, KindsAndPointCountsAreChecked) {
    auto a = ft::sampleAnnotation();
    fm::setKindFromName(a, "star");  // a newer version's kind, as a file or peer names it
    EXPECT_EQ(errorOf(a), "kind: 'star' is not one of rect, ellipse, arrow, line, freehand, text");
    a = ft::sampleAnnotation("arrow");
    a.points.push_back({0.5, 0.5});
    EXPECT_EQ(errorOf(a), "points: a arrow has 2 points (tail, then head), not 3");
    a = ft::sampleAnnotation("text");
    a.text = "<b></b>";
    EXPECT_EQ(errorOf(a), "text: a text note needs text");
}

TEST(Validation, TextAndPathLengthsAreCapped) {
    auto a = ft::sampleAnnotation("freehand");
    fm::Limits limits;
    limits.maxPathPoints = 2;
    EXPECT_EQ(errorOf(a, limits), "points: 3 points, the limit is 2");
    a = ft::sampleAnnotation();
    a.text = QString(20001, 'x');
    EXPECT_EQ(errorOf(a), "text: 20001 characters, the limit is 20000");
}

TEST(Validation, OperationsAreCheckedByType) {
    auto a = ft::sampleAnnotation();
    auto create = fm::makeCreate(a, "ana", fm::Role::Reviewer);
    EXPECT_TRUE(fm::validateOperation(create).ok());
    create.target = QUuid::createUuid();
    EXPECT_EQ(fm::validateOperation(create).error(), "annotation.id: differs from target");
    auto empty = fm::makeSetFields(a.mediaId, a.id, {}, "ana", fm::Role::Reviewer);
    EXPECT_EQ(fm::validateOperation(empty).error(), "changes: the operation sets no field");
    auto reply = fm::makeReply(a.mediaId, a.id, "  ", "ana", fm::Role::Reviewer);
    EXPECT_EQ(fm::validateOperation(reply).error(), "reply.text: empty");
    auto anonymous = fm::makeDelete(a.mediaId, a.id, "", fm::Role::Reviewer);
    EXPECT_EQ(fm::validateOperation(anonymous).error(), "actor: must be 1 to 128 characters");
}

}  // namespace
