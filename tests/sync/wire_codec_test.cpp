// Operations and annotations cross the wire exactly (after quantization) and compactly.
#include <gtest/gtest.h>

#include <functional>
#include <random>

#include "tests/model/model_fixtures.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

// Client side: quantize, wrap in an Envelope, serialize. Relay side: decode and convert back.
std::string encodeOp(const fm::Operation& op, const ft::Room& room) {
    return fs::encodeEnvelope(fs::operationEnvelope(op, room.context));
}

fm::Operation decodeOp(const std::string& bytes, const ft::Room& room) {
    auto envelope = fs::decodeEnvelope(bytes);
    EXPECT_TRUE(envelope.ok()) << envelope.error();
    if (!envelope.ok()) return {};
    EXPECT_EQ(envelope->body_case(), fs::v1::Envelope::kOperation);
    auto op = fs::operationFromWire(envelope->operation(), room.context);
    EXPECT_TRUE(op.ok()) << op.error();
    return op.ok() ? *op : fm::Operation{};
}

void expectExactRoundTrip(fm::Operation op, const ft::Room& room) {
    fs::quantizeOperation(op);
    const std::string bytes = encodeOp(op, room);
    EXPECT_EQ(decodeOp(bytes, room), op) << fm::opTypeName(op.type).toStdString() << " "
                                         << fs::operationToWire(op, room.context).DebugString();
}

const QStringList kKinds = {"rect", "ellipse", "arrow", "line", "freehand", "text"};

TEST(WireCodec, EveryAnnotationKindRoundTripsExactlyInACreate) {
    ft::Room room;
    for (const QString& kind : kKinds) {
        SCOPED_TRACE(kind.toStdString());
        auto a = ft::annotationOf(kind);
        a.tags = QStringList{"调色", "vfx", "shot 12"};
        a.style = fm::Style{0xff112233, 0.0123, true, 0x80445566};
        a.status = fm::Status::Resolved;
        a.replies.push_back({QUuid::createUuid(), "李雷", "好的，<b>马上</b>改", 1732500001000,
                             1732500002000, false});
        a.replies.push_back(
            {QUuid::createUuid(), "outsider", "deleted one", 1732500003000, 1732500004000, true});
        expectExactRoundTrip(fm::makeCreate(a, "ana", fm::Role::Reviewer), room);
        // Defaults everywhere (the compact path) round-trip as well.
        expectExactRoundTrip(fm::makeCreate(ft::annotationOf(kind), "ana", fm::Role::Reviewer),
                             room);
    }
}

TEST(WireCodec, EveryOperationTypeRoundTripsExactly) {
    ft::Room room;
    const QUuid target = QUuid::createUuid();
    const QString media = ft::kRoomMedia;
    expectExactRoundTrip(fm::makeCreate(ft::annotationOf("rect"), "ana", fm::Role::Reviewer), room);
    fm::FieldChanges move;
    move.points = std::vector<fm::Point>{{0.2, 0.2}, {0.3, 0.35}};
    expectExactRoundTrip(fm::makeSetFields(media, target, move, "ana", fm::Role::Reviewer), room);
    expectExactRoundTrip(fm::makeDelete(media, target, "李雷", fm::Role::Admin), room);
    expectExactRoundTrip(
        fm::makeReply(media, target, "请看第 12 帧的<b>高光</b>", "李雷", fm::Role::Admin), room);
    expectExactRoundTrip(
        fm::makeEditReply(media, target, QUuid::createUuid(), "edited", "ana", fm::Role::Reviewer),
        room);
    expectExactRoundTrip(fm::makeResolve(media, target, true, "ana", fm::Role::Reviewer), room);
    expectExactRoundTrip(fm::makeResolve(media, target, false, "bo", fm::Role::Viewer), room);
}

TEST(WireCodec, SetFieldsWithEachSingleFieldCarriesOnlyThatFieldAndRoundTrips) {
    ft::Room room;
    std::vector<std::pair<const char*, fm::FieldChanges>> cases;
    fm::FieldChanges c;
    c.points = std::vector<fm::Point>{{0.1, 0.2}, {0.9, 0.8}};
    cases.emplace_back("points", c);
    c = {};
    std::vector<fm::Point> stroke;
    for (int i = 0; i < 40; ++i) stroke.push_back({0.5 + 0.003 * i, 0.5 - 0.002 * i});
    c.points = stroke;
    cases.emplace_back("path", c);
    c = {};
    c.style = fm::Style{0xff00ff00, 0.02, true, 0x3300ff00};
    cases.emplace_back("style", c);
    c = {};
    c.style = fm::Style{};  // all defaults: present but empty on the wire
    cases.emplace_back("style (defaults)", c);
    c = {};
    c.frames = std::make_pair<int64_t, int64_t>(100, 148);
    cases.emplace_back("frames", c);
    c = {};
    c.frames = std::make_pair<int64_t, int64_t>(0, 0);
    cases.emplace_back("frames (0, 0)", c);
    c = {};
    c.text = "<ul><li>第一</li><li>second</li></ul>";
    cases.emplace_back("text", c);
    c = {};
    c.text = "";
    cases.emplace_back("text (empty)", c);
    c = {};
    c.status = fm::Status::Resolved;
    cases.emplace_back("status resolved", c);
    c = {};
    c.status = fm::Status::Open;
    cases.emplace_back("status open", c);
    c = {};
    c.tags = QStringList{"焦点", "sound"};
    cases.emplace_back("tags", c);
    c = {};
    c.tags = QStringList{};
    cases.emplace_back("tags (cleared)", c);
    c = {};
    c.points = std::vector<fm::Point>{};
    cases.emplace_back("points (cleared)", c);

    for (const auto& [name, changes] : cases) {
        SCOPED_TRACE(name);
        auto op = fm::makeSetFields(ft::kRoomMedia, QUuid::createUuid(), changes, "ana",
                                    fm::Role::Reviewer);
        fs::quantizeOperation(op);
        expectExactRoundTrip(op, room);
        // Only the changed field is on the wire: a set-fields with one field decodes with one
        // field.
        const auto wire = fs::operationToWire(op, room.context).changes();
        const int present = (wire.points_size() || wire.path_size() || (wire.emptied() & 1)) +
                            wire.has_style() + wire.has_first_frame() + wire.has_text() +
                            wire.has_status() + (wire.tags_size() || (wire.emptied() & 2));
        EXPECT_EQ(present, 1) << wire.DebugString();
    }
}

TEST(WireCodec, RandomOperationStreamsRoundTripExactly) {
    ft::Room room;
    std::mt19937 rng(11);
    auto ops = ft::randomOperations(rng, 500, 8);
    for (auto& op : ops) {
        op.mediaId = ft::kRoomMedia;
        if (op.type == fm::OpType::Create) op.annotation.mediaId = ft::kRoomMedia;
        expectExactRoundTrip(op, room);  // carries its sequence too
    }
}

TEST(WireCodec, UnquantizedInputComesBackQuantized) {
    ft::Room room;
    auto op = fm::makeCreate(ft::annotationOf("freehand"), "ana", fm::Role::Reviewer);
    auto expected = op;
    fs::quantizeOperation(expected);
    ASSERT_NE(op, expected);
    EXPECT_EQ(decodeOp(encodeOp(op, room), room), expected);
}

TEST(WireCodec, PeopleWithoutANumberAndForeignMediaTravelByName) {
    ft::Room room;
    auto a = ft::annotationOf("ellipse", "a former colleague");
    a.mediaId = "another-media";
    a.creatorRole = fm::Role::Admin;
    auto op = fm::makeCreate(a, "visitor", fm::Role::Viewer);
    op.mediaId = "another-media";
    expectExactRoundTrip(op, room);
    const auto wire = fs::operationToWire(op, room.context);
    EXPECT_EQ(wire.actor(), 0u);
    EXPECT_EQ(wire.actor_name(), "visitor");
    EXPECT_EQ(wire.annotation().author_name(), "a former colleague");

    // A known actor whose role differs from the announced one says so; otherwise the role is
    // implied.
    auto promoted = fm::makeDelete(ft::kRoomMedia, QUuid::createUuid(), "bo", fm::Role::Admin);
    EXPECT_EQ(fs::operationToWire(promoted, room.context).actor_role(), fs::v1::ROLE_ADMIN);
    expectExactRoundTrip(promoted, room);
    auto usual = fm::makeDelete(ft::kRoomMedia, QUuid::createUuid(), "bo", fm::Role::Viewer);
    EXPECT_EQ(fs::operationToWire(usual, room.context).actor_role(), fs::v1::ROLE_UNSPECIFIED);
}

TEST(WireCodec, AnUnknownParticipantNumberIsRefused) {
    ft::Room room;
    auto wire = fs::operationToWire(
        fm::makeDelete(ft::kRoomMedia, QUuid::createUuid(), "ana", fm::Role::Reviewer),
        room.context);
    wire.set_actor(42);
    auto op = fs::operationFromWire(wire, room.context);
    ASSERT_FALSE(op.ok());
    EXPECT_EQ(op.error(), "operation.actor: participant 42 is unknown in this room");
}

TEST(WireCodec, BroadcastsCarrySequencesAndActorsInOrder) {
    ft::Room room;
    std::vector<fm::Operation> ops = {
        fm::makeCreate(ft::annotationOf("arrow"), "ana", fm::Role::Reviewer),
        fm::makeResolve(ft::kRoomMedia, QUuid::createUuid(), true, "李雷", fm::Role::Admin),
        fm::makeReply(ft::kRoomMedia, QUuid::createUuid(), "ok", "bo", fm::Role::Viewer),
    };
    for (size_t i = 0; i < ops.size(); ++i) {
        fs::quantizeOperation(ops[i]);
        ops[i].sequence = 1000 + static_cast<int64_t>(i);
    }
    auto decoded = fs::decodeEnvelope(fs::encodeEnvelope(fs::broadcastEnvelope(ops, room.context)));
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    ASSERT_EQ(decoded->broadcast().operations_size(), 3);
    for (int i = 0; i < 3; ++i) {
        auto op = fs::operationFromWire(decoded->broadcast().operations(i), room.context);
        ASSERT_TRUE(op.ok()) << op.error();
        EXPECT_EQ(*op, ops[static_cast<size_t>(i)]);
    }
}

TEST(WireCodec, SnapshotAnnotationsRoundTripWithAbsoluteTimes) {
    ft::Room room;
    for (const QString& kind : kKinds) {
        auto a = ft::annotationOf(kind, kind == "line" ? "" : "李雷");
        a.creatorRole = fm::Role::Reviewer;
        a.updatedMs = a.createdMs + 5000;
        a.replies.push_back({QUuid::createUuid(), "ana", "回复", 1, 2, false});
        fs::quantizeAnnotation(a);
        auto envelope = fs::newEnvelope();
        auto* snapshot = envelope.mutable_snapshot();
        snapshot->set_epoch(7);
        snapshot->set_sequence(99);
        *snapshot->add_annotations() = fs::annotationToWire(a, room.context);
        auto decoded = fs::decodeEnvelope(fs::encodeEnvelope(envelope));
        ASSERT_TRUE(decoded.ok()) << decoded.error();
        auto back = fs::annotationFromWire(decoded->snapshot().annotations(0), room.context);
        ASSERT_TRUE(back.ok()) << back.error();
        EXPECT_EQ(*back, a) << kind.toStdString();
    }
}

TEST(WireCodec, PresenceRoundTripsWithAQuantizedCursor) {
    fs::Presence p;
    p.participant = 3;
    p.cursor = fm::Point{fs::quantizeCoordinate(0.25), fs::quantizeCoordinate(0.75)};
    p.playheadFrame = 86399;
    p.selection = {QUuid::createUuid(), QUuid::createUuid()};
    p.playing = true;
    p.presenting = true;
    p.following = 0;
    auto envelope = fs::newEnvelope();
    *envelope.mutable_presence() = fs::presenceToWire(p);
    const std::string bytes = fs::encodeEnvelope(envelope);
    auto decoded = fs::decodeEnvelope(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    auto back = fs::presenceFromWire(decoded->presence());
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, p);
    fs::Presence idle;  // no cursor: nothing but the frame
    idle.playheadFrame = 120;
    auto e = fs::newEnvelope();
    *e.mutable_presence() = fs::presenceToWire(idle);
    EXPECT_EQ(*fs::presenceFromWire(fs::decodeEnvelope(fs::encodeEnvelope(e))->presence()), idle);
    EXPECT_LE(fs::encodeEnvelope(e).size(), 8u);
}

TEST(WireCodec, PresenceColourRoundTripsAndIsAbsentWhenNotChosen) {
    fs::Presence p;
    p.participant = 2;
    p.playheadFrame = 10;
    for (uint32_t argb : {0xff34c759u, 0x00000000u, 0xffffffffu}) {
        p.color = argb;
        auto e = fs::newEnvelope();
        *e.mutable_presence() = fs::presenceToWire(p);
        auto decoded = fs::decodeEnvelope(fs::encodeEnvelope(e));
        ASSERT_TRUE(decoded.ok()) << decoded.error();
        ASSERT_TRUE(decoded->presence().has_color());  // even 0 (transparent black) is stated
        EXPECT_EQ(*fs::presenceFromWire(decoded->presence()), p);
    }
    p.color.reset();
    auto e = fs::newEnvelope();
    *e.mutable_presence() = fs::presenceToWire(p);
    EXPECT_FALSE(e.presence().has_color());
    EXPECT_EQ(fs::presenceFromWire(fs::decodeEnvelope(fs::encodeEnvelope(e))->presence())->color,
              std::nullopt);
    // Five bytes on the wire (tag + fixed32), in every update that has one.
    p.color = 0xff007aff;
    auto coloured = fs::newEnvelope();
    *coloured.mutable_presence() = fs::presenceToWire(p);
    EXPECT_EQ(fs::encodeEnvelope(coloured).size(), fs::encodeEnvelope(e).size() + 5);
}

// What a presenter compares travels in its presence while it compares, and every field of it
// is checked: a hostile peer cannot send a path for a media id, a name with control
// characters, an unknown mode or a gain out of range.
// Each spoiler applied to `part` of a copy of `good` makes the presence refused, the error
// starting with the field the spoiler names.
template <typename Part>
void expectEachRefused(
    const fs::v1::Presence& good, Part* (fs::v1::Presence::*part)(),
    const std::vector<std::pair<std::function<void(Part&)>, std::string>>& spoilers) {
    for (const auto& [spoil, field] : spoilers) {
        fs::v1::Presence wire = good;
        spoil(*(wire.*part)());
        auto refused = fs::presenceFromWire(wire);
        ASSERT_FALSE(refused.ok()) << field;
        EXPECT_EQ(refused.error().rfind(field, 0), 0u) << refused.error();
    }
}

TEST(WireCodec, ACompareViewRoundTripsAndEveryBadFieldIsNamed) {
    fs::Presence p;
    p.playheadFrame = 7;
    p.compare = fs::CompareView{QString(64, QLatin1Char('a')),
                                QString::fromUtf8("镜头_v2.mov"),
                                3,
                                -12,
                                fs::quantizeCoordinate(0.3),
                                true,
                                8};
    auto e = fs::newEnvelope();
    *e.mutable_presence() = fs::presenceToWire(p);
    auto decoded = fs::decodeEnvelope(fs::encodeEnvelope(e));
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    auto back = fs::presenceFromWire(decoded->presence());
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, p);
    p.compare.reset();
    *e.mutable_presence() = fs::presenceToWire(p);
    EXPECT_FALSE(e.presence().has_compare());  // nothing while not comparing

    const fs::v1::Presence good = [&] {
        fs::Presence with = p;
        with.compare = fs::CompareView{QString(64, QLatin1Char('b')), "v2.mov"};
        return fs::presenceToWire(with);
    }();
    ASSERT_TRUE(fs::presenceFromWire(good).ok());
    const std::vector<std::pair<std::function<void(fs::v1::CompareView&)>, std::string>> bad = {
        {[](auto& c) { c.set_b_media_id("../../etc/passwd"); }, "presence.compare.b_media_id"},
        {[](auto& c) { c.set_b_media_id(std::string(64, 'A')); }, "presence.compare.b_media_id"},
        {[](auto& c) { c.set_b_name(""); }, "presence.compare.b_name"},
        {[](auto& c) { c.set_b_name(std::string(256, 'x')); }, "presence.compare.b_name"},
        {[](auto& c) { c.set_b_name("v2\x1b[2J.mov"); }, "presence.compare.b_name"},
        {[](auto& c) { c.set_mode(static_cast<fs::v1::CompareMode>(9)); }, "presence.compare.mode"},
        {[](auto& c) { c.set_offset(int64_t{1} << 40); }, "presence.compare.offset"},
        {[](auto& c) { c.set_wipe(70000); }, "presence.compare.wipe"},
        {[](auto& c) { c.set_gain(0); }, "presence.compare.gain"},
        {[](auto& c) { c.set_gain(65); }, "presence.compare.gain"},
    };
    expectEachRefused(good, &fs::v1::Presence::mutable_compare, bad);
}

TEST(WireCodec, AColourViewRoundTripsAndEveryBadFieldIsNamed) {
    fs::Presence p;
    p.presenting = true;
    p.colour =
        fs::ColourView{true, QString::fromUtf8("ACEScg 线性"), "ACES 1.0 - SDR Video", 1.5, 2.2, 3};
    auto back = fs::presenceFromWire(fs::presenceToWire(p));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, p);
    p.colour = fs::ColourView{};  // off: the stream's own colours
    back = fs::presenceFromWire(fs::presenceToWire(p));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(back->colour, p.colour);
    EXPECT_EQ(back->colour->gamma, 1.0);
    p.colour.reset();
    EXPECT_FALSE(fs::presenceToWire(p).has_colour());  // nothing while not presenting

    p.colour = fs::ColourView{true, "ACEScg", "Un-tone-mapped", 0, 1, 0};
    const fs::v1::Presence good = fs::presenceToWire(p);
    ASSERT_TRUE(fs::presenceFromWire(good).ok());
    const std::vector<std::pair<std::function<void(fs::v1::ColourView&)>, std::string>> bad = {
        {[](auto& c) { c.set_input_space(""); }, "presence.colour.input_space"},
        {[](auto& c) { c.set_input_space(std::string(256, 'x')); }, "presence.colour.input_space"},
        {[](auto& c) { c.set_view("sRGB\r\n"); }, "presence.colour.view"},
        {[](auto& c) { c.set_managed(false); }, "presence.colour: names"},
        {[](auto& c) { c.set_exposure(1601); }, "presence.colour.exposure"},
        {[](auto& c) { c.set_exposure(-1601); }, "presence.colour.exposure"},
        {[](auto& c) { c.set_gamma(9); }, "presence.colour.gamma"},
        {[](auto& c) { c.set_gamma(401); }, "presence.colour.gamma"},
        {[](auto& c) { c.set_channel(static_cast<fs::v1::PictureChannel>(6)); },
         "presence.colour.channel"},
    };
    expectEachRefused(good, &fs::v1::Presence::mutable_colour, bad);
}

TEST(WireCodec, ALaserTrailRoundTripsAndEveryBadFieldIsNamed) {
    fs::Presence p;
    fs::LaserTrail trail;
    for (int i = 0; i < fs::kMaxLaserPoints; ++i) {
        trail.points.push_back({fs::quantizeCoordinate(0.01 * i), fs::quantizeCoordinate(0.5)});
        trail.agesMs.push_back(static_cast<uint32_t>(2000 - 30 * i));
    }
    trail.down = true;
    p.laser = trail;
    const fs::v1::Presence good = fs::presenceToWire(p);
    auto back = fs::presenceFromWire(good);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, p);
    EXPECT_LT(good.laser().ByteSizeLong(), 64u * 6);  // delta-coded: a few bytes a point

    const std::vector<std::pair<std::function<void(fs::v1::Laser&)>, std::string>> bad = {
        {[](auto& l) { l.add_points(5); }, "presence.laser.points"},
        {[](auto& l) { l.add_path(3); }, "presence.laser.path"},      // an odd count
        {[](auto& l) { l.set_path(0, -1); }, "presence.laser.path"},  // off the picture
        {[](auto& l) {
             l.add_path(1);
             l.add_path(1);
             l.add_ages_ms(0);
         },
         "presence.laser.path"},  // 65 points
        {[](auto& l) { l.mutable_ages_ms()->RemoveLast(); }, "presence.laser.ages_ms"},
        {[](auto& l) { l.set_ages_ms(0, 2001); }, "presence.laser.ages_ms[0]"},
        {[](auto& l) { l.set_ages_ms(5, 1990); }, "presence.laser.ages_ms[5]"},  // newer later
    };
    expectEachRefused(good, &fs::v1::Presence::mutable_laser, bad);
}

TEST(WireCodec, AShapeBeingDrawnRoundTripsAndEveryBadFieldIsNamed) {
    fs::Presence p;
    fs::LiveShape stroke;
    stroke.kind = fm::Kind::Freehand;
    stroke.style.color = 0xff10d010;
    for (int i = 0; i < 200; ++i)
        stroke.points.push_back(
            {fs::quantizeCoordinate(0.3 + 0.001 * i), fs::quantizeCoordinate(0.4 + 0.0005 * i)});
    p.drawing = stroke;
    const fs::v1::Presence good = fs::presenceToWire(p);
    EXPECT_GT(good.drawing().path_size(), 0);  // freehand: delta-coded
    auto back = fs::presenceFromWire(good);
    ASSERT_TRUE(back.ok()) << back.error();
    ASSERT_TRUE(back->drawing);
    EXPECT_EQ(back->drawing->points, stroke.points);  // quantized already: exact
    EXPECT_EQ(back->drawing->style.color, stroke.style.color);
    EXPECT_EQ(back->drawing->kind, fm::Kind::Freehand);
    EXPECT_LT(good.drawing().ByteSizeLong(), 200u * 4);  // delta-coded: a few bytes a point
    p.drawing = fs::LiveShape{fm::Kind::Rect, {}, {{0.1, 0.1}, {0.2, 0.2}}};
    back = fs::presenceFromWire(fs::presenceToWire(p));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(back->drawing->kind, fm::Kind::Rect);

    expectEachRefused<fs::v1::LiveShape>(
        good, &fs::v1::Presence::mutable_drawing,
        {
            {[](auto& d) { d.set_kind(fs::v1::KIND_TEXT); }, "presence.drawing.kind"},
            {[](auto& d) { d.set_kind(static_cast<fs::v1::Kind>(77)); }, "presence.drawing.kind"},
            {[](auto& d) { d.clear_path(); }, "presence.drawing: no points"},
            {[](auto& d) { d.set_path(1, -70000); }, "presence.drawing.path"},
            {[](auto& d) {
                 for (int i = 0; i < 2 * 1801; ++i) d.add_path(0);
             },
             "presence.drawing: 2001 points"},
        });
}

TEST(WireCodec, APresenceFromAnOlderOrNewerPeerStillDecodes) {
    // An older peer sends no colour; a newer one may add fields we do not know (unknown fields
    // are ignored: here field 31, varint).
    fs::Presence p;
    p.playheadFrame = 42;
    p.color = 0xffff9500;
    auto e = fs::newEnvelope();
    *e.mutable_presence() = fs::presenceToWire(p);
    std::string presence = e.presence().SerializeAsString();
    presence += std::string("\xf8\x01\x07", 3);  // field 31, wire type 0, value 7
    fs::v1::Presence wire;
    ASSERT_TRUE(wire.ParseFromString(presence));
    auto back = fs::presenceFromWire(wire);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(back->color, p.color);
    EXPECT_EQ(back->playheadFrame, 42);
}

TEST(WireCodec, ABatchCarriesSeveralMessagesInOrder) {
    ft::Room room;
    auto op = fm::makeDelete(ft::kRoomMedia, QUuid::createUuid(), "ana", fm::Role::Reviewer);
    std::vector<fs::v1::Envelope> messages;
    messages.push_back(fs::ackEnvelope(op.opId, 77));
    messages.push_back(fs::operationEnvelope(op, room.context));
    auto bytes = fs::encodeEnvelope(fs::batchEnvelope(std::move(messages)));
    auto decoded = fs::decodeEnvelope(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    ASSERT_EQ(decoded->batch().messages_size(), 2);
    EXPECT_EQ(decoded->batch().messages(0).protocol_version(), 0u);
    EXPECT_EQ(decoded->batch().messages(0).ack().sequence(), 77u);
    EXPECT_EQ(*fs::operationFromWire(decoded->batch().messages(1).operation(), room.context), op);
}

// ---- Sizes
// ---------------------------------------------------------------------------------------

TEST(WireSize, ARectCreateEncodesUnder100Bytes) {
    ft::Room room;
    auto op = fm::makeCreate(ft::annotationOf("rect"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(op);
    const size_t size = encodeOp(op, room).size();
    EXPECT_LT(size, 100u);
    // Confirmed by the relay (sequence added), still under 100.
    op.sequence = 123456;
    EXPECT_LT(fs::encodeEnvelope(fs::broadcastEnvelope(std::span(&op, 1), room.context)).size(),
              100u);
    RecordProperty("rect_create_bytes", static_cast<int>(size));
}

TEST(WireSize, AMoveOfARectEncodesUnder75Bytes) {
    ft::Room room;
    fm::FieldChanges c;
    c.points = std::vector<fm::Point>{{0.41, 0.32}, {0.62, 0.57}};
    auto op = fm::makeSetFields(ft::kRoomMedia, QUuid::createUuid(), c, "ana", fm::Role::Reviewer);
    fs::quantizeOperation(op);
    EXPECT_LT(encodeOp(op, room).size(), 75u);
}

TEST(WireSize, AHundredPointFreehandStrokeIsDeltaCodedUnder480Bytes) {
    ft::Room room;
    auto a = ft::annotationOf("freehand");
    a.points.clear();
    std::mt19937 rng(3);
    std::normal_distribution<double> step(0, 0.004);
    double x = 0.4, y = 0.4;
    for (int i = 0; i < 100; ++i) {
        x = std::clamp(x + 0.003 + step(rng), 0.0, 1.0);
        y = std::clamp(y + step(rng), 0.0, 1.0);
        a.points.push_back({x, y});
    }
    auto op = fm::makeCreate(a, "ana", fm::Role::Reviewer);
    fs::quantizeOperation(op);
    const size_t size = encodeOp(op, room).size();
    // Steps of ~0.003 (6 px on a 1920 px picture) are ~200 units: 2 bytes per coordinate (3 when
    // absolute), plus ~55 bytes of operation.
    EXPECT_LT(size, 480u);
    // Absolute coordinates would have cost 2-3 bytes each.
    fs::v1::Annotation absolute;
    for (const auto& p : op.annotation.points) {
        absolute.add_points(fs::coordinateToWire(p.x));
        absolute.add_points(fs::coordinateToWire(p.y));
    }
    EXPECT_LT(fs::operationToWire(op, room.context).annotation().ByteSizeLong(),
              absolute.ByteSizeLong());
    expectExactRoundTrip(op, room);
}

TEST(WireSize, ResolveDeleteAndAckAreTiny) {
    ft::Room room;
    auto resolve =
        fm::makeResolve(ft::kRoomMedia, QUuid::createUuid(), true, "ana", fm::Role::Reviewer);
    EXPECT_LE(encodeOp(resolve, room).size(), 52u);
    auto del = fm::makeDelete(ft::kRoomMedia, QUuid::createUuid(), "ana", fm::Role::Reviewer);
    EXPECT_LE(encodeOp(del, room).size(), 52u);
    EXPECT_LE(fs::encodeEnvelope(fs::ackEnvelope(QUuid::createUuid(), 1 << 20)).size(), 26u);
}

}  // namespace

// The floor (PROTOCOL.md, "Presenter-led sessions") and each kind of request to change it
// survive the wire; a request without a change, an unknown mode or participant 0 is refused at
// decoding, naming the field, and so is a floor with an unknown mode or too many requests.
TEST(WireCodec, TheFloorAndItsRequestsRoundTripAndBadOnesAreNamed) {
    const fs::Floor floor{fs::FloorMode::PresenterLed, 3, {5, 2}};
    auto back = fs::floorFromWire(fs::floorToWire(floor));
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, floor);
    using Kind = fs::FloorChange::Kind;
    for (const fs::FloorChange& change :
         {fs::FloorChange{Kind::SetMode, fs::FloorMode::PresenterLed, 0},
          fs::FloorChange{Kind::SetMode, fs::FloorMode::Open, 0},
          fs::FloorChange{Kind::HandTo, fs::FloorMode::Open, 4},
          fs::FloorChange{Kind::Ask, fs::FloorMode::Open, 0},
          fs::FloorChange{Kind::Withdraw, fs::FloorMode::Open, 0},
          fs::FloorChange{Kind::Decline, fs::FloorMode::Open, 7}}) {
        auto e = fs::newEnvelope();
        *e.mutable_floor_request() = fs::floorChangeToWire(change);
        auto decoded = fs::decodeEnvelope(fs::encodeEnvelope(e));
        ASSERT_TRUE(decoded.ok()) << decoded.error();
        auto read = fs::floorChangeFromWire(decoded->floor_request());
        ASSERT_TRUE(read.ok()) << read.error();
        EXPECT_EQ(*read, change);
    }
    const std::vector<std::pair<std::function<void(fs::v1::Envelope&)>, std::string>> bad = {
        {[](auto& e) { e.mutable_floor_request(); }, "floor_request: no change"},
        {[](auto& e) {
             e.mutable_floor_request()->set_set_mode(static_cast<fs::v1::FloorMode>(7));
         },
         "floor_request.set_mode"},
        {[](auto& e) { e.mutable_floor_request()->set_hand_to(0); }, "floor_request.hand_to"},
        {[](auto& e) { e.mutable_floor_request()->set_decline(0); }, "floor_request.decline"},
        {[](auto& e) {
             e.mutable_participants()->mutable_floor()->set_mode(static_cast<fs::v1::FloorMode>(2));
         },
         "participants.floor.mode"},
        {[](auto& e) {
             for (uint32_t n = 1; n <= fs::kMaxFloorAsking + 1; ++n)
                 e.mutable_participants()->mutable_floor()->add_asking(n);
         },
         "participants.floor.asking"},
        {[](auto& e) { e.mutable_participants()->mutable_floor()->add_asking(0); },
         "participants.floor.asking[0]"},
    };
    for (const auto& [spoil, field] : bad) {
        auto e = fs::newEnvelope();
        spoil(e);
        auto decoded = fs::decodeEnvelope(fs::encodeEnvelope(e));
        ASSERT_FALSE(decoded.ok()) << field;
        EXPECT_NE(decoded.error().find(field), std::string::npos) << decoded.error();
    }
}
