// The viewer's CPU colour pipeline (docs/PERFORMANCE.md, "Colour"): one decoded frame of a clip
// rendered through the built-in config's view at full size, as while playing (baked LUT) and as
// when paused (the exact transform), against the plain RGBA conversion the viewer uses without
// colour management, measured in the same run.
//
//   framenote-colour-bench --clip PATH [--frame N] [--repeat R] [--view NAME]
//
// Prints the medians and whether the transform alone leaves room for 24 fps (41.7 ms a frame)
// on this machine's cores. A measurement, not a test: the exit status is 0 unless the clip or
// the config cannot be used.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_cli.h"
#include "core/colour/colour_config.h"
#include "core/colour/display_transform.h"
#include "core/colour/input_space.h"
#include "core/media/media_source.h"

namespace fc = framenote::colour;
namespace fm = framenote::media;

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& message) {
    std::fprintf(stderr, "framenote-colour-bench: error: %s\n", message.c_str());
    std::exit(1);
}

template <typename Work>
double medianMs(int repeat, Work work) {
    std::vector<double> times;
    for (int i = 0; i < repeat; ++i) {
        const auto start = Clock::now();
        work();
        times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (framenote::bench::printVersionIfAsked(argc, argv, "framenote-colour-bench")) return 0;
    std::string clip;
    std::string view;
    int64_t frameNumber = 0;
    int repeat = 15;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--help" || arg == "-h") {
            std::printf(
                "Usage: framenote-colour-bench --clip PATH [--frame N] [--repeat R] [--view NAME]\n"
                "Times one frame through the built-in colour config's view (default: the\n"
                "display's default view) against the plain RGBA conversion.\n");
            return 0;
        }
        if (arg == "--clip" && hasValue)
            clip = argv[++i];
        else if (arg == "--frame" && hasValue)
            frameNumber = std::atoll(argv[++i]);
        else if (arg == "--repeat" && hasValue)
            repeat = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--view" && hasValue)
            view = argv[++i];
        else
            fail("unknown or incomplete argument " + arg + " (see --help)");
    }
    if (clip.empty()) fail("--clip is required (see --help)");

    auto opened = fm::openSource(clip);
    if (!opened) fail(opened.error());
    auto frame = opened->source->frame(frameNumber);
    if (!frame) fail(frame.error());
    auto config = fc::ColourConfig::builtIn();
    if (!config) fail(config.error());
    fc::ViewSettings settings;
    settings.inputSpace = fc::guessInputSpace(*config, opened->media.info);
    settings.display = config->defaultDisplay();
    settings.view = view.empty() ? config->defaultView(settings.display) : view;
    auto transform = fc::DisplayTransform::create(*config, settings);
    if (!transform) fail(transform.error());

    const int width = frame->width();
    const int height = frame->height();
    const double plain = medianMs(repeat, [&] {
        if (!frame->toRgba(width, height, fm::VideoFrame::RgbaQuality::Display))
            fail("plain conversion failed");
    });
    if (!(*transform)->render(*frame, width, height)) fail("colour transform failed");  // bakes
    const double managed = medianMs(repeat, [&] {
        if (!(*transform)->render(*frame, width, height)) fail("colour transform failed");
    });
    const double still = medianMs(std::max(1, repeat / 3), [&] {
        if (!(*transform)->renderStill(*frame, width, height)) fail("colour transform failed");
    });
    std::printf(
        "colour %s (%dx%d %s) %s -> %s / %s on %u cores: plain RGBA %.1f ms; colour managed, "
        "playing (baked LUT) %.1f ms (%.1f fps), ratio %.2f, %s for 24 fps (41.7 ms a frame, "
        "decoding not included); paused (exact) %.1f ms\n",
        clip.substr(clip.find_last_of('/') + 1).c_str(), width, height,
        frame->pixelFormatName().c_str(), settings.inputSpace.c_str(), settings.display.c_str(),
        settings.view.c_str(), std::thread::hardware_concurrency(), plain, managed,
        1000.0 / managed, managed / plain, managed < 1000.0 / 24 ? "room" : "NO ROOM", still);
    return 0;
}
