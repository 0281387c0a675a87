#pragma once
// The colour space a clip's pixels are in, guessed from what the file says (docs/ARCHITECTURE.md,
// "Colour"): EXR and other float pictures are scene-linear; video follows its stream's
// primaries and transfer; other stills are sRGB-encoded. The user can override the guess.
#include <string>

#include "core/colour/colour_config.h"
#include "core/media/media_probe.h"

namespace framenote::colour {

// The colour space `config` has for `info`'s picture; "" when the config has none of the
// candidates (the caller then asks the user).
std::string guessInputSpace(const ColourConfig& config, const media::MediaInfo& info);

}  // namespace framenote::colour
