#pragma once
// Checks that a value is acceptable before it is stored or sent, with errors naming the field.
#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::model {

struct Limits {
    int64_t frameCount = INT64_MAX;   // frames of the media; frame ranges must lie inside
    int maxTextChars = 20000;
    int maxPathPoints = 10000;
    int maxTags = 32;
    int maxTagChars = 64;
    int maxAuthorChars = 128;
};

framenote::Status validateAnnotation(const Annotation& annotation, const Limits& limits = {});
framenote::Status validateOperation(const Operation& op, const Limits& limits = {});

}  // namespace framenote::model
