#pragma once
// A note's colour as the nearest of a fixed palette (an editor's marker colours): Resolve's for
// EDL markers, OpenTimelineIO's for its markers.
#include <cstdint>
#include <span>

namespace framenote::store {

struct NamedColour {
    const char* name;
    uint32_t rgb;  // 0xRRGGBB
};

// The name of the colour of `palette` nearest `argb` (alpha ignored) by plain RGB distance; the
// first on a tie. `palette` must not be empty.
const char* nearestColourName(uint32_t argb, std::span<const NamedColour> palette);

}  // namespace framenote::store
