#pragma once
// How annotations and operations are kept in the store's JSON columns: compact model JSON
// (model/json_codec.h). Decoding errors name the file, since an unreadable row means a
// damaged store, not bad user input.
#include <QJsonObject>
#include <QString>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::store {

QString compactJson(const QJsonObject& object);
QString encodeAnnotation(const model::Annotation& annotation);
QString encodeOperation(const model::Operation& op);
Result<model::Annotation> decodeAnnotation(const QString& json, const QString& file);
// `sequence` comes from its own column (0 when pending); the payload is as the actor made it.
Result<model::Operation> decodeOperation(const QString& json, int64_t sequence,
                                         const QString& file);

}  // namespace framenote::store
