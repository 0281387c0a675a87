#include "core/model/kind_registry.h"

namespace framenote::model {

KindRegistry::KindRegistry() {
    kinds_ = {
        {"rect", 2, 2, false, false, "two opposite corners"},
        {"ellipse", 2, 2, false, false, "two opposite corners of the bounding box"},
        {"arrow", 2, 2, false, false, "tail, then head"},
        {"line", 2, 2, false, false, "start, then end"},
        {"freehand", 2, 10000, true, false, "the stroke's points in drawing order"},
        {"text", 1, 2, false, true, "the anchor (top-left), optionally the box's bottom-right"},
    };
}

const KindRegistry& KindRegistry::instance() {
    static const KindRegistry registry;
    return registry;
}

const KindSpec* KindRegistry::find(const QString& name) const {
    for (const KindSpec& spec : kinds_)
        if (spec.name == name) return &spec;
    return nullptr;
}

QStringList KindRegistry::names() const {
    QStringList names;
    for (const KindSpec& spec : kinds_) names << spec.name;
    return names;
}

}  // namespace framenote::model
