#pragma once
// An image sequence (shot.1001.exr ... shot.1100.exr) found on disk from one of its files, a
// pattern (shot.####.exr, shot.%04d.exr) or its folder (docs/ARCHITECTURE.md, "Image
// sequences"). Frame n (0-based) is the file numbered first + n; a number without a file is a
// missing frame, never replaced by a neighbour.
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/result.h"

namespace framenote::media {

struct SequenceLimits {
    int64_t maxFiles = 1'000'000;     // files of the sequence (or, for a folder, numbered images)
    int64_t maxEntries = 10'000'000;  // folder entries read, whatever their names
    int64_t maxSpan = 1'000'000;      // last - first + 1, gaps included
};

struct ImageSequence {
    std::string directory;  // absolute, without a trailing '/'
    std::string prefix;     // "shot." (never holds a '/')
    std::string suffix;     // ".exr"
    // The width the numbers are padded to, as printf's %0Nd (1: unpadded). For names without a
    // leading zero the widest that writes them all (1001..1100: 4).
    int padding = 1;
    bool fixedWidth = false;       // every name has exactly `padding` digits
    int64_t first = 0;             // the lowest file number: shot.1001.exr gives 1001
    int64_t last = 0;              // the highest
    std::vector<int64_t> present;  // file numbers with a file, ascending
    std::vector<int64_t> missing;  // file numbers in [first, last] without one, ascending
    // What discovery chose when the folder held several sequences; empty otherwise.
    std::string note;

    // `input`: a file of the sequence, a pattern, or a folder holding it. A folder with several
    // sequences gives the one with the most files (ties: the first pattern in byte order) and
    // says so in `note`. Only names listed in the folder are used: the input never becomes a
    // path outside it.
    static Result<ImageSequence> discover(const std::string& input,
                                          const SequenceLimits& limits = {});

    int64_t frameCount() const { return last - first + 1; }
    int64_t fileNumber(int64_t frame) const { return first + frame; }
    // Frame n in [0, frameCount()) has a file.
    bool isPresent(int64_t frame) const;
    std::string fileName(int64_t frame) const;
    std::string path(int64_t frame) const;
    // The names as image2 reads them: "shot.%04d.exr" ("frame.%d.png" when unpadded).
    std::string pattern() const;
};

}  // namespace framenote::media
