#include "core/colour/input_space.h"

#include <initializer_list>

namespace framenote::colour {

namespace {

// The first candidate the config knows (by name, alias or role): names from the ACES studio
// config first, then the aliases other common configs use.
std::string firstKnown(const ColourConfig& config, std::initializer_list<const char*> candidates) {
    for (const char* candidate : candidates)
        if (std::string space = config.resolveSpace(candidate); !space.empty()) return space;
    return {};
}

bool isFloatPicture(const media::VideoStreamInfo& video) {
    return video.codec == "exr" || video.pixelFormat.find("f32") != std::string::npos ||
           video.pixelFormat.find("f16") != std::string::npos;
}

bool isStill(const media::MediaInfo& info) { return info.container == "image sequence"; }

}  // namespace

std::string guessInputSpace(const ColourConfig& config, const media::MediaInfo& info) {
    if (!info.video) return {};
    const media::VideoStreamInfo& video = *info.video;
    if (isFloatPicture(video))
        return firstKnown(config, {"scene_linear", "ACEScg", "Linear Rec.709 (sRGB)", "linear"});
    const std::string& transfer = video.colorTransfer;
    if (transfer == "smpte2084")
        return firstKnown(config, {"Rec.2100-PQ - Display", "rec2100_pq_display"});
    if (transfer == "arib-std-b67")
        return firstKnown(config, {"Rec.2100-HLG - Display", "rec2100_hlg_display"});
    if (isStill(info) || transfer == "iec61966-2-1")
        return firstKnown(config, {"sRGB - Texture", "srgb_tx", "color_picking", "sRGB",
                                   "sRGB - Display", "default"});
    if (video.colorPrimaries == "bt2020")
        return firstKnown(config, {"Rec.1886 Rec.2020 - Display", "rec1886_rec2020_display"});
    return firstKnown(config, {"Rec.1886 Rec.709 - Display", "rec1886_rec709_display",
                               "Output - Rec.709", "rec709", "sRGB - Texture", "default"});
}

}  // namespace framenote::colour
