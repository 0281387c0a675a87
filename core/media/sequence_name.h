#pragma once
// File names of an image sequence, split at the frame number: "shot.1001.exr" is the prefix
// "shot.", the digits "1001" and the suffix ".exr" (docs/ARCHITECTURE.md, "Image sequences").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/result.h"

namespace framenote::media {

// Longer digit runs (dates, ids) are not frame numbers; this also keeps numbers far from
// int64 overflow.
inline constexpr int kMaxFrameDigits = 9;

struct NumberedName {
    std::string prefix;
    std::string digits;  // as written, leading zeros included
    std::string suffix;
    int64_t number() const;
    // The digits start with a zero that printf's %0Nd would write only as padding.
    bool leadingZero() const { return digits.size() > 1 && digits[0] == '0'; }
};

// Splits at the last run of digits; nullopt when the name has none (or a longer one).
std::optional<NumberedName> splitNumberedName(std::string_view fileName);

// The name's extension after its last dot, lower-cased, without the dot ("EXR" -> "exr"; "" when
// there is none). A name, not a path: ".exr" alone is an extension here.
std::string lowerExtension(std::string_view fileName);

// A file-name pattern: "shot.####.exr" (a run of N '#' is padding N) or "shot.%04d.exr"
// (printf's %0Nd or %d, as FFmpeg's image2 reads).
struct NamePattern {
    std::string prefix;
    int padding = 0;  // 0: unpadded
    std::string suffix;
};

// nullopt when the name holds neither '#' nor '%'; an error for anything else that is not
// exactly one frame-number placeholder.
Result<std::optional<NamePattern>> parseNamePattern(std::string_view fileName);

// The number as printf's %0Nd writes it (N = padding; 0 or 1: unpadded).
std::string formatFrameNumber(int64_t number, int padding);

// True when `name` is written with exactly this padding.
bool hasPadding(const NumberedName& name, int padding);

}  // namespace framenote::media
