#include "core/sync/relay_codec.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "core/sync/participant_table.h"
#include "core/sync/wire_codec.h"

namespace framenote::sync {

namespace {

const RoomContext& nameOnlyContext() {
    static const ParticipantTable empty;
    static const RoomContext context{QString(), empty};
    return context;
}

// Protobuf wire pieces.
size_t varintSize(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

void putVarint(QByteArray& out, uint64_t v) {
    while (v >= 0x80) {
        out.append(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.append(static_cast<char>(v));
}

// Tag bytes of length-delimited fields used here (all field numbers < 16: one byte).
constexpr char kTagBroadcast = (3 << 3) | 2;  // Envelope.broadcast
constexpr char kTagBatch = (6 << 3) | 2;      // Envelope.batch
constexpr char kTagRepeated1 = (1 << 3) | 2;  // Batch.messages, Broadcast.operations
constexpr char kVersionTag = (1 << 3) | 0;    // Envelope.protocol_version

size_t fieldSize(size_t length) { return 1 + varintSize(length) + length; }

struct Segment {
    size_t first = 0, last = 0;  // pieces [first, last)
    bool operations = false;
    size_t bodyLength = 0;  // Broadcast body length (operations) or the envelope length
    size_t innerLength() const {
        return operations ? fieldSize(bodyLength) : bodyLength;  // an inner Envelope
    }
};

}  // namespace

std::string storedOperationBytes(const model::Operation& op) {
    model::Operation copy = op;
    copy.sequence = 0;
    return operationToWire(copy, nameOnlyContext()).SerializeAsString();
}

Result<model::Operation> operationFromStored(const std::string& bytes, int64_t sequence) {
    v1::Operation wire;
    if (!wire.ParseFromString(bytes)) return makeError("stored operation: unreadable payload");
    auto op = operationFromWire(wire, nameOnlyContext());
    if (!op) return makeError("stored operation: " + op.error());
    op->sequence = sequence;
    return op;
}

std::string storedSnapshotBytes(const SnapshotContent& content, uint64_t epoch, int64_t sequence) {
    v1::Snapshot s;
    s.set_epoch(epoch);
    s.set_sequence(static_cast<uint64_t>(sequence));
    for (const model::Annotation& a : content.annotations) {
        v1::Annotation* w = s.add_annotations();
        *w = annotationToWire(a, nameOnlyContext());
        // Keep the author by name even when empty, and the media id always.
        if (!w->has_author_name() && w->author() == 0) w->set_author_name(a.author.toStdString());
    }
    for (const QUuid& id : content.deleted) {
        const QByteArray b = id.toRfc4122();
        s.add_deleted(b.constData(), static_cast<size_t>(b.size()));
    }
    return s.SerializeAsString();
}

Result<SnapshotContent> snapshotFromStored(const std::string& bytes) {
    v1::Snapshot s;
    if (!s.ParseFromString(bytes)) return makeError("stored snapshot: unreadable");
    SnapshotContent content;
    for (int i = 0; i < s.annotations_size(); ++i) {
        auto a = annotationFromWire(s.annotations(i), nameOnlyContext());
        if (!a) return makeError("stored snapshot: " + a.error());
        content.annotations.push_back(std::move(*a));
    }
    for (const std::string& id : s.deleted()) {
        const std::optional<QUuid> uuid = idFromBytes(id);
        if (!uuid) return makeError("stored snapshot: a deleted id is not 16 bytes");
        content.deleted.push_back(*uuid);
    }
    return content;
}

QByteArray snapshotPartPiece(uint64_t epoch, int64_t sequence,
                             const std::vector<const std::string*>& annotations,
                             const std::vector<QUuid>& deleted, bool more) {
    using google::protobuf::io::CodedOutputStream;
    using google::protobuf::io::StringOutputStream;
    constexpr uint32_t kLengthDelimited = 2;
    std::string body;  // the Snapshot, fields in number order as protobuf writes them
    {
        StringOutputStream stream(&body);
        CodedOutputStream out(&stream);
        if (epoch) {
            out.WriteTag((v1::Snapshot::kEpochFieldNumber << 3) | 0);
            out.WriteVarint64(epoch);
        }
        if (sequence) {
            out.WriteTag((v1::Snapshot::kSequenceFieldNumber << 3) | 0);
            out.WriteVarint64(static_cast<uint64_t>(sequence));
        }
        for (const std::string* a : annotations) {
            out.WriteTag((v1::Snapshot::kAnnotationsFieldNumber << 3) | kLengthDelimited);
            out.WriteVarint32(static_cast<uint32_t>(a->size()));
            out.WriteString(*a);
        }
        for (const QUuid& id : deleted) {
            const QByteArray bytes = id.toRfc4122();
            out.WriteTag((v1::Snapshot::kDeletedFieldNumber << 3) | kLengthDelimited);
            out.WriteVarint32(16);
            out.WriteRaw(bytes.constData(), 16);
        }
        if (more) {
            out.WriteTag((v1::Snapshot::kMoreFieldNumber << 3) | 0);
            out.WriteVarint32(1);
        }
    }
    std::string envelope;
    {
        StringOutputStream stream(&envelope);
        CodedOutputStream out(&stream);
        out.WriteTag((v1::Envelope::kSnapshotFieldNumber << 3) | kLengthDelimited);
        out.WriteVarint32(static_cast<uint32_t>(body.size()));
        out.WriteString(body);
    }
    return QByteArray(envelope.data(), static_cast<qsizetype>(envelope.size()));
}

QByteArray innerEnvelopeBytes(const v1::Envelope& envelope) {
    QByteArray out;
    const size_t size = envelope.ByteSizeLong();
    out.resize(static_cast<qsizetype>(size));
    if (envelope.protocol_version() == 0) {
        envelope.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out.data()));
        return out;
    }
    v1::Envelope copy = envelope;
    copy.clear_protocol_version();
    out.resize(static_cast<qsizetype>(copy.ByteSizeLong()));
    copy.SerializeWithCachedSizesToArray(reinterpret_cast<uint8_t*>(out.data()));
    return out;
}

std::vector<QByteArray> assembleMessages(const std::vector<OutPiece>& pieces,
                                         size_t maxMessageBytes) {
    std::vector<QByteArray> messages;
    // Group the pieces into segments: runs of operations (one Broadcast each) and envelopes.
    std::vector<Segment> segments;
    for (size_t i = 0; i < pieces.size(); ++i) {
        const OutPiece& p = pieces[i];
        const size_t length = static_cast<size_t>(p.bytes.size());
        if (p.kind == OutPiece::Kind::Operation) {
            if (!segments.empty() && segments.back().operations &&
                segments.back().bodyLength + fieldSize(length) <= maxMessageBytes) {
                segments.back().last = i + 1;
                segments.back().bodyLength += fieldSize(length);
                continue;
            }
            segments.push_back({i, i + 1, true, fieldSize(length)});
        } else {
            segments.push_back({i, i + 1, false, length});
        }
    }
    const auto writeSegment = [&](QByteArray& out, const Segment& s) {
        if (!s.operations) {
            out.append(pieces[s.first].bytes);
            return;
        }
        out.append(kTagBroadcast);
        putVarint(out, s.bodyLength);
        for (size_t k = s.first; k < s.last; ++k) {
            out.append(kTagRepeated1);
            putVarint(out, static_cast<uint64_t>(pieces[k].bytes.size()));
            out.append(pieces[k].bytes);
        }
    };
    size_t s = 0;
    while (s < segments.size()) {
        // As many segments as fit in one message.
        size_t end = s, batchLength = 0;
        while (end < segments.size()) {
            const size_t add = fieldSize(segments[end].innerLength());
            if (end > s && batchLength + add > maxMessageBytes) break;
            batchLength += add;
            ++end;
        }
        QByteArray out;
        if (end - s == 1) {
            out.reserve(static_cast<qsizetype>(2 + segments[s].innerLength()));
            out.append(kVersionTag);
            putVarint(out, kProtocolVersion);
            writeSegment(out, segments[s]);
        } else {
            out.reserve(static_cast<qsizetype>(2 + fieldSize(batchLength)));
            out.append(kVersionTag);
            putVarint(out, kProtocolVersion);
            out.append(kTagBatch);
            putVarint(out, batchLength);
            for (size_t k = s; k < end; ++k) {
                out.append(kTagRepeated1);
                putVarint(out, segments[k].innerLength());
                writeSegment(out, segments[k]);
            }
        }
        messages.push_back(std::move(out));
        s = end;
    }
    return messages;
}

}  // namespace framenote::sync
