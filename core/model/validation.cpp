#include "core/model/validation.h"

#include <QSet>
#include <cmath>

#include "core/model/kind_registry.h"
#include "core/model/rich_text.h"

namespace framenote::model {

namespace {

std::string str(const QString& text) { return text.toStdString(); }

framenote::Status validatePoints(const std::vector<Point>& points, const Limits& limits) {
    if (static_cast<int64_t>(points.size()) > limits.maxPathPoints)
        return makeError("points: " + std::to_string(points.size()) + " points, the limit is " +
                         std::to_string(limits.maxPathPoints));
    for (size_t i = 0; i < points.size(); ++i) {
        const Point& p = points[i];
        if (!std::isfinite(p.x) || !std::isfinite(p.y))
            return makeError("points[" + std::to_string(i) +
                             "]: coordinates must be finite numbers");
        if (p.x < 0 || p.x > 1 || p.y < 0 || p.y > 1)
            return makeError("points[" + std::to_string(i) + "]: (" + std::to_string(p.x) + ", " +
                             std::to_string(p.y) + ") is outside the picture [0,1]");
    }
    return Ok{};
}

framenote::Status validateFrames(int64_t first, int64_t last, const Limits& limits) {
    if (first < 0 || last < first)
        return makeError("frames: [" + std::to_string(first) + ", " + std::to_string(last) +
                         "] is not a valid range");
    if (last >= limits.frameCount)
        return makeError("frames: last frame " + std::to_string(last) + " is beyond the media (" +
                         std::to_string(limits.frameCount) + " frames)");
    return Ok{};
}

framenote::Status validateText(const QString& text, const Limits& limits, const char* field) {
    if (text.size() > limits.maxTextChars)
        return makeError(std::string(field) + ": " + std::to_string(text.size()) +
                         " characters, the limit is " + std::to_string(limits.maxTextChars));
    return Ok{};
}

framenote::Status validateTags(const QStringList& tags, const Limits& limits) {
    if (tags.size() > limits.maxTags)
        return makeError("tags: " + std::to_string(tags.size()) + " tags, the limit is " +
                         std::to_string(limits.maxTags));
    for (const QString& tag : tags)
        if (tag.trimmed().isEmpty() || tag.size() > limits.maxTagChars)
            return makeError("tags: '" + str(tag) + "' must be 1 to " +
                             std::to_string(limits.maxTagChars) + " characters");
    return Ok{};
}

framenote::Status validateStyle(const Style& style) {
    if (!std::isfinite(style.width) || style.width <= 0 || style.width > 0.5)
        return makeError("style.width: " + std::to_string(style.width) + " must be in (0, 0.5]");
    return Ok{};
}

framenote::Status validateReplies(const std::vector<Reply>& replies, const Limits& limits) {
    if (static_cast<int64_t>(replies.size()) > limits.maxReplies)
        return makeError("replies: " + std::to_string(replies.size()) + " replies, the limit is " +
                         std::to_string(limits.maxReplies));
    QSet<QUuid> ids;
    ids.reserve(static_cast<qsizetype>(replies.size()));
    for (size_t i = 0; i < replies.size(); ++i) {
        const Reply& r = replies[i];
        const std::string field = "replies[" + std::to_string(i) + "]";
        if (r.id.isNull()) return makeError(field + ".id: missing");
        if (ids.contains(r.id)) return makeError(field + ".id: two replies have the same id");
        ids.insert(r.id);
        if (r.author.trimmed().isEmpty() || r.author.size() > limits.maxAuthorChars)
            return makeError(field + ".author: must be 1 to " +
                             std::to_string(limits.maxAuthorChars) + " characters");
        if (framenote::Status s = validateText(r.text, limits, "reply.text"); !s)
            return makeError(field + "." + s.error());
    }
    return Ok{};
}

framenote::Status validateChanges(const FieldChanges& changes, const Limits& limits) {
    if (changes.empty()) return makeError("changes: the operation sets no field");
    if (changes.points) {
        if (framenote::Status s = validatePoints(*changes.points, limits); !s) return s;
        if (changes.points->empty()) return makeError("points: a shape needs points");
    }
    if (changes.frames)
        if (framenote::Status s =
                validateFrames(changes.frames->first, changes.frames->second, limits);
            !s)
            return s;
    if (changes.text)
        if (framenote::Status s = validateText(*changes.text, limits, "text"); !s) return s;
    if (changes.tags)
        if (framenote::Status s = validateTags(*changes.tags, limits); !s) return s;
    if (changes.style)
        if (framenote::Status s = validateStyle(*changes.style); !s) return s;
    return Ok{};
}

}  // namespace

framenote::Status validateAnnotation(const Annotation& a, const Limits& limits) {
    if (a.id.isNull()) return makeError("id: missing");
    if (a.mediaId.isEmpty()) return makeError("media_id: missing");
    const KindSpec* kind = kindSpec(a.kind);
    if (!kind)
        return makeError("kind: '" + str(kindName(a)) + "' is not one of " +
                         str(KindRegistry::instance().names().join(", ")));
    const int count = static_cast<int>(a.points.size());
    if (count < kind->minPoints || count > kind->maxPoints)
        return makeError(
            "points: a " + str(kind->name) + " has " + std::to_string(kind->minPoints) +
            (kind->minPoints == kind->maxPoints ? "" : " to " + std::to_string(kind->maxPoints)) +
            " points (" + kind->geometry + "), not " + std::to_string(count));
    if (framenote::Status s = validatePoints(a.points, limits); !s) return s;
    if (framenote::Status s = validateFrames(a.firstFrame, a.lastFrame, limits); !s) return s;
    if (framenote::Status s = validateText(a.text, limits, "text"); !s) return s;
    if (kind->requiresText() && plainText(a.text).isEmpty())
        return makeError("text: a text note needs text");
    if (framenote::Status s = validateTags(a.tags, limits); !s) return s;
    if (framenote::Status s = validateStyle(a.style); !s) return s;
    if (a.author.trimmed().isEmpty() || a.author.size() > limits.maxAuthorChars)
        return makeError("author: must be 1 to " + std::to_string(limits.maxAuthorChars) +
                         " characters");
    return validateReplies(a.replies, limits);
}

framenote::Status validateOperation(const Operation& op, const Limits& limits) {
    if (op.opId.isNull()) return makeError("op_id: missing");
    if (op.target.isNull()) return makeError("target: missing");
    if (op.actor.trimmed().isEmpty() || op.actor.size() > limits.maxAuthorChars)
        return makeError("actor: must be 1 to " + std::to_string(limits.maxAuthorChars) +
                         " characters");
    switch (op.type) {
        case OpType::Create:
            if (op.annotation.id != op.target)
                return makeError("annotation.id: differs from target");
            return validateAnnotation(op.annotation, limits);
        case OpType::SetFields:
            return validateChanges(op.changes, limits);
        case OpType::Reply:
        case OpType::EditReply:
            if (op.reply.id.isNull()) return makeError("reply.id: missing");
            // Deleting a reply needs only its id: its text is kept (docs/PROTOCOL.md,
            // "Operations").
            if (op.type == OpType::EditReply && op.reply.deleted && op.reply.text.isEmpty())
                return Ok{};
            if (plainText(op.reply.text).isEmpty()) return makeError("reply.text: empty");
            return validateText(op.reply.text, limits, "reply.text");
        case OpType::Delete:
            if (!op.changes.empty()) return makeError("changes: a delete sets no field");
            return Ok{};
        case OpType::Resolve:
        case OpType::Reopen: {
            // They set the status and nothing else (the one field their permission covers).
            const Status wanted = op.type == OpType::Resolve ? Status::Resolved : Status::Open;
            FieldChanges statusOnly;
            statusOnly.status = wanted;
            if (!(op.changes == statusOnly))
                return makeError("changes: a " + str(opTypeName(op.type)) + " sets the status to " +
                                 str(statusName(wanted)) + " and nothing else");
            return Ok{};
        }
    }
    return makeError("type: unknown operation type");
}

namespace {

int64_t textBytes(const QString& text) { return 2 * static_cast<int64_t>(text.size()); }
int64_t tagBytes(const QStringList& tags) {
    int64_t bytes = 0;
    for (const QString& tag : tags) bytes += textBytes(tag);
    return bytes;
}
int64_t replyBytes(const Reply& reply) {
    return 32 + textBytes(reply.text) + textBytes(reply.author);
}

}  // namespace

int64_t noteBytes(const Annotation& a) {
    int64_t bytes = 16 * static_cast<int64_t>(a.points.size()) + textBytes(a.text) +
                    textBytes(a.author) + tagBytes(a.tags);
    for (const Reply& reply : a.replies) bytes += replyBytes(reply);
    return bytes;
}

int64_t addedBytes(const Operation& op) {
    switch (op.type) {
        case OpType::Create:
            return noteBytes(op.annotation);
        case OpType::Reply:
        case OpType::EditReply:
            return replyBytes(op.reply);
        case OpType::SetFields: {
            const FieldChanges& c = op.changes;
            return (c.points ? 16 * static_cast<int64_t>(c.points->size()) : 0) +
                   (c.text ? textBytes(*c.text) : 0) + (c.tags ? tagBytes(*c.tags) : 0);
        }
        case OpType::Delete:
        case OpType::Resolve:
        case OpType::Reopen:
            return 0;
    }
    return 0;
}

void sanitizeTexts(Annotation& annotation) {
    annotation.text = sanitizeRichText(annotation.text);
    for (Reply& reply : annotation.replies) reply.text = sanitizeRichText(reply.text);
}

void sanitizeTexts(Operation& op) {
    sanitizeTexts(op.annotation);
    if (op.changes.text) *op.changes.text = sanitizeRichText(*op.changes.text);
    op.reply.text = sanitizeRichText(op.reply.text);
}

framenote::Status checkRichText(const Operation& op) {
    const auto check = [](const QString& text, const std::string& field) -> framenote::Status {
        if (isSanitizedRichText(text)) return Ok{};
        return makeError(field +
                         ": not in the rich-text subset (tags other than b, i, u, br, p, "
                         "ul, ol, li and colour spans, or an unescaped & < >); send the "
                         "sanitized form (PROTOCOL.md, \"Rich text\")");
    };
    if (framenote::Status s = check(op.annotation.text, "annotation.text"); !s) return s;
    for (size_t i = 0; i < op.annotation.replies.size(); ++i)
        if (framenote::Status s = check(op.annotation.replies[i].text,
                                        "annotation.replies[" + std::to_string(i) + "].text");
            !s)
            return s;
    if (op.changes.text)
        if (framenote::Status s = check(*op.changes.text, "changes.text"); !s) return s;
    return check(op.reply.text, "reply.text");
}

}  // namespace framenote::model
