#include "core/store/nearest_colour.h"

namespace framenote::store {

const char* nearestColourName(uint32_t argb, std::span<const NamedColour> palette) {
    const auto distance = [argb](uint32_t rgb) {
        int sum = 0;
        for (const int shift : {16, 8, 0}) {
            const int d = int((argb >> shift) & 0xff) - int((rgb >> shift) & 0xff);
            sum += d * d;
        }
        return sum;
    };
    const NamedColour* nearest = &palette.front();
    for (const NamedColour& colour : palette)
        if (distance(colour.rgb) < distance(nearest->rgb)) nearest = &colour;
    return nearest->name;
}

}  // namespace framenote::store
