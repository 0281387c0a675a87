#include "core/model/ghosts.h"

#include <algorithm>
#include <set>

namespace framenote::model {

std::vector<Ghost> ghostsAround(const AnnotationState& state, int64_t frame, int reach) {
    std::vector<Ghost> ghosts;
    std::set<const Annotation*> seen;
    // Nearest first, so each note is met at its nearest frame.
    for (int64_t d = 1; d <= reach; ++d)
        for (const bool before : {true, false})
            for (const Annotation* note : state.onFrame(before ? frame - d : frame + d))
                if (!note->onFrame(frame) && seen.insert(note).second)
                    ghosts.push_back({note, d, before});
    std::stable_sort(ghosts.begin(), ghosts.end(),
                     [](const Ghost& x, const Ghost& y) { return x.distance > y.distance; });
    return ghosts;
}

}  // namespace framenote::model
