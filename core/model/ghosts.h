#pragma once
// Ghosts (onion skin, docs/ARCHITECTURE.md, "Ghosts"): the notes of the frames just before and
// after the current one, which an animator or a supervisor tracking a moving object sees faded
// around the current frame's notes.
#include <cstdint>
#include <vector>

#include "core/model/annotation_state.h"

namespace framenote::model {

struct Ghost {
    const Annotation* note = nullptr;
    int64_t distance = 0;  // frames from the current one to the note's nearest frame (1 or more)
    bool before = false;   // the note ends before the current frame (else it starts after it)
};

// The notes within `reach` frames before or after `frame` and not on it, farthest first (so that
// painting in order puts the nearest on top). None when `reach` is 0 or less.
std::vector<Ghost> ghostsAround(const AnnotationState& state, int64_t frame, int reach);

}  // namespace framenote::model
