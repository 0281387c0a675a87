// The merge rule every replica relies on to converge (docs/PROTOCOL.md, "The merge rule").
#include "core/model/annotation_state.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/model/model_fixtures.h"

namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

fm::Operation confirmed(fm::Operation op, int64_t sequence) {
    op.sequence = sequence;
    return op;
}

TEST(AnnotationState, CreatedAnnotationIsVisibleOnItsFramesOnly) {
    fm::AnnotationState state;
    auto a = ft::sampleAnnotation();
    a.firstFrame = 5;
    a.lastFrame = 7;
    state.apply(confirmed(fm::makeCreate(a, "ana", fm::Role::Reviewer), 1));
    EXPECT_EQ(state.onFrame(4).size(), 0u);
    EXPECT_EQ(state.onFrame(5).size(), 1u);
    EXPECT_EQ(state.onFrame(7).size(), 1u);
    EXPECT_EQ(state.onFrame(8).size(), 0u);
}

TEST(AnnotationState, ConcurrentUpdatesOfDifferentFieldsBothSurvive) {
    fm::AnnotationState state;
    const auto a = ft::sampleAnnotation();
    state.apply(confirmed(fm::makeCreate(a, "ana", fm::Role::Reviewer), 1));
    fm::FieldChanges text;
    text.text = "from Bo";
    fm::FieldChanges tags;
    tags.tags = QStringList{"vfx"};
    state.apply(confirmed(fm::makeSetFields(a.mediaId, a.id, text, "bo", fm::Role::Reviewer), 2));
    state.apply(confirmed(fm::makeSetFields(a.mediaId, a.id, tags, "cy", fm::Role::Reviewer), 3));
    ASSERT_NE(state.find(a.id), nullptr);
    EXPECT_EQ(state.find(a.id)->text, "from Bo");
    EXPECT_EQ(state.find(a.id)->tags, QStringList{"vfx"});
}

TEST(AnnotationState, SameFieldLaterSequenceWinsWhateverTheArrivalOrder) {
    const auto a = ft::sampleAnnotation();
    fm::FieldChanges first, second;
    first.text = "first";
    second.text = "second";
    const auto create = confirmed(fm::makeCreate(a, "ana", fm::Role::Reviewer), 1);
    const auto early =
        confirmed(fm::makeSetFields(a.mediaId, a.id, first, "bo", fm::Role::Reviewer), 2);
    const auto late =
        confirmed(fm::makeSetFields(a.mediaId, a.id, second, "cy", fm::Role::Reviewer), 3);
    fm::AnnotationState inOrder, reversed;
    for (const auto& op : {create, early, late}) inOrder.apply(op);
    for (const auto& op : {late, early, create}) reversed.apply(op);
    EXPECT_EQ(inOrder.find(a.id)->text, "second");
    EXPECT_EQ(reversed.find(a.id)->text, "second");
    EXPECT_TRUE(inOrder.sameVisibleState(reversed));
}

TEST(AnnotationState, DeleteWinsOverAConcurrentUpdate) {
    const auto a = ft::sampleAnnotation();
    fm::FieldChanges move;
    move.points = std::vector<fm::Point>{{0.3, 0.3}, {0.4, 0.4}};
    fm::AnnotationState state;
    state.apply(confirmed(fm::makeCreate(a, "ana", fm::Role::Reviewer), 1));
    state.apply(confirmed(fm::makeDelete(a.mediaId, a.id, "ana", fm::Role::Reviewer), 2));
    EXPECT_EQ(state.apply(
                  confirmed(fm::makeSetFields(a.mediaId, a.id, move, "bo", fm::Role::Reviewer), 3)),
              fm::AnnotationState::Applied::NoEffect);
    EXPECT_EQ(state.find(a.id), nullptr);
    EXPECT_TRUE(state.isDeleted(a.id));
    EXPECT_EQ(state.size(), 0u);
}

TEST(AnnotationState, ApplyingAnOperationTwiceChangesNothing) {
    fm::AnnotationState state;
    const auto a = ft::sampleAnnotation();
    const auto reply =
        confirmed(fm::makeReply(a.mediaId, a.id, "looks good", "bo", fm::Role::Reviewer), 2);
    state.apply(confirmed(fm::makeCreate(a, "ana", fm::Role::Reviewer), 1));
    EXPECT_EQ(state.apply(reply), fm::AnnotationState::Applied::Changed);
    EXPECT_EQ(state.apply(reply), fm::AnnotationState::Applied::Duplicate);
    EXPECT_EQ(state.find(a.id)->replies.size(), 1u);
}

TEST(AnnotationState, RepliesKeepTheirOrderAndEditsReplaceText) {
    fm::AnnotationState state;
    const auto a = ft::sampleAnnotation();
    state.apply(confirmed(fm::makeCreate(a, "ana", fm::Role::Reviewer), 1));
    const auto r1 = confirmed(fm::makeReply(a.mediaId, a.id, "one", "bo", fm::Role::Reviewer), 2);
    const auto r2 = confirmed(fm::makeReply(a.mediaId, a.id, "two", "cy", fm::Role::Reviewer), 3);
    const auto edit = confirmed(
        fm::makeEditReply(a.mediaId, a.id, r1.reply.id, "one, edited", "bo", fm::Role::Reviewer),
        4);
    state.apply(edit);
    state.apply(r2);
    state.apply(r1);
    const auto& replies = state.find(a.id)->replies;
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(replies[0].text, "one, edited");
    EXPECT_EQ(replies[0].author, "bo");
    EXPECT_EQ(replies[1].text, "two");
}

TEST(AnnotationState, ResolveAndReopenFollowTheSequence) {
    fm::AnnotationState state;
    const auto a = ft::sampleAnnotation();
    state.apply(confirmed(fm::makeCreate(a, "ana", fm::Role::Reviewer), 1));
    state.apply(confirmed(fm::makeResolve(a.mediaId, a.id, false, "ana", fm::Role::Reviewer), 3));
    state.apply(confirmed(fm::makeResolve(a.mediaId, a.id, true, "bo", fm::Role::Reviewer), 2));
    EXPECT_EQ(state.find(a.id)->status, fm::Status::Open);
}

TEST(AnnotationState, PendingOperationsRebaseOnTopOfConfirmedState) {
    const auto a = ft::sampleAnnotation();
    fm::FieldChanges mine, theirs;
    mine.text = "mine (pending)";
    theirs.text = "theirs (confirmed later)";
    const auto create = confirmed(fm::makeCreate(a, "ana", fm::Role::Reviewer), 1);
    const auto pending = fm::makeSetFields(a.mediaId, a.id, mine, "ana", fm::Role::Reviewer);
    const auto remote =
        confirmed(fm::makeSetFields(a.mediaId, a.id, theirs, "bo", fm::Role::Reviewer), 2);
    // What the client shows: confirmed ops by sequence, pending ones above them all.
    fm::AnnotationState shown;
    shown.apply(create);
    shown.apply(remote);
    shown.apply(pending, 1'000'000);
    EXPECT_EQ(shown.find(a.id)->text, "mine (pending)");
    // Once confirmed at sequence 3 the relay's state says the same.
    fm::AnnotationState relay;
    relay.apply(create);
    relay.apply(remote);
    relay.apply(confirmed(pending, 3));
    EXPECT_TRUE(shown.sameVisibleState(relay));
}

// Any interleaving of the same confirmed operations gives the same state; applying each twice
// changes nothing.
TEST(AnnotationState, RandomInterleavingsConverge) {
    std::mt19937 rng(42);
    for (int round = 0; round < 200; ++round) {
        const auto ops = ft::randomOperations(rng, 60, 4);
        fm::AnnotationState reference;
        for (const auto& op : ops) reference.apply(op);
        auto shuffled = ops;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        fm::AnnotationState other;
        for (const auto& op : shuffled) other.apply(op);
        for (const auto& op : ops)
            EXPECT_EQ(other.apply(op), fm::AnnotationState::Applied::Duplicate);
        ASSERT_TRUE(reference.sameVisibleState(other)) << "round " << round;
    }
}

// A long thread with edits mixed in, a reply created twice (its earlier copy puts it earlier
// in the thread) and an edit ordered before its reply's create (the create's text wins): in
// order, reversed and shuffled, the thread comes out the same, and a create carrying replies
// orders them by id. The fold keeps the thread up to date reply by reply
// (AnnotationState::placeReply) and must agree with a full rebuild.
TEST(AnnotationState, LongThreadIsTheSameWhateverTheArrivalOrder) {
    const auto a = ft::sampleAnnotation();
    const fm::Operation create = confirmed(fm::makeCreate(a, "ana", fm::Role::Reviewer), 1);
    std::vector<fm::Operation> ops;
    std::vector<QUuid> replyIds;
    for (int i = 0; i < 500; ++i) {
        ops.push_back(
            fm::makeReply(a.mediaId, a.id, QString("r%1").arg(i), "bo", fm::Role::Reviewer));
        replyIds.push_back(ops.back().reply.id);
        if (i % 7 == 3)
            ops.push_back(fm::makeEditReply(a.mediaId, a.id, replyIds[i / 2], QString("e%1").arg(i),
                                            "bo", fm::Role::Reviewer));
    }
    ops.push_back(fm::makeEditReply(a.mediaId, a.id, replyIds[499], "edited early", "bo",
                                    fm::Role::Reviewer));
    std::swap(ops[ops.size() - 1], ops[ops.size() - 2]);
    fm::Operation again = ops[400];  // a reply's create, also seen earlier
    again.opId = QUuid::createUuid();
    const auto before = ops.begin() + 10;
    const auto repliesBefore = std::count_if(
        ops.begin(), before, [](const fm::Operation& op) { return op.type == fm::OpType::Reply; });
    ops.insert(before, again);
    for (size_t i = 0; i < ops.size(); ++i) ops[i] = confirmed(ops[i], static_cast<int64_t>(i + 2));

    fm::AnnotationState inOrder;
    inOrder.apply(create);
    for (const auto& op : ops) inOrder.apply(op);
    const auto& thread = inOrder.find(a.id)->replies;
    ASSERT_EQ(thread.size(), 500u);
    EXPECT_EQ(thread[static_cast<size_t>(repliesBefore)].id, again.reply.id);
    EXPECT_EQ(thread[0].text, "r0");
    EXPECT_EQ(thread[499].text, "r499");

    std::mt19937 rng(7);
    auto shuffled = ops;
    std::shuffle(shuffled.begin(), shuffled.end(), rng);
    auto reversed = ops;
    std::reverse(reversed.begin(), reversed.end());
    for (const auto* order : {&shuffled, &reversed}) {
        fm::AnnotationState other;
        for (const auto& op : *order) other.apply(op);
        other.apply(create);
        ASSERT_TRUE(other.sameVisibleState(inOrder));
    }
    fm::AnnotationState carried;
    carried.apply(confirmed(fm::makeCreate(*inOrder.find(a.id), "ana", fm::Role::Reviewer), 1));
    auto byId = thread;
    std::sort(byId.begin(), byId.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
    EXPECT_EQ(carried.find(a.id)->replies, byId);
}

}  // namespace

namespace {

// What annotations() and onFrame() must return, worked out the slow way from find().
std::vector<const fm::Annotation*> bruteForce(const fm::AnnotationState& state,
                                              const std::vector<QUuid>& ids,
                                              std::optional<int64_t> frame) {
    std::vector<const fm::Annotation*> list;
    for (const QUuid& id : ids)
        if (const fm::Annotation* a = state.find(id); a && (!frame || a->onFrame(*frame)))
            list.push_back(a);
    std::sort(list.begin(), list.end(), [](const fm::Annotation* a, const fm::Annotation* b) {
        return std::tie(a->firstFrame, a->createdMs, a->id) <
               std::tie(b->firstFrame, b->createdMs, b->id);
    });
    return list;
}

}  // namespace

// The state keeps its list sorted as operations arrive, and onFrame looks only near the frame
// plus at the long notes: notes that move, grow past the short span, shrink back, are deleted
// and are copied must all be found exactly where a full scan finds them.
TEST(AnnotationState, ListAndFrameLookupMatchAFullScan) {
    std::mt19937 rng(11);
    std::vector<QUuid> ids;
    fm::AnnotationState state;
    int64_t sequence = 0;
    for (int i = 0; i < 300; ++i) {
        auto a = ft::sampleAnnotation();
        a.firstFrame = static_cast<int64_t>(rng() % 2000);
        a.lastFrame = a.firstFrame + (i % 10 == 0 ? 1000 : static_cast<int64_t>(rng() % 5));
        a.createdMs = 1700000000000 + static_cast<int64_t>(rng() % 50);  // ties on purpose
        ids.push_back(a.id);
        state.apply(fm::makeCreate(a, "ana", fm::Role::Reviewer), ++sequence);
    }
    for (int i = 0; i < 2000; ++i) {
        const QUuid target = ids[rng() % ids.size()];
        if (rng() % 40 == 0) {
            state.apply(fm::makeDelete("media-1", target, "ana", fm::Role::Admin), ++sequence);
            continue;
        }
        fm::FieldChanges c;
        const int64_t first = static_cast<int64_t>(rng() % 2000);
        const int64_t span = rng() % 4 == 0 ? 300 + static_cast<int64_t>(rng() % 1500)
                                            : static_cast<int64_t>(rng() % 8);
        c.frames = std::make_pair(first, first + span);
        state.apply(fm::makeSetFields("media-1", target, c, "ana", fm::Role::Reviewer), ++sequence);
    }
    const fm::AnnotationState copy = state;
    for (const fm::AnnotationState* s : std::vector<const fm::AnnotationState*>{&state, &copy}) {
        ASSERT_EQ(s->annotations(), bruteForce(*s, ids, std::nullopt));
        EXPECT_EQ(s->size(), bruteForce(*s, ids, std::nullopt).size());
        for (int64_t frame : {-1, 0, 1, 255, 256, 257, 999, 1000, 1999, 2500, 3600, 4000})
            ASSERT_EQ(s->onFrame(frame), bruteForce(*s, ids, frame)) << "frame " << frame;
    }
}
