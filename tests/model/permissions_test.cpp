// Viewers read, reviewers change their own notes, admins change all; nobody touches a note made
// by a higher role.
#include "core/model/permissions.h"

#include <gtest/gtest.h>

#include "core/model/admission.h"
#include "tests/model/model_fixtures.h"

namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

TEST(Permissions, ViewersCannotWrite) {
    EXPECT_FALSE(fm::canCreate(fm::Role::Viewer));
    EXPECT_FALSE(fm::canReply(fm::Role::Viewer));
    EXPECT_TRUE(fm::canCreate(fm::Role::Reviewer));
    auto own = ft::sampleAnnotation("rect", "vic");
    own.creatorRole = fm::Role::Viewer;
    EXPECT_FALSE(fm::canModify("vic", fm::Role::Viewer, own));
}

TEST(Permissions, ReviewersChangeOnlyTheirOwnNotes) {
    const auto mine = ft::sampleAnnotation("rect", "ana");
    EXPECT_TRUE(fm::canModify("ana", fm::Role::Reviewer, mine));
    EXPECT_FALSE(fm::canModify("bo", fm::Role::Reviewer, mine));
    EXPECT_TRUE(fm::canModify("bo", fm::Role::Admin, mine));
}

TEST(Permissions, NobodyChangesAHigherRolesNote) {
    auto adminNote = ft::sampleAnnotation("rect", "ana");
    adminNote.creatorRole = fm::Role::Admin;
    // Even with the same name, a reviewer cannot change what ana wrote as an admin.
    EXPECT_FALSE(fm::canModify("ana", fm::Role::Reviewer, adminNote));
    EXPECT_TRUE(fm::canModify("zed", fm::Role::Admin, adminNote));
}

TEST(Permissions, RepliesAreEditedByTheirAuthorOrAnAdmin) {
    fm::Reply reply{QUuid::createUuid(), "bo", "ok", 1, 1, false};
    EXPECT_TRUE(fm::canEditReply("bo", fm::Role::Reviewer, reply));
    EXPECT_FALSE(fm::canEditReply("cy", fm::Role::Reviewer, reply));
    EXPECT_TRUE(fm::canEditReply("cy", fm::Role::Admin, reply));
    EXPECT_FALSE(fm::canEditReply("bo", fm::Role::Viewer, reply));
}

}  // namespace

namespace {

// Notes are bounded in bytes and replies whatever the role: the last reply that fits is admitted,
// the next refused as invalid, naming the limit.
TEST(Admission, NotesAreBoundedInRepliesAndBytes) {
    fm::Annotation a = ft::sampleAnnotation("rect", "ana");
    fm::Limits limits;
    limits.maxReplies = 3;
    for (int i = 0; i < 3; ++i)
        a.replies.push_back({QUuid::createUuid(), "ana", "ok", 1, 1, false});
    const fm::Operation fourth = fm::makeReply(a.mediaId, a.id, "one more", "ana", fm::Role::Admin);
    auto no = fm::admit(fourth, {&a, false}, limits);
    ASSERT_TRUE(no.has_value());
    EXPECT_NE(no->message.find("replies"), std::string::npos) << no->message;

    limits.maxReplies = 1000;
    limits.maxNoteBytes = fm::noteBytes(a) + 100;
    EXPECT_FALSE(fm::admit(fm::makeReply(a.mediaId, a.id, "short", "ana", fm::Role::Admin),
                           {&a, false}, limits));
    no = fm::admit(
        fm::makeReply(a.mediaId, a.id, QString(200, QLatin1Char('x')), "ana", fm::Role::Admin),
        {&a, false}, limits);
    ASSERT_TRUE(no.has_value());
    EXPECT_NE(no->message.find("bytes"), std::string::npos) << no->message;
    fm::Annotation big = ft::sampleAnnotation("rect", "ana");
    big.text = QString(400, QLatin1Char('y'));
    limits.maxNoteBytes = 500;
    EXPECT_TRUE(fm::admit(fm::makeCreate(big, "ana", fm::Role::Reviewer), {}, limits).has_value());
}

}  // namespace

namespace {

// A set of points must fit the note's kind (a rectangle has two), and a resolve or reopen sets
// the status, which an empty one would not.
TEST(Admission, AnEditKeepsTheShapeOfItsKindAndAResolveSetsTheStatus) {
    const fm::Annotation rect = ft::sampleAnnotation("rect", "ana");
    fm::FieldChanges three;
    three.points = std::vector<fm::Point>{{0.1, 0.1}, {0.2, 0.2}, {0.3, 0.3}};
    const auto no = fm::admit(
        fm::makeSetFields(rect.mediaId, rect.id, three, "ana", fm::Role::Reviewer), {&rect, false});
    ASSERT_TRUE(no.has_value());
    EXPECT_NE(no->message.find("a rect has 2 to 2 points, not 3"), std::string::npos)
        << no->message;
    const fm::Annotation path = ft::sampleAnnotation("freehand", "ana");
    EXPECT_FALSE(
        fm::admit(fm::makeSetFields(path.mediaId, path.id, three, "ana", fm::Role::Reviewer),
                  {&path, false}));

    fm::Operation empty = fm::makeResolve(rect.mediaId, rect.id, true, "ana", fm::Role::Reviewer);
    empty.changes = {};
    EXPECT_TRUE(fm::admit(empty, {&rect, false}).has_value());
    EXPECT_FALSE(fm::admit(fm::makeResolve(rect.mediaId, rect.id, true, "ana", fm::Role::Reviewer),
                           {&rect, false}));
}

}  // namespace
