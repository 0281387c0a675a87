#include "core/model/edit_history.h"

namespace framenote::model {

std::optional<Operation> inverseOf(const Operation& op, const Annotation* old, const QString& actor,
                                   Role role) {
    switch (op.type) {
        case OpType::Create:
            return makeDelete(op.mediaId, op.target, actor, role);
        case OpType::Delete: {
            if (!old) return std::nullopt;
            Annotation copy = *old;
            copy.id = QUuid::createUuid();  // a delete is final: the note returns as a copy
            Operation create = makeCreate(copy, actor, role);
            create.annotation.author = old->author;
            create.annotation.creatorRole = old->creatorRole;
            create.annotation.createdMs = old->createdMs;
            return create;
        }
        case OpType::SetFields:
        case OpType::Resolve:
        case OpType::Reopen: {
            if (!old) return std::nullopt;
            FieldChanges back;
            const FieldChanges& c = op.changes;
            if (c.points) back.points = old->points;
            if (c.style) back.style = old->style;
            if (c.frames) back.frames = std::make_pair(old->firstFrame, old->lastFrame);
            if (c.text) back.text = old->text;
            if (c.status) back.status = old->status;
            if (c.tags) back.tags = old->tags;
            return makeSetFields(op.mediaId, op.target, back, actor, role);
        }
        case OpType::Reply: {
            Operation hide =
                makeEditReply(op.mediaId, op.target, op.reply.id, op.reply.text, actor, role);
            hide.reply.deleted = true;
            return hide;
        }
        case OpType::EditReply: {
            if (!old) return std::nullopt;
            for (const Reply& reply : old->replies) {
                if (reply.id != op.reply.id) continue;
                Operation restore =
                    makeEditReply(op.mediaId, op.target, reply.id, reply.text, actor, role);
                restore.reply.deleted = reply.deleted;
                return restore;
            }
            return std::nullopt;
        }
    }
    return std::nullopt;
}

void EditHistory::record(const Operation& op, const Annotation* before, const QString& actor,
                         Role role) {
    auto inverse = inverseOf(op, before, actor, role);
    redo_.clear();
    if (!inverse) return;
    if (groupDepth_ == 0) ++lastGroup_;
    undo_.push_back({*inverse, lastGroup_});
    // The oldest step goes first, even if that leaves part of its group behind.
    if (undo_.size() > limit_) undo_.erase(undo_.begin());
}

std::optional<Operation> EditHistory::nextUndo() const {
    if (undo_.empty()) return std::nullopt;
    return undo_.back().apply;
}

std::optional<Operation> EditHistory::nextRedo() const {
    if (redo_.empty()) return std::nullopt;
    return redo_.back().apply;
}

void EditHistory::undone(const Annotation* before, const QString& actor, Role role) {
    if (undo_.empty()) return;
    const Step applied = undo_.back();
    undo_.pop_back();
    if (auto inverse = inverseOf(applied.apply, before, actor, role))
        redo_.push_back({*inverse, applied.group});
}

void EditHistory::redone(const Annotation* before, const QString& actor, Role role) {
    if (redo_.empty()) return;
    const Step applied = redo_.back();
    redo_.pop_back();
    if (auto inverse = inverseOf(applied.apply, before, actor, role))
        undo_.push_back({*inverse, applied.group});
}

void EditHistory::beginGroup() {
    if (groupDepth_++ == 0) ++lastGroup_;
}

void EditHistory::endGroup() {
    if (groupDepth_ > 0) --groupDepth_;
}

void EditHistory::clear() {
    undo_.clear();
    redo_.clear();
}

}  // namespace framenote::model
