#pragma once
// One participant's presence: where the pointer is, which frame is shown, what is selected,
// whether it plays, and "follow me". Ephemeral: sent at most 30 times a second, never stored.
#include <QUuid>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/model/annotation.h"

namespace framenote::sync {

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
    friend bool operator==(const Presence&, const Presence&) = default;
};

}  // namespace framenote::sync
