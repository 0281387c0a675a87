// Player benchmark (docs/PERFORMANCE.md, "Player"): the real main window, as a user runs it.
//
//   framenote-player-bench --clip FILE [--seconds S] [--runs N] [--ffmpeg PATH] [--audio]
//                          [--backwards] [--colour] [--compare MODE]
//
// Prints, for the clip:
//  - time to first frame: from MainWindow::openFile() to the first frame painted by the viewer
//    (probe, frame index, first decode, upload, paint), best and median of N fresh windows, with
//    the anchor `ffmpeg -frames:v 1 -f null` on the same clip (process start included);
//  - sustained playback: S seconds of playback at 1x (looping over the clip), frames shown per
//    second against the clip's rate, and frames dropped (skipped to keep time);
//  - UI-thread stall: while playing, a 1 ms timer on the UI thread records how late each of its
//    ticks fires; p50/p99/max of that lateness is how long the UI could not answer input.
//  - with --backwards: the same S seconds played backwards at 1x (End, then J), beside
//    the forward figure of the same run, with the most memory the frame cache held meanwhile.
//  - with --colour: the same S seconds forward with the built-in colour config's view on (the
//    CPU colour path, ui/colour_control.h), beside the figure without.
//  - with --compare MODE: the same S seconds forward comparing the clip with itself as B in MODE
//    (ui/compare_control.h: two decoders, every picture composed), beside the figure without.
// With --audio it starts a private PulseAudio server with a null sink (a real output device that
// consumes sound in real time; this machine has no sound card) and plays with the sound as the
// master clock, printing how far the picture is behind the sound heard.
// Goals: first frame under 1 s, stall p99 under 8 ms. Run it under xvfb-run for the OpenGL viewer
// (the one users get); on the offscreen platform the raster viewer converts every frame to RGBA.
// A missed goal prints MISSED; the exit status stays 0 (a measurement, not a test).
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <optional>
#include <vector>

#include "bench/bench_cli.h"
#include "bench/ui_bench_support.h"
#include "tests/support/pulse_null_sink.h"
#include "ui/colour_control.h"
#include "ui/compare_control.h"
#include "ui/main_window.h"

namespace fu = framenote::ui;

namespace {

using framenote::bench::percentile;
using framenote::bench::verdict;
using framenote::bench::waitFor;

constexpr double kGoalFirstFrameMs = 1000.0;
constexpr double kGoalStallP99Ms = 8.0;

// One fresh window opening the clip; milliseconds to the first painted frame, or -1.
double timeToFirstFrame(const QString& clip) {
    fu::MainWindow window;
    window.resize(1280, 800);
    window.show();
    QCoreApplication::processEvents();
    bool shown = false;
    QObject::connect(&window.player(), &fu::PlayerController::frameShown, &window,
                     [&](const framenote::media::ServedFrame&) { shown = true; });
    QElapsedTimer timer;
    timer.start();
    window.openFile(clip);
    if (!waitFor([&] { return shown; }, 30000)) return -1;
    window.viewer()
        .widget()
        ->repaint();  // the frame is on screen once painted, not just handed over
    return timer.nsecsElapsed() / 1e6;
}

double ffmpegFirstFrameMs(const QString& ffmpeg, const QString& clip) {
    QElapsedTimer timer;
    timer.start();
    QProcess process;
    // An image sequence's folder: ffmpeg reads its files through image2's glob.
    const QStringList files = QDir(clip).entryList(QDir::Files, QDir::Name);
    const QStringList input = QFileInfo(clip).isDir() && !files.isEmpty()
                                  ? QStringList{"-pattern_type", "glob", "-i",
                                                clip + "/*." + QFileInfo(files.first()).suffix()}
                                  : QStringList{"-i", clip};
    process.start(ffmpeg, QStringList{"-nostdin", "-v", "error"} + input +
                              QStringList{"-map", "0:v:0", "-frames:v", "1", "-f", "null", "-"});
    if (!process.waitForFinished(60000) || process.exitCode() != 0) return -1;
    return timer.nsecsElapsed() / 1e6;
}

struct Playback {
    qint64 shown = 0;
    qint64 dropped = 0;
    double seconds = 0;
    double fps = 0;
    std::vector<double> stallsMs;
    int audioClockSamples = 0;      // lag samples taken while the sound was the master clock
    std::vector<double> lagFrames;  // picture behind the sound heard, sampled every 25 ms
    qint64 peakCacheBytes = 0;      // the decoder's frame cache, sampled every 25 ms
};

Playback play(const QString& clip, double seconds, bool audio, bool reverse = false,
              bool colour = false,
              std::optional<framenote::media::CompareMode> compare = std::nullopt) {
    fu::MainWindow window;
    window.resize(1280, 800);
    window.show();
    // The built-in ACES config's default view, rendered on the CPU (ui/colour_control.h); the
    // setting is removed again so the benchmark leaves the user's settings as they were.
    if (colour) window.colour().setConfigChoice("builtin");
    const auto forgetColour = qScopeGuard([colour] {
        if (colour) QSettings().remove("colourConfig");
    });
    bool opened = false;
    QObject::connect(&window.player(), &fu::PlayerController::mediaOpened, &window,
                     [&] { opened = true; });
    window.openFile(clip);
    Playback result;
    if (!waitFor([&] { return opened; }, 30000)) return result;
    if (compare) {  // the clip against itself: two decoders, every frame composed
        bool bOpened = false;
        QObject::connect(&window.compare(), &fu::CompareControl::opened, &window,
                         [&] { bOpened = true; });
        window.compare().loadB(clip);
        if (!waitFor([&] { return bOpened; }, 30000)) return result;
        window.compare().setMode(*compare);
    }
    waitFor([] { return false; }, 500);  // let the first frame settle
    result.fps = window.player().media()->info.video->nominalRate.toDouble();
    if (audio &&
        !waitFor([&] { return window.player().audio().state() == fu::AudioPlayback::State::Ready; },
                 5000))
        std::fprintf(stderr, "framenote-player-bench: warning: the sound did not get ready\n");
    QTimer lag;
    QObject::connect(&lag, &QTimer::timeout, [&] {
        auto& player = window.player();
        result.peakCacheBytes = std::max(result.peakCacheBytes, player.decoderCacheBytes());
        if (!player.audioClock())
            return;  // the end of a pass: the sound ran out before the picture
        ++result.audioClockSamples;
        const auto heard = player.audio().heardSeconds();
        // Within one pass of the clip (a loop restarts the sound at the range start).
        if (heard && *heard > 0.1)
            result.lagFrames.push_back(*heard * result.fps -
                                       (player.playhead() - player.rangeStart()));
    });

    // What the viewer draws: with compare on, the composites (A's frame with B's).
    QObject::connect(&window.compare(), &fu::CompareControl::show, &window,
                     [&](const framenote::media::ServedFrame&) { ++result.shown; });
    framenote::bench::StallProbe probe;
    result.shown = 0;
    const qint64 droppedBefore = window.player().droppedFrames();
    if (reverse) {
        // End, then J: the last GOP is decoded once the end is shown, as a user sees it.
        window.player().goToEnd();
        const qint64 last = window.player().frameCount() - 1;
        bool atEnd = false;
        QObject::connect(
            &window.player(), &fu::PlayerController::frameShown, &window,
            [&](const framenote::media::ServedFrame& f) { atEnd |= f.number == last; });
        waitFor([&] { return atEnd; }, 30000);
        result.shown = 0;
    }
    if (reverse)
        window.player().shuttleBackward();  // J: backwards at 1x
    else
        window.player().togglePlay();
    QElapsedTimer clock;
    clock.start();
    probe.start();
    lag.start(25);
    waitFor([&] { return clock.nsecsElapsed() / 1e9 >= seconds; },
            static_cast<int>(seconds * 1000) + 5000);
    probe.stop();
    result.stallsMs = probe.lateMs();
    lag.stop();
    window.player().pause();
    result.seconds = clock.nsecsElapsed() / 1e9;
    result.dropped = window.player().droppedFrames() - droppedBefore;
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    framenote::bench::offscreenForHelpOrVersion(argc, argv);
    QApplication app(argc, argv);
    QCoreApplication::setApplicationVersion(framenote::kVersion);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Framenote player benchmark: time to first frame, playback rate, UI stalls.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"clip", "The clip to play (the 4K test clip).", "FILE"});
    parser.addOption({"seconds", "Playback seconds measured (default 10).", "S", "10"});
    parser.addOption({"runs", "Fresh windows for the first-frame figure (default 5).", "N", "5"});
    parser.addOption({"ffmpeg", "ffmpeg executable of the anchor.", "PATH", "ffmpeg"});
    parser.addOption(
        {"audio", "Play with sound on a private PulseAudio null sink (audio master clock)."});
    parser.addOption({"backwards", "Also play backwards at 1x (J) for as long, from the end."});
    parser.addOption({"colour", "Also play with the built-in colour config's view (CPU path)."});
    parser.addOption({"compare",
                      "Also play comparing the clip with itself in MODE (wipe, side-by-side, "
                      "difference...).",
                      "MODE"});
    parser.process(app);
    const QString clip = parser.value("clip");
    if (clip.isEmpty()) {
        std::fprintf(stderr, "framenote-player-bench: error: --clip FILE is required\n");
        return 2;
    }
    framenote::test::PulseNullSink sink;
    const bool audio = parser.isSet("audio");
    if (audio) {
        if (const QString why = sink.start(); !why.isEmpty()) {
            std::fprintf(stderr, "framenote-player-bench: error: no audio device: %s\n",
                         qPrintable(why));
            return 1;
        }
    } else {
        qputenv("PULSE_SERVER",
                "unix:/nonexistent/framenote");  // the video clock, as without a device
    }
    // A throwaway draft store: the benchmark must not touch the user's notes.
    QTemporaryDir scratch;
    qputenv("FRAMENOTE_DB", (scratch.path() + "/bench.db").toUtf8());

    std::printf("platform: %s\n", qPrintable(QGuiApplication::platformName()));
    std::vector<double> firsts, anchors;
    const int runs = std::max(1, parser.value("runs").toInt());
    for (int i = 0; i < runs; ++i) {
        const double ours = timeToFirstFrame(clip);
        const double theirs = ffmpegFirstFrameMs(parser.value("ffmpeg"), clip);
        if (ours < 0 || theirs < 0) {
            std::fprintf(
                stderr,
                "framenote-player-bench: error: the clip did not open (ours %.0f, ffmpeg %.0f)\n",
                ours, theirs);
            return 1;
        }
        firsts.push_back(ours);
        anchors.push_back(theirs);
    }
    const double firstMedian = percentile(firsts, 0.5), anchorMedian = percentile(anchors, 0.5);
    std::printf("time to first frame: median %.1f ms, best %.1f ms (%d runs)  goal < %.0f ms: %s\n",
                firstMedian, *std::min_element(firsts.begin(), firsts.end()), runs,
                kGoalFirstFrameMs, verdict(firstMedian < kGoalFirstFrameMs));
    std::printf("  anchor ffmpeg -frames:v 1 -f null: median %.1f ms; ratio ours/ffmpeg %.2f\n",
                anchorMedian, firstMedian / anchorMedian);

    const Playback p = play(clip, parser.value("seconds").toDouble(), audio);
    if (p.seconds <= 0) {
        std::fprintf(stderr, "framenote-player-bench: error: playback did not start\n");
        return 1;
    }
    const double shownRate = p.shown / p.seconds;
    std::printf(
        "playback: %.1f s at 1x, %lld frames shown = %.2f fps of %.3f (ratio %.3f), %lld dropped\n",
        p.seconds, static_cast<long long>(p.shown), shownRate, p.fps, shownRate / p.fps,
        static_cast<long long>(p.dropped));
    const double stallP99 = percentile(p.stallsMs, 0.99);
    std::printf(
        "UI-thread stall during playback: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%zu probes)  goal "
        "p99 < %.0f ms: %s\n",
        percentile(p.stallsMs, 0.5), stallP99, percentile(p.stallsMs, 1.0), p.stallsMs.size(),
        kGoalStallP99Ms, verdict(stallP99 < kGoalStallP99Ms));
    if (parser.isSet("colour")) {
        const Playback c = play(clip, parser.value("seconds").toDouble(), false, false, true);
        const double colourRate = c.seconds > 0 ? c.shown / c.seconds : 0;
        std::printf(
            "playback with colour management (built-in ACES view, CPU): %lld frames shown = %.2f "
            "fps of %.3f (ratio %.3f), %lld dropped; without (above): %.2f fps\n",
            static_cast<long long>(c.shown), colourRate, c.fps, colourRate / c.fps,
            static_cast<long long>(c.dropped), shownRate);
    }
    if (parser.isSet("compare")) {
        const auto mode = framenote::media::compareModeFromName(parser.value("compare"));
        if (!mode) {
            std::fprintf(stderr, "framenote-player-bench: error: --compare: unknown mode '%s'\n",
                         qPrintable(parser.value("compare")));
            return 2;
        }
        const Playback c =
            play(clip, parser.value("seconds").toDouble(), false, false, false, *mode);
        const double compareRate = c.seconds > 0 ? c.shown / c.seconds : 0;
        std::printf(
            "playback comparing with a B version (%s, the clip against itself): %lld pictures "
            "shown = %.2f fps of %.3f (ratio %.3f), %lld dropped; UI-thread stall p99 %.2f ms; "
            "without (above): %.2f fps\n",
            qPrintable(parser.value("compare")), static_cast<long long>(c.shown), compareRate,
            c.fps, compareRate / c.fps, static_cast<long long>(c.dropped),
            percentile(c.stallsMs, 0.99), shownRate);
    }
    if (parser.isSet("backwards")) {
        const Playback r = play(clip, parser.value("seconds").toDouble(), false, true);
        const double reverseRate = r.seconds > 0 ? r.shown / r.seconds : 0;
        const double droppedShare =
            r.shown + r.dropped > 0 ? 100.0 * r.dropped / static_cast<double>(r.shown + r.dropped)
                                    : 100.0;
        std::printf(
            "reverse playback: %.1f s at -1x, %lld frames shown = %.2f fps of %.3f (ratio %.3f), "
            "%lld dropped (%.1f %%); forward above: %.2f fps, %lld dropped; frame cache at most "
            "%.0f MiB  goal <= 1 %% dropped: %s\n",
            r.seconds, static_cast<long long>(r.shown), reverseRate, r.fps, reverseRate / r.fps,
            static_cast<long long>(r.dropped), droppedShare, shownRate,
            static_cast<long long>(p.dropped), r.peakCacheBytes / 1048576.0,
            verdict(droppedShare <= 1.0));
        std::printf("UI-thread stall during reverse playback: p99 %.2f ms\n",
                    percentile(r.stallsMs, 0.99));
    }
    if (audio)
        std::printf(
            "sound: the master clock for %d of %d lag samples (25 ms apart); picture behind the "
            "sound heard: "
            "p50 %.2f, p99 %.2f, max %.2f frames\n",
            p.audioClockSamples, static_cast<int>(p.seconds * 40), percentile(p.lagFrames, 0.5),
            percentile(p.lagFrames, 0.99), percentile(p.lagFrames, 1.0));
    return 0;
}
