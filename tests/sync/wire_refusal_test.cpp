// Whatever arrives, the decoder answers with a value: an Envelope, or an error saying what was
// wrong and which code to send back. Unknown fields are ignored; unknown message types are not.
#include <gtest/gtest.h>

#include <random>

#include "tests/support/refusal.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;
using ft::decoderRefusal;
using ft::IsRefusal;
using ::testing::_;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

namespace {

std::string varint(uint64_t value) {
    std::string out;
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
    return out;
}

std::string rectCreateBytes(const ft::Room& room) {
    auto op = fm::makeCreate(ft::annotationOf("rect"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(op);
    return fs::encodeEnvelope(fs::operationEnvelope(op, room.context));
}

TEST(WireRefusal, RandomBytesAreRefusedWithAClearError) {
    std::mt19937 rng(2024);
    for (int round = 0; round < 2000; ++round) {
        std::string bytes(1 + rng() % 300, '\0');
        for (char& c : bytes) c = static_cast<char>(rng());
        const auto refusal = decoderRefusal(bytes);
        ASSERT_TRUE(refusal) << "round " << round;
        EXPECT_NE(refusal->code(), v1::ERROR_CODE_UNSPECIFIED);
        // The scanner explains every wire-format fault before the protobuf parser sees it.
        EXPECT_THAT(refusal->message(),
                    AllOf(Not(IsEmpty()), Not(HasSubstr("the protobuf parser refused it"))));
    }
}

TEST(WireRefusal, TruncatedDataIsRefusedAtEveryLength) {
    ft::Room room;
    const std::string bytes = rectCreateBytes(room);
    ASSERT_TRUE(fs::decodeEnvelope(bytes).ok());
    for (size_t length = 0; length < bytes.size(); ++length)
        ASSERT_TRUE(decoderRefusal(std::string_view(bytes).substr(0, length)))
            << "length " << length;
    EXPECT_THAT(decoderRefusal(std::string_view(bytes).substr(0, bytes.size() / 2)),
                IsRefusal(v1::ERROR_CODE_MALFORMED,
                          StartsWith("malformed Envelope: truncated: operation declares ")));
    EXPECT_THAT(decoderRefusal(""), IsRefusal(v1::ERROR_CODE_MALFORMED, "empty message (0 bytes)"));
}

TEST(WireRefusal, TruncationInsideANestedMessageNamesThePath) {
    // Hand-made: Envelope{version 1, operation{ annotation{ text: declares 50 bytes, has 3 }}}.
    std::string annotation = "\x42" + varint(50) + "abc";
    std::string op = "\x3a" + varint(annotation.size()) + annotation;
    std::string envelope = "\x08\x01\x12" + varint(op.size()) + op;
    EXPECT_THAT(decoderRefusal(envelope),
                IsRefusal(v1::ERROR_CODE_MALFORMED,
                          "malformed Envelope: operation.annotation: truncated: text declares 50 "
                          "bytes at byte 8, only 3 remain"));
}

TEST(WireRefusal, OversizedInputIsRefusedBeforeParsing) {
    const std::string big(fs::kDefaultMaxMessageBytes + 1, '\0');
    EXPECT_THAT(decoderRefusal(big),
                IsRefusal(v1::ERROR_CODE_TOO_LARGE,
                          "message of 1048577 bytes is over the cap of 1048576 bytes"));

    ft::Room room;
    const std::string rect = rectCreateBytes(room);
    fs::DecodeOptions tight;
    tight.maxBytes = rect.size() - 1;
    EXPECT_THAT(decoderRefusal(rect, tight), IsRefusal(v1::ERROR_CODE_TOO_LARGE, _));
    tight.maxBytes = rect.size();
    EXPECT_TRUE(fs::decodeEnvelope(rect, tight).ok());
}

TEST(WireRefusal, AnotherProtocolVersionIsRefusedNamingBothVersions) {
    auto envelope = fs::newEnvelope();
    envelope.set_protocol_version(2);
    envelope.mutable_hello()->set_protocol_version(2);
    envelope.mutable_hello()->set_client_name("Framenote 9.0");
    fs::DecodeFailure why;
    auto decoded = fs::decodeEnvelope(fs::encodeEnvelope(envelope), {}, &why);
    ASSERT_FALSE(decoded.ok());
    EXPECT_EQ(decoded.error(), "protocol version 2 is not supported: this side speaks version 1");
    EXPECT_EQ(why.code, v1::ERROR_CODE_VERSION_MISMATCH);
    EXPECT_EQ(why.peerVersion, 2u);

    // The refusal is written in the peer's version, so the peer can read it; it is fatal.
    const auto reply = fs::refusalEnvelope(decoded.error(), why);
    EXPECT_EQ(reply.protocol_version(), 2u);
    EXPECT_EQ(reply.error().code(), v1::ERROR_CODE_VERSION_MISMATCH);
    EXPECT_EQ(reply.error().supported_version(), 1u);
    EXPECT_TRUE(reply.error().fatal());
    fs::DecodeOptions asPeer;
    asPeer.version = 2;
    auto readByPeer = fs::decodeEnvelope(fs::encodeEnvelope(reply), asPeer);
    ASSERT_TRUE(readByPeer.ok()) << readByPeer.error();
    EXPECT_EQ(readByPeer->error().message(),
              "protocol version 2 is not supported: this side speaks version 1");

    envelope.clear_protocol_version();
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(envelope)),
                IsRefusal(v1::ERROR_CODE_VERSION_MISMATCH,
                          "protocol_version missing: every Envelope "
                          "states it (this side speaks version 1)"));
}

TEST(WireRefusal, UnknownFieldsAreIgnored) {
    ft::Room room;
    auto op = fm::makeCreate(ft::annotationOf("rect"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(op);
    const std::string bytes = fs::encodeEnvelope(fs::operationEnvelope(op, room.context));
    // Field 999 as a varint and as a length-delimited value, appended to the top-level Envelope.
    const std::string extra =
        varint((999 << 3) | 0) + varint(123456) + varint((999 << 3) | 2) + varint(5) + "hello";
    auto decoded = fs::decodeEnvelope(bytes + extra);
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    EXPECT_EQ(*fs::operationFromWire(decoded->operation(), room.context), op);

    // Also inside the Operation: a newer client's field 40 (fixed32) before the known ones.
    auto wire = fs::operationToWire(op, room.context);
    const std::string inner =
        varint((40 << 3) | 5) + std::string("\x01\x02\x03\x04", 4) + wire.SerializeAsString();
    const std::string envelope = "\x08\x01\x12" + varint(inner.size()) + inner;
    decoded = fs::decodeEnvelope(envelope);
    ASSERT_TRUE(decoded.ok()) << decoded.error();
    EXPECT_EQ(*fs::operationFromWire(decoded->operation(), room.context), op);
}

TEST(WireRefusal, AnUnknownMessageTypeIsRefusedAsSuch) {
    // A newer peer's message in Envelope field 40 (length-delimited).
    const std::string bytes = "\x08\x01" + varint((40 << 3) | 2) + varint(2) + "\x08\x01";
    EXPECT_THAT(decoderRefusal(bytes), IsRefusal(v1::ERROR_CODE_UNKNOWN_MESSAGE_TYPE,
                                                 "unknown message type (Envelope field 40)"));
    EXPECT_THAT(decoderRefusal(std::string("\x08\x01", 2)),
                IsRefusal(v1::ERROR_CODE_UNKNOWN_MESSAGE_TYPE, "empty Envelope: no message"));

    // Inside a batch too, with the position.
    const auto batch = fs::batchEnvelope({fs::ackEnvelope(QUuid::createUuid(), 5)});
    const std::string innerBytes = varint((40 << 3) | 2) + varint(0);
    const std::string withUnknown =
        batch.batch().SerializeAsString() + "\x0a" + varint(innerBytes.size()) + innerBytes;
    const std::string outer = "\x08\x01\x32" + varint(withUnknown.size()) + withUnknown;
    EXPECT_THAT(decoderRefusal(outer),
                IsRefusal(v1::ERROR_CODE_UNKNOWN_MESSAGE_TYPE,
                          "batch.messages[1].unknown message type (Envelope field 40)"));
}

TEST(WireRefusal, IdsThatAreNot16BytesAreRefusedNamingTheField) {
    ft::Room room;
    auto envelope = fs::operationEnvelope(
        fm::makeDelete(ft::kRoomMedia, QUuid::createUuid(), "ana", fm::Role::Reviewer),
        room.context);
    envelope.mutable_operation()->set_op_id("abc");
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(envelope)),
                IsRefusal(v1::ERROR_CODE_MALFORMED, "operation.op_id: expected 16 bytes, got 3"));

    auto ack = fs::ackEnvelope(QUuid::createUuid(), 9);
    ack.mutable_ack()->clear_op_id();
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(ack)),
                IsRefusal(v1::ERROR_CODE_MALFORMED, "ack.op_id: expected 16 bytes, got 0"));

    auto presence = fs::newEnvelope();
    presence.mutable_presence()->add_selection(std::string(17, 'x'));
    EXPECT_THAT(
        decoderRefusal(fs::encodeEnvelope(presence)),
        IsRefusal(v1::ERROR_CODE_MALFORMED, "presence.selection[0]: expected 16 bytes, got 17"));
}

TEST(WireRefusal, OperationsMissingRequiredPartsAreRefused) {
    ft::Room room;
    auto create = fs::operationEnvelope(
        fm::makeCreate(ft::annotationOf("rect"), "ana", fm::Role::Reviewer), room.context);

    auto e = create;
    e.mutable_operation()->clear_type();
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(e)),
                IsRefusal(v1::ERROR_CODE_MALFORMED, "operation.type: missing"));
    e = create;
    e.mutable_operation()->set_type(static_cast<v1::OpType>(77));
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(e)),
                IsRefusal(v1::ERROR_CODE_MALFORMED, "operation.type: unknown operation type 77"));
    e = create;
    e.mutable_operation()->clear_actor();
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(e)),
                IsRefusal(v1::ERROR_CODE_MALFORMED, "operation.actor: missing"));
    e = create;
    e.mutable_operation()->clear_annotation();
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(e)),
                IsRefusal(v1::ERROR_CODE_MALFORMED, "operation.annotation: missing for a create"));
    e = create;
    e.mutable_operation()->mutable_annotation()->clear_kind();
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(e)),
                IsRefusal(v1::ERROR_CODE_MALFORMED, "operation.annotation.kind: missing"));
    e = create;
    e.mutable_operation()->set_type(v1::OP_TYPE_DELETE);
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(e)),
                IsRefusal(v1::ERROR_CODE_MALFORMED, "operation: a delete carries no payload"));

    // A broadcast operation without its sequence.
    auto op = fm::makeDelete(ft::kRoomMedia, QUuid::createUuid(), "ana", fm::Role::Reviewer);
    EXPECT_THAT(
        decoderRefusal(fs::encodeEnvelope(fs::broadcastEnvelope(std::span(&op, 1), room.context))),
        IsRefusal(v1::ERROR_CODE_MALFORMED,
                  "broadcast.operations[0].sequence: missing (a confirmed operation has one)"));
}

TEST(WireRefusal, CoordinatesOutsideThePictureAreRefused) {
    ft::Room room;
    auto e = fs::operationEnvelope(
        fm::makeCreate(ft::annotationOf("rect"), "ana", fm::Role::Reviewer), room.context);
    e.mutable_operation()->mutable_annotation()->set_points(2, 70000);
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(e)),
                IsRefusal(v1::ERROR_CODE_MALFORMED,
                          "operation.annotation.points[2]: 70000 is beyond 65535"));

    auto f = fs::operationEnvelope(
        fm::makeCreate(ft::annotationOf("freehand"), "ana", fm::Role::Reviewer), room.context);
    f.mutable_operation()->mutable_annotation()->set_path(5, -65535);
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(f)),
                IsRefusal(v1::ERROR_CODE_MALFORMED,
                          StartsWith("operation.annotation.path: point 2 leaves the picture")));

    auto odd = fs::operationEnvelope(
        fm::makeCreate(ft::annotationOf("rect"), "ana", fm::Role::Reviewer), room.context);
    odd.mutable_operation()->mutable_annotation()->add_points(1);
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(odd)),
                IsRefusal(v1::ERROR_CODE_MALFORMED,
                          "operation.annotation.points: an odd number of coordinates"));
}

TEST(WireRefusal, InvalidUtf8InATextFieldIsRefusedNamingTheField) {
    // Envelope{1, operation{reply{text: "\xff\xfe"}}} built by hand (protobuf would refuse to write
    // it).
    ft::Room room;
    auto reply = fm::makeReply(ft::kRoomMedia, QUuid::createUuid(), "x", "ana", fm::Role::Reviewer);
    auto wire = fs::operationToWire(reply, room.context);
    wire.mutable_reply()->clear_text();
    const std::string replyBytes = wire.reply().SerializeAsString() + "\x12\x02\xff\xfe";
    wire.clear_reply();
    const std::string op =
        wire.SerializeAsString() + "\x4a" + varint(replyBytes.size()) + replyBytes;
    const std::string bytes = "\x08\x01\x12" + varint(op.size()) + op;
    EXPECT_THAT(decoderRefusal(bytes),
                IsRefusal(v1::ERROR_CODE_MALFORMED,
                          "malformed Envelope: operation.reply.text: invalid UTF-8"));
}

TEST(WireRefusal, ABatchInsideABatchIsRefused) {
    auto inner = fs::batchEnvelope({fs::ackEnvelope(QUuid::createUuid(), 1)});
    auto outer = fs::batchEnvelope({inner});
    EXPECT_THAT(
        decoderRefusal(fs::encodeEnvelope(outer)),
        IsRefusal(v1::ERROR_CODE_MALFORMED, "batch.messages[0].batch: a batch inside a batch"));

    auto mixed = fs::batchEnvelope({fs::ackEnvelope(QUuid::createUuid(), 1)});
    mixed.mutable_batch()->mutable_messages(0)->set_protocol_version(3);
    EXPECT_THAT(decoderRefusal(fs::encodeEnvelope(mixed)),
                IsRefusal(v1::ERROR_CODE_MALFORMED,
                          "batch.messages[0].protocol_version: 3 differs from the batch's 1"));
}

TEST(WireRefusal, DeeplyNestedOrGroupEncodedInputIsRefusedWithoutCrashing) {
    // Batches nested 200 levels deep: the scanner stops at 100 levels.
    std::string envelope;
    for (int i = 0; i < 100; ++i) {
        const std::string batch = "\x0a" + varint(envelope.size()) + envelope;
        envelope = "\x32" + varint(batch.size()) + batch;
    }
    const std::string bytes = "\x08\x01" + envelope;
    EXPECT_THAT(decoderRefusal(bytes),
                IsRefusal(v1::ERROR_CODE_MALFORMED, HasSubstr("nested more than 100 levels deep")));

    EXPECT_THAT(
        decoderRefusal(std::string("\x08\x01\x13", 3)),
        IsRefusal(
            v1::ERROR_CODE_MALFORMED,
            "malformed Envelope: groups (wire types 3 and 4) are not used; operation at byte 2"));
    EXPECT_THAT(decoderRefusal(std::string("\x08\x01\x00", 3)),
                IsRefusal(v1::ERROR_CODE_MALFORMED,
                          "malformed Envelope: invalid field number 0 at byte 2"));
}

TEST(WireRefusal, ALengthPaddedPastFiveBytesIsRefusedByTheScanner) {
    // Found by fuzz_envelope: an unknown length-delimited field (784) whose length 0 is written
    // in 10 bytes. The protobuf parser reads lengths as 32-bit varints and refuses it, so the
    // scanner must refuse it first, saying why.
    const std::string bytes("\x08\x01\x82\x31\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 14);
    EXPECT_THAT(decoderRefusal(bytes),
                IsRefusal(v1::ERROR_CODE_MALFORMED,
                          "malformed Envelope: overlong length of field 784 at byte 4"));
    // Five bytes is still a length (zero, padded): both parsers take it, and the Envelope is
    // then refused for what it is, a message of a type this version does not know.
    const std::string five("\x08\x01\x82\x31\x80\x80\x80\x80\x00", 9);
    EXPECT_THAT(decoderRefusal(five), IsRefusal(v1::ERROR_CODE_UNKNOWN_MESSAGE_TYPE,
                                                "unknown message type (Envelope field 784)"));
}

}  // namespace
