#pragma once
// Compact model JSON (model/json_codec.h) for the store's JSON columns (media probe data), and
// the form annotations and operations were stored in up to schema 3: migration step 4 reads it
// to rewrite them in the binary form (stored_form.h). Decoding errors name the file, since an
// unreadable row means a damaged store, not bad user input.
#include <QJsonObject>
#include <QString>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::store {

QString compactJson(const QJsonObject& object);
QString encodeAnnotationJson(const model::Annotation& annotation);
QString encodeOperationJson(const model::Operation& op);
Result<model::Annotation> decodeAnnotationJson(const QString& json, const QString& file);
// `sequence` comes from its own column (0 when pending); the payload is as the actor made it.
Result<model::Operation> decodeOperationJson(const QString& json, int64_t sequence,
                                             const QString& file);

}  // namespace framenote::store
