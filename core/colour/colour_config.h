#pragma once
// An OpenColorIO config and what the viewer's menus need from it: displays, their views, the
// colour spaces a picture may be in (docs/ARCHITECTURE.md, "Colour").
#include <OpenColorIO/OpenColorIO.h>

#include <memory>
#include <string>
#include <vector>

#include "core/common/result.h"

namespace framenote::colour {

namespace OCIO = OCIO_NAMESPACE;

class ColourConfig {
  public:
    // Where a config comes from: the file the user chose, $OCIO, or the one built in.
    enum class Origin { File, Environment, BuiltIn };

    // The built-in config (resources/ocio/framenote-aces.ocio, compiled in).
    static Result<ColourConfig> builtIn();
    // A config file; refused with a message naming it if it cannot be read or is invalid.
    static Result<ColourConfig> fromFile(const std::string& path, Origin origin = Origin::File);
    // The config $OCIO names, or an error when $OCIO is unset or its config unusable.
    static Result<ColourConfig> fromEnvironment();

    Origin origin() const { return origin_; }
    // The file it was read from; empty for the built-in one.
    const std::string& path() const { return path_; }
    std::string name() const;

    std::vector<std::string> displays() const;
    std::vector<std::string> views(const std::string& display) const;
    std::string defaultDisplay() const;
    std::string defaultView(const std::string& display) const;
    bool hasDisplay(const std::string& display) const;
    bool hasView(const std::string& display, const std::string& view) const;
    // The colour spaces a picture can be declared to be in (active ones, scene- and
    // display-referred), in the config's order.
    std::vector<std::string> inputSpaces() const;
    // The colour space `name` names (its own name, an alias or a role), or "" if none.
    std::string resolveSpace(const std::string& name) const;
    // The family a colour space is filed under (ACES, Input/ARRI, Display ...), for menus.
    std::string family(const std::string& space) const;

    const OCIO::ConstConfigRcPtr& ocio() const { return config_; }

  private:
    ColourConfig(OCIO::ConstConfigRcPtr config, Origin origin, std::string path);
    OCIO::ConstConfigRcPtr config_;
    Origin origin_ = Origin::BuiltIn;
    std::string path_;
};

}  // namespace framenote::colour
