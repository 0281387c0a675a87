#pragma once
// Undo and redo through the operation model: each local edit is remembered with the operation
// that reverses it, computed from the state just before the edit. Undoing sends that reverse as
// a new operation (a fresh opId), so undo syncs to everyone like any other edit.
#include <optional>
#include <vector>

#include "core/model/annotation_state.h"
#include "core/model/operation.h"

namespace framenote::model {

// The operation that reverses `op`, given its target as it was before (null if it did not
// exist). A deleted note comes back as a new copy (a delete is final in the merge rule);
// nullopt when nothing can reverse it.
std::optional<Operation> inverseOf(const Operation& op, const Annotation* before,
                                   const QString& actor, Role role);

class EditHistory {
  public:
    explicit EditHistory(size_t limit = 200) : limit_(limit) {}

    // Call before applying a local edit, with its target as it is now (null for a create).
    void record(const Operation& op, const Annotation* before, const QString& actor, Role role);
    bool canUndo() const { return !undo_.empty(); }
    bool canRedo() const { return !redo_.empty(); }
    // The operation to apply for an undo (or redo); the caller applies it and then calls
    // undone()/redone() with the target as it was before that application.
    std::optional<Operation> nextUndo() const;
    std::optional<Operation> nextRedo() const;
    void undone(const Annotation* before, const QString& actor, Role role);
    void redone(const Annotation* before, const QString& actor, Role role);
    void clear();

    // Edits recorded between beginGroup() and endGroup() (nestable) form one user action, such
    // as deleting five selected notes: the caller undoes (redoes) steps while the next one is in
    // the same group. Outside a group every edit is its own step.
    void beginGroup();
    void endGroup();
    // The group of the step nextUndo() (nextRedo()) returns; 0 when there is none.
    uint64_t undoGroup() const { return undo_.empty() ? 0 : undo_.back().group; }
    uint64_t redoGroup() const { return redo_.empty() ? 0 : redo_.back().group; }

  private:
    struct Step {
        Operation apply;  // what to apply to go this way
        uint64_t group;   // steps of one user action share it
    };
    std::vector<Step> undo_;
    std::vector<Step> redo_;
    size_t limit_;
    uint64_t lastGroup_ = 0;
    int groupDepth_ = 0;
};

}  // namespace framenote::model
