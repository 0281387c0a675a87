#pragma once
// The wire codec of the sync protocol (core/sync/proto/framenote_sync.proto, docs/PROTOCOL.md):
// model operations and annotations <-> protobuf messages, and Envelope bytes <-> messages with
// validation. Nothing here touches the network.
//
// Coordinates and stroke widths are quantized on the wire, so
//   operationFromWire(operationToWire(op)) == op   exactly
// holds for operations passed through quantizeOperation() (quantization.h) first. Every other
// field (ids, times, frames, text, tags, replies, roles) round-trips unchanged.
#include <QString>
#include <QUuid>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"
#include "core/model/operation.h"
#include "core/sync/floor.h"
#include "core/sync/participant_table.h"
#include "core/sync/presence.h"
#include "core/sync/protocol_limits.h"
#include "framenote_sync.pb.h"

namespace framenote::sync {

// Wire defaults of Style (a field equal to its default is left out).
inline constexpr uint32_t kWireDefaultColor = 0xffff3b30;
inline constexpr uint32_t kWireDefaultWidthUnits = 262;  // 0.004 of the picture height
inline constexpr uint32_t kWireDefaultFill = 0x40ff3b30;

// What the codec needs to know about the room an operation belongs to: its media id (never sent
// per operation) and the participant numbers of actors and authors.
struct RoomContext {
    QString mediaId;
    const ParticipantTable& participants;
};

// ---- Model <-> messages ---------------------------------------------------------------------

v1::Operation operationToWire(const model::Operation& op, const RoomContext& room);
Result<model::Operation> operationFromWire(const v1::Operation& wire, const RoomContext& room);

// A standalone annotation (Snapshot): times absolute, author and role always explicit.
v1::Annotation annotationToWire(const model::Annotation& annotation, const RoomContext& room);
Result<model::Annotation> annotationFromWire(const v1::Annotation& wire, const RoomContext& room);

// An id as the wire carries it: 16 bytes in RFC 4122 order. Any other length reads as nullopt.
std::string idBytes(const QUuid& id);
std::optional<QUuid> idFromBytes(const std::string& bytes);

// A role as the wire carries it, and back: ROLE_UNSPECIFIED reads as `fallback`, a value this
// version does not know as nullopt.
v1::Role roleToWire(model::Role role);
std::optional<model::Role> roleFromWire(int role, model::Role fallback);

v1::Presence presenceToWire(const Presence& presence);
Result<Presence> presenceFromWire(const v1::Presence& wire);

// The room's floor (floor.h), as Participants.floor carries it, and a request to change it.
v1::Floor floorToWire(const Floor& floor);
Result<Floor> floorFromWire(const v1::Floor& wire);
v1::FloorRequest floorChangeToWire(const FloorChange& change);
Result<FloorChange> floorChangeFromWire(const v1::FloorRequest& wire);

v1::Participants participantsToWire(const ParticipantTable& table, uint32_t you, bool full);
// Applies an announcement to a client's table (a full one replaces it).
Status applyParticipants(const v1::Participants& wire, ParticipantTable& table);

// ---- Envelopes -------------------------------------------------------------------------------

// A new top-level Envelope stating this side's protocol version.
v1::Envelope newEnvelope();
v1::Envelope operationEnvelope(const model::Operation& op, const RoomContext& room);
v1::Envelope broadcastEnvelope(std::span<const model::Operation> ops, const RoomContext& room);
v1::Envelope ackEnvelope(const QUuid& opId, int64_t sequence);
// Several messages in one frame: their protocol_version is cleared (they inherit the Batch's).
v1::Envelope batchEnvelope(std::vector<v1::Envelope> messages);

std::string encodeEnvelope(const v1::Envelope& envelope);

struct DecodeOptions {
    size_t maxBytes = kDefaultMaxMessageBytes;
    uint32_t version = kProtocolVersion;  // the version this side speaks
};

// Why a decode failed: the code to answer with, and the version the peer stated (a version
// refusal is written in the peer's version so it can read it).
struct DecodeFailure {
    v1::ErrorCode code = v1::ERROR_CODE_MALFORMED;
    uint32_t peerVersion = 0;
    // The op_id of every operation in the refused message that could still be read (16 bytes
    // each, a Batch's too): each is refused by its id, so that its sender can drop it.
    std::vector<QUuid> opIds;
};

// Parses and validates one WebSocket message. Refuses, with a message saying what was wrong:
// empty or oversized input, bytes that are not an Envelope (truncated, bad wire format, invalid
// UTF-8 in a string), a missing or different protocol version, an unknown message type, and
// fields out of shape (ids that are not 16 bytes, coordinates beyond 65535, a payload that does
// not fit the operation type, a Batch inside a Batch). Unknown fields are ignored.
// The 16-byte op_ids of the operations in an Envelope, a Batch's included.
std::vector<QUuid> operationIds(const v1::Envelope& envelope);

Result<v1::Envelope> decodeEnvelope(std::string_view bytes, const DecodeOptions& options = {},
                                    DecodeFailure* failure = nullptr);

// The structural checks decodeEnvelope applies after parsing (also usable on built messages).
Status checkEnvelope(const v1::Envelope& envelope, uint32_t version = kProtocolVersion);

// The Error to send back for a refused message (fatal for a version mismatch).
v1::Envelope errorEnvelope(v1::ErrorCode code, const std::string& message,
                           const QUuid& opId = QUuid());
v1::Envelope refusalEnvelope(const std::string& message, const DecodeFailure& failure);

// Names for messages, logs and metrics: "operation", "broadcast", ... ("none" when unset).
std::string bodyName(const v1::Envelope& envelope);

}  // namespace framenote::sync
