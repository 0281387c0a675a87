#include "core/model/kind_registry.h"

#include <QtGlobal>

namespace framenote::model {

KindRegistry::KindRegistry() {
    // In the order of enum class Kind: the registry gives each the next value. The names'
    // order is also the one error messages list them in.
    const KindSpec builtIn[] = {
        {.name = "rect",
         .geometry = "two opposite corners",
         .displayName = QT_TRANSLATE_NOOP("NoteKind", "rectangle")},
        {.name = "ellipse",
         .geometry = "two opposite corners of the bounding box",
         .displayName = QT_TRANSLATE_NOOP("NoteKind", "ellipse"),
         .outline = Outline::Ellipse},
        {.name = "arrow",
         .shape = Shape::Line,
         .geometry = "tail, then head",
         .displayName = QT_TRANSLATE_NOOP("NoteKind", "arrow"),
         .end = LineEnd::Arrow},
        {.name = "line",
         .shape = Shape::Line,
         .geometry = "start, then end",
         .displayName = QT_TRANSLATE_NOOP("NoteKind", "line")},
        {.name = "freehand",
         .shape = Shape::Path,
         .maxPoints = 10000,
         .geometry = "the stroke's points in drawing order",
         .displayName = QT_TRANSLATE_NOOP("NoteKind", "freehand")},
        {.name = "text",
         .shape = Shape::Text,
         .minPoints = 1,
         .geometry = "the anchor (top-left), optionally the box's bottom-right",
         .displayName = QT_TRANSLATE_NOOP("NoteKind", "text")},
    };
    for (const KindSpec& spec : builtIn) registerKind(spec);
}

KindRegistry& KindRegistry::instance() {
    static KindRegistry registry;
    return registry;
}

std::span<const KindSpec> KindRegistry::kinds() const {
    return {kinds_.data(), count_.load(std::memory_order_acquire)};
}

const KindSpec* KindRegistry::find(const QString& name) const {
    for (const KindSpec& spec : kinds())
        if (spec.name == name) return &spec;
    return nullptr;
}

const KindSpec* KindRegistry::find(Kind kind) const {
    const std::span<const KindSpec> known = kinds();
    const auto index = static_cast<size_t>(kind);
    return index < known.size() ? &known[index] : nullptr;
}

QStringList KindRegistry::names() const {
    QStringList names;
    for (const KindSpec& spec : kinds()) names << spec.name;
    return names;
}

Kind KindRegistry::registerKind(KindSpec spec) {
    const std::lock_guard lock(registering_);
    const size_t count = count_.load(std::memory_order_relaxed);
    if (count == kMaxKinds || spec.name.isEmpty() || find(spec.name) || spec.minPoints < 1 ||
        spec.maxPoints < spec.minPoints)
        return Kind::Unknown;
    spec.kind = static_cast<Kind>(count);
    kinds_[count] = std::move(spec);
    // Published after it is complete: readers see count_ and then only finished entries.
    count_.store(count + 1, std::memory_order_release);
    return kinds_[count].kind;
}

Kind kindFromName(const QString& name) {
    const KindSpec* spec = KindRegistry::instance().find(name);
    return spec ? spec->kind : Kind::Unknown;
}

QString kindName(Kind kind) {
    const KindSpec* spec = kindSpec(kind);
    return spec ? spec->name : QString();
}

}  // namespace framenote::model
