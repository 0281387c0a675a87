#include "core/model/operation.h"

#include <QDateTime>
#include <array>

#include "core/model/validation.h"

namespace framenote::model {

namespace {

constexpr std::array<std::pair<OpType, const char*>, 7> kNames = {{
    {OpType::Create, "create"},
    {OpType::SetFields, "set"},
    {OpType::Delete, "delete"},
    {OpType::Reply, "reply"},
    {OpType::EditReply, "edit_reply"},
    {OpType::Resolve, "resolve"},
    {OpType::Reopen, "reopen"},
}};

Operation stamped(OpType type, const QString& mediaId, const QUuid& target, const QString& actor,
                  Role role) {
    Operation op;
    op.opId = QUuid::createUuid();
    op.type = type;
    op.mediaId = mediaId;
    op.target = target;
    op.actor = actor;
    op.actorRole = role;
    op.timeMs = QDateTime::currentMSecsSinceEpoch();
    return op;
}

}  // namespace

QString opTypeName(OpType type) {
    for (const auto& [value, name] : kNames)
        if (value == type) return QString::fromLatin1(name);
    return {};
}

bool parseOpType(const QString& name, OpType* type) {
    for (const auto& [value, text] : kNames) {
        if (name == QLatin1String(text)) {
            *type = value;
            return true;
        }
    }
    return false;
}

Operation makeCreate(const Annotation& annotation, const QString& actor, Role role) {
    Operation op = stamped(OpType::Create, annotation.mediaId, annotation.id, actor, role);
    op.annotation = annotation;
    if (op.annotation.createdMs == 0) op.annotation.createdMs = op.timeMs;
    if (op.annotation.updatedMs == 0) op.annotation.updatedMs = op.annotation.createdMs;
    if (op.annotation.author.isEmpty()) op.annotation.author = actor;
    op.annotation.creatorRole = role;
    sanitizeTexts(op);
    return op;
}

Operation makeSetFields(const QString& mediaId, const QUuid& target, const FieldChanges& changes,
                        const QString& actor, Role role) {
    Operation op = stamped(OpType::SetFields, mediaId, target, actor, role);
    op.changes = changes;
    sanitizeTexts(op);
    return op;
}

Operation makeDelete(const QString& mediaId, const QUuid& target, const QString& actor, Role role) {
    return stamped(OpType::Delete, mediaId, target, actor, role);
}

Operation makeReply(const QString& mediaId, const QUuid& target, const QString& text,
                    const QString& actor, Role role) {
    Operation op = stamped(OpType::Reply, mediaId, target, actor, role);
    op.reply.id = QUuid::createUuid();
    op.reply.author = actor;
    op.reply.text = text;
    op.reply.createdMs = op.reply.updatedMs = op.timeMs;
    sanitizeTexts(op);
    return op;
}

Operation makeEditReply(const QString& mediaId, const QUuid& target, const QUuid& replyId,
                        const QString& text, const QString& actor, Role role) {
    Operation op = stamped(OpType::EditReply, mediaId, target, actor, role);
    op.reply.id = replyId;
    op.reply.author = actor;
    op.reply.text = text;
    op.reply.updatedMs = op.timeMs;
    sanitizeTexts(op);
    return op;
}

Operation makeResolve(const QString& mediaId, const QUuid& target, bool resolved,
                      const QString& actor, Role role) {
    Operation op =
        stamped(resolved ? OpType::Resolve : OpType::Reopen, mediaId, target, actor, role);
    op.changes.status = resolved ? Status::Resolved : Status::Open;
    return op;
}

}  // namespace framenote::model
