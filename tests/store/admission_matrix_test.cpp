// The store admits local edits by the permission matrix of docs/PROTOCOL.md ("Permissions"),
// walked cell by cell from the table the relay's test walks too; and the rules around it that
// name people: replies and notes are written in their sender's name, a reply id is used once.
#include <gtest/gtest.h>

#include "tests/store/store_fixtures.h"
#include "tests/support/permission_matrix.h"

namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

class StoreAdmission : public ft::StoreTest {};

TEST_F(StoreAdmission, EveryCellOfThePermissionMatrix) {
    int walked = 0;
    for (const ft::MatrixCell& cell : ft::permissionMatrix()) {
        SCOPED_TRACE(ft::cellName(cell));
        const ft::MatrixScenario s = ft::scenarioFor(cell, ft::note("media-matrix", 3, 5));
        for (const auto& [who, op] : s.setup) ASSERT_OK(store().applyLocal(op));
        const framenote::Status done = store().applyLocal(s.attempt);
        EXPECT_EQ(done.ok(), cell.allowed) << (done.ok() ? std::string("admitted") : done.error());
        if (!done.ok()) {
            // Refused for the rule, not for something else; and it left no trace.
            EXPECT_NE(done.error().find("may not"), std::string::npos) << done.error();
            EXPECT_FALSE(ft::take(store().isPending(s.attempt.opId)));
        }
        ++walked;
    }
    EXPECT_EQ(walked, 59);
}

TEST_F(StoreAdmission, AReplyIdIsUsedOnceWhoeverReusesIt) {
    const fm::Annotation a = ft::note("media-1", 1, 1, {}, "boss");
    ASSERT_OK(store().applyLocal(fm::makeCreate(a, "boss", fm::Role::Admin)));
    const fm::Operation approval =
        fm::makeReply("media-1", a.id, "Approved for delivery", "boss", fm::Role::Admin);
    ASSERT_OK(store().applyLocal(approval));
    // A reviewer reusing the admin's reply id would rewrite it; the author himself is refused too.
    for (const auto& [who, role] :
         {std::pair<QString, fm::Role>{"ana", fm::Role::Reviewer}, {"boss", fm::Role::Admin}}) {
        fm::Operation reuse = fm::makeReply("media-1", a.id, "Rejected", who, role);
        reuse.reply.id = approval.reply.id;
        const framenote::Status s = store().applyLocal(reuse);
        ASSERT_FALSE(s.ok()) << who.toStdString();
        EXPECT_NE(s.error().find("already exists"), std::string::npos) << s.error();
    }
    const auto notes = ft::allNotes(store(), "media-1");
    ASSERT_EQ(notes.size(), 1u);
    ASSERT_EQ(notes[0].replies.size(), 1u);
    EXPECT_EQ(notes[0].replies[0].text, "Approved for delivery");
    EXPECT_EQ(notes[0].replies[0].author, "boss");
}

TEST_F(StoreAdmission, ACreateNamesOnlyItsSender) {
    fm::Annotation a = ft::note("media-1", 1, 1, {}, "ana");
    a.replies.push_back(
        fm::Reply{QUuid::createUuid(), "boss", "Approved for delivery", ft::kT0, ft::kT0, false});
    const framenote::Status forged =
        store().applyLocal(fm::makeCreate(a, "ana", fm::Role::Reviewer));
    ASSERT_FALSE(forged.ok());
    EXPECT_NE(forged.error().find("replies[0].author"), std::string::npos) << forged.error();
    a.replies[0].author = "ana";
    EXPECT_OK(store().applyLocal(fm::makeCreate(a, "ana", fm::Role::Reviewer)));
    fm::Annotation other = ft::note("media-1", 1, 1, {}, "boss");
    EXPECT_FALSE(store().applyLocal(fm::makeCreate(other, "ana", fm::Role::Reviewer)).ok());
}

TEST_F(StoreAdmission, DeletingAReplyNeedsOnlyItsIdAndKeepsItsText) {
    const fm::Annotation a = ft::note("media-1", 1, 1, {}, "ana");
    ASSERT_OK(store().applyLocal(ft::createOp(a)));
    const fm::Operation reply =
        fm::makeReply("media-1", a.id, "too dark", "ana", fm::Role::Reviewer);
    ASSERT_OK(store().applyLocal(reply));
    fm::Operation remove =
        fm::makeEditReply("media-1", a.id, reply.reply.id, QString(), "ana", fm::Role::Reviewer);
    remove.reply.deleted = true;
    ASSERT_OK(store().applyLocal(remove));
    auto notes = ft::allNotes(store(), "media-1");
    ASSERT_EQ(notes[0].replies.size(), 1u);
    EXPECT_TRUE(notes[0].replies[0].deleted);
    EXPECT_EQ(notes[0].replies[0].text, "too dark");  // an undo brings it back as it was
    fm::Operation restore =
        fm::makeEditReply("media-1", a.id, reply.reply.id, "too dark", "ana", fm::Role::Reviewer);
    ASSERT_OK(store().applyLocal(restore));
    notes = ft::allNotes(store(), "media-1");
    EXPECT_FALSE(notes[0].replies[0].deleted);
}

TEST_F(StoreAdmission, AResolveSetsTheStatusAndNothingElse) {
    const fm::Annotation a = ft::note("media-1", 1, 1, {}, "ana");
    ASSERT_OK(store().applyLocal(ft::createOp(a)));
    fm::Operation sneaky = fm::makeResolve("media-1", a.id, true, "ana", fm::Role::Reviewer);
    sneaky.changes.text = "rewritten";
    const framenote::Status s = store().applyLocal(sneaky);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("nothing else"), std::string::npos) << s.error();
}

}  // namespace
