#pragma once
// The one place annotation kinds are registered: for each, its name where notes are stored,
// exported and sent, its shape, how many points it holds and what they mean, and its name for
// people. The painter, the overlay, the note texts, the exporters and the wire codec work from
// the shape, never from a kind's name, so adding a kind is one registration in
// kind_registry.cpp (docs/ARCHITECTURE.md, "Where to add things").
#include <QString>
#include <QStringList>
#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <span>

namespace framenote::model {

// What an annotation is. The built-in kinds are named here in the order kind_registry.cpp
// registers them; a kind registered later (KindRegistry::registerKind) takes the next value.
// Unknown: a name no registered kind has (a newer version's kind), which validation refuses.
enum class Kind : uint16_t { Rect, Ellipse, Arrow, Line, Freehand, Text, Unknown = 0xffff };

// What a kind's points are. This decides how a note is painted, selected, resized and sent.
enum class Shape : uint8_t {
    Box,   // two opposite corners; resized by the box's corners and edges
    Line,  // two ends; resized by moving an end
    Path,  // a stroke, point by point; resized with its box, sent as deltas
    Text,  // the anchor, optionally the bottom-right of the text's box; carries the text
};

// How a Box is outlined, and how a Line ends.
enum class Outline : uint8_t { Rectangle, Ellipse };
enum class LineEnd : uint8_t { Plain, Arrow };

struct KindSpec {
    QString name;  // stored, exported and sent as this string
    Shape shape = Shape::Box;
    int minPoints = 2;
    int maxPoints = 2;
    const char* geometry = "";  // what the points mean, for docs and error messages
    // The name people read, marked with QT_TRANSLATE_NOOP("NoteKind", ...) and translated by
    // render::noteKindName (ui/render/note_text.h).
    const char* displayName = "";
    Outline outline = Outline::Rectangle;  // Box only
    LineEnd end = LineEnd::Plain;          // Line only
    Kind kind = Kind::Unknown;             // given by the registry

    // Points sent as deltas from the previous one (docs/PROTOCOL.md, "Encoding").
    bool deltaCodedPath() const { return shape == Shape::Path; }
    bool requiresText() const { return shape == Shape::Text; }
};

// Reads may come from any thread at any time, also while a kind is being registered.
class KindRegistry {
  public:
    static KindRegistry& instance();
    const KindSpec* find(const QString& name) const;
    const KindSpec* find(Kind kind) const;
    std::span<const KindSpec> kinds() const;
    QStringList names() const;

    // Adds a kind at run time (a test's own kind): its Kind is the next value. Refused
    // (Kind::Unknown) when the name is empty or taken, the point counts make no sense, or the
    // registry is full. A kind cannot be removed: values handed out stay valid.
    Kind registerKind(KindSpec spec);

  private:
    static constexpr size_t kMaxKinds = 64;
    KindRegistry();
    std::array<KindSpec, kMaxKinds> kinds_;
    std::atomic<size_t> count_{0};  // kinds_[0, count_) are registered and never change
    std::mutex registering_;
};

// The registered kind named `name`, or Kind::Unknown; and back (empty for Kind::Unknown).
// Annotations go through kindName(const Annotation&) and setKindFromName (annotation.h), which
// keep the name of an unknown kind.
Kind kindFromName(const QString& name);
QString kindName(Kind kind);
// The kind's registration, or nullptr for Kind::Unknown.
inline const KindSpec* kindSpec(Kind kind) { return KindRegistry::instance().find(kind); }

}  // namespace framenote::model
