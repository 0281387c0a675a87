#pragma once
// The protocol's version and default message size (docs/PROTOCOL.md, "Limits"), apart from the
// wire codec so that settings (relay_config.h) can name them without the generated protobuf
// headers.
#include <cstddef>
#include <cstdint>

namespace framenote::sync {

inline constexpr uint32_t kProtocolVersion = 1;
inline constexpr size_t kDefaultMaxMessageBytes = size_t{1} << 20;  // 1 MiB
// A compared version in presence (docs/PROTOCOL.md, "Compare in presence").
inline constexpr int kMaxCompareNameChars = 255;
inline constexpr uint32_t kMaxCompareGain = 64;
// A presenter's colour view (docs/PROTOCOL.md, "Colour view in presence"): names of the
// presenter's colour config, exposure in hundredths of a stop, gamma in hundredths.
inline constexpr int kMaxColourNameChars = 255;
inline constexpr int32_t kMaxExposureHundredths = 1600;
inline constexpr uint32_t kMinGammaHundredths = 10;
inline constexpr uint32_t kMaxGammaHundredths = 400;
// A laser pointer's trail in presence (docs/PROTOCOL.md, "Laser in presence").
inline constexpr int kMaxLaserPoints = 64;
inline constexpr uint32_t kLaserFadeMs = 2000;
// A shape being drawn, in presence (docs/PROTOCOL.md, "Live strokes in presence").
inline constexpr int kMaxLivePoints = 2000;

}  // namespace framenote::sync
