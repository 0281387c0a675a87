// What the relay asks of the store besides new operations, on a real store file: an edit it
// refused leaves the outbox and the visible state (and stays readable in the history), and a
// snapshot after a relay reset replaces the confirmed state under the pending edits.
#include "store_fixtures.h"

namespace framenote::test {
namespace {

using model::Role;

class SyncRepairsTest : public StoreTest {
  protected:
    // What the user must see: the fold of the confirmed log plus the pending edits on top.
    std::vector<model::Annotation> confirmedPlusPending(const QString& room) {
        std::vector<std::pair<model::Operation, int64_t>> log;
        int64_t pending = 0;
        for (const model::Operation& op : take(store().operations(room)))
            log.emplace_back(op, op.sequence > 0
                                     ? op.sequence
                                     : store::DraftStore::kPendingOrderBase + ++pending);
        return fold(log);
    }
    bool searchFinds(const QString& text) { return !take(store().search().search(text)).empty(); }
};

TEST_F(SyncRepairsTest, RefusedNewNoteDisappearsAndItsRefusalStaysInTheHistory) {
    const model::Annotation a = note("m1", 10, 20, "flare on the boom mic");
    const model::Operation create = createOp(a);
    ASSERT_OK(store().applyLocal(create));

    ASSERT_OK(store().rejectPending(create.opId, "forbidden: viewers may not annotate"));

    reopen();  // the refusal is committed, not cached
    EXPECT_FALSE(take(store().annotation(a.id)).has_value());
    EXPECT_FALSE(take(store().annotationExists(a.id)));  // no tombstone: it never existed
    EXPECT_TRUE(take(store().queries().onFrame("m1", 15)).empty());
    EXPECT_FALSE(searchFinds("boom mic"));
    EXPECT_EQ(take(store().pendingCount()), 0);
    EXPECT_TRUE(take(store().operations("m1")).empty());
    const auto dropped = take(store().droppedOperations("m1"));
    ASSERT_EQ(dropped.size(), 1u);
    EXPECT_EQ(dropped[0].op, create);
    EXPECT_EQ(dropped[0].reason, "forbidden: viewers may not annotate");
    EXPECT_GT(dropped[0].droppedMs, 0);
    EXPECT_OK(store().checkIntegrity());
    // The same id can be created again (the refusal left nothing behind).
    EXPECT_OK(store().applyLocal(createOp(a)));
}

TEST_F(SyncRepairsTest, RefusedEditRollsBackToConfirmedStatePlusRemainingPendingEdits) {
    const model::Annotation a = note("m1", 5, 5, "grain in the sky", "ana");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(a), 1)));
    const model::Operation text = setText(a, "grain in the sky, twice", "ana");
    const model::Operation frames = setFrames(a, 7, 9, "ana");
    const model::Operation reply = model::makeReply("m1", a.id, "agreed", "ana", Role::Reviewer);
    ASSERT_OK(store().applyLocal(text));
    ASSERT_OK(store().applyLocal(frames));
    ASSERT_OK(store().applyLocal(reply));

    ASSERT_OK(store().rejectPending(text.opId, "invalid: text too long"));

    const auto shown = take(store().annotation(a.id));
    ASSERT_TRUE(shown.has_value());
    EXPECT_EQ(shown->text, "grain in the sky");  // the refused text is gone ...
    EXPECT_EQ(shown->firstFrame, 7);             // ... the later pending edits stay
    EXPECT_EQ(shown->lastFrame, 9);
    ASSERT_EQ(shown->replies.size(), 1u);
    EXPECT_EQ(shown->replies[0].text, "agreed");
    EXPECT_EQ(allNotes(store(), "m1"), confirmedPlusPending("m1"));
    EXPECT_FALSE(searchFinds("twice"));
    EXPECT_TRUE(take(store().queries().onFrame("m1", 5)).empty());
    EXPECT_EQ(take(store().queries().onFrame("m1", 8)).size(), 1u);
    const auto pending = take(store().pendingOperations("m1"));
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[0].opId, frames.opId);
    EXPECT_EQ(pending[1].opId, reply.opId);
    EXPECT_OK(store().checkIntegrity());
}

TEST_F(SyncRepairsTest, EditsBuiltOnARefusedNoteVanishWithIt) {
    const model::Annotation a = note("m1", 1, 1, "cut here");
    const model::Operation create = createOp(a);
    ASSERT_OK(store().applyLocal(create));
    ASSERT_OK(store().applyLocal(setText(a, "cut here, not there")));
    ASSERT_OK(store().rejectPending(create.opId, "forbidden"));
    EXPECT_FALSE(take(store().annotation(a.id)).has_value());
    EXPECT_TRUE(allNotes(store(), "m1").empty());
    EXPECT_EQ(allNotes(store(), "m1"), confirmedPlusPending("m1"));
    // The edit is still pending: the relay refuses it too, and it goes the same way.
    EXPECT_EQ(take(store().pendingCount()), 1);
}

TEST_F(SyncRepairsTest, OnlyPendingOperationsCanBeRejectedAndTwiceIsHarmless) {
    const model::Annotation a = note("m1", 1, 1, "kept");
    const model::Operation create = createOp(a);
    ASSERT_OK(store().applyLocal(create));
    ASSERT_OK(store().markAcknowledged(create.opId, 1));
    const Status confirmedOne = store().rejectPending(create.opId, "late refusal");
    ASSERT_FALSE(confirmedOne.ok());
    EXPECT_NE(confirmedOne.error().find("confirmed it as sequence 1"), std::string::npos)
        << confirmedOne.error();
    EXPECT_EQ(take(store().annotation(a.id))->text, "kept");
    EXPECT_FALSE(store().rejectPending(QUuid::createUuid(), "who?").ok());

    const model::Operation edit = setText(a, "refused");
    ASSERT_OK(store().applyLocal(edit));
    ASSERT_OK(store().rejectPending(edit.opId, "forbidden"));
    ASSERT_OK(store().rejectPending(edit.opId, "forbidden"));
    EXPECT_EQ(take(store().droppedOperations("m1")).size(), 1u);
    // Re-submitting the refused operation is a no-op (idempotent by op_id), not a new edit.
    ASSERT_OK(store().applyLocal(edit));
    EXPECT_EQ(take(store().pendingCount()), 0);
    EXPECT_EQ(take(store().annotation(a.id))->text, "kept");
}

TEST_F(SyncRepairsTest, RelayConfirmingARefusedOperationBringsItBack) {
    const model::Annotation a = note("m1", 1, 1, "first");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(a), 1)));
    const model::Operation edit = setText(a, "second");
    ASSERT_OK(store().applyLocal(edit));
    ASSERT_OK(store().rejectPending(edit.opId, "rate limited, then committed after all"));
    ASSERT_OK(store().applyConfirmed(confirmed(edit, 2)));
    EXPECT_EQ(take(store().annotation(a.id))->text, "second");
    EXPECT_TRUE(take(store().droppedOperations("m1")).empty());
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 2);
}

// Builds the operations a relay snapshot turns into (sync::snapshotOperations does this for the
// session): a create per note, with op ids fixed by the snapshot so that it can come twice.
std::vector<model::Operation> snapshotOf(const std::vector<model::Annotation>& notes, int salt) {
    std::vector<model::Operation> ops;
    for (const model::Annotation& a : notes) {
        model::Operation op = model::makeCreate(a, a.author, Role::Reviewer);
        op.opId = QUuid::createUuidV5(a.id, QString::number(salt));
        ops.push_back(op);
    }
    return ops;
}

TEST_F(SyncRepairsTest, OfflineEditsTakeTheNameAndRoleTheSessionGives) {
    // Made offline as "hana" (admin on her own machine), shared through an invitation naming
    // her "Gita" as a reviewer: her notes and replies become Gita's, in the reviewer role.
    const model::Annotation confirmedNote = note("m1", 1, 1, "already shared", "ana");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(confirmedNote), 1)));
    model::Annotation mine = note("m1", 10, 10, "flare in the corner", "hana");
    mine.creatorRole = Role::Admin;
    const model::Operation create = model::makeCreate(mine, "hana", Role::Admin);
    const model::Operation reply =
        model::makeReply("m1", confirmedNote.id, "agreed", "hana", Role::Admin);
    ASSERT_OK(store().applyLocal(create));
    ASSERT_OK(store().applyLocal(reply));
    model::Annotation other = note("m2", 3, 3, "another clip's note", "hana");
    ASSERT_OK(store().applyLocal(model::makeCreate(other, "hana", Role::Reviewer)));

    EXPECT_EQ(take(store().adoptPending("m1", "Gita", Role::Reviewer)), 2);

    reopen();
    const auto pending = take(store().pendingOperations("m1"));
    ASSERT_EQ(pending.size(), 2u);
    for (const model::Operation& op : pending) {
        EXPECT_EQ(op.actor, "Gita");
        EXPECT_EQ(op.actorRole, Role::Reviewer);
    }
    EXPECT_EQ(pending[0].opId, create.opId);  // the same edits, in the same order
    EXPECT_EQ(pending[0].annotation.author, "Gita");
    EXPECT_EQ(pending[0].annotation.creatorRole, Role::Reviewer);
    EXPECT_EQ(pending[1].reply.author, "Gita");
    // What the user sees follows: the note and the reply are Gita's.
    const auto shown = take(store().annotation(mine.id));
    ASSERT_TRUE(shown.has_value());
    EXPECT_EQ(shown->author, "Gita");
    EXPECT_EQ(shown->text, "flare in the corner");
    const auto thread = take(store().annotation(confirmedNote.id));
    ASSERT_EQ(thread->replies.size(), 1u);
    EXPECT_EQ(thread->replies[0].author, "Gita");
    EXPECT_EQ(thread->author, "ana");  // a confirmed note keeps its author
    // Another room's pending edits are not this session's.
    EXPECT_EQ(take(store().pendingOperations("m2"))[0].actor, "hana");
    // A second time there is nothing left to adopt; a higher role never raises theirs.
    EXPECT_EQ(take(store().adoptPending("m1", "Gita", Role::Admin)), 0);
    EXPECT_OK(store().checkIntegrity());
}

TEST_F(SyncRepairsTest, SnapshotReplacesConfirmedStateAndKeepsPendingEditsOnTop) {
    const model::Annotation gone = note("m1", 1, 2, "only in the old log", "bob");
    const model::Annotation kept = note("m1", 3, 4, "old text", "ana");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(gone), 1)));
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(kept), 2)));
    ASSERT_OK(store().applyConfirmed(confirmed(setText(gone, "edited in the old log", "bob"), 3)));
    ASSERT_OK(store().setConfirmedEpoch("m1", 1));
    const model::Annotation mine = note("m1", 6, 6, "made offline", "ana");
    ASSERT_OK(store().applyLocal(createOp(mine)));
    ASSERT_OK(store().applyLocal(setText(kept, "my pending text", "ana")));

    model::Annotation keptOnRelay = kept;
    keptOnRelay.text = "relay text";
    keptOnRelay.status = model::Status::Resolved;
    const model::Annotation fresh = note("m1", 8, 9, "new on the relay", "cy");
    ASSERT_OK(store().replaceConfirmedState("m1", 2, snapshotOf({keptOnRelay, fresh}, 2), 40));

    reopen();
    EXPECT_FALSE(take(store().annotationExists(gone.id)));
    EXPECT_FALSE(searchFinds("old log"));
    const auto k = take(store().annotation(kept.id));
    ASSERT_TRUE(k.has_value());
    EXPECT_EQ(k->text, "my pending text");          // pending on top of the snapshot ...
    EXPECT_EQ(k->status, model::Status::Resolved);  // ... over the relay's other fields
    EXPECT_TRUE(take(store().annotation(mine.id)).has_value());
    EXPECT_EQ(take(store().annotation(fresh.id))->text, "new on the relay");
    EXPECT_EQ(allNotes(store(), "m1"), confirmedPlusPending("m1"));
    EXPECT_EQ(allNotes(store(), "m1").size(), 3u);
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 40);
    EXPECT_EQ(take(store().confirmedEpoch("m1")), 2u);
    EXPECT_EQ(take(store().pendingCount()), 2);
    // The old confirmed operations are history now, with the reason.
    const auto dropped = take(store().droppedOperations("m1"));
    ASSERT_EQ(dropped.size(), 3u);
    EXPECT_TRUE(dropped[0].reason.contains("snapshot (epoch 2, sequence 40)"))
        << dropped[0].reason.toStdString();
    EXPECT_OK(store().checkIntegrity());

    // The new epoch's log goes on after the snapshot, even with sequence numbers the old one
    // had used; the pending edits are acknowledged into it.
    const model::Operation next = confirmed(setText(fresh, "after the reset", "cy"), 41);
    ASSERT_OK(store().applyConfirmed(next));
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 41);
    for (const model::Operation& op : take(store().pendingOperations("m1")))
        ASSERT_OK(store().markAcknowledged(op.opId, take(store().lastConfirmedSequence("m1")) + 1));
    EXPECT_EQ(take(store().pendingCount()), 0);
    EXPECT_EQ(take(store().annotation(kept.id))->text, "my pending text");
    EXPECT_EQ(allNotes(store(), "m1"), confirmedPlusPending("m1"));
}

TEST_F(SyncRepairsTest, AcknowledgementInsideTheSnapshotTakesTheEditOutOfTheOutbox) {
    // The relay committed our edit as sequence 7, the acknowledgement was lost, and the relay
    // then sent a snapshot through sequence 10 that already holds the edit.
    model::Annotation a = note("m1", 1, 1, "before");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(a), 1)));
    const model::Operation edit = setText(a, "after");
    ASSERT_OK(store().applyLocal(edit));
    a.text = "after";
    ASSERT_OK(store().replaceConfirmedState("m1", 3, snapshotOf({a}, 3), 10));
    ASSERT_OK(store().markAcknowledged(edit.opId, 7));  // the resend's acknowledgement
    EXPECT_EQ(take(store().pendingCount()), 0);
    EXPECT_EQ(take(store().annotation(a.id))->text, "after");
    EXPECT_EQ(allNotes(store(), "m1"), confirmedPlusPending("m1"));
    const auto dropped = take(store().droppedOperations("m1"));
    ASSERT_FALSE(dropped.empty());
    EXPECT_EQ(dropped[0].op.opId, edit.opId);
    EXPECT_TRUE(dropped[0].reason.contains("already part of its snapshot"));
    // After the snapshot, acknowledgements confirm as usual.
    const model::Operation later = setText(a, "later");
    ASSERT_OK(store().applyLocal(later));
    ASSERT_OK(store().markAcknowledged(later.opId, 11));
    EXPECT_EQ(take(store().operation(later.opId))->sequence, 11);
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 11);
}

TEST_F(SyncRepairsTest, SameSnapshotTwiceChangesNothing) {
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(note("m1", 1, 1, "old")), 1)));
    const std::vector<model::Annotation> notes = {note("m1", 2, 2, "a"), note("m1", 3, 3, "b")};
    ASSERT_OK(store().replaceConfirmedState("m1", 5, snapshotOf(notes, 5), 10));
    const auto once = allNotes(store(), "m1");
    ASSERT_OK(store().replaceConfirmedState("m1", 5, snapshotOf(notes, 5), 10));
    EXPECT_EQ(allNotes(store(), "m1"), once);
    EXPECT_EQ(once.size(), 2u);
    EXPECT_EQ(take(store().operations("m1")).size(), 2u);
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 10);
}

TEST_F(SyncRepairsTest, SnapshotThatCannotFitItsSequenceIsRefusedAndChangesNothing) {
    const model::Annotation old = note("m1", 1, 1, "still here");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(old), 1)));
    const std::vector<model::Annotation> notes = {note("m1", 2, 2, "a"), note("m1", 3, 3, "b")};
    const Status s = store().replaceConfirmedState("m1", 2, snapshotOf(notes, 2), 1);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("more than its sequence number"), std::string::npos) << s.error();
    EXPECT_FALSE(store().replaceConfirmedState("m2", 2, snapshotOf(notes, 2), 9).ok());
    EXPECT_EQ(take(store().annotation(old.id))->text, "still here");
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 1);
    EXPECT_EQ(take(store().confirmedEpoch("m1")), 0u);
}

}  // namespace
}  // namespace framenote::test
