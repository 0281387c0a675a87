// Colour configs as the viewer's menus see them: the built-in one, a file, $OCIO, and files
// that are not configs (docs/ARCHITECTURE.md, "Colour").
#include "core/colour/colour_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/colour/builtin_config.h"
#include "core/colour/input_space.h"
#include "core/media/media_source.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/test_media.h"

namespace fc = framenote::colour;
namespace fm = framenote::media;
namespace ft = framenote::test;
using testing::ElementsAre;
using testing::HasSubstr;

namespace {

fc::ColourConfig builtIn() {
    auto config = fc::ColourConfig::builtIn();
    EXPECT_TRUE(config.ok()) << config.error();
    return std::move(config).value();
}

std::string guessFor(const std::string& path) {
    auto opened = fm::openSource(path);
    EXPECT_TRUE(opened.ok()) << path << ": " << opened.error();
    return opened ? fc::guessInputSpace(builtIn(), opened->media.info) : std::string();
}

TEST(ColourConfig, BuiltInHasTheAcesDisplaysViewsAndRoles) {
    const fc::ColourConfig config = builtIn();
    EXPECT_EQ(config.origin(), fc::ColourConfig::Origin::BuiltIn);
    EXPECT_EQ(config.defaultDisplay(), "sRGB - Display");
    EXPECT_THAT(config.views("sRGB - Display"),
                ElementsAre("ACES 1.0 - SDR Video", "Un-tone-mapped", "Raw"));
    EXPECT_THAT(config.displays(), testing::Contains("Rec.1886 Rec.709 - Display"));
    EXPECT_THAT(config.displays(), testing::Contains("Rec.2100-PQ - Display"));
    EXPECT_EQ(config.resolveSpace("scene_linear"), "ACEScg");
    EXPECT_EQ(config.resolveSpace("lin_srgb"), "Linear Rec.709 (sRGB)");  // an alias
    EXPECT_EQ(config.resolveSpace("no such space"), "");
    EXPECT_THAT(config.inputSpaces(), testing::Contains("S-Log3 S-Gamut3"));
    EXPECT_EQ(config.family("ARRI LogC3 (EI800)"), "Input/ARRI");
}

TEST(ColourConfig, ReadsAConfigFileAndTheOneOcioNames) {
    ft::ScratchDir dir;
    dir.write("studio.ocio", fc::builtinConfigText());
    auto file = fc::ColourConfig::fromFile(dir.path("studio.ocio"));
    ASSERT_TRUE(file.ok()) << file.error();
    EXPECT_EQ(file->origin(), fc::ColourConfig::Origin::File);
    EXPECT_EQ(file->path(), dir.path("studio.ocio"));

    ::setenv("OCIO", dir.path("studio.ocio").c_str(), 1);
    auto env = fc::ColourConfig::fromEnvironment();
    ::unsetenv("OCIO");
    ASSERT_TRUE(env.ok()) << env.error();
    EXPECT_EQ(env->origin(), fc::ColourConfig::Origin::Environment);
    auto unset = fc::ColourConfig::fromEnvironment();
    ASSERT_FALSE(unset.ok());
    EXPECT_THAT(unset.error(), HasSubstr("$OCIO is not set"));
}

TEST(ColourConfig, FilesThatAreNotConfigsAreRefusedWithTheirName) {
    ft::ScratchDir dir;
    auto missing = fc::ColourConfig::fromFile(dir.path("missing.ocio"));
    ASSERT_FALSE(missing.ok());
    EXPECT_THAT(missing.error(), HasSubstr(dir.path("missing.ocio")));

    dir.write("garbage.ocio", "ocio_profile_version: 2.1\ncolorspaces: [ {{{ not yaml\n");
    auto garbage = fc::ColourConfig::fromFile(dir.path("garbage.ocio"));
    ASSERT_FALSE(garbage.ok());
    EXPECT_THAT(garbage.error(), HasSubstr("garbage.ocio is unusable"));

    // A view naming a colour space the config lacks: OpenColorIO's validation says so.
    std::string broken = fc::builtinConfigText();
    broken.replace(broken.find("colorspace: Raw}"), 16, "colorspace: Nowhere}");
    dir.write("broken.ocio", broken);
    auto invalid = fc::ColourConfig::fromFile(dir.path("broken.ocio"));
    ASSERT_FALSE(invalid.ok());
    EXPECT_THAT(invalid.error(), HasSubstr("broken.ocio is unusable"));

    // Far larger than any config: refused before OpenColorIO parses it.
    { std::ofstream huge(dir.path("huge.ocio")); }
    std::filesystem::resize_file(dir.path("huge.ocio"), 17u << 20);
    auto huge = fc::ColourConfig::fromFile(dir.path("huge.ocio"));
    ASSERT_FALSE(huge.ok());
    EXPECT_THAT(huge.error(), HasSubstr("larger than a config can be"));
}

TEST(InputSpace, GuessedFromWhatTheFileSays) {
    // EXR is scene-linear; video follows its stream; other stills are sRGB-encoded.
    EXPECT_EQ(guessFor(ft::sequenceDir("exr_half_zip")), "ACEScg");
    EXPECT_EQ(guessFor(ft::sequenceDir("exr_float_rle")), "ACEScg");
    EXPECT_EQ(guessFor(ft::sequenceDir("png_unpadded")), "sRGB - Texture");
    EXPECT_EQ(guessFor(ft::sequenceDir("dpx_10bit")), "sRGB - Texture");
    EXPECT_EQ(guessFor(ft::mediaPath("h264_longgop.mp4")), "Rec.1886 Rec.709 - Display");
    EXPECT_EQ(guessFor(ft::mediaPath("prores.mov")), "Rec.1886 Rec.709 - Display");
}

TEST(InputSpace, ConfigWithoutTheCandidatesGivesNoGuess) {
    ft::ScratchDir dir;
    dir.write("tiny.ocio", R"(ocio_profile_version: 2
roles: {default: data}
displays:
  screen:
    - !<View> {name: plain, colorspace: data}
colorspaces:
  - !<ColorSpace> {name: data, isdata: true}
)");
    auto tiny = fc::ColourConfig::fromFile(dir.path("tiny.ocio"));
    ASSERT_TRUE(tiny.ok()) << tiny.error();
    auto clip = fm::openSource(ft::mediaPath("h264_longgop.mp4"));
    ASSERT_TRUE(clip.ok());
    // The role "default" is the last resort for video.
    EXPECT_EQ(fc::guessInputSpace(*tiny, clip->media.info), "data");
    auto exr = fm::openSource(ft::sequenceDir("exr_half_zip"));
    ASSERT_TRUE(exr.ok());
    EXPECT_EQ(fc::guessInputSpace(*tiny, exr->media.info), "");
}

}  // namespace
