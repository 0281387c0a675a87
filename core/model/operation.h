#pragma once
// Every change to annotations is an operation (docs/PROTOCOL.md, "Operations, ack, broadcast").
// Operations are idempotent by opId; the relay gives each a per-room sequence number.
#include <QUuid>
#include <optional>
#include <utility>

#include "core/model/annotation.h"

namespace framenote::model {

enum class OpType { Create, SetFields, Delete, Reply, EditReply, Resolve, Reopen };

QString opTypeName(OpType type);
bool parseOpType(const QString& name, OpType* type);

// The fields an operation may set; each is merged on its own (last writer by sequence wins).
enum class Field { Points, Style, Frames, Text, Status, Tags };
inline constexpr int kFieldCount = 6;

struct FieldChanges {
    std::optional<std::vector<Point>> points;
    std::optional<Style> style;
    std::optional<std::pair<int64_t, int64_t>> frames;  // [first, last]
    std::optional<QString> text;
    std::optional<Status> status;
    std::optional<QStringList> tags;
    bool empty() const { return !points && !style && !frames && !text && !status && !tags; }
    friend bool operator==(const FieldChanges&, const FieldChanges&) = default;
};

struct Operation {
    QUuid opId;
    QString actor;
    Role actorRole = Role::Reviewer;
    int64_t timeMs = 0;  // when the actor made it (wall clock; for display and history)
    QString mediaId;
    OpType type = OpType::Create;
    QUuid target;           // the annotation
    Annotation annotation;  // Create: the whole new annotation (id == target)
    FieldChanges changes;   // SetFields
    Reply reply;            // Reply (new reply) and EditReply (reply.id, reply.text)
    int64_t sequence = 0;   // given by the relay; 0 while unconfirmed

    friend bool operator==(const Operation&, const Operation&) = default;
};

// Builders used by the UI and tests; each makes a fresh opId, stamps the time and sanitizes the
// rich text it carries (validation.h: sanitizeTexts). Plain text is escaped by the caller.
Operation makeCreate(const Annotation& annotation, const QString& actor, Role role);
Operation makeSetFields(const QString& mediaId, const QUuid& target, const FieldChanges& changes,
                        const QString& actor, Role role);
Operation makeDelete(const QString& mediaId, const QUuid& target, const QString& actor, Role role);
Operation makeReply(const QString& mediaId, const QUuid& target, const QString& text,
                    const QString& actor, Role role);
Operation makeEditReply(const QString& mediaId, const QUuid& target, const QUuid& replyId,
                        const QString& text, const QString& actor, Role role);
Operation makeResolve(const QString& mediaId, const QUuid& target, bool resolved,
                      const QString& actor, Role role);

}  // namespace framenote::model
