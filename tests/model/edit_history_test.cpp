// Ctrl+Z and Ctrl+Shift+Z through the operation model: each step is a new operation that
// restores what the user saw.
#include "core/model/edit_history.h"

#include <gtest/gtest.h>

#include "tests/model/model_fixtures.h"

namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

// Applies a local edit as the UI does: record its inverse first, then apply.
void edit(fm::AnnotationState& state, fm::EditHistory& history, const fm::Operation& op,
          int64_t& order) {
    history.record(op, state.find(op.target), "ana", fm::Role::Reviewer);
    state.apply(op, ++order);
}

bool undo(fm::AnnotationState& state, fm::EditHistory& history, int64_t& order) {
    auto op = history.nextUndo();
    if (!op) return false;
    const auto* target = state.find(op->target);
    const std::optional<fm::Annotation> before = target ? std::optional(*target) : std::nullopt;
    state.apply(*op, ++order);
    history.undone(before ? &*before : nullptr, "ana", fm::Role::Reviewer);
    return true;
}

bool redo(fm::AnnotationState& state, fm::EditHistory& history, int64_t& order) {
    auto op = history.nextRedo();
    if (!op) return false;
    const auto* target = state.find(op->target);
    const std::optional<fm::Annotation> before = target ? std::optional(*target) : std::nullopt;
    state.apply(*op, ++order);
    history.redone(before ? &*before : nullptr, "ana", fm::Role::Reviewer);
    return true;
}

TEST(EditHistory, UndoMoveRestoresThePointsAndRedoMovesAgain) {
    fm::AnnotationState state;
    fm::EditHistory history;
    int64_t order = 0;
    const auto a = ft::sampleAnnotation();
    edit(state, history, fm::makeCreate(a, "ana", fm::Role::Reviewer), order);
    fm::FieldChanges move;
    move.points = std::vector<fm::Point>{{0.5, 0.5}, {0.7, 0.8}};
    edit(state, history, fm::makeSetFields(a.mediaId, a.id, move, "ana", fm::Role::Reviewer),
         order);
    ASSERT_TRUE(undo(state, history, order));
    EXPECT_EQ(state.find(a.id)->points, a.points);
    ASSERT_TRUE(redo(state, history, order));
    EXPECT_EQ(state.find(a.id)->points, *move.points);
}

TEST(EditHistory, UndoCreateRemovesTheNoteAndRedoBringsItBack) {
    fm::AnnotationState state;
    fm::EditHistory history;
    int64_t order = 0;
    const auto a = ft::sampleAnnotation();
    edit(state, history, fm::makeCreate(a, "ana", fm::Role::Reviewer), order);
    ASSERT_TRUE(undo(state, history, order));
    EXPECT_EQ(state.size(), 0u);
    ASSERT_TRUE(redo(state, history, order));
    ASSERT_EQ(state.size(), 1u);
    const fm::Annotation* back = state.annotations().front();
    EXPECT_EQ(back->points, a.points);
    EXPECT_EQ(back->firstFrame, a.firstFrame);
    EXPECT_FALSE(history.canRedo());
    EXPECT_TRUE(history.canUndo());
}

TEST(EditHistory, UndoDeleteRestoresTheNoteWithItsContent) {
    fm::AnnotationState state;
    fm::EditHistory history;
    int64_t order = 0;
    auto a = ft::sampleAnnotation("text");
    edit(state, history, fm::makeCreate(a, "ana", fm::Role::Reviewer), order);
    edit(state, history, fm::makeDelete(a.mediaId, a.id, "ana", fm::Role::Reviewer), order);
    EXPECT_EQ(state.size(), 0u);
    ASSERT_TRUE(undo(state, history, order));
    ASSERT_EQ(state.size(), 1u);
    EXPECT_EQ(state.annotations().front()->text, a.text);
}

TEST(EditHistory, ANewEditClearsRedo) {
    fm::AnnotationState state;
    fm::EditHistory history;
    int64_t order = 0;
    const auto a = ft::sampleAnnotation();
    edit(state, history, fm::makeCreate(a, "ana", fm::Role::Reviewer), order);
    edit(state, history, fm::makeResolve(a.mediaId, a.id, true, "ana", fm::Role::Reviewer), order);
    ASSERT_TRUE(undo(state, history, order));
    EXPECT_EQ(state.find(a.id)->status, fm::Status::Open);
    EXPECT_TRUE(history.canRedo());
    fm::FieldChanges text;
    text.text = "new";
    edit(state, history, fm::makeSetFields(a.mediaId, a.id, text, "ana", fm::Role::Reviewer),
         order);
    EXPECT_FALSE(history.canRedo());
}

// What ReviewSession does: undo (redo) every step of the group on top.
int undoGroup(fm::AnnotationState& state, fm::EditHistory& history, int64_t& order) {
    const uint64_t group = history.undoGroup();
    int steps = 0;
    while (history.canUndo() && history.undoGroup() == group && undo(state, history, order))
        ++steps;
    return steps;
}

int redoGroup(fm::AnnotationState& state, fm::EditHistory& history, int64_t& order) {
    const uint64_t group = history.redoGroup();
    int steps = 0;
    while (history.canRedo() && history.redoGroup() == group && redo(state, history, order))
        ++steps;
    return steps;
}

TEST(EditHistory, AGroupOfEditsUndoesAndRedoesAsOneStep) {
    fm::AnnotationState state;
    fm::EditHistory history;
    int64_t order = 0;
    auto a = ft::sampleAnnotation();
    auto b = ft::sampleAnnotation();
    b.id = QUuid::createUuid();
    edit(state, history, fm::makeCreate(a, "ana", fm::Role::Reviewer), order);
    edit(state, history, fm::makeCreate(b, "ana", fm::Role::Reviewer), order);
    // Two selected notes dragged together.
    fm::FieldChanges moveA, moveB;
    moveA.points = std::vector<fm::Point>{{0.5, 0.5}, {0.7, 0.8}};
    moveB.points = std::vector<fm::Point>{{0.1, 0.5}, {0.3, 0.8}};
    history.beginGroup();
    history.beginGroup();  // a nested group joins the outer one
    edit(state, history, fm::makeSetFields(a.mediaId, a.id, moveA, "ana", fm::Role::Reviewer),
         order);
    history.endGroup();
    edit(state, history, fm::makeSetFields(b.mediaId, b.id, moveB, "ana", fm::Role::Reviewer),
         order);
    history.endGroup();

    EXPECT_EQ(undoGroup(state, history, order), 2);
    EXPECT_EQ(state.find(a.id)->points, a.points);
    EXPECT_EQ(state.find(b.id)->points, b.points);
    EXPECT_EQ(redoGroup(state, history, order), 2);
    EXPECT_EQ(state.find(a.id)->points, *moveA.points);
    EXPECT_EQ(state.find(b.id)->points, *moveB.points);
    EXPECT_FALSE(history.canRedo());
    EXPECT_EQ(undoGroup(state, history, order), 2);
    // The creates before the group stay separate steps.
    EXPECT_EQ(undoGroup(state, history, order), 1);
    EXPECT_EQ(state.size(), 1u);
    EXPECT_EQ(undoGroup(state, history, order), 1);
    EXPECT_EQ(state.size(), 0u);
    EXPECT_FALSE(history.canUndo());
}

TEST(EditHistory, EditsAfterAGroupAreSeparateSteps) {
    fm::AnnotationState state;
    fm::EditHistory history;
    int64_t order = 0;
    const auto a = ft::sampleAnnotation();
    history.beginGroup();
    edit(state, history, fm::makeCreate(a, "ana", fm::Role::Reviewer), order);
    history.endGroup();
    fm::FieldChanges move;
    move.points = std::vector<fm::Point>{{0.5, 0.5}, {0.7, 0.8}};
    edit(state, history, fm::makeSetFields(a.mediaId, a.id, move, "ana", fm::Role::Reviewer),
         order);
    EXPECT_EQ(undoGroup(state, history, order), 1);
    EXPECT_EQ(state.find(a.id)->points, a.points);
}

}  // namespace
