// Wire protocol sizes (docs/PROTOCOL.md, "Sizes"): generates a realistic review session and prints
// the distribution of encoded Envelope sizes per operation, overall and per type, as a client sends
// them and as the relay broadcasts them, alone and coalesced into batches (optionally deflated),
// plus the codec's CPU cost per operation. Goal: the median operation under 100 bytes on the wire.
//
//   framenote-protocol-sizes [--ops N] [--seed S] [--batch K]
//
// The mix: 40% small moves/resizes of rects, ellipses and arrows (set points), 20% creates of
// rect/arrow/ellipse, 10% freehand strokes of 20-200 points, 10% text notes of 10-120 characters
// (a third of them Chinese), 10% replies, 5% resolves, 5% deletes. A missed goal is marked MISSED;
// the exit status stays 0 (a measurement, not a test) unless a decoded operation differs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#ifdef FRAMENOTE_HAVE_ZLIB
#include <zlib.h>
#endif

#include "bench/bench_cli.h"
#include "core/sync/quantization.h"
#include "core/sync/wire_codec.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;

namespace {

constexpr double kGoalMedianBytes = 100;

struct Stats {
    std::vector<double> values;
    void add(double v) { values.push_back(v); }
    double pct(double p) {
        std::sort(values.begin(), values.end());
        if (values.empty()) return 0;
        const size_t i =
            std::min(values.size() - 1,
                     static_cast<size_t>(std::ceil(p / 100 * values.size())) - (p > 0 ? 1 : 0));
        return values[i];
    }
    double mean() const {
        return values.empty() ? 0
                              : std::accumulate(values.begin(), values.end(), 0.0) / values.size();
    }
};

void printHeader() {
    std::printf("%-24s %7s %6s %6s %6s %6s %6s %8s\n", "", "count", "min", "p50", "p90", "p99",
                "max", "mean");
}

void printRow(const std::string& name, Stats& s) {
    std::printf("%-24s %7zu %6.0f %6.0f %6.0f %6.0f %6.0f %8.1f\n", name.c_str(), s.values.size(),
                s.pct(0), s.pct(50), s.pct(90), s.pct(99), s.pct(100), s.mean());
}

// ---- A generated session
// --------------------------------------------------------------------------

const char* const kEnglish[] = {
    "the",  "flare",     "is",     "too",   "warm",  "here", "fix",     "edge",   "matte",
    "roto", "grain",     "keep",   "this",  "frame", "sky",  "replace", "colour", "shift",
    "left", "stabilize", "please", "check", "focus", "on",   "the",     "actor"};
const char* const kChinese[] = {"色彩", "偏暖", "请",     "修正", "这里", "高光", "边缘",
                                "抠像", "颗粒", "天空",   "替换", "对焦", "演员", "左边",
                                "稳定", "保留", "这一帧", "，",   "。"};

class Session {
  public:
    explicit Session(uint32_t seed) : rng_(seed) {
        const char* names[] = {"ana", "bo", "李雷", "carol", "王芳", "dmitri"};
        const fm::Role roles[] = {fm::Role::Admin,    fm::Role::Reviewer, fm::Role::Reviewer,
                                  fm::Role::Reviewer, fm::Role::Reviewer, fm::Role::Viewer};
        for (int i = 0; i < 6; ++i) {
            table_.assign(names[i], roles[i]);
            people_.push_back({names[i], roles[i]});
        }
        mediaId_ = "9f2c4e0b7d1a5c3e8f6b2d4a0c9e7f1b3d5a7c9e1f3b5d7a9c0e2f4b6d8a0c2e";
        timeMs_ = 1732500000000;
    }

    const fs::ParticipantTable& table() const { return table_; }
    const QString& mediaId() const { return mediaId_; }

    // The next operation and its type label.
    std::pair<fm::Operation, std::string> next() {
        timeMs_ += 200 + rng_() % 3000;
        const auto& [actor, role] = people_[rng_() % 5];  // the viewer only watches
        const double r = unit();
        fm::Operation op;
        std::string label;
        if (shapes_.size() < 3 || (r >= 0.40 && r < 0.60)) {
            op = fm::makeCreate(shape(actor), actor, role);
            shapes_.push_back({op.target, op.annotation.points});
            label = "create shape";
        } else if (r < 0.40) {
            auto& s = shapes_[rng_() % shapes_.size()];
            fm::FieldChanges c;
            c.points = moved(s.points);
            s.points = *c.points;
            op = fm::makeSetFields(mediaId_, s.id, c, actor, role);
            label = "move/resize";
        } else if (r < 0.70) {
            op = fm::makeCreate(freehand(actor), actor, role);
            label = "create freehand";
        } else if (r < 0.80) {
            fm::Annotation a = base(fm::Kind::Text, actor);
            const double x = unit() * 0.8, y = unit() * 0.9;
            a.points = {{x, y}, {x + 0.1 + unit() * 0.1, y + 0.05}};
            a.text = words(10 + static_cast<int>(rng_() % 111));
            op = fm::makeCreate(a, actor, role);
            notes_.push_back(op.target);
            label = "create text";
        } else if (r < 0.90) {
            op = fm::makeReply(mediaId_, anyTarget(), words(10 + static_cast<int>(rng_() % 111)),
                               actor, role);
            label = "reply";
        } else if (r < 0.95) {
            op = fm::makeResolve(mediaId_, anyTarget(), true, actor, role);
            label = "resolve";
        } else {
            const size_t i = rng_() % shapes_.size();
            op = fm::makeDelete(mediaId_, shapes_[i].id, actor, role);
            shapes_.erase(shapes_.begin() + static_cast<long>(i));
            label = "delete";
        }
        op.timeMs = timeMs_;
        if (op.type == fm::OpType::Create)
            op.annotation.createdMs = op.annotation.updatedMs = timeMs_;
        if (op.type == fm::OpType::Reply) op.reply.createdMs = op.reply.updatedMs = timeMs_;
        fs::quantizeOperation(op);
        return {op, label};
    }

  private:
    struct Shape {
        QUuid id;
        std::vector<fm::Point> points;
    };

    double unit() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
    static double clamp01(double v) { return std::clamp(v, 0.0, 1.0); }

    fm::Annotation base(fm::Kind kind, const QString& author) {
        fm::Annotation a;
        a.id = QUuid::createUuid();
        a.mediaId = mediaId_;
        a.kind = kind;
        a.firstFrame = static_cast<int64_t>(rng_() % 86400);  // an hour at 24 fps
        a.lastFrame = a.firstFrame + (unit() < 0.7 ? 0 : 24 + static_cast<int64_t>(rng_() % 97));
        a.author = author;
        static const uint32_t palette[] = {0xff34c759, 0xff007aff, 0xffffcc00, 0xffaf52de};
        if (unit() < 0.3) a.style.color = palette[rng_() % 4];
        if (unit() < 0.2) a.style.width = 0.008;
        return a;
    }

    fm::Annotation shape(const QString& author) {
        static const fm::Kind kinds[] = {fm::Kind::Rect, fm::Kind::Arrow, fm::Kind::Ellipse};
        fm::Annotation a = base(kinds[rng_() % 3], author);
        const double x = unit() * 0.8, y = unit() * 0.8;
        a.points = {{x, y}, {clamp01(x + 0.05 + unit() * 0.35), clamp01(y + 0.05 + unit() * 0.35)}};
        fs::quantizePoints(a.points);
        return a;
    }

    // A smooth stroke: mouse samples at ~120 Hz, 2-8 px apart on a 1920x1080 picture.
    fm::Annotation freehand(const QString& author) {
        fm::Annotation a = base(fm::Kind::Freehand, author);
        const int n = 20 + static_cast<int>(rng_() % 181);
        double x = 0.2 + unit() * 0.6, y = 0.2 + unit() * 0.6, angle = unit() * 6.283;
        const double speed = (2 + unit() * 6) / 1920;
        for (int i = 0; i < n; ++i) {
            a.points.push_back({clamp01(x), clamp01(y)});
            angle += (unit() - 0.5) * 0.4;
            x += std::cos(angle) * speed;
            y += std::sin(angle) * speed * 1920 / 1080;
        }
        return a;
    }

    std::vector<fm::Point> moved(std::vector<fm::Point> p) {
        const double dx = (unit() - 0.5) * 0.04, dy = (unit() - 0.5) * 0.04;
        if (unit() < 0.6) {  // move both corners
            for (auto& q : p) q = {clamp01(q.x + dx), clamp01(q.y + dy)};
        } else {  // resize: drag one corner
            auto& q = p[rng_() % p.size()];
            q = {clamp01(q.x + dx), clamp01(q.y + dy)};
        }
        return p;
    }

    QString words(int chars) {
        const bool chinese = unit() < 0.33;
        QString text;
        while (text.size() < chars) {
            if (chinese)
                text += QString::fromUtf8(kChinese[rng_() % std::size(kChinese)]);
            else
                text += QString::fromUtf8(kEnglish[rng_() % std::size(kEnglish)]) + " ";
        }
        return text.left(chars).trimmed();
    }

    QUuid anyTarget() {
        if (!notes_.empty() && unit() < 0.5) return notes_[rng_() % notes_.size()];
        return shapes_[rng_() % shapes_.size()].id;
    }

    std::mt19937 rng_;
    fs::ParticipantTable table_;
    std::vector<std::pair<QString, fm::Role>> people_;
    QString mediaId_;
    int64_t timeMs_ = 0;
    std::vector<Shape> shapes_;
    std::vector<QUuid> notes_;
};

#ifdef FRAMENOTE_HAVE_ZLIB
// Raw deflate (as WebSocket permessage-deflate would send it). With `stream`, the dictionary
// carries over between messages (context takeover); otherwise each message stands alone.
class Deflater {
  public:
    explicit Deflater(bool stream) : stream_(stream) { reset(); }
    ~Deflater() { deflateEnd(&z_); }
    size_t compressedSize(const std::string& in) {
        if (!stream_) {
            deflateEnd(&z_);
            reset();
        }
        std::vector<unsigned char> out(in.size() + 64);
        z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
        z_.avail_in = static_cast<uInt>(in.size());
        z_.next_out = out.data();
        z_.avail_out = static_cast<uInt>(out.size());
        deflate(&z_, Z_SYNC_FLUSH);
        return out.size() - z_.avail_out - 4;  // permessage-deflate drops the 00 00 ff ff tail
    }

  private:
    void reset() {
        std::memset(&z_, 0, sizeof z_);
        deflateInit2(&z_, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
    }
    bool stream_;
    z_stream z_;
};
#endif

}  // namespace

int main(int argc, char** argv) {
    int count = 20000;
    uint32_t seed = 20261125;
    int batch = 10;
    static const char* const kUsage =
        "usage: framenote-protocol-sizes [--ops N] [--seed S] [--batch K]\n";
    if (framenote::bench::printVersionIfAsked(argc, argv, "framenote-protocol-sizes")) return 0;
    if (framenote::bench::asked(argc, argv, "--help") ||
        framenote::bench::asked(argc, argv, "-h")) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    for (int i = 1; i < argc; i += 2) {
        const bool hasValue = i + 1 < argc;
        if (hasValue && !std::strcmp(argv[i], "--ops"))
            count = std::atoi(argv[i + 1]);
        else if (hasValue && !std::strcmp(argv[i], "--seed"))
            seed = static_cast<uint32_t>(std::atoll(argv[i + 1]));
        else if (hasValue && !std::strcmp(argv[i], "--batch"))
            batch = std::max(1, std::atoi(argv[i + 1]));
        else {
            std::fputs(kUsage, stderr);
            return 2;
        }
    }

    Session session(seed);
    const fs::RoomContext room{session.mediaId(), session.table()};
    std::vector<fm::Operation> ops;
    std::vector<std::string> labels;
    for (int i = 0; i < count; ++i) {
        auto [op, label] = session.next();
        op.sequence = 0;
        ops.push_back(std::move(op));
        labels.push_back(label);
    }

    // Client -> relay: one Envelope{operation} per WebSocket message.
    Stats clientAll, broadcastAll;
    std::map<std::string, Stats> perType;
    std::vector<std::string> encoded;
    encoded.reserve(ops.size());
    for (size_t i = 0; i < ops.size(); ++i) {
        encoded.push_back(fs::encodeEnvelope(fs::operationEnvelope(ops[i], room)));
        clientAll.add(static_cast<double>(encoded.back().size()));
        perType[labels[i]].add(static_cast<double>(encoded.back().size()));
        fm::Operation confirmed = ops[i];
        confirmed.sequence = 100000 + static_cast<int64_t>(i);  // a busy room's sequence numbers
        broadcastAll.add(static_cast<double>(
            fs::encodeEnvelope(fs::broadcastEnvelope(std::span(&confirmed, 1), room)).size()));
    }

    // Relay -> client coalesced: Envelope{broadcast{K operations}} per flush window.
    Stats batchPerOp, deflatePerOp, streamPerOp;
#ifdef FRAMENOTE_HAVE_ZLIB
    Deflater alone(false), stream(true);
#endif
    for (size_t i = 0; i < ops.size(); i += static_cast<size_t>(batch)) {
        std::vector<fm::Operation> group(
            ops.begin() + static_cast<long>(i),
            ops.begin() + static_cast<long>(std::min(ops.size(), i + static_cast<size_t>(batch))));
        for (size_t k = 0; k < group.size(); ++k)
            group[k].sequence = 100000 + static_cast<int64_t>(i + k);
        const std::string bytes = fs::encodeEnvelope(fs::broadcastEnvelope(group, room));
        const double n = static_cast<double>(group.size());
        batchPerOp.add(static_cast<double>(bytes.size()) / n);
#ifdef FRAMENOTE_HAVE_ZLIB
        deflatePerOp.add(static_cast<double>(alone.compressedSize(bytes)) / n);
        streamPerOp.add(static_cast<double>(stream.compressedSize(bytes)) / n);
#endif
    }

    // Codec CPU: decode + validate + convert each client message (what the relay does per op).
    using Clock = std::chrono::steady_clock;
    size_t mismatches = 0;
    const auto start = Clock::now();
    for (int round = 0; round < 3; ++round) {
        for (size_t i = 0; i < encoded.size(); ++i) {
            auto envelope = fs::decodeEnvelope(encoded[i]);
            auto op =
                envelope.ok()
                    ? fs::operationFromWire(envelope->operation(), room)
                    : framenote::Result<fm::Operation>(framenote::makeError(envelope.error()));
            if (!op.ok() || !(*op == ops[i])) ++mismatches;
        }
    }
    const double decodeUs =
        std::chrono::duration<double, std::micro>(Clock::now() - start).count() /
        (3.0 * encoded.size());
    const auto encodeStart = Clock::now();
    size_t sink = 0;
    for (int round = 0; round < 3; ++round)
        for (const auto& op : ops)
            sink += fs::encodeEnvelope(fs::operationEnvelope(op, room)).size();
    const double encodeUs =
        std::chrono::duration<double, std::micro>(Clock::now() - encodeStart).count() /
        (3.0 * ops.size());

    std::printf("Framenote protocol v%u sizes: %d operations, seed %u (bytes per operation)\n\n",
                fs::kProtocolVersion, count, seed);
    printHeader();
    printRow("client -> relay (all)", clientAll);
    printRow("relay broadcast, alone", broadcastAll);
    printRow("broadcast, batch of " + std::to_string(batch), batchPerOp);
#ifdef FRAMENOTE_HAVE_ZLIB
    printRow("  + deflate per batch", deflatePerOp);
    printRow("  + deflate, stream", streamPerOp);
#endif
    std::printf("\nclient -> relay, per type\n");
    printHeader();
    for (auto& [label, stats] : perType) printRow("  " + label, stats);

    const double p50 = clientAll.pct(50);
    std::printf("\nmedian operation: %.0f bytes (goal < %.0f): %s\n", p50, kGoalMedianBytes,
                p50 < kGoalMedianBytes ? "met" : "MISSED");
    std::printf(
        "codec CPU per operation: encode %.2f us, decode+validate+convert %.2f us (%zu bytes "
        "encoded)\n",
        encodeUs, decodeUs, sink);
    if (mismatches) {
        std::printf("ERROR: %zu decoded operations differ from the sent ones\n", mismatches);
        return 1;
    }
    return 0;
}
