#include "core/store/stored_json.h"

#include <QJsonDocument>

#include "core/common/try.h"
#include "core/model/json_codec.h"

namespace framenote::store {

namespace {

Result<QJsonObject> parseObject(const QString& json, const QString& file, const char* what) {
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &parseError);
    if (!doc.isObject())
        return makeError(file.toStdString() + ": a stored " + what + " is unreadable: " +
                         (parseError.error == QJsonParseError::NoError
                              ? std::string("not an object")
                              : parseError.errorString().toStdString()));
    return doc.object();
}

}  // namespace

QString compactJson(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString encodeAnnotationJson(const model::Annotation& annotation) {
    return compactJson(model::annotationToJson(annotation));
}

QString encodeOperationJson(const model::Operation& op) {
    return compactJson(model::operationToJson(op));
}

Result<model::Annotation> decodeAnnotationJson(const QString& json, const QString& file) {
    Result<QJsonObject> object = parseObject(json, file, "annotation");
    FRAMENOTE_TRY(object);
    Result<model::Annotation> a = model::annotationFromJson(*object);
    if (!a)
        return makeError(file.toStdString() + ": a stored annotation is unreadable: " + a.error());
    return a;
}

Result<model::Operation> decodeOperationJson(const QString& json, int64_t sequence,
                                             const QString& file) {
    Result<QJsonObject> object = parseObject(json, file, "operation");
    FRAMENOTE_TRY(object);
    Result<model::Operation> op = model::operationFromJson(*object);
    if (!op)
        return makeError(file.toStdString() + ": a stored operation is unreadable: " + op.error());
    op->sequence = sequence;
    return op;
}

}  // namespace framenote::store
