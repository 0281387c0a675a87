#pragma once
// One participant's presence: where the pointer is, which frame is shown, what is selected,
// whether it plays, and "follow me". Ephemeral: sent at most 30 times a second, never stored.
#include <QString>
#include <QUuid>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/model/annotation.h"

namespace framenote::sync {

// What a participant compares (docs/PROTOCOL.md, "Compare in presence"). `mode` counts as
// media::CompareMode does: A, B, wipe, side by side, over/under, difference (0 to 5).
struct CompareView {
    QString bMediaId;
    QString bName;
    int mode = 0;
    int64_t offset = 0;
    double wipe = 0.5;  // quantized like coordinates on the wire
    bool wipeAcross = false;
    int gain = 1;
    friend bool operator==(const CompareView&, const CompareView&) = default;
};

// How a presenter views the colours (docs/PROTOCOL.md, "Colour view in presence"): not the
// display, which names the follower's own monitor. `channel` counts as media::PictureChannel
// does: colour, red, green, blue, alpha, luminance (0 to 5).
struct ColourView {
    bool managed = false;  // false: no colour config, the stream's own colours
    QString inputSpace;    // the clip's input colour space, when managed
    QString view;          // the view (on the presenter's display), when managed
    double exposure = 0;   // stops, in hundredths on the wire
    double gamma = 1;      // in hundredths on the wire
    int channel = 0;
    friend bool operator==(const ColourView&, const ColourView&) = default;
};

// A laser pointer's trail (docs/PROTOCOL.md, "Laser in presence"): points oldest first, with how
// long ago each was drawn when the update was sent.
struct LaserTrail {
    std::vector<model::Point> points;  // normalized, quantized on the wire
    std::vector<uint32_t> agesMs;      // one per point, non-increasing, at most kLaserFadeMs
    bool down = false;                 // still pointing
    friend bool operator==(const LaserTrail&, const LaserTrail&) = default;
};

// A shape a participant is drawing (docs/PROTOCOL.md, "Live strokes in presence").
struct LiveShape {
    model::Kind kind = model::Kind::Freehand;
    model::Style style;
    std::vector<model::Point> points;
    friend bool operator==(const LiveShape&, const LiveShape&) = default;
};

struct Presence {
    uint32_t participant = 0;            // the relay fills it in on fan-out
    std::optional<model::Point> cursor;  // normalized, quantized; nullopt: not over the picture
    int64_t playheadFrame = 0;
    std::vector<QUuid> selection;
    bool playing = false;
    bool presenting = false;  // "follow me"
    uint32_t following = 0;   // the participant this one follows; 0 for none
    // The participant's chosen colour, ARGB (0xAARRGGBB, as model::Style colours); nullopt: none
    // chosen, the UI picks one (for example from the participant number).
    std::optional<uint32_t> color;
    std::optional<CompareView> compare;  // while comparing
    std::optional<ColourView> colour;    // a presenter's, while it presents
    std::optional<LaserTrail> laser;     // while pointing, and while the trail fades
    std::optional<LiveShape> drawing;    // while drawing a shape (the button held)
    friend bool operator==(const Presence&, const Presence&) = default;
};

}  // namespace framenote::sync
