// Ghosts (onion skin) as a reviewer stepping through a shot sees them: the notes of the frames
// within reach before and after, each once at its nearest frame, farthest first, never a note on
// the current frame.
#include "core/model/ghosts.h"

#include <gtest/gtest.h>

#include "tests/model/model_fixtures.h"

namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

const fm::Annotation* add(fm::AnnotationState& state, int64_t first, int64_t last,
                          int64_t sequence) {
    auto a = ft::sampleAnnotation();
    a.firstFrame = first;
    a.lastFrame = last;
    auto op = fm::makeCreate(a, "ana", fm::Role::Reviewer);
    op.sequence = sequence;
    state.apply(op);
    return state.find(a.id);
}

TEST(Ghosts, NearbyNotesOnceEachAtTheirNearestFrameFarthestFirst) {
    fm::AnnotationState state;
    const auto* here = add(state, 10, 10, 1);
    const auto* spanBefore = add(state, 4, 8, 2);  // nearest frame 8: two before
    const auto* justAfter = add(state, 11, 11, 3);
    const auto* farAfter = add(state, 13, 20, 4);  // nearest frame 13: three after
    const auto* spanning = add(state, 9, 12, 5);   // on frame 10 itself: no ghost
    const auto* outOfReach = add(state, 0, 6, 6);  // four before
    const auto ghosts = fm::ghostsAround(state, 10, 3);
    ASSERT_EQ(ghosts.size(), 3u);
    EXPECT_EQ(ghosts[0].note, farAfter);
    EXPECT_EQ(ghosts[0].distance, 3);
    EXPECT_FALSE(ghosts[0].before);
    EXPECT_EQ(ghosts[1].note, spanBefore);
    EXPECT_EQ(ghosts[1].distance, 2);
    EXPECT_TRUE(ghosts[1].before);
    EXPECT_EQ(ghosts[2].note, justAfter);
    EXPECT_EQ(ghosts[2].distance, 1);
    for (const auto& ghost : ghosts)
        for (const auto* absent : {here, spanning, outOfReach}) EXPECT_NE(ghost.note, absent);
    EXPECT_TRUE(fm::ghostsAround(state, 10, 0).empty());  // off
}

}  // namespace
