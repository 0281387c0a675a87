// The desktop app's command line as a script or a packager meets it: --help and --version work
// without a display, a missing display and a bad option each get their message and exit status.
#include <gtest/gtest.h>

#include <utility>
#include <vector>

#include "framenote/version.h"
#include "tests/support/test_media.h"

namespace ft = framenote::test;

namespace {

// The app with no window system at all: no X11 or Wayland display, no Qt platform chosen.
ft::CommandResult appWithoutDisplay(const std::string& args,
                                    const std::string& language = "en_US") {
    return ft::runCommand("env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM FRAMENOTE_LANG=" +
                          language + " " + FRAMENOTE_APP + " " + args);
}

}  // namespace

TEST(AppCli, VersionAndHelpNeedNoDisplay) {
    const auto version = appWithoutDisplay("--version");
    EXPECT_EQ(version.exitCode, 0) << version.err;
    EXPECT_EQ(version.out, std::string("Framenote ") + framenote::kVersion + "\n");

    const auto help = appWithoutDisplay("--help");
    EXPECT_EQ(help.exitCode, 0) << help.err;
    EXPECT_NE(help.out.find("Frame-accurate video review."), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("--host <PORT>"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("--join <INVITATION>"), std::string::npos) << help.out;
}

TEST(AppCli, HelpIsTranslated) {
    const auto help = appWithoutDisplay("--help", "zh_CN");
    EXPECT_EQ(help.exitCode, 0) << help.err;
    EXPECT_NE(help.out.find("帧级精确的视频审阅工具。"), std::string::npos) << help.out;
}

TEST(AppCli, WithoutADisplayItSaysSoAndFails) {
    const auto result = appWithoutDisplay("clip.mp4");
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("framenote: no display"), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("Aborted"), std::string::npos) << result.err;
}

TEST(AppCli, AnUnknownOptionOrABadValueIsAUsageError) {
    for (const auto& [args, message] : std::vector<std::pair<std::string, std::string>>{
             {"--no-such-option", "framenote: Unknown option 'no-such-option'."},
             {"clip.mp4 --frame ten", "framenote: --frame: 'ten' is not a frame number"},
             {"clip.mp4 --host 70000", "framenote: --host: '70000' is not a port"},
             {"clip.mp4 --host abc", "framenote: --host: 'abc' is not a port"}}) {
        const auto result =
            ft::runCommand(std::string("env QT_QPA_PLATFORM=offscreen FRAMENOTE_LANG=en_US ") +
                           FRAMENOTE_APP + " " + args);
        EXPECT_EQ(result.exitCode, 2) << args;
        EXPECT_NE(result.err.find(message), std::string::npos) << args << ": " << result.err;
        EXPECT_NE(result.err.find("Try 'framenote --help'."), std::string::npos) << result.err;
    }
}
