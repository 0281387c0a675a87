#pragma once
// What the relay stores and how it assembles what it sends.
//
// Stored forms need no room context, so the log stays readable whatever participant numbers a
// later relay process hands out: a stored operation is a v1::Operation with people by name and
// the media id present; a stored snapshot is a v1::Snapshot likewise.
//
// Outgoing messages are assembled from pre-encoded pieces (encode once, send to many):
// each operation is encoded once per room when it is committed; each connection's flush
// concatenates the pieces queued for it into one Envelope (a Batch when there are several, with
// runs of operations grouped into one Broadcast), so one write carries many deliveries.
#include <QByteArray>
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/model/operation.h"
#include "core/sync/snapshot_ops.h"
#include "framenote_sync.pb.h"

namespace framenote::sync {

std::string storedOperationBytes(const model::Operation& op);
Result<model::Operation> operationFromStored(const std::string& bytes, int64_t sequence);

std::string storedSnapshotBytes(const SnapshotContent& content, uint64_t epoch, int64_t sequence);
Result<SnapshotContent> snapshotFromStored(const std::string& bytes);

// An Envelope body without protocol_version, serialized: a piece to put in a Batch.
QByteArray innerEnvelopeBytes(const v1::Envelope& envelope);

// A Snapshot part as such a piece, framed around annotations already serialized (v1::Annotation
// each): the same bytes as innerEnvelopeBytes() of the part built field by field, without
// encoding the annotations again (the relay keeps each one encoded; relay_rooms.cpp).
QByteArray snapshotPartPiece(uint64_t epoch, int64_t sequence,
                             const std::vector<const std::string*>& annotations,
                             const std::vector<QUuid>& deleted, bool more);

// One piece queued for a connection.
struct OutPiece {
    enum class Kind : uint8_t { Operation, Envelope };
    Kind kind = Kind::Envelope;
    QByteArray bytes;        // a serialized v1::Operation, or an inner Envelope
    int64_t receivedNs = 0;  // Operation: when the relay received it (fan-out latency)
};

// Turns the pieces into WebSocket messages, each a top-level Envelope of at most about
// `maxMessageBytes` (a single larger piece travels alone).
std::vector<QByteArray> assembleMessages(const std::vector<OutPiece>& pieces,
                                         size_t maxMessageBytes);

}  // namespace framenote::sync
