#pragma once
// Two versions of a shot on one screen (docs/ARCHITECTURE.md, "Compare"): the picture the
// viewer shows while comparing, made from A's and B's RGBA renditions of the same instant.
// B is fitted inside A's size (letterboxed, its aspect kept), so versions of different
// resolutions line up; the composite is then A's size, or twice it side by side or over/under.
#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QString>
#include <optional>

#include "core/media/video_frame.h"

namespace framenote::media {

enum class CompareMode {
    A,           // A alone (comparing off, or toggled to A)
    B,           // B alone, fitted to A
    Wipe,        // A before the divider, B after it
    SideBySide,  // A left, B right
    OverUnder,   // A on top, B below
    Difference,  // |A - B| per channel, times the gain
};

// "a", "b", "wipe", "side-by-side", "over-under", "difference": for settings and the session.
QString compareModeName(CompareMode mode);
std::optional<CompareMode> compareModeFromName(const QString& name);

struct CompareLayout {
    CompareMode mode = CompareMode::A;
    double wipe = 0.5;        // the divider's place, 0..1 across (or down) the picture
    bool wipeAcross = false;  // false: a vertical divider (A left); true: horizontal (A above)
    double gain = 1.0;        // the difference's multiplier, 1 to 64
};

// The composite. `b` null: B has no picture for this frame (before its start, after its end,
// undecodable), shown black. Empty when `a` is.
RgbaImage composeCompare(const RgbaImage& a, const RgbaImage* b, const CompareLayout& layout);

// Where A's notes belong, as fractions of the composite (x, y, width, height): `area` is where
// A's picture lies (the notes' [0,1] coordinates map onto it), `clip` the part of the screen
// they may be drawn on (a wipe shows A on its side only). Empty: A is not on screen.
struct ComparePart {
    QRectF area;
    QRectF clip;
};
ComparePart comparePartOfA(const CompareLayout& layout);

// Which version a point of the composite (x, y: fractions of its width and height) shows, and
// the point in that version's frame (fractions of its own width and height), for the pixel
// probe. `aSize` and `bSize`: the versions' renditions (B's is fitted into A's). The difference
// reads A. nullopt: the point shows no version (black around a fitted B, or no B).
struct ComparePick {
    bool fromB = false;
    QPointF at;
};
std::optional<ComparePick> pickCompareSource(const CompareLayout& layout, QPointF point,
                                             QSize aSize, QSize bSize);

}  // namespace framenote::media
