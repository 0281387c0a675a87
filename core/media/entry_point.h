#pragma once
// Whether a stream's first packet is a true decoder entry point, read from its NAL units: an
// H.264 IDR, an HEVC IRAP picture. A stream that opens on one, with no leading pictures, needs no
// decode to know that its first picture comes out first (docs/ARCHITECTURE.md, "The life of a
// frame", Index).
#include <cstdint>

struct AVCodecParameters;

namespace framenote::media {

// True when `data` (one packet of the stream `codec` describes) holds an IDR (H.264) or IRAP
// (HEVC) slice. False for other codecs and for anything that cannot be parsed.
bool packetIsEntryPoint(const AVCodecParameters& codec, const uint8_t* data, int size);

}  // namespace framenote::media
