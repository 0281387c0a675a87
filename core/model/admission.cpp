#include "core/model/admission.h"

#include "core/model/id_text.h"
#include "core/model/kind_registry.h"
#include "core/model/permissions.h"

namespace framenote::model {

namespace {

std::string text(const QString& s) { return s.toStdString(); }
std::string who(const Operation& op) {
    return text(op.actor) + " (" + text(roleName(op.actorRole)) + ")";
}

Refusal invalid(const Operation& op, const std::string& why) {
    return Refusal{Refusal::Code::Invalid, operationLabel(op) + ": " + why};
}
Refusal forbidden(const Operation& op, const std::string& why) {
    return Refusal{Refusal::Code::Forbidden, operationLabel(op) + ": " + why};
}

const Reply* findReply(const Annotation& a, const QUuid& id) {
    for (const Reply& reply : a.replies)
        if (reply.id == id) return &reply;
    return nullptr;
}

std::optional<Refusal> admitCreate(const Operation& op, const AdmissionTarget& target,
                                   const Limits& limits) {
    if (!canCreate(op.actorRole)) return forbidden(op, who(op) + " may not create notes");
    const Annotation& a = op.annotation;
    if (a.author != op.actor || a.creatorRole != op.actorRole)
        return forbidden(op, "a note is created in its author's name and role (annotation.author " +
                                 text(a.author) + ", creator_role " +
                                 text(roleName(a.creatorRole)) + ", but the sender is " + who(op) +
                                 ")");
    for (size_t i = 0; i < a.replies.size(); ++i)
        if (a.replies[i].author != op.actor)
            return forbidden(op,
                             "annotation.replies[" + std::to_string(i) + "].author is " +
                                 text(a.replies[i].author) +
                                 ": a reply is written in its author's name, and the sender is " +
                                 text(op.actor));
    if (a.mediaId != op.mediaId)
        return invalid(op, "annotation.media_id differs from the operation's media_id");
    if (noteBytes(a) > limits.maxNoteBytes)
        return invalid(op, "the note holds " + std::to_string(noteBytes(a)) +
                               " bytes, the limit is " + std::to_string(limits.maxNoteBytes));
    if (target.current || target.deleted)
        return invalid(op, "annotation " + text(idText(op.target)) + " already exists");
    return std::nullopt;
}

std::optional<Refusal> admitReply(const Operation& op, const Annotation& a) {
    if (!canReply(op.actorRole)) return forbidden(op, who(op) + " may not reply");
    if (op.reply.author != op.actor)
        return forbidden(op, "reply.author is " + text(op.reply.author) +
                                 ": a reply is written in its author's name, and the sender is " +
                                 text(op.actor));
    if (const Reply* existing = findReply(a, op.reply.id))
        return invalid(op, "reply " + text(idText(op.reply.id)) + " already exists (by " +
                               text(existing->author) + "): a new reply needs a new id");
    return std::nullopt;
}

std::optional<Refusal> admitEditReply(const Operation& op, const Annotation& a) {
    const Reply* existing = findReply(a, op.reply.id);
    if (!existing) return invalid(op, "reply " + text(idText(op.reply.id)) + " does not exist");
    if (!canEditReply(op.actor, op.actorRole, *existing))
        return forbidden(op,
                         who(op) + " may not edit or delete a reply by " + text(existing->author));
    if (!op.reply.author.isEmpty() && op.reply.author != op.actor)
        return forbidden(op, "reply.author is " + text(op.reply.author) + ", but the sender is " +
                                 text(op.actor));
    return std::nullopt;
}

}  // namespace

std::string operationLabel(const Operation& op) {
    return "operation " + text(idText(op.opId)) + " (" + text(opTypeName(op.type)) + ")";
}

std::optional<Refusal> admit(const Operation& op, const AdmissionTarget& target,
                             const Limits& limits) {
    if (framenote::Status s = validateOperation(op, limits); !s) return invalid(op, s.error());
    if (framenote::Status s = checkRichText(op); !s) return invalid(op, s.error());
    if (op.type == OpType::Create) return admitCreate(op, target, limits);
    if (!target.current) {
        if (!target.deleted)
            return invalid(op, "annotation " + text(idText(op.target)) + " does not exist");
        // Delete wins: the update changes nothing, but only a writer's is admitted.
        if (!canCreate(op.actorRole)) return forbidden(op, who(op) + " may not change notes");
        return std::nullopt;
    }
    const Annotation& a = *target.current;
    if (a.mediaId != op.mediaId) return invalid(op, "the annotation belongs to another media");
    if (op.type == OpType::Reply && static_cast<int64_t>(a.replies.size()) >= limits.maxReplies)
        return invalid(op, "the note has " + std::to_string(a.replies.size()) +
                               " replies, the limit is " + std::to_string(limits.maxReplies));
    if (const int64_t added = addedBytes(op);
        added > 0 && noteBytes(a) + added > limits.maxNoteBytes)
        return invalid(
            op, "the note would hold more than " + std::to_string(limits.maxNoteBytes) + " bytes");
    if (op.type == OpType::SetFields && op.changes.points)
        if (const KindSpec* kind = kindSpec(a.kind)) {
            const auto count = static_cast<int>(op.changes.points->size());
            if (count < kind->minPoints || count > kind->maxPoints)
                return invalid(op, "points: a " + text(kind->name) + " has " +
                                       std::to_string(kind->minPoints) + " to " +
                                       std::to_string(kind->maxPoints) + " points, not " +
                                       std::to_string(count));
        }
    switch (op.type) {
        case OpType::Reply:
            return admitReply(op, a);
        case OpType::EditReply:
            return admitEditReply(op, a);
        case OpType::Create:
            break;
        case OpType::SetFields:
        case OpType::Delete:
        case OpType::Resolve:
        case OpType::Reopen:
            if (!canModify(op.actor, op.actorRole, a))
                return forbidden(op, who(op) + " may not change a note by " + text(a.author) +
                                         " (" + text(roleName(a.creatorRole)) + ")");
            break;
    }
    return std::nullopt;
}

}  // namespace framenote::model
