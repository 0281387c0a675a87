// Viewers read, reviewers change their own notes, admins change all; nobody touches a note made
// by a higher role.
#include <gtest/gtest.h>

#include "core/model/permissions.h"
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
