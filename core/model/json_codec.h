#pragma once
// Lossless JSON for annotations and operations: the store's payload format and the JSON export.
// Decoding validates shape and types and names the field that is wrong.
#include <QJsonObject>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::model {

QJsonObject annotationToJson(const Annotation& annotation);
Result<Annotation> annotationFromJson(const QJsonObject& json);
QJsonObject operationToJson(const Operation& op);
Result<Operation> operationFromJson(const QJsonObject& json);

}  // namespace framenote::model
