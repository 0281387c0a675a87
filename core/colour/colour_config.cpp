#include "core/colour/colour_config.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <system_error>

#include "core/colour/builtin_config.h"

namespace framenote::colour {

namespace {

// A config is a small text file (the ACES studio config is 56 KB); anything far larger is not
// one, and OpenColorIO would parse it whole.
constexpr std::uintmax_t kMaxConfigBytes = 16u << 20;

Result<OCIO::ConstConfigRcPtr> validated(OCIO::ConstConfigRcPtr config) {
    config->validate();  // throws with OpenColorIO's reason
    if (config->getNumDisplays() == 0) return makeError("it defines no display");
    return config;
}

}  // namespace

ColourConfig::ColourConfig(OCIO::ConstConfigRcPtr config, Origin origin, std::string path)
    : config_(std::move(config)), origin_(origin), path_(std::move(path)) {}

Result<ColourConfig> ColourConfig::builtIn() {
    try {
        std::istringstream text(builtinConfigText());
        auto config = validated(OCIO::Config::CreateFromStream(text));
        if (!config) return makeError("the built-in colour config is unusable: " + config.error());
        return ColourConfig(*config, Origin::BuiltIn, {});
    } catch (const OCIO::Exception& e) {
        return makeError(std::string("the built-in colour config is unusable: ") + e.what());
    }
}

Result<ColourConfig> ColourConfig::fromFile(const std::string& path, Origin origin) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(path, error);
    if (error) return makeError("cannot read the colour config " + path + ": " + error.message());
    if (size > kMaxConfigBytes)
        return makeError("the colour config " + path + " is " + std::to_string(size >> 20) +
                         " MiB, larger than a config can be (16 MiB)");
    try {
        auto config = validated(OCIO::Config::CreateFromFile(path.c_str()));
        if (!config)
            return makeError("the colour config " + path + " is unusable: " + config.error());
        return ColourConfig(*config, origin, path);
    } catch (const OCIO::Exception& e) {
        return makeError("the colour config " + path + " is unusable: " + e.what());
    }
}

Result<ColourConfig> ColourConfig::fromEnvironment() {
    const char* path = std::getenv("OCIO");
    if (!path || !*path) return makeError("$OCIO is not set");
    return fromFile(path, Origin::Environment);
}

std::string ColourConfig::name() const {
    const char* name = config_->getName();
    return name && *name ? name : path_;
}

std::vector<std::string> ColourConfig::displays() const {
    std::vector<std::string> names;
    for (int i = 0; i < config_->getNumDisplays(); ++i) names.emplace_back(config_->getDisplay(i));
    return names;
}

std::vector<std::string> ColourConfig::views(const std::string& display) const {
    std::vector<std::string> names;
    for (int i = 0; i < config_->getNumViews(display.c_str()); ++i)
        names.emplace_back(config_->getView(display.c_str(), i));
    return names;
}

std::string ColourConfig::defaultDisplay() const { return config_->getDefaultDisplay(); }

std::string ColourConfig::defaultView(const std::string& display) const {
    return config_->getDefaultView(display.c_str());
}

bool ColourConfig::hasDisplay(const std::string& display) const {
    const auto names = displays();
    return std::find(names.begin(), names.end(), display) != names.end();
}

bool ColourConfig::hasView(const std::string& display, const std::string& view) const {
    for (const std::string& name : views(display))
        if (name == view) return true;
    return false;
}

std::vector<std::string> ColourConfig::inputSpaces() const {
    std::vector<std::string> names;
    const int count =
        config_->getNumColorSpaces(OCIO::SEARCH_REFERENCE_SPACE_ALL, OCIO::COLORSPACE_ACTIVE);
    for (int i = 0; i < count; ++i)
        names.emplace_back(config_->getColorSpaceNameByIndex(OCIO::SEARCH_REFERENCE_SPACE_ALL,
                                                             OCIO::COLORSPACE_ACTIVE, i));
    return names;
}

std::string ColourConfig::resolveSpace(const std::string& name) const {
    if (name.empty()) return {};
    const OCIO::ConstColorSpaceRcPtr space = config_->getColorSpace(name.c_str());
    return space ? space->getName() : std::string();
}

std::string ColourConfig::family(const std::string& space) const {
    const OCIO::ConstColorSpaceRcPtr found = config_->getColorSpace(space.c_str());
    return found ? found->getFamily() : std::string();
}

}  // namespace framenote::colour
