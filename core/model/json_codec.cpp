#include "core/model/json_codec.h"

#include <QJsonArray>
#include <cmath>

#include "core/model/id_text.h"

namespace framenote::model {

namespace {

QString colourText(uint32_t argb) {
    return QStringLiteral("#%1").arg(argb, 8, 16, QLatin1Char('0'));
}

// Reads typed fields from a JSON object, remembering the first problem with its field name.
class Reader {
  public:
    Reader(const QJsonObject& json, QString path) : json_(json), path_(std::move(path)) {}

    bool ok() const { return error_.isEmpty(); }
    std::string error() const { return error_.toStdString(); }
    void fail(const QString& field, const QString& problem) {
        if (error_.isEmpty()) error_ = path_ + field + ": " + problem;
    }
    bool has(const QString& key) const { return json_.contains(key); }

    QString string(const QString& key, bool required = true) {
        const QJsonValue v = json_.value(key);
        if (v.isUndefined() && !required) return {};
        if (!v.isString()) fail(key, "expected a string");
        return v.toString();
    }
    QUuid uuid(const QString& key) {
        const QUuid id = QUuid::fromString(string(key));
        if (ok() && id.isNull()) fail(key, "expected a UUID");
        return id;
    }
    int64_t integer(const QString& key, bool required = true) {
        const QJsonValue v = json_.value(key);
        if (v.isUndefined() && !required) return 0;
        const double d = v.toDouble(std::nan(""));
        if (!v.isDouble() || d != std::floor(d) || std::abs(d) > 9.007199254740992e15)
            fail(key, "expected an integer");
        return static_cast<int64_t>(d);
    }
    double number(const QString& key) {
        const QJsonValue v = json_.value(key);
        if (!v.isDouble()) fail(key, "expected a number");
        return v.toDouble();
    }
    bool boolean(const QString& key, bool fallback) {
        const QJsonValue v = json_.value(key);
        if (v.isUndefined()) return fallback;
        if (!v.isBool()) fail(key, "expected true or false");
        return v.toBool();
    }
    QJsonArray array(const QString& key, bool required = true) {
        const QJsonValue v = json_.value(key);
        if (v.isUndefined() && !required) return {};
        if (!v.isArray()) fail(key, "expected an array");
        return v.toArray();
    }
    QJsonObject object(const QString& key) {
        const QJsonValue v = json_.value(key);
        if (!v.isObject()) fail(key, "expected an object");
        return v.toObject();
    }
    uint32_t colour(const QString& key) {
        const QString text = string(key);
        bool parsed = false;
        const uint32_t value = text.mid(1).toUInt(&parsed, 16);
        if (ok() && (!text.startsWith('#') || text.size() != 9 || !parsed))
            fail(key, "expected a colour #aarrggbb");
        return value;
    }
    const QString& path() const { return path_; }
    void absorb(const std::string& nestedError) {
        if (error_.isEmpty()) error_ = QString::fromStdString(nestedError);
    }

  private:
    const QJsonObject& json_;
    QString path_;
    QString error_;
};

QJsonArray pointsToJson(const std::vector<Point>& points) {
    QJsonArray array;
    for (const Point& p : points) array.append(QJsonArray{p.x, p.y});
    return array;
}

std::vector<Point> pointsFromJson(const QJsonArray& array, Reader& reader, const QString& key) {
    std::vector<Point> points;
    points.reserve(static_cast<size_t>(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonArray pair = array[i].toArray();
        if (pair.size() != 2 || !pair[0].isDouble() || !pair[1].isDouble()) {
            reader.fail(QStringLiteral("%1[%2]").arg(key).arg(i), "expected [x, y]");
            return {};
        }
        points.push_back({pair[0].toDouble(), pair[1].toDouble()});
    }
    return points;
}

QJsonObject styleToJson(const Style& s) {
    return {{"color", colourText(s.color)},
            {"width", s.width},
            {"filled", s.filled},
            {"fill", colourText(s.fill)}};
}

Style styleFromJson(const QJsonObject& json, Reader& outer) {
    Reader r(json, outer.path() + "style.");
    Style s;
    s.color = r.colour("color");
    s.width = r.number("width");
    s.filled = r.boolean("filled", false);
    s.fill = r.has("fill") ? r.colour("fill") : s.fill;
    if (!r.ok()) outer.absorb(r.error());
    return s;
}

QStringList stringsFromJson(const QJsonArray& array, Reader& reader, const QString& key) {
    QStringList list;
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array[i].isString())
            reader.fail(QStringLiteral("%1[%2]").arg(key).arg(i), "expected a string");
        list << array[i].toString();
    }
    return list;
}

QJsonObject replyToJson(const Reply& r) {
    return {{"id", idText(r.id)},
            {"author", r.author},
            {"text", r.text},
            {"created_ms", static_cast<double>(r.createdMs)},
            {"updated_ms", static_cast<double>(r.updatedMs)},
            {"deleted", r.deleted}};
}

Reply replyFromJson(const QJsonObject& json, Reader& outer, const QString& path) {
    Reader r(json, outer.path() + path);
    Reply reply;
    reply.id = r.uuid("id");
    reply.author = r.string("author");
    reply.text = r.string("text");
    reply.createdMs = r.integer("created_ms", false);
    reply.updatedMs = r.integer("updated_ms", false);
    reply.deleted = r.boolean("deleted", false);
    if (!r.ok()) outer.absorb(r.error());
    return reply;
}

QJsonObject changesToJson(const FieldChanges& c) {
    QJsonObject json;
    if (c.points) json["points"] = pointsToJson(*c.points);
    if (c.style) json["style"] = styleToJson(*c.style);
    if (c.frames)
        json["frames"] =
            QJsonArray{static_cast<double>(c.frames->first), static_cast<double>(c.frames->second)};
    if (c.text) json["text"] = *c.text;
    if (c.status) json["status"] = statusName(*c.status);
    if (c.tags) json["tags"] = QJsonArray::fromStringList(*c.tags);
    return json;
}

std::pair<int64_t, int64_t> framesFromJson(const QJsonArray& frames, Reader& r) {
    if (frames.size() != 2 || !frames[0].isDouble() || !frames[1].isDouble()) {
        r.fail("frames", "expected [first, last]");
        return {0, 0};
    }
    return {static_cast<int64_t>(frames[0].toDouble()), static_cast<int64_t>(frames[1].toDouble())};
}

FieldChanges changesFromJson(const QJsonObject& json, Reader& outer) {
    Reader r(json, outer.path() + "changes.");
    FieldChanges c;
    if (r.has("points")) c.points = pointsFromJson(r.array("points"), r, "points");
    if (r.has("style")) c.style = styleFromJson(r.object("style"), r);
    if (r.has("frames")) c.frames = framesFromJson(r.array("frames"), r);
    if (r.has("text")) c.text = r.string("text");
    if (r.has("status")) {
        Status status;
        if (!parseStatus(r.string("status"), &status))
            r.fail("status", "expected open or resolved");
        c.status = status;
    }
    if (r.has("tags")) c.tags = stringsFromJson(r.array("tags"), r, "tags");
    if (!r.ok()) outer.absorb(r.error());
    return c;
}

}  // namespace

QJsonObject annotationToJson(const Annotation& a) {
    QJsonArray replies;
    for (const Reply& reply : a.replies) replies.append(replyToJson(reply));
    return {
        {"id", idText(a.id)},
        {"media_id", a.mediaId},
        {"frames", QJsonArray{static_cast<double>(a.firstFrame), static_cast<double>(a.lastFrame)}},
        {"kind", kindName(a)},
        {"points", pointsToJson(a.points)},
        {"style", styleToJson(a.style)},
        {"text", a.text},
        {"author", a.author},
        {"role", roleName(a.creatorRole)},
        {"created_ms", static_cast<double>(a.createdMs)},
        {"updated_ms", static_cast<double>(a.updatedMs)},
        {"status", statusName(a.status)},
        {"tags", QJsonArray::fromStringList(a.tags)},
        {"replies", replies},
    };
}

Result<Annotation> annotationFromJson(const QJsonObject& json) {
    Reader r(json, "annotation.");
    Annotation a;
    a.id = r.uuid("id");
    a.mediaId = r.string("media_id");
    std::tie(a.firstFrame, a.lastFrame) = framesFromJson(r.array("frames"), r);
    setKindFromName(a, r.string("kind"));
    a.points = pointsFromJson(r.array("points"), r, "points");
    a.style = styleFromJson(r.object("style"), r);
    a.text = r.string("text", false);
    a.author = r.string("author");
    if (!parseRole(r.string("role"), &a.creatorRole))
        r.fail("role", "expected viewer, reviewer or admin");
    a.createdMs = r.integer("created_ms");
    a.updatedMs = r.integer("updated_ms");
    if (!parseStatus(r.string("status"), &a.status)) r.fail("status", "expected open or resolved");
    a.tags = stringsFromJson(r.array("tags", false), r, "tags");
    const QJsonArray replies = r.array("replies", false);
    for (qsizetype i = 0; i < replies.size() && r.ok(); ++i)
        a.replies.push_back(
            replyFromJson(replies[i].toObject(), r, QStringLiteral("replies[%1].").arg(i)));
    if (!r.ok()) return makeError(r.error());
    return a;
}

QJsonObject operationToJson(const Operation& op) {
    QJsonObject json{
        {"op_id", idText(op.opId)},
        {"actor", op.actor},
        {"actor_role", roleName(op.actorRole)},
        {"time_ms", static_cast<double>(op.timeMs)},
        {"media_id", op.mediaId},
        {"type", opTypeName(op.type)},
        {"target", idText(op.target)},
        {"sequence", static_cast<double>(op.sequence)},
    };
    switch (op.type) {
        case OpType::Create:
            json["annotation"] = annotationToJson(op.annotation);
            break;
        case OpType::SetFields:
        case OpType::Resolve:
        case OpType::Reopen:
            json["changes"] = changesToJson(op.changes);
            break;
        case OpType::Reply:
        case OpType::EditReply:
            json["reply"] = replyToJson(op.reply);
            break;
        case OpType::Delete:
            break;
    }
    return json;
}

Result<Operation> operationFromJson(const QJsonObject& json) {
    Reader r(json, "operation.");
    Operation op;
    op.opId = r.uuid("op_id");
    op.actor = r.string("actor");
    if (!parseRole(r.string("actor_role"), &op.actorRole))
        r.fail("actor_role", "expected viewer, reviewer or admin");
    op.timeMs = r.integer("time_ms");
    op.mediaId = r.string("media_id");
    if (!parseOpType(r.string("type"), &op.type)) r.fail("type", "unknown operation type");
    op.target = r.uuid("target");
    op.sequence = r.integer("sequence", false);
    if (!r.ok()) return makeError(r.error());
    switch (op.type) {
        case OpType::Create: {
            auto annotation = annotationFromJson(r.object("annotation"));
            if (!r.ok()) return makeError(r.error());
            if (!annotation) return makeError("operation." + annotation.error());
            op.annotation = std::move(annotation.value());
            break;
        }
        case OpType::SetFields:
        case OpType::Resolve:
        case OpType::Reopen:
            op.changes = changesFromJson(r.object("changes"), r);
            break;
        case OpType::Reply:
        case OpType::EditReply:
            op.reply = replyFromJson(r.object("reply"), r, "reply.");
            break;
        case OpType::Delete:
            break;
    }
    if (!r.ok()) return makeError(r.error());
    return op;
}

}  // namespace framenote::model
