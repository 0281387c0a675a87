#include "core/store/stored_form.h"

#include <cstring>

namespace framenote::store {

namespace {

constexpr uint8_t kAnnotationTag = 0xA1;
constexpr uint8_t kOperationTag = 0x01;

class Writer {
  public:
    Writer() { out_.reserve(256); }
    QByteArray take() { return std::move(out_); }

    void byte(uint8_t v) { out_.append(static_cast<char>(v)); }
    void uvar(uint64_t v) {
        char buf[10];
        int n = 0;
        while (v >= 0x80) {
            buf[n++] = static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        buf[n++] = static_cast<char>(v);
        out_.append(buf, n);
    }
    void svar(int64_t v) { uvar((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
    void real(double v) {
        uint64_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        char buf[8];
        for (int i = 0; i < 8; ++i) buf[i] = static_cast<char>(bits >> (8 * i));
        out_.append(buf, 8);
    }
    void uuid(const QUuid& id) { out_.append(id.toRfc4122()); }
    void string(const QString& s) {
        const QByteArray utf8 = s.toUtf8();
        uvar(static_cast<uint64_t>(utf8.size()));
        out_.append(utf8);
    }
    void strings(const QStringList& list) {
        uvar(static_cast<uint64_t>(list.size()));
        for (const QString& s : list) string(s);
    }
    void points(const std::vector<model::Point>& points) {
        uvar(points.size());
        for (const model::Point& p : points) {
            real(p.x);
            real(p.y);
        }
    }
    void style(const model::Style& s) {
        uvar(s.color);
        real(s.width);
        byte(s.filled ? 1 : 0);
        uvar(s.fill);
    }
    void reply(const model::Reply& r) {
        uuid(r.id);
        string(r.author);
        string(r.text);
        svar(r.createdMs);
        svar(r.updatedMs);
        byte(r.deleted ? 1 : 0);
    }
    void body(const model::Annotation& a) {
        uuid(a.id);
        string(a.mediaId);
        svar(a.firstFrame);
        svar(a.lastFrame);
        string(model::kindName(a));
        points(a.points);
        style(a.style);
        string(a.text);
        string(a.author);
        byte(static_cast<uint8_t>(a.creatorRole));
        svar(a.createdMs);
        svar(a.updatedMs);
        byte(static_cast<uint8_t>(a.status));
        strings(a.tags);
        uvar(a.replies.size());
        for (const model::Reply& r : a.replies) reply(r);
    }
    void changes(const model::FieldChanges& c) {
        const auto bit = [](model::Field f) { return static_cast<uint8_t>(1u << int(f)); };
        uint8_t present = 0;
        if (c.points) present |= bit(model::Field::Points);
        if (c.style) present |= bit(model::Field::Style);
        if (c.frames) present |= bit(model::Field::Frames);
        if (c.text) present |= bit(model::Field::Text);
        if (c.status) present |= bit(model::Field::Status);
        if (c.tags) present |= bit(model::Field::Tags);
        byte(present);
        if (c.points) points(*c.points);
        if (c.style) style(*c.style);
        if (c.frames) {
            svar(c.frames->first);
            svar(c.frames->second);
        }
        if (c.text) string(*c.text);
        if (c.status) byte(static_cast<uint8_t>(*c.status));
        if (c.tags) strings(*c.tags);
    }

  private:
    QByteArray out_;
};

// Reads the form back; the first problem stops everything and is kept with what was being read.
class Reader {
  public:
    explicit Reader(QByteArrayView bytes)
        : at_(reinterpret_cast<const uint8_t*>(bytes.data())), end_(at_ + bytes.size()) {}

    bool ok() const { return error_ == nullptr; }
    const char* error() const { return error_; }
    bool atEnd() const { return at_ == end_; }
    void fail(const char* what) {
        if (!error_) error_ = what;
        at_ = end_;  // every later read fails fast and returns zeros
    }

    uint8_t byte(const char* what) {
        if (at_ == end_) {
            fail(what);
            return 0;
        }
        return *at_++;
    }
    uint64_t uvar(const char* what) {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const uint8_t b = byte(what);
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        fail(what);
        return 0;
    }
    int64_t svar(const char* what) {
        const uint64_t v = uvar(what);
        return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
    }
    uint32_t u32(const char* what) {
        const uint64_t v = uvar(what);
        if (v > UINT32_MAX) fail(what);
        return static_cast<uint32_t>(v);
    }
    double real(const char* what) {
        if (end_ - at_ < 8) {
            fail(what);
            return 0;
        }
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) bits |= uint64_t(at_[i]) << (8 * i);
        at_ += 8;
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }
    QUuid uuid(const char* what) {
        if (end_ - at_ < 16) {
            fail(what);
            return {};
        }
        const QUuid id = QUuid::fromRfc4122(QByteArrayView(at_, 16));
        at_ += 16;
        return id;
    }
    QString string(const char* what) {
        const uint64_t n = uvar(what);
        if (n > uint64_t(end_ - at_)) {
            fail(what);
            return {};
        }
        const QString s = QString::fromUtf8(reinterpret_cast<const char*>(at_), qsizetype(n));
        at_ += n;
        return s;
    }
    // A list count, checked against what is left (each item takes at least `minBytes`), so a
    // damaged count cannot make the caller reserve gigabytes.
    size_t count(const char* what, size_t minBytes) {
        const uint64_t n = uvar(what);
        if (n > uint64_t(end_ - at_) / minBytes) {
            fail(what);
            return 0;
        }
        return static_cast<size_t>(n);
    }
    QStringList strings(const char* what) {
        QStringList list;
        const size_t n = count(what, 1);
        list.reserve(qsizetype(n));
        for (size_t i = 0; i < n && ok(); ++i) list.append(string(what));
        return list;
    }
    bool flag(const char* what) {
        const uint8_t b = byte(what);
        if (b > 1) fail(what);
        return b == 1;
    }
    template <typename Enum>
    Enum enumeration(const char* what, Enum last) {
        const uint8_t b = byte(what);
        if (b > static_cast<uint8_t>(last)) fail(what);
        return static_cast<Enum>(b);
    }
    std::vector<model::Point> points() {
        std::vector<model::Point> list(count("points", 16));
        for (model::Point& p : list) {
            p.x = real("points");
            p.y = real("points");
        }
        return list;
    }
    model::Style style() {
        model::Style s;
        s.color = u32("style.color");
        s.width = real("style.width");
        s.filled = flag("style.filled");
        s.fill = u32("style.fill");
        return s;
    }
    model::Reply reply() {
        model::Reply r;
        r.id = uuid("reply.id");
        r.author = string("reply.author");
        r.text = string("reply.text");
        r.createdMs = svar("reply.created_ms");
        r.updatedMs = svar("reply.updated_ms");
        r.deleted = flag("reply.deleted");
        return r;
    }
    model::Annotation body() {
        model::Annotation a;
        a.id = uuid("id");
        a.mediaId = string("media_id");
        a.firstFrame = svar("frames");
        a.lastFrame = svar("frames");
        model::setKindFromName(a, string("kind"));
        a.points = points();
        a.style = style();
        a.text = string("text");
        a.author = string("author");
        a.creatorRole = enumeration("role", model::Role::Admin);
        a.createdMs = svar("created_ms");
        a.updatedMs = svar("updated_ms");
        a.status = enumeration("status", model::Status::Resolved);
        a.tags = strings("tags");
        const size_t replies = count("replies", 16);
        a.replies.reserve(replies);
        for (size_t i = 0; i < replies && ok(); ++i) a.replies.push_back(reply());
        return a;
    }
    model::FieldChanges changes() {
        model::FieldChanges c;
        const uint8_t present = byte("changes");
        if (present >> model::kFieldCount) fail("changes");
        const auto has = [&](model::Field f) { return ok() && (present & (1u << int(f))); };
        if (has(model::Field::Points)) c.points = points();
        if (has(model::Field::Style)) c.style = style();
        if (has(model::Field::Frames)) {
            const int64_t first = svar("changes.frames");
            c.frames = std::make_pair(first, svar("changes.frames"));
        }
        if (has(model::Field::Text)) c.text = string("changes.text");
        if (has(model::Field::Status))
            c.status = enumeration("changes.status", model::Status::Resolved);
        if (has(model::Field::Tags)) c.tags = strings("changes.tags");
        return c;
    }

  private:
    const uint8_t* at_;
    const uint8_t* end_;
    const char* error_ = nullptr;
};

Error unreadable(const QString& file, const char* what, const Reader& r) {
    return makeError(file.toStdString() + ": a stored " + what + " is unreadable (at " + r.error() +
                     ")");
}

}  // namespace

QByteArray encodeAnnotation(const model::Annotation& annotation) {
    Writer w;
    w.byte(kAnnotationTag);
    w.body(annotation);
    return w.take();
}

QByteArray encodeOperation(const model::Operation& op) {
    Writer w;
    w.byte(kOperationTag);
    w.uuid(op.opId);
    w.string(op.actor);
    w.byte(static_cast<uint8_t>(op.actorRole));
    w.svar(op.timeMs);
    w.string(op.mediaId);
    w.byte(static_cast<uint8_t>(op.type));
    w.uuid(op.target);
    switch (op.type) {
        case model::OpType::Create:
            w.body(op.annotation);
            break;
        case model::OpType::SetFields:
        case model::OpType::Resolve:
        case model::OpType::Reopen:
            w.changes(op.changes);
            break;
        case model::OpType::Reply:
        case model::OpType::EditReply:
            w.reply(op.reply);
            break;
        case model::OpType::Delete:
            break;
    }
    return w.take();
}

Result<model::Annotation> decodeAnnotation(QByteArrayView bytes, const QString& file) {
    Reader r(bytes);
    if (r.byte("form") != kAnnotationTag) r.fail("form: not an annotation of form 1");
    model::Annotation a = r.body();
    if (r.ok() && !r.atEnd()) r.fail("the end: trailing bytes");
    if (!r.ok()) return unreadable(file, "annotation", r);
    return a;
}

Result<model::Operation> decodeOperation(QByteArrayView bytes, int64_t sequence,
                                         const QString& file) {
    Reader r(bytes);
    model::Operation op;
    if (r.byte("form") != kOperationTag) r.fail("form: not an operation of form 1");
    op.opId = r.uuid("op_id");
    op.actor = r.string("actor");
    op.actorRole = r.enumeration("actor_role", model::Role::Admin);
    op.timeMs = r.svar("time_ms");
    op.mediaId = r.string("media_id");
    op.type = r.enumeration("type", model::OpType::Reopen);
    op.target = r.uuid("target");
    if (r.ok()) {
        switch (op.type) {
            case model::OpType::Create:
                op.annotation = r.body();
                break;
            case model::OpType::SetFields:
            case model::OpType::Resolve:
            case model::OpType::Reopen:
                op.changes = r.changes();
                break;
            case model::OpType::Reply:
            case model::OpType::EditReply:
                op.reply = r.reply();
                break;
            case model::OpType::Delete:
                break;
        }
    }
    if (r.ok() && !r.atEnd()) r.fail("the end: trailing bytes");
    if (!r.ok()) return unreadable(file, "operation", r);
    op.sequence = sequence;
    return op;
}

}  // namespace framenote::store
