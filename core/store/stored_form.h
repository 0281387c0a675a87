#pragma once
// The store's binary form of annotations and operations (schema 4 on): the annotations.state
// and operations.payload columns. Replaces the compact JSON of schemas 1 to 3 (stored_json.h,
// kept for the migration) because Qt JSON took 40 % of a bulk import's CPU time and most of a
// frame or range query's (docs/PERFORMANCE.md "Local store").
//
// Lossless for every field the model has (full 64-bit integers, doubles bit for bit, any
// Unicode text). Not a wire format: the relay speaks protobuf (docs/PROTOCOL.md), whose
// coordinates are quantized.
//
// Layout. Integers are LEB128 varints ("uvar"), signed ones zigzag-coded first ("svar"); a
// double is its 8 IEEE-754 bytes, little-endian; a UUID its 16 bytes in RFC 4122 order; a
// string its UTF-8 byte count (uvar) then the bytes; a list its count (uvar) then the items;
// an enum or flag one byte (the model's value).
//
//   annotation  := 0xA1 body                      (0xA1: annotation, form 1)
//   operation   := 0x01 op_id:uuid actor:string actor_role:byte time_ms:svar media_id:string
//                  type:byte target:uuid payload   (0x01: operation, form 1)
//     payload   := body (create) | changes (set fields, resolve, reopen) | reply (reply, edit
//                  reply) | nothing (delete)
//   body        := id:uuid media_id:string first:svar last:svar kind:string points style
//                  text:string author:string role:byte created_ms:svar updated_ms:svar
//                  status:byte tags:list(string) replies:list(reply)
//   points      := list(x:double y:double)
//   style       := color:uvar width:double filled:byte fill:uvar
//   reply       := id:uuid author:string text:string created_ms:svar updated_ms:svar
//                  deleted:byte
//   changes     := present:byte (bit i: field i of model::Field, in that order), then each
//                  present field: points | style | first:svar last:svar | text:string |
//                  status:byte | tags:list(string)
//
// An operation's sequence is not in the form: it lives in its own column (0 while pending).
// Decoding checks every length, enum and the end of the data; an error names the file.
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::store {

QByteArray encodeAnnotation(const model::Annotation& annotation);
QByteArray encodeOperation(const model::Operation& op);
Result<model::Annotation> decodeAnnotation(QByteArrayView bytes, const QString& file);
Result<model::Operation> decodeOperation(QByteArrayView bytes, int64_t sequence,
                                         const QString& file);

}  // namespace framenote::store
