// The relay assembles its messages from pre-encoded pieces; what it assembles is exactly what
// the protobuf encoder would have written, split where messages grow too large.
#include "core/sync/relay_codec.h"

#include <gtest/gtest.h>

#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;

namespace {

fm::Operation rectOp(int64_t sequence) {
    auto op = fm::makeCreate(ft::annotationOf("rect"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(op);
    op.sequence = sequence;
    return op;
}

std::vector<v1::Envelope> flatten(const std::vector<QByteArray>& messages) {
    std::vector<v1::Envelope> out;
    for (const QByteArray& m : messages) {
        auto e = fs::decodeEnvelope(std::string_view(m.constData(), static_cast<size_t>(m.size())));
        EXPECT_TRUE(e.ok()) << e.error();
        if (!e) continue;
        if (e->has_batch())
            for (const auto& inner : e->batch().messages()) out.push_back(inner);
        else
            out.push_back(*e);
    }
    return out;
}

}  // namespace

TEST(RelayCodec, OnePieceIsOneEnvelopeAndRunsOfOperationsShareABroadcast) {
    ft::Room room;
    const fm::Operation a = rectOp(7), b = rectOp(8), c = rectOp(9);
    const auto opPiece = [&](const fm::Operation& op) {
        return fs::OutPiece{
            fs::OutPiece::Kind::Operation,
            QByteArray::fromStdString(fs::operationToWire(op, room.context).SerializeAsString()),
            0};
    };
    const auto ackPiece = fs::OutPiece{fs::OutPiece::Kind::Envelope,
                                       fs::innerEnvelopeBytes(fs::ackEnvelope(a.opId, 5)), 0};

    // A single operation: a Broadcast of one, byte for byte what the encoder writes.
    auto single = fs::assembleMessages({opPiece(a)}, 1 << 20);
    ASSERT_EQ(single.size(), 1u);
    const fm::Operation ops[] = {a};
    EXPECT_EQ(single[0].toStdString(),
              fs::encodeEnvelope(fs::broadcastEnvelope(ops, room.context)));
    // A single envelope: itself with the version.
    auto ack = fs::assembleMessages({ackPiece}, 1 << 20);
    ASSERT_EQ(ack.size(), 1u);
    EXPECT_EQ(ack[0].toStdString(), fs::encodeEnvelope(fs::ackEnvelope(a.opId, 5)));

    // op op ack op -> Batch{Broadcast{a, b}, Ack, Broadcast{c}}
    auto mixed = fs::assembleMessages({opPiece(a), opPiece(b), ackPiece, opPiece(c)}, 1 << 20);
    ASSERT_EQ(mixed.size(), 1u);
    const auto inner = flatten(mixed);
    ASSERT_EQ(inner.size(), 3u);
    ASSERT_TRUE(inner[0].has_broadcast());
    ASSERT_EQ(inner[0].broadcast().operations_size(), 2);
    EXPECT_EQ(*fs::operationFromWire(inner[0].broadcast().operations(1), room.context), b);
    EXPECT_TRUE(inner[1].has_ack());
    ASSERT_TRUE(inner[2].has_broadcast());
    EXPECT_EQ(*fs::operationFromWire(inner[2].broadcast().operations(0), room.context), c);
}

TEST(RelayCodec, LargeQueuesAreSplitIntoMessagesUnderTheLimit) {
    ft::Room room;
    std::vector<fs::OutPiece> pieces;
    std::vector<fm::Operation> ops;
    for (int i = 0; i < 500; ++i) {
        ops.push_back(rectOp(i + 1));
        pieces.push_back({fs::OutPiece::Kind::Operation,
                          QByteArray::fromStdString(
                              fs::operationToWire(ops.back(), room.context).SerializeAsString()),
                          0});
        if (i % 7 == 0)
            pieces.push_back({fs::OutPiece::Kind::Envelope,
                              fs::innerEnvelopeBytes(fs::ackEnvelope(ops.back().opId, i + 1)), 0});
    }
    const size_t limit = 4096;
    auto messages = fs::assembleMessages(pieces, limit);
    EXPECT_GT(messages.size(), 5u);
    for (const QByteArray& m : messages) EXPECT_LE(static_cast<size_t>(m.size()), limit + 16);
    std::vector<fm::Operation> seen;
    size_t acks = 0;
    for (const auto& e : flatten(messages)) {
        if (e.has_ack()) ++acks;
        if (e.has_broadcast())
            for (const auto& w : e.broadcast().operations())
                seen.push_back(*fs::operationFromWire(w, room.context));
    }
    EXPECT_EQ(acks, 72u);
    EXPECT_EQ(seen, ops);
}

// A snapshot part framed around annotations encoded earlier is byte for byte the part the
// protobuf encoder writes from the same fields.
TEST(RelayCodec, ASnapshotPartFramedAroundEncodedAnnotationsIsWhatTheEncoderWrites) {
    ft::Room room;
    std::vector<std::string> encoded;
    v1::Envelope expected;
    v1::Snapshot* s = expected.mutable_snapshot();
    s->set_epoch(0x1234567890abcdefULL >> 1);
    s->set_sequence(987654321);
    for (const char* kind : {"rect", "freehand", "text"}) {
        const v1::Annotation w = fs::annotationToWire(ft::annotationOf(kind), room.context);
        *s->add_annotations() = w;
        encoded.push_back(w.SerializeAsString());
    }
    const std::vector<QUuid> deleted = {QUuid::createUuid(), QUuid::createUuid()};
    for (const QUuid& id : deleted) s->add_deleted(id.toRfc4122().toStdString());
    s->set_more(true);
    std::vector<const std::string*> pointers;
    for (const std::string& e : encoded) pointers.push_back(&e);
    EXPECT_EQ(fs::snapshotPartPiece(s->epoch(), static_cast<int64_t>(s->sequence()), pointers,
                                    deleted, true),
              fs::innerEnvelopeBytes(expected));
    v1::Envelope empty;
    empty.mutable_snapshot();  // an empty last part of an empty room at sequence 0
    EXPECT_EQ(fs::snapshotPartPiece(0, 0, {}, {}, false), fs::innerEnvelopeBytes(empty));
}
