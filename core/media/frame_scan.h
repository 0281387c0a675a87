#pragma once
// Decoding a run of frames in order and keeping account of the damage met on the way: what
// `framenote-cli framemd5` and `framenote-cli info --decode` both report.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/media/frame_source.h"

namespace framenote::media {

struct DamageReport {
    int64_t framesScanned = 0;
    std::vector<int64_t> damaged;      // decoded, but the decoder reported errors in them
    std::vector<int64_t> undecodable;  // no picture at all (damaged or truncated data)
    std::vector<std::string> errors;   // the decoder's message for each undecodable frame

    bool clean() const { return damaged.empty() && undecodable.empty(); }
    // One line for people: "2 of 300 frames decoded with errors (120, 121); ..." or "no damage".
    std::string summary() const;
};

// Decodes frames [from, to) in order, handing each picture to `onFrame` (may be empty). A frame
// that cannot be decoded is counted and skipped, never the end of the scan.
DamageReport scanFrames(FrameSource& source, int64_t from, int64_t to,
                        const std::function<void(const VideoFrame&)>& onFrame = {});

}  // namespace framenote::media
