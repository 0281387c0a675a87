#include "core/sync/wire_codec.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/unknown_field_set.h>

#include <QByteArray>
#include <QByteArrayView>
#include <algorithm>
#include <climits>
#include <cmath>
#include <map>
#include <optional>

#include "core/model/kind_registry.h"
#include "core/sync/media_id.h"
#include "core/sync/quantization.h"

namespace framenote::sync {

namespace {

namespace pb = google::protobuf;

// ---- Small conversions --------------------------------------------------------------------------

std::string idError(const std::string& path, const std::string& bytes) {
    return path + ": expected 16 bytes, got " + std::to_string(bytes.size());
}

std::string utf8(const QString& text) { return text.toStdString(); }
QString fromUtf8(const std::string& text) { return QString::fromStdString(text); }

// Two's-complement arithmetic without signed overflow: times and frame spans round-trip for any
// int64 values, even nonsensical ones.
int64_t wrapSub(int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
int64_t wrapAdd(int64_t a, int64_t b) {
    return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

v1::OpType typeToWire(model::OpType type) {
    switch (type) {
        case model::OpType::Create:
            return v1::OP_TYPE_CREATE;
        case model::OpType::SetFields:
            return v1::OP_TYPE_SET_FIELDS;
        case model::OpType::Delete:
            return v1::OP_TYPE_DELETE;
        case model::OpType::Reply:
            return v1::OP_TYPE_REPLY;
        case model::OpType::EditReply:
            return v1::OP_TYPE_EDIT_REPLY;
        case model::OpType::Resolve:
            return v1::OP_TYPE_RESOLVE;
        case model::OpType::Reopen:
            return v1::OP_TYPE_REOPEN;
    }
    return v1::OP_TYPE_UNSPECIFIED;
}

std::optional<model::OpType> typeFromWire(int type) {
    switch (type) {
        case v1::OP_TYPE_CREATE:
            return model::OpType::Create;
        case v1::OP_TYPE_SET_FIELDS:
            return model::OpType::SetFields;
        case v1::OP_TYPE_DELETE:
            return model::OpType::Delete;
        case v1::OP_TYPE_REPLY:
            return model::OpType::Reply;
        case v1::OP_TYPE_EDIT_REPLY:
            return model::OpType::EditReply;
        case v1::OP_TYPE_RESOLVE:
            return model::OpType::Resolve;
        case v1::OP_TYPE_REOPEN:
            return model::OpType::Reopen;
        default:
            return std::nullopt;
    }
}

// The kinds with a value of their own in the wire's Kind enum. Any other kind travels by name
// in kind_name (docs/PROTOCOL.md, "Encoding"); a value added here is a protocol change.
struct WireKind {
    v1::Kind wire;
    model::Kind kind;
};
constexpr WireKind kWireKinds[] = {
    {v1::KIND_RECT, model::Kind::Rect},         {v1::KIND_ELLIPSE, model::Kind::Ellipse},
    {v1::KIND_ARROW, model::Kind::Arrow},       {v1::KIND_LINE, model::Kind::Line},
    {v1::KIND_FREEHAND, model::Kind::Freehand}, {v1::KIND_TEXT, model::Kind::Text},
};

v1::Kind kindToWire(model::Kind kind) {
    for (const WireKind& k : kWireKinds)
        if (k.kind == kind) return k.wire;
    return v1::KIND_UNSPECIFIED;
}

std::optional<model::Kind> kindFromWire(int wire) {
    for (const WireKind& k : kWireKinds)
        if (k.wire == wire) return k.kind;
    return std::nullopt;
}

bool usesPath(model::Kind kind) {
    const model::KindSpec* spec = model::kindSpec(kind);
    return spec && spec->deltaCodedPath();
}

// ---- Geometry -----------------------------------------------------------------------------------

template <typename Message>
void pointsToWire(const std::vector<model::Point>& points, bool deltaCoded, Message& out) {
    if (deltaCoded) {
        auto* path = out.mutable_path();
        path->Reserve(static_cast<int>(points.size() * 2));
        int64_t px = 0, py = 0;
        for (const model::Point& p : points) {
            const int64_t x = coordinateToWire(p.x), y = coordinateToWire(p.y);
            path->AddAlreadyReserved(static_cast<int32_t>(x - px));
            path->AddAlreadyReserved(static_cast<int32_t>(y - py));
            px = x;
            py = y;
        }
    } else {
        auto* abs = out.mutable_points();
        abs->Reserve(static_cast<int>(points.size() * 2));
        for (const model::Point& p : points) {
            abs->AddAlreadyReserved(coordinateToWire(p.x));
            abs->AddAlreadyReserved(coordinateToWire(p.y));
        }
    }
}

// Structural check shared by Annotation and FieldChanges.
template <typename Message>
std::string checkGeometry(const Message& m, const std::string& path) {
    if (m.points_size() && m.path_size())
        return path + ": both points and path are present (send one)";
    if (m.points_size() % 2) return path + ".points: an odd number of coordinates";
    if (m.path_size() % 2) return path + ".path: an odd number of coordinates";
    for (int i = 0; i < m.points_size(); ++i)
        if (m.points(i) > kCoordinateSteps)
            return path + ".points[" + std::to_string(i) + "]: " + std::to_string(m.points(i)) +
                   " is beyond 65535";
    int64_t value[2] = {0, 0};
    for (int i = 0; i < m.path_size(); ++i) {
        value[i % 2] += m.path(i);
        if (value[i % 2] < 0 || value[i % 2] > kCoordinateSteps)
            return path + ".path: point " + std::to_string(i / 2) + " leaves the picture (" +
                   std::to_string(value[i % 2]) + " is outside 0..65535)";
    }
    return {};
}

template <typename Message>
std::vector<model::Point> pointsFromWire(const Message& m) {
    std::vector<model::Point> points;
    if (m.path_size()) {
        points.reserve(static_cast<size_t>(m.path_size() / 2));
        int64_t x = 0, y = 0;
        for (int i = 0; i + 1 < m.path_size(); i += 2) {
            x += m.path(i);
            y += m.path(i + 1);
            points.push_back({coordinateFromWire(static_cast<uint32_t>(x)),
                              coordinateFromWire(static_cast<uint32_t>(y))});
        }
    } else {
        points.reserve(static_cast<size_t>(m.points_size() / 2));
        for (int i = 0; i + 1 < m.points_size(); i += 2)
            points.push_back(
                {coordinateFromWire(m.points(i)), coordinateFromWire(m.points(i + 1))});
    }
    return points;
}

void styleToWire(const model::Style& s, v1::Style& out) {
    if (s.color != kWireDefaultColor) out.set_color(s.color);
    if (const uint32_t w = widthToWire(s.width); w != kWireDefaultWidthUnits) out.set_width(w);
    if (s.filled) out.set_filled(true);
    if (s.fill != kWireDefaultFill) out.set_fill(s.fill);
}

bool styleIsDefault(const model::Style& s) {
    return s.color == kWireDefaultColor && widthToWire(s.width) == kWireDefaultWidthUnits &&
           !s.filled && s.fill == kWireDefaultFill;
}

model::Style styleFromWire(const v1::Style& w) {
    model::Style s;
    s.color = w.has_color() ? w.color() : kWireDefaultColor;
    s.width = widthFromWire(w.has_width() ? w.width() : kWireDefaultWidthUnits);
    s.filled = w.filled();
    s.fill = w.has_fill() ? w.fill() : kWireDefaultFill;
    return s;
}

// ---- People and times ---------------------------------------------------------------------------

// The context an Annotation or Reply is encoded in: inside an operation (times relative to its
// time, author and role defaulting to the actor's) or standalone (Snapshot).
struct Scope {
    bool inOperation = false;
    int64_t baseMs = 0;
    QString actor;
    model::Role actorRole = model::Role::Reviewer;
    QUuid target;
};

template <typename Message>
void authorToWire(const QString& author, const Scope& scope, const RoomContext& room,
                  Message& out) {
    if (scope.inOperation && author == scope.actor) return;
    if (const Participant* p = room.participants.find(author)) {
        out.set_author(p->number);
        return;
    }
    if (!scope.inOperation && author.isEmpty()) return;
    out.set_author_name(utf8(author));
}

template <typename Message>
Result<QString> authorFromWire(const Message& m, const Scope& scope, const RoomContext& room,
                               const std::string& path) {
    if (m.author() != 0) {
        const Participant* p = room.participants.find(m.author());
        if (!p)
            return makeError(path + ".author: participant " + std::to_string(m.author()) +
                             " is unknown in this room");
        return p->name;
    }
    if (m.has_author_name()) return fromUtf8(m.author_name());
    return scope.inOperation ? scope.actor : QString();
}

void replyToWire(const model::Reply& r, const Scope& scope, const RoomContext& room,
                 v1::Reply& out) {
    out.set_id(idBytes(r.id));
    out.set_text(utf8(r.text));
    authorToWire(r.author, scope, room, out);
    out.set_created_ms(wrapSub(r.createdMs, scope.baseMs));
    out.set_updated_ms(wrapSub(r.updatedMs, scope.baseMs));
    out.set_deleted(r.deleted);
}

Result<model::Reply> replyFromWire(const v1::Reply& w, const Scope& scope, const RoomContext& room,
                                   const std::string& path) {
    model::Reply r;
    const auto id = idFromBytes(w.id());
    if (!id) return makeError(idError(path + ".id", w.id()));
    r.id = *id;
    auto author = authorFromWire(w, scope, room, path);
    if (!author) return makeError(author.error());
    r.author = std::move(*author);
    r.text = fromUtf8(w.text());
    r.createdMs = wrapAdd(w.created_ms(), scope.baseMs);
    r.updatedMs = wrapAdd(w.updated_ms(), scope.baseMs);
    r.deleted = w.deleted();
    return r;
}

// ---- Annotations --------------------------------------------------------------------------------

void annotationToWire(const model::Annotation& a, const Scope& scope, const RoomContext& room,
                      v1::Annotation& out) {
    if (!scope.inOperation || a.id != scope.target) out.set_id(idBytes(a.id));
    if (const v1::Kind kind = kindToWire(a.kind); kind != v1::KIND_UNSPECIFIED)
        out.set_kind(kind);
    else
        out.set_kind_name(utf8(model::kindName(a)));
    pointsToWire(a.points, usesPath(a.kind), out);
    out.set_first_frame(a.firstFrame);
    out.set_frame_span(static_cast<uint64_t>(wrapSub(a.lastFrame, a.firstFrame)));
    if (!styleIsDefault(a.style)) styleToWire(a.style, *out.mutable_style());
    out.set_text(utf8(a.text));
    authorToWire(a.author, scope, room, out);
    out.set_created_ms(wrapSub(a.createdMs, scope.baseMs));
    out.set_updated_ms(wrapSub(a.updatedMs, scope.baseMs));
    out.set_status(a.status == model::Status::Resolved ? v1::STATUS_RESOLVED : v1::STATUS_OPEN);
    for (const QString& tag : a.tags) out.add_tags(utf8(tag));
    for (const model::Reply& reply : a.replies) replyToWire(reply, scope, room, *out.add_replies());
    if (!scope.inOperation || a.creatorRole != scope.actorRole)
        out.set_creator_role(roleToWire(a.creatorRole));
    if (a.mediaId != room.mediaId) out.set_media_id(utf8(a.mediaId));
}

Result<model::Annotation> annotationFromWire(const v1::Annotation& w, const Scope& scope,
                                             const RoomContext& room, const std::string& path) {
    model::Annotation a;
    if (w.id().empty() && scope.inOperation) {
        a.id = scope.target;
    } else {
        const auto id = idFromBytes(w.id());
        if (!id) return makeError(idError(path + ".id", w.id()));
        a.id = *id;
    }
    if (w.has_kind_name())
        model::setKindFromName(a, fromUtf8(w.kind_name()));
    else if (const std::optional<model::Kind> kind = kindFromWire(w.kind()))
        a.kind = *kind;
    else
        return makeError(
            path + ".kind: " +
            (w.kind() == 0 ? std::string("missing") : "unknown kind " + std::to_string(w.kind())));
    if (std::string bad = checkGeometry(w, path); !bad.empty()) return makeError(bad);
    a.points = pointsFromWire(w);
    a.firstFrame = w.first_frame();
    a.lastFrame = wrapAdd(w.first_frame(), static_cast<int64_t>(w.frame_span()));
    a.style = styleFromWire(w.style());
    a.text = fromUtf8(w.text());
    auto author = authorFromWire(w, scope, room, path);
    if (!author) return makeError(author.error());
    a.author = std::move(*author);
    const auto role =
        roleFromWire(w.creator_role(), scope.inOperation ? scope.actorRole : model::Role::Reviewer);
    if (!role)
        return makeError(path + ".creator_role: unknown role " + std::to_string(w.creator_role()));
    a.creatorRole = *role;
    a.createdMs = wrapAdd(w.created_ms(), scope.baseMs);
    a.updatedMs = wrapAdd(w.updated_ms(), scope.baseMs);
    if (w.status() == v1::STATUS_OPEN)
        a.status = model::Status::Open;
    else if (w.status() == v1::STATUS_RESOLVED)
        a.status = model::Status::Resolved;
    else
        return makeError(path + ".status: unknown status " + std::to_string(w.status()));
    for (const std::string& tag : w.tags()) a.tags << fromUtf8(tag);
    for (int i = 0; i < w.replies_size(); ++i) {
        auto reply =
            replyFromWire(w.replies(i), scope, room, path + ".replies[" + std::to_string(i) + "]");
        if (!reply) return makeError(reply.error());
        a.replies.push_back(std::move(*reply));
    }
    a.mediaId = w.has_media_id() ? fromUtf8(w.media_id()) : room.mediaId;
    return a;
}

// ---- Field changes ------------------------------------------------------------------------------

constexpr uint32_t kEmptiedPoints = 1u << 0;
constexpr uint32_t kEmptiedTags = 1u << 1;

void changesToWire(const model::FieldChanges& c, v1::FieldChanges& out) {
    if (c.points) {
        if (c.points->empty())
            out.set_emptied(out.emptied() | kEmptiedPoints);
        else
            pointsToWire(*c.points, c.points->size() > 2, out);
    }
    if (c.style) styleToWire(*c.style, *out.mutable_style());
    if (c.frames) {
        out.set_first_frame(c.frames->first);
        out.set_frame_span(static_cast<uint64_t>(wrapSub(c.frames->second, c.frames->first)));
    }
    if (c.text) out.set_text(utf8(*c.text));
    if (c.status)
        out.set_status(*c.status == model::Status::Resolved ? v1::STATUS_RESOLVED
                                                            : v1::STATUS_OPEN);
    if (c.tags) {
        if (c.tags->isEmpty()) out.set_emptied(out.emptied() | kEmptiedTags);
        for (const QString& tag : *c.tags) out.add_tags(utf8(tag));
    }
}

Result<model::FieldChanges> changesFromWire(const v1::FieldChanges& w, const std::string& path) {
    model::FieldChanges c;
    if (std::string bad = checkGeometry(w, path); !bad.empty()) return makeError(bad);
    if (w.points_size() || w.path_size())
        c.points = pointsFromWire(w);
    else if (w.emptied() & kEmptiedPoints)
        c.points = std::vector<model::Point>{};
    if (w.has_style()) c.style = styleFromWire(w.style());
    if (w.has_first_frame())
        c.frames = std::make_pair(w.first_frame(),
                                  wrapAdd(w.first_frame(), static_cast<int64_t>(w.frame_span())));
    if (w.has_text()) c.text = fromUtf8(w.text());
    if (w.has_status()) {
        if (w.status() == v1::STATUS_OPEN)
            c.status = model::Status::Open;
        else if (w.status() == v1::STATUS_RESOLVED)
            c.status = model::Status::Resolved;
        else
            return makeError(path + ".status: unknown status " + std::to_string(w.status()));
    }
    if (w.tags_size() || (w.emptied() & kEmptiedTags)) {
        QStringList tags;
        for (const std::string& tag : w.tags()) tags << fromUtf8(tag);
        c.tags = std::move(tags);
    }
    return c;
}

// What a Resolve or Reopen implies when it carries no payload.
model::FieldChanges impliedChanges(model::OpType type) {
    model::FieldChanges c;
    c.status = type == model::OpType::Resolve ? model::Status::Resolved : model::Status::Open;
    return c;
}

// ---- Structural checks of decoded messages ------------------------------------------------------

std::string checkId(const std::string& bytes, const std::string& path) {
    return bytes.size() == 16 ? std::string() : idError(path, bytes);
}

std::string checkReply(const v1::Reply& r, const std::string& path) {
    return checkId(r.id(), path + ".id");
}

std::string checkAnnotation(const v1::Annotation& a, const std::string& path, bool inCreate) {
    if (!(inCreate && a.id().empty()))
        if (std::string bad = checkId(a.id(), path + ".id"); !bad.empty()) return bad;
    if (!a.has_kind_name() && !kindFromWire(a.kind()))
        return path + ".kind: " +
               (a.kind() == 0 ? std::string("missing")
                              : "unknown kind " + std::to_string(a.kind()));
    if (std::string bad = checkGeometry(a, path); !bad.empty()) return bad;
    for (int i = 0; i < a.replies_size(); ++i)
        if (std::string bad =
                checkReply(a.replies(i), path + ".replies[" + std::to_string(i) + "]");
            !bad.empty())
            return bad;
    return {};
}

std::string checkOperation(const v1::Operation& op, const std::string& path, bool confirmed) {
    if (std::string bad = checkId(op.op_id(), path + ".op_id"); !bad.empty()) return bad;
    if (std::string bad = checkId(op.target(), path + ".target"); !bad.empty()) return bad;
    const auto type = typeFromWire(op.type());
    if (!type)
        return path + ".type: " +
               (op.type() == 0 ? std::string("missing")
                               : "unknown operation type " + std::to_string(op.type()));
    if (op.actor() == 0 && !op.has_actor_name()) return path + ".actor: missing";
    if (confirmed && op.sequence() == 0)
        return path + ".sequence: missing (a confirmed operation has one)";
    const auto payload = op.payload_case();
    const std::string typeName = opTypeName(*type).toStdString();
    switch (*type) {
        case model::OpType::Create:
            if (payload != v1::Operation::kAnnotation)
                return path + ".annotation: missing for a create";
            return checkAnnotation(op.annotation(), path + ".annotation", true);
        case model::OpType::SetFields:
            if (payload != v1::Operation::kChanges) return path + ".changes: missing for a set";
            return checkGeometry(op.changes(), path + ".changes");
        case model::OpType::Resolve:
        case model::OpType::Reopen:
            if (payload == v1::Operation::kChanges)
                return checkGeometry(op.changes(), path + ".changes");
            if (payload != v1::Operation::PAYLOAD_NOT_SET)
                return path + ": a " + typeName + " carries no annotation or reply";
            return {};
        case model::OpType::Reply:
        case model::OpType::EditReply:
            if (payload != v1::Operation::kReply) return path + ".reply: missing for a " + typeName;
            return checkReply(op.reply(), path + ".reply");
        case model::OpType::Delete:
            if (payload != v1::Operation::PAYLOAD_NOT_SET)
                return path + ": a delete carries no payload";
            return {};
    }
    return {};
}

// A name shown to a user (a file name, a colour space): 1 to `maxChars` characters, no control
// characters.
std::string checkShownName(const std::string& utf8, int maxChars, const std::string& path) {
    const QString name = QString::fromUtf8(utf8);
    if (name.isEmpty() || name.size() > maxChars)
        return path + ": 1 to " + std::to_string(maxChars) + " characters";
    if (std::any_of(name.begin(), name.end(),
                    [](QChar ch) { return ch.category() == QChar::Other_Control; }))
        return path + ": a control character";
    return {};
}

std::string checkCompareView(const v1::CompareView& c, const std::string& path) {
    if (!isMediaId(QString::fromStdString(c.b_media_id())))
        return path + ".b_media_id: not a media id (64 lowercase hex digits)";
    if (std::string bad = checkShownName(c.b_name(), kMaxCompareNameChars, path + ".b_name");
        !bad.empty())
        return bad;
    if (!v1::CompareMode_IsValid(c.mode())) return path + ".mode: unknown";
    if (c.offset() <= INT32_MIN || c.offset() >= INT32_MAX) return path + ".offset: beyond 2^31";
    if (c.wipe() > kCoordinateSteps) return path + ".wipe: beyond 65535";
    if (c.gain() < 1 || c.gain() > kMaxCompareGain) return path + ".gain: not 1 to 64";
    return {};
}

std::string checkColourView(const v1::ColourView& c, const std::string& path) {
    if (c.managed()) {
        if (std::string bad =
                checkShownName(c.input_space(), kMaxColourNameChars, path + ".input_space");
            !bad.empty())
            return bad;
        if (std::string bad = checkShownName(c.view(), kMaxColourNameChars, path + ".view");
            !bad.empty())
            return bad;
    } else if (!c.input_space().empty() || !c.view().empty()) {
        return path + ": names without colour management";
    }
    if (c.exposure() < -kMaxExposureHundredths || c.exposure() > kMaxExposureHundredths)
        return path + ".exposure: not -1600 to 1600";
    if (c.gamma() != 0 && (c.gamma() < kMinGammaHundredths || c.gamma() > kMaxGammaHundredths))
        return path + ".gamma: not 10 to 400";
    if (!v1::PictureChannel_IsValid(c.channel())) return path + ".channel: unknown";
    return {};
}

std::string checkLaser(const v1::Laser& l, const std::string& path) {
    if (l.points_size()) return path + ".points: a trail is delta-coded (path)";
    if (std::string bad = checkGeometry(l, path); !bad.empty()) return bad;
    const int count = l.path_size() / 2;
    if (count > kMaxLaserPoints)
        return path + ".path: " + std::to_string(count) + " points, at most " +
               std::to_string(kMaxLaserPoints);
    if (l.ages_ms_size() != count)
        return path + ".ages_ms: " + std::to_string(l.ages_ms_size()) + " ages for " +
               std::to_string(count) + " points";
    for (int i = 0; i < count; ++i) {
        if (l.ages_ms(i) > kLaserFadeMs)
            return path + ".ages_ms[" + std::to_string(i) + "]: beyond 2000 ms";
        if (i > 0 && l.ages_ms(i) > l.ages_ms(i - 1))
            return path + ".ages_ms[" + std::to_string(i) + "]: newer points come later";
    }
    return {};
}

std::string checkLiveShape(const v1::LiveShape& d, const std::string& path) {
    const auto kind = kindFromWire(d.kind());
    const model::KindSpec* spec = kind ? model::kindSpec(*kind) : nullptr;
    if (!spec || spec->requiresText()) return path + ".kind: not a drawn shape";
    if (std::string bad = checkGeometry(d, path); !bad.empty()) return bad;
    const int count = (d.points_size() + d.path_size()) / 2;
    if (count == 0) return path + ": no points";
    if (count > kMaxLivePoints)
        return path + ": " + std::to_string(count) + " points, at most " +
               std::to_string(kMaxLivePoints);
    return {};
}

std::string checkPresence(const v1::Presence& p, const std::string& path) {
    if (p.has_cursor_x() != p.has_cursor_y()) return path + ": cursor_x and cursor_y come together";
    if (p.cursor_x() > kCoordinateSteps || p.cursor_y() > kCoordinateSteps)
        return path + ".cursor: beyond 65535";
    for (int i = 0; i < p.selection_size(); ++i)
        if (std::string bad =
                checkId(p.selection(i), path + ".selection[" + std::to_string(i) + "]");
            !bad.empty())
            return bad;
    if (p.has_compare())
        if (std::string bad = checkCompareView(p.compare(), path + ".compare"); !bad.empty())
            return bad;
    if (p.has_colour())
        if (std::string bad = checkColourView(p.colour(), path + ".colour"); !bad.empty())
            return bad;
    if (p.has_laser())
        if (std::string bad = checkLaser(p.laser(), path + ".laser"); !bad.empty()) return bad;
    if (p.has_drawing()) return checkLiveShape(p.drawing(), path + ".drawing");
    return {};
}

std::string checkFloor(const v1::Floor& f, const std::string& path) {
    if (!v1::FloorMode_IsValid(f.mode())) return path + ".mode: unknown";
    if (f.asking_size() > static_cast<int>(kMaxFloorAsking))
        return path + ".asking: " + std::to_string(f.asking_size()) + " requests, at most " +
               std::to_string(kMaxFloorAsking);
    for (int i = 0; i < f.asking_size(); ++i)
        if (f.asking(i) == 0)
            return path + ".asking[" + std::to_string(i) + "]: 0 is no participant";
    return {};
}

std::string checkFloorRequest(const v1::FloorRequest& r, const std::string& path) {
    switch (r.change_case()) {
        case v1::FloorRequest::CHANGE_NOT_SET:
            return path + ": no change (set_mode, hand_to, ask or decline)";
        case v1::FloorRequest::kSetMode:
            if (!v1::FloorMode_IsValid(r.set_mode())) return path + ".set_mode: unknown mode";
            return {};
        case v1::FloorRequest::kHandTo:
            if (r.hand_to() == 0) return path + ".hand_to: 0 is no participant";
            return {};
        case v1::FloorRequest::kDecline:
            if (r.decline() == 0) return path + ".decline: 0 is no participant";
            return {};
        case v1::FloorRequest::kAsk:
            return {};
    }
    return {};
}

std::string checkParticipants(const v1::Participants& p, const std::string& path) {
    if (p.has_floor())
        if (std::string bad = checkFloor(p.floor(), path + ".floor"); !bad.empty()) return bad;
    for (int i = 0; i < p.participants_size(); ++i) {
        const auto& entry = p.participants(i);
        const std::string at = path + ".participants[" + std::to_string(i) + "]";
        if (entry.number() == 0) return at + ".number: missing (numbers start at 1)";
        if (entry.name().empty()) return at + ".name: missing";
        if (!roleFromWire(entry.role(), model::Role::Viewer))
            return at + ".role: unknown role " + std::to_string(entry.role());
    }
    return {};
}

std::string unknownBodyError(const v1::Envelope& envelope) {
    const pb::UnknownFieldSet& unknown = envelope.GetReflection()->GetUnknownFields(envelope);
    for (int i = 0; i < unknown.field_count(); ++i)
        if (unknown.field(i).number() != 1)
            return "unknown message type (Envelope field " +
                   std::to_string(unknown.field(i).number()) + ")";
    return "empty Envelope: no message";
}

std::string checkBody(const v1::Envelope& e, const std::string& prefix, uint32_t version,
                      bool nested) {
    using E = v1::Envelope;
    const std::string at = prefix + bodyName(e);
    switch (e.body_case()) {
        case E::BODY_NOT_SET:
            return prefix + unknownBodyError(e);
        case E::kOperation:
            return checkOperation(e.operation(), at, false);
        case E::kBroadcast:
            for (int i = 0; i < e.broadcast().operations_size(); ++i)
                if (std::string bad =
                        checkOperation(e.broadcast().operations(i),
                                       at + ".operations[" + std::to_string(i) + "]", true);
                    !bad.empty())
                    return bad;
            return {};
        case E::kAck:
            if (std::string bad = checkId(e.ack().op_id(), at + ".op_id"); !bad.empty()) return bad;
            if (e.ack().sequence() == 0) return at + ".sequence: missing";
            return {};
        case E::kPresence:
            return checkPresence(e.presence(), at);
        case E::kBatch: {
            if (nested) return at + ": a batch inside a batch";
            for (int i = 0; i < e.batch().messages_size(); ++i) {
                const v1::Envelope& inner = e.batch().messages(i);
                const std::string innerAt = at + ".messages[" + std::to_string(i) + "].";
                if (inner.protocol_version() != 0 && inner.protocol_version() != version)
                    return innerAt +
                           "protocol_version: " + std::to_string(inner.protocol_version()) +
                           " differs from the batch's " + std::to_string(version);
                if (std::string bad = checkBody(inner, innerAt, version, true); !bad.empty())
                    return bad;
            }
            return {};
        }
        case E::kParticipants:
            return checkParticipants(e.participants(), at);
        case E::kFloorRequest:
            return checkFloorRequest(e.floor_request(), at);
        case E::kJoin:
            if (e.join().media_id().empty()) return at + ".media_id: missing";
            return {};
        case E::kSnapshot:
            for (int i = 0; i < e.snapshot().annotations_size(); ++i)
                if (std::string bad =
                        checkAnnotation(e.snapshot().annotations(i),
                                        at + ".annotations[" + std::to_string(i) + "]", false);
                    !bad.empty())
                    return bad;
            for (int i = 0; i < e.snapshot().deleted_size(); ++i)
                if (std::string bad = checkId(e.snapshot().deleted(i),
                                              at + ".deleted[" + std::to_string(i) + "]");
                    !bad.empty())
                    return bad;
            return {};
        case E::kReplay:
            for (int i = 0; i < e.replay().operations_size(); ++i)
                if (std::string bad =
                        checkOperation(e.replay().operations(i),
                                       at + ".operations[" + std::to_string(i) + "]", true);
                    !bad.empty())
                    return bad;
            return {};
        case E::kError:
            if (!e.error().op_id().empty()) return checkId(e.error().op_id(), at + ".op_id");
            return {};
        case E::kHello:
        case E::kWelcome:
        case E::kLeave:
        case E::kReplayRequest:
        case E::kPing:
        case E::kPong:
            return {};
    }
    return {};
}

// ---- Wire-format diagnosis ----------------------------------------------------------------------
// Walks the bytes with the schema before the protobuf parser sees them, so that a refusal says
// where and why ("truncated", "invalid UTF-8", ...) and the parser never logs about bad input.

bool validUtf8(const uint8_t* s, size_t n) {
    size_t i = 0;
    while (i < n) {
        const uint8_t c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int len;
        uint32_t cp;
        if ((c & 0xe0) == 0xc0) {
            len = 2;
            cp = c & 0x1f;
        } else if ((c & 0xf0) == 0xe0) {
            len = 3;
            cp = c & 0x0f;
        } else if ((c & 0xf8) == 0xf0) {
            len = 4;
            cp = c & 0x07;
        } else
            return false;
        if (i + static_cast<size_t>(len) > n) return false;
        for (int k = 1; k < len; ++k) {
            if ((s[i + k] & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (s[i + k] & 0x3f);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += static_cast<size_t>(len);
    }
    return true;
}

class WireScanner {
  public:
    explicit WireScanner(const uint8_t* begin) : begin_(begin) {}

    // Returns the first problem, or an empty string.
    std::string scan(const uint8_t* p, const uint8_t* end, const pb::Descriptor* type,
                     const std::string& path, int depth) {
        if (depth > kMaxDepth)
            return at(path) + "nested more than " + std::to_string(kMaxDepth) + " levels deep";
        std::map<int, int> seen;  // repeated message fields: index for the path
        while (p < end) {
            const size_t tagOffset = offset(p);
            uint64_t tag = 0;
            if (!readVarint(p, end, tag))
                return at(path) + "truncated field tag at byte " + std::to_string(tagOffset);
            if (offset(p) - tagOffset > 5)
                return at(path) + "overlong field tag at byte " + std::to_string(tagOffset);
            const uint64_t number = tag >> 3;
            const int wireType = static_cast<int>(tag & 7);
            if (number == 0 || number > 536870911)
                return at(path) + "invalid field number " + std::to_string(number) + " at byte " +
                       std::to_string(tagOffset);
            const pb::FieldDescriptor* field =
                type ? type->FindFieldByNumber(static_cast<int>(number)) : nullptr;
            const std::string name = field ? field->name() : "field " + std::to_string(number);
            switch (wireType) {
                case 0: {
                    uint64_t ignored;
                    if (!readVarint(p, end, ignored))
                        return at(path) + "truncated or overlong varint in " + name + " at byte " +
                               std::to_string(tagOffset);
                    break;
                }
                case 1:
                case 5: {
                    const size_t width = wireType == 1 ? 8 : 4;
                    if (static_cast<size_t>(end - p) < width)
                        return at(path) + "truncated: " + name + " needs " + std::to_string(width) +
                               " bytes at byte " + std::to_string(offset(p)) + ", only " +
                               std::to_string(end - p) + " remain";
                    p += width;
                    break;
                }
                case 2: {
                    uint64_t length = 0;
                    const size_t lengthOffset = offset(p);
                    if (!readVarint(p, end, length))
                        return at(path) + "truncated length of " + name + " at byte " +
                               std::to_string(tagOffset);
                    // The protobuf parser reads a length as a 32-bit varint (at most 5 bytes)
                    // and refuses a longer one, even a zero padded with 0x80 bytes (found by
                    // fuzz_envelope).
                    if (offset(p) - lengthOffset > 5)
                        return at(path) + "overlong length of " + name + " at byte " +
                               std::to_string(lengthOffset);
                    if (length > static_cast<uint64_t>(end - p))
                        return at(path) + "truncated: " + name + " declares " +
                               std::to_string(length) + " bytes at byte " +
                               std::to_string(offset(p)) + ", only " + std::to_string(end - p) +
                               " remain";
                    const uint8_t* value = p;
                    p += length;
                    if (!field) break;
                    std::string inner = path.empty() ? name : path + "." + name;
                    if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
                        if (field->is_repeated())
                            inner += "[" + std::to_string(seen[field->number()]++) + "]";
                        if (std::string bad =
                                scan(value, p, field->message_type(), inner, depth + 1);
                            !bad.empty())
                            return bad;
                    } else if (field->type() == pb::FieldDescriptor::TYPE_STRING) {
                        if (!validUtf8(value, length)) return inner + ": invalid UTF-8";
                    } else if (field->is_packable()) {
                        if (std::string bad = scanPacked(value, p, field, inner); !bad.empty())
                            return bad;
                    }
                    break;
                }
                case 3:
                case 4:
                    return at(path) + "groups (wire types 3 and 4) are not used; " + name +
                           " at byte " + std::to_string(tagOffset);
                default:
                    return at(path) + "invalid wire type " + std::to_string(wireType) + " for " +
                           name + " at byte " + std::to_string(tagOffset);
            }
        }
        return {};
    }

  private:
    static constexpr int kMaxDepth = 100;  // as the protobuf parser's recursion limit

    std::string scanPacked(const uint8_t* p, const uint8_t* end, const pb::FieldDescriptor* field,
                           const std::string& path) {
        switch (field->type()) {
            case pb::FieldDescriptor::TYPE_FIXED32:
            case pb::FieldDescriptor::TYPE_SFIXED32:
            case pb::FieldDescriptor::TYPE_FLOAT:
                if ((end - p) % 4)
                    return path + ": packed fixed32 values not a multiple of 4 bytes";
                return {};
            case pb::FieldDescriptor::TYPE_FIXED64:
            case pb::FieldDescriptor::TYPE_SFIXED64:
            case pb::FieldDescriptor::TYPE_DOUBLE:
                if ((end - p) % 8)
                    return path + ": packed fixed64 values not a multiple of 8 bytes";
                return {};
            default:
                while (p < end) {
                    uint64_t ignored;
                    if (!readVarint(p, end, ignored))
                        return path + ": truncated packed varint at byte " +
                               std::to_string(offset(p));
                }
                return {};
        }
    }

    static bool readVarint(const uint8_t*& p, const uint8_t* end, uint64_t& value) {
        value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (p >= end) return false;
            const uint8_t byte = *p++;
            value |= static_cast<uint64_t>(byte & 0x7f) << (shift < 64 ? shift : 0);
            if (!(byte & 0x80)) return true;
        }
        return false;  // more than 10 bytes
    }

    static std::string at(const std::string& path) {
        return path.empty() ? std::string() : path + ": ";
    }
    size_t offset(const uint8_t* p) const { return static_cast<size_t>(p - begin_); }

    const uint8_t* begin_;
};

}  // namespace

std::string idBytes(const QUuid& id) {
    const QByteArray bytes = id.toRfc4122();
    return std::string(bytes.constData(), static_cast<size_t>(bytes.size()));
}

std::optional<QUuid> idFromBytes(const std::string& bytes) {
    if (bytes.size() != 16) return std::nullopt;
    return QUuid::fromRfc4122(QByteArrayView(bytes.data(), 16));
}

std::optional<model::Role> roleFromWire(int role, model::Role fallback) {
    switch (role) {
        case v1::ROLE_UNSPECIFIED:
            return fallback;
        case v1::ROLE_VIEWER:
            return model::Role::Viewer;
        case v1::ROLE_REVIEWER:
            return model::Role::Reviewer;
        case v1::ROLE_ADMIN:
            return model::Role::Admin;
        default:
            return std::nullopt;
    }
}

v1::Role roleToWire(model::Role role) {
    switch (role) {
        case model::Role::Viewer:
            return v1::ROLE_VIEWER;
        case model::Role::Reviewer:
            return v1::ROLE_REVIEWER;
        case model::Role::Admin:
            return v1::ROLE_ADMIN;
    }
    return v1::ROLE_UNSPECIFIED;
}

// ---- Public: model <-> messages
// -------------------------------------------------------------------

v1::Operation operationToWire(const model::Operation& op, const RoomContext& room) {
    v1::Operation w;
    w.set_op_id(idBytes(op.opId));
    w.set_target(idBytes(op.target));
    w.set_type(typeToWire(op.type));
    w.set_time_ms(op.timeMs);
    if (const Participant* p = room.participants.find(op.actor)) {
        w.set_actor(p->number);
        if (p->role != op.actorRole) w.set_actor_role(roleToWire(op.actorRole));
    } else {
        w.set_actor_name(utf8(op.actor));
        w.set_actor_role(roleToWire(op.actorRole));
    }
    w.set_sequence(static_cast<uint64_t>(op.sequence));
    if (op.mediaId != room.mediaId) w.set_media_id(utf8(op.mediaId));
    const Scope scope{true, op.timeMs, op.actor, op.actorRole, op.target};
    switch (op.type) {
        case model::OpType::Create:
            annotationToWire(op.annotation, scope, room, *w.mutable_annotation());
            break;
        case model::OpType::SetFields:
            changesToWire(op.changes, *w.mutable_changes());
            break;
        case model::OpType::Resolve:
        case model::OpType::Reopen:
            if (!(op.changes == impliedChanges(op.type)))
                changesToWire(op.changes, *w.mutable_changes());
            break;
        case model::OpType::Reply:
        case model::OpType::EditReply:
            replyToWire(op.reply, scope, room, *w.mutable_reply());
            break;
        case model::OpType::Delete:
            break;
    }
    return w;
}

Result<model::Operation> operationFromWire(const v1::Operation& w, const RoomContext& room) {
    if (std::string bad = checkOperation(w, "operation", false); !bad.empty())
        return makeError(bad);
    model::Operation op;
    op.opId = *idFromBytes(w.op_id());
    op.target = *idFromBytes(w.target());
    op.type = *typeFromWire(w.type());
    op.timeMs = w.time_ms();
    model::Role announced = model::Role::Reviewer;
    if (w.actor() != 0) {
        const Participant* p = room.participants.find(w.actor());
        if (!p)
            return makeError("operation.actor: participant " + std::to_string(w.actor()) +
                             " is unknown in this room");
        op.actor = p->name;
        announced = p->role;
    } else {
        op.actor = fromUtf8(w.actor_name());
    }
    const auto role = roleFromWire(w.actor_role(), announced);
    if (!role)
        return makeError("operation.actor_role: unknown role " + std::to_string(w.actor_role()));
    op.actorRole = *role;
    op.sequence = static_cast<int64_t>(w.sequence());
    op.mediaId = w.has_media_id() ? fromUtf8(w.media_id()) : room.mediaId;
    const Scope scope{true, op.timeMs, op.actor, op.actorRole, op.target};
    switch (op.type) {
        case model::OpType::Create: {
            auto a = annotationFromWire(w.annotation(), scope, room, "operation.annotation");
            if (!a) return makeError(a.error());
            op.annotation = std::move(*a);
            break;
        }
        case model::OpType::SetFields:
        case model::OpType::Resolve:
        case model::OpType::Reopen: {
            if (!w.has_changes()) {
                op.changes = impliedChanges(op.type);
                break;
            }
            auto c = changesFromWire(w.changes(), "operation.changes");
            if (!c) return makeError(c.error());
            op.changes = std::move(*c);
            break;
        }
        case model::OpType::Reply:
        case model::OpType::EditReply: {
            auto r = replyFromWire(w.reply(), scope, room, "operation.reply");
            if (!r) return makeError(r.error());
            op.reply = std::move(*r);
            break;
        }
        case model::OpType::Delete:
            break;
    }
    return op;
}

v1::Annotation annotationToWire(const model::Annotation& annotation, const RoomContext& room) {
    v1::Annotation w;
    annotationToWire(annotation, Scope{}, room, w);
    return w;
}

Result<model::Annotation> annotationFromWire(const v1::Annotation& wire, const RoomContext& room) {
    return annotationFromWire(wire, Scope{}, room, "annotation");
}

v1::Presence presenceToWire(const Presence& presence) {
    v1::Presence w;
    w.set_participant(presence.participant);
    if (presence.cursor) {
        w.set_cursor_x(coordinateToWire(presence.cursor->x));
        w.set_cursor_y(coordinateToWire(presence.cursor->y));
    }
    w.set_playhead_frame(presence.playheadFrame);
    for (const QUuid& id : presence.selection) w.add_selection(idBytes(id));
    w.set_playing(presence.playing);
    w.set_presenting(presence.presenting);
    w.set_following(presence.following);
    if (presence.color) w.set_color(*presence.color);
    if (const auto& c = presence.compare) {
        v1::CompareView* view = w.mutable_compare();
        view->set_b_media_id(c->bMediaId.toStdString());
        view->set_b_name(c->bName.toStdString());
        view->set_mode(static_cast<v1::CompareMode>(c->mode));
        view->set_offset(c->offset);
        view->set_wipe(coordinateToWire(c->wipe));
        view->set_wipe_across(c->wipeAcross);
        view->set_gain(static_cast<uint32_t>(c->gain));
    }
    if (const auto& c = presence.colour) {
        v1::ColourView* view = w.mutable_colour();
        view->set_managed(c->managed);
        if (c->managed) {
            view->set_input_space(c->inputSpace.toStdString());
            view->set_view(c->view.toStdString());
        }
        view->set_exposure(static_cast<int32_t>(std::lround(c->exposure * 100)));
        view->set_gamma(static_cast<uint32_t>(std::lround(c->gamma * 100)));
        view->set_channel(static_cast<v1::PictureChannel>(c->channel));
    }
    if (const auto& laser = presence.laser) {
        v1::Laser* trail = w.mutable_laser();
        pointsToWire(laser->points, true, *trail);
        for (const uint32_t age : laser->agesMs) trail->add_ages_ms(age);
        trail->set_down(laser->down);
    }
    if (const auto& drawing = presence.drawing) {
        v1::LiveShape* live = w.mutable_drawing();
        live->set_kind(kindToWire(drawing->kind));
        if (!styleIsDefault(drawing->style)) styleToWire(drawing->style, *live->mutable_style());
        pointsToWire(drawing->points, usesPath(drawing->kind), *live);
    }
    return w;
}

Result<Presence> presenceFromWire(const v1::Presence& w) {
    if (std::string bad = checkPresence(w, "presence"); !bad.empty()) return makeError(bad);
    Presence p;
    p.participant = w.participant();
    if (w.has_cursor_x())
        p.cursor = model::Point{coordinateFromWire(w.cursor_x()), coordinateFromWire(w.cursor_y())};
    p.playheadFrame = w.playhead_frame();
    for (const std::string& id : w.selection()) p.selection.push_back(*idFromBytes(id));
    p.playing = w.playing();
    p.presenting = w.presenting();
    p.following = w.following();
    if (w.has_color()) p.color = w.color();
    if (w.has_compare()) {
        const v1::CompareView& c = w.compare();
        p.compare = CompareView{QString::fromStdString(c.b_media_id()),
                                QString::fromUtf8(c.b_name()),
                                static_cast<int>(c.mode()),
                                c.offset(),
                                coordinateFromWire(c.wipe()),
                                c.wipe_across(),
                                static_cast<int>(c.gain())};
    }
    if (w.has_colour()) {
        const v1::ColourView& c = w.colour();
        p.colour = ColourView{c.managed(),
                              QString::fromUtf8(c.input_space()),
                              QString::fromUtf8(c.view()),
                              c.exposure() / 100.0,
                              c.gamma() == 0 ? 1.0 : c.gamma() / 100.0,
                              static_cast<int>(c.channel())};
    }
    if (w.has_laser())
        p.laser = LaserTrail{pointsFromWire(w.laser()),
                             {w.laser().ages_ms().begin(), w.laser().ages_ms().end()},
                             w.laser().down()};
    if (w.has_drawing())
        p.drawing = LiveShape{*kindFromWire(w.drawing().kind()), styleFromWire(w.drawing().style()),
                              pointsFromWire(w.drawing())};
    return p;
}

v1::Participants participantsToWire(const ParticipantTable& table, uint32_t you, bool full) {
    v1::Participants w;
    for (const Participant& p : table.entries()) {
        v1::Participant* entry = w.add_participants();
        entry->set_number(p.number);
        entry->set_name(utf8(p.name));
        entry->set_role(roleToWire(p.role));
        entry->set_online(p.online);
    }
    w.set_you(you);
    w.set_full(full);
    return w;
}

Status applyParticipants(const v1::Participants& wire, ParticipantTable& table) {
    if (std::string bad = checkParticipants(wire, "participants"); !bad.empty())
        return makeError(bad);
    if (wire.full()) table.clear();
    for (const v1::Participant& entry : wire.participants())
        table.set({entry.number(), fromUtf8(entry.name()),
                   *roleFromWire(entry.role(), model::Role::Viewer), entry.online()});
    return Ok{};
}

v1::Floor floorToWire(const Floor& floor) {
    v1::Floor w;
    w.set_mode(floor.mode == FloorMode::PresenterLed ? v1::FLOOR_MODE_PRESENTER_LED
                                                     : v1::FLOOR_MODE_OPEN);
    w.set_presenter(floor.presenter);
    for (uint32_t number : floor.asking) w.add_asking(number);
    return w;
}

Result<Floor> floorFromWire(const v1::Floor& w) {
    if (std::string bad = checkFloor(w, "floor"); !bad.empty()) return makeError(bad);
    Floor floor;
    floor.mode =
        w.mode() == v1::FLOOR_MODE_PRESENTER_LED ? FloorMode::PresenterLed : FloorMode::Open;
    floor.presenter = w.presenter();
    floor.asking.assign(w.asking().begin(), w.asking().end());
    return floor;
}

v1::FloorRequest floorChangeToWire(const FloorChange& change) {
    v1::FloorRequest w;
    using Kind = FloorChange::Kind;
    switch (change.kind) {
        case Kind::SetMode:
            w.set_set_mode(change.mode == FloorMode::PresenterLed ? v1::FLOOR_MODE_PRESENTER_LED
                                                                  : v1::FLOOR_MODE_OPEN);
            break;
        case Kind::HandTo:
            w.set_hand_to(change.participant);
            break;
        case Kind::Ask:
        case Kind::Withdraw:
            w.set_ask(change.kind == Kind::Ask);
            break;
        case Kind::Decline:
            w.set_decline(change.participant);
            break;
    }
    return w;
}

Result<FloorChange> floorChangeFromWire(const v1::FloorRequest& w) {
    if (std::string bad = checkFloorRequest(w, "floor_request"); !bad.empty())
        return makeError(bad);
    using Kind = FloorChange::Kind;
    switch (w.change_case()) {
        case v1::FloorRequest::kSetMode:
            return FloorChange{Kind::SetMode,
                               w.set_mode() == v1::FLOOR_MODE_PRESENTER_LED
                                   ? FloorMode::PresenterLed
                                   : FloorMode::Open,
                               0};
        case v1::FloorRequest::kHandTo:
            return FloorChange{Kind::HandTo, FloorMode::Open, w.hand_to()};
        case v1::FloorRequest::kDecline:
            return FloorChange{Kind::Decline, FloorMode::Open, w.decline()};
        case v1::FloorRequest::kAsk:
            return FloorChange{w.ask() ? Kind::Ask : Kind::Withdraw, FloorMode::Open, 0};
        case v1::FloorRequest::CHANGE_NOT_SET:
            break;
    }
    return makeError("floor_request: no change");
}

// ---- Public: envelopes
// ----------------------------------------------------------------------------

v1::Envelope newEnvelope() {
    v1::Envelope e;
    e.set_protocol_version(kProtocolVersion);
    return e;
}

v1::Envelope operationEnvelope(const model::Operation& op, const RoomContext& room) {
    v1::Envelope e = newEnvelope();
    *e.mutable_operation() = operationToWire(op, room);
    return e;
}

v1::Envelope broadcastEnvelope(std::span<const model::Operation> ops, const RoomContext& room) {
    v1::Envelope e = newEnvelope();
    auto* list = e.mutable_broadcast()->mutable_operations();
    list->Reserve(static_cast<int>(ops.size()));
    for (const model::Operation& op : ops) *list->Add() = operationToWire(op, room);
    return e;
}

v1::Envelope ackEnvelope(const QUuid& opId, int64_t sequence) {
    v1::Envelope e = newEnvelope();
    e.mutable_ack()->set_op_id(idBytes(opId));
    e.mutable_ack()->set_sequence(static_cast<uint64_t>(sequence));
    return e;
}

v1::Envelope batchEnvelope(std::vector<v1::Envelope> messages) {
    v1::Envelope e = newEnvelope();
    auto* list = e.mutable_batch()->mutable_messages();
    list->Reserve(static_cast<int>(messages.size()));
    for (v1::Envelope& m : messages) {
        m.clear_protocol_version();
        list->Add(std::move(m));
    }
    return e;
}

std::string encodeEnvelope(const v1::Envelope& envelope) { return envelope.SerializeAsString(); }

std::vector<QUuid> operationIds(const v1::Envelope& envelope) {
    std::vector<QUuid> ids;
    const auto add = [&](const v1::Envelope& e) {
        if (!e.has_operation()) return;
        if (const std::optional<QUuid> id = idFromBytes(e.operation().op_id())) ids.push_back(*id);
    };
    add(envelope);
    if (envelope.has_batch())
        for (const v1::Envelope& inner : envelope.batch().messages()) add(inner);
    return ids;
}

namespace {

// The same as operationIds() for bytes refused before they were parsed (too large): what the parser
// can read.
std::vector<QUuid> readableOperationIds(std::string_view bytes) {
    v1::Envelope envelope;
    if (bytes.size() > static_cast<size_t>(INT_MAX) ||
        !envelope.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return {};
    return operationIds(envelope);
}

}  // namespace

Result<v1::Envelope> decodeEnvelope(std::string_view bytes, const DecodeOptions& options,
                                    DecodeFailure* failure) {
    DecodeFailure local;
    DecodeFailure& why = failure ? *failure : local;
    why = DecodeFailure{};
    const auto refuse = [&](v1::ErrorCode code, std::string message) {
        why.code = code;
        return makeError(std::move(message));
    };
    if (bytes.empty()) return refuse(v1::ERROR_CODE_MALFORMED, "empty message (0 bytes)");
    const size_t cap = std::min<size_t>(options.maxBytes, INT_MAX);
    if (bytes.size() > cap) {
        why.opIds = readableOperationIds(bytes);
        return refuse(v1::ERROR_CODE_TOO_LARGE, "message of " + std::to_string(bytes.size()) +
                                                    " bytes is over the cap of " +
                                                    std::to_string(cap) + " bytes");
    }
    const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
    WireScanner scanner(data);
    if (std::string bad =
            scanner.scan(data, data + bytes.size(), v1::Envelope::descriptor(), "", 0);
        !bad.empty())
        return refuse(v1::ERROR_CODE_MALFORMED, "malformed Envelope: " + bad);
    v1::Envelope envelope;
    if (!envelope.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        return refuse(v1::ERROR_CODE_MALFORMED,
                      "malformed Envelope: the protobuf parser refused it");
    why.peerVersion = envelope.protocol_version();
    if (envelope.protocol_version() == 0)
        return refuse(
            v1::ERROR_CODE_VERSION_MISMATCH,
            "protocol_version missing: every Envelope states it (this side speaks version " +
                std::to_string(options.version) + ")");
    if (envelope.protocol_version() != options.version)
        return refuse(v1::ERROR_CODE_VERSION_MISMATCH,
                      "protocol version " + std::to_string(envelope.protocol_version()) +
                          " is not supported: this side speaks version " +
                          std::to_string(options.version));
    if (envelope.body_case() == v1::Envelope::BODY_NOT_SET)
        return refuse(v1::ERROR_CODE_UNKNOWN_MESSAGE_TYPE, unknownBodyError(envelope));
    if (std::string bad = checkBody(envelope, "", options.version, false); !bad.empty()) {
        why.opIds = operationIds(envelope);
        const bool unknownInner = bad.find("unknown message type") != std::string::npos;
        return refuse(unknownInner ? v1::ERROR_CODE_UNKNOWN_MESSAGE_TYPE : v1::ERROR_CODE_MALFORMED,
                      bad);
    }
    return envelope;
}

Status checkEnvelope(const v1::Envelope& envelope, uint32_t version) {
    if (envelope.protocol_version() != version)
        return makeError("protocol version " + std::to_string(envelope.protocol_version()) +
                         " is not supported: this side speaks version " + std::to_string(version));
    if (std::string bad = checkBody(envelope, "", version, false); !bad.empty())
        return makeError(bad);
    return Ok{};
}

v1::Envelope errorEnvelope(v1::ErrorCode code, const std::string& message, const QUuid& opId) {
    v1::Envelope e = newEnvelope();
    v1::Error* error = e.mutable_error();
    error->set_code(code);
    error->set_message(message);
    if (!opId.isNull()) error->set_op_id(idBytes(opId));
    error->set_fatal(code == v1::ERROR_CODE_VERSION_MISMATCH ||
                     code == v1::ERROR_CODE_UNAUTHENTICATED ||
                     code == v1::ERROR_CODE_SLOW_CONSUMER || code == v1::ERROR_CODE_SHUTTING_DOWN);
    if (code == v1::ERROR_CODE_VERSION_MISMATCH) error->set_supported_version(kProtocolVersion);
    return e;
}

v1::Envelope refusalEnvelope(const std::string& message, const DecodeFailure& failure) {
    v1::Envelope e = errorEnvelope(failure.code, message);
    // Written in the peer's version, so that a peer speaking another version can read it.
    if (failure.code == v1::ERROR_CODE_VERSION_MISMATCH && failure.peerVersion != 0)
        e.set_protocol_version(failure.peerVersion);
    return e;
}

std::string bodyName(const v1::Envelope& envelope) {
    if (envelope.body_case() == v1::Envelope::BODY_NOT_SET) return "none";
    const pb::FieldDescriptor* field =
        v1::Envelope::descriptor()->FindFieldByNumber(envelope.body_case());
    return field ? field->name() : "none";
}

}  // namespace framenote::sync
