// Movie export benchmark (docs/PERFORMANCE.md, "Movie export"): render::writeNoteMovie, the code
// behind File > Export > Movie and `framenote-cli notes export --format movie`, on a range of a
// clip with a few notes drawn over every frame, against the ffmpeg CLI encoding the same frames
// with the same encoder settings (libx264 preset fast, CRF 18, GOP 48, AAC), measured in the same
// run.
//
//   framenote-export-bench --clip FILE [--frames N] [--from F] [--runs R] [--ffmpeg PATH]
//
// Ours is timed as the CLI does the work: opening the clip (probe, frame index, fingerprint) and
// writeNoteMovie, in this process; the anchor is the whole ffmpeg process. Each run does both,
// one after the other, and the medians are printed with their ratio, and the CPU time of each
// (how many cores each kept busy; their ratio hardly moves when other work shares the machine).
// Then one pass of the same frames decoded only, and one decoded and painted as the export paints
// them (render::frameImage, then the RGBA conversion it hands the writer), split ours into decode,
// painting and what the writer does with the picture (RGB -> YUV, x264, sound, MP4).
//
// The notes, over the whole range: a rectangle, a freehand stroke of 200 points and a rich text
// note. A measurement, not a test: the exit status is 0 unless the clip cannot be exported or
// the anchor fails.
#include <sys/resource.h>

#include <QCommandLineParser>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QTemporaryDir>
#include <QUuid>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "bench/process_stats.h"
#include "bench/ui_bench_support.h"
#include "core/media/media_report.h"
#include "core/media/media_source.h"
#include "core/store/draft_store.h"
#include "framenote/version.h"
#include "ui/render/note_movie.h"
#include "ui/render/review_report.h"

namespace fm = framenote::media;
namespace fmo = framenote::model;
namespace fr = framenote::render;

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& message) {
    std::fflush(stdout);
    std::fprintf(stderr, "framenote-export-bench: error: %s\n", message.c_str());
    std::exit(1);
}

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

using framenote::bench::cpuSeconds;
using framenote::bench::shellQuote;

double median(const std::vector<double>& values) {
    return framenote::bench::percentile(values, 0.5);
}

// A rectangle, a freehand stroke of 200 points and a rich text note, each on every frame of
// `range`: what a reviewer leaves on a shot, drawn on every picture of the movie.
std::vector<fmo::Annotation> notesOver(const fr::FrameRange& range, const QString& mediaId) {
    std::vector<fmo::Annotation> notes(3);
    for (fmo::Annotation& a : notes) {
        a.id = QUuid::createUuid();
        a.mediaId = mediaId;
        a.firstFrame = range.first;
        a.lastFrame = range.last;
        a.author = "bench";
    }
    notes[0].kind = fmo::Kind::Rect;
    notes[0].points = {{0.1, 0.1}, {0.4, 0.35}};
    notes[1].kind = fmo::Kind::Freehand;
    for (int k = 0; k < 200; ++k)
        notes[1].points.push_back({0.5 + 0.2 * std::sin(k * 0.05), 0.2 + 0.6 * k / 200.0});
    notes[2].kind = fmo::Kind::Text;
    notes[2].points = {{0.1, 0.6}, {0.45, 0.85}};
    notes[2].text =
        "<p>The sky is <b>too cyan</b> here</p><ul><li>warmer</li><li><i>less green</i></li></ul>";
    return notes;
}

fm::OpenedSource open(const std::string& clip) {
    auto opened = fm::openSource(clip);  // the CLI's default options
    if (!opened) fail(opened.error());
    return std::move(*opened);
}

}  // namespace

int main(int argc, char** argv) {
    // Painting needs a QGuiApplication, not a display.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationVersion(framenote::kVersion);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Framenote movie export benchmark: writeNoteMovie on a range of a clip with notes drawn "
        "over it, against ffmpeg encoding the same frames (libx264 preset fast, CRF 18, AAC).");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"clip", "the clip to export from", "FILE"});
    parser.addOption(
        {"frames", "frames in the movie (default 120; fewer if the clip ends)", "N", "120"});
    parser.addOption({"from", "the range's first frame (default 0)", "F", "0"});
    parser.addOption({"runs", "timed runs of each, alternating (default 3)", "R", "3"});
    parser.addOption({"ffmpeg", "ffmpeg executable of the anchor (default: ffmpeg from PATH)",
                      "PATH", "ffmpeg"});
    parser.process(app);
    if (!parser.isSet("clip")) fail("--clip FILE is required (see --help)");
    const std::string clip = parser.value("clip").toStdString();
    const int runs = std::max(1, parser.value("runs").toInt());
    const qlonglong from = parser.value("from").toLongLong();
    const qlonglong wanted = parser.value("frames").toLongLong();
    if (from < 0 || wanted < 1) fail("--from needs 0 or more and --frames 1 or more");

    // What loadRenderedNotes in the CLI makes of the clip, with the notes from memory.
    const fm::OpenedSource probe = open(clip);
    const fm::MediaInfo& info = probe.media.info;
    const int64_t frameCount = probe.source->index().frameCount();
    if (from >= frameCount)
        fail("--from: the clip has frames 0 to " + std::to_string(frameCount - 1));
    const fr::FrameRange range{from, std::min<int64_t>(from + wanted, frameCount) - 1};
    QTemporaryDir dir;
    if (!dir.isValid()) fail("no temporary directory");
    auto store = framenote::store::DraftStore::open(dir.filePath("bench.framenote"));
    if (!store) fail(store.error());
    const QString mediaId = QString::fromStdString(probe.media.fingerprint);
    auto input =
        fr::loadReviewReportInput(**store, mediaId, fm::mediaReportJson(info, nullptr, {}));
    if (!input) fail(input.error());
    input->clipName = QFileInfo(parser.value("clip")).fileName();
    if (info.video && info.video->sampleAspect.toDouble() > 0)
        input->pixelAspect = info.video->sampleAspect.toDouble();
    input->notes = notesOver(range, mediaId);
    fr::NoteMovieOptions options;
    options.range = range;
    const fm::Rational rate = info.video ? info.video->nominalRate : fm::Rational{};
    options.frameRate = rate.valid() ? rate : fm::Rational{24, 1};
    if (!info.audio.empty()) options.soundFile = clip;

    const double seconds = static_cast<double>(range.count()) / options.frameRate.toDouble();
    const QString ours = dir.filePath("ours.mp4");
    const QString theirs = dir.filePath("ffmpeg.mp4");
    std::string command =
        shellQuote(parser.value("ffmpeg").toStdString()) + " -nostdin -v error -y";
    if (range.first > 0) {
        char at[32];
        std::snprintf(at, sizeof at, " -ss %.6f",
                      static_cast<double>(range.first) / options.frameRate.toDouble());
        command += at;
    }
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.6f", seconds);
    command += " -i " + shellQuote(clip) + " -map 0:v:0 -map 0:a:0? -frames:v " +
               std::to_string(range.count()) + " -t " + duration +
               " -c:v libx264 -preset fast -crf 18 -g 48 -pix_fmt yuv420p -c:a aac"
               " -movflags +faststart " +
               shellQuote(theirs.toStdString());
    std::printf("ffmpeg_anchor: %s\n", command.c_str());
    std::fflush(stdout);

    std::vector<double> oursWall, oursCpu, oursOpen, ffWall, ffCpu;
    fr::NoteMovie made;
    for (int run = 0; run < runs; ++run) {
        const double cpuStart = cpuSeconds(RUSAGE_SELF);
        const auto start = Clock::now();
        fm::OpenedSource opened = open(clip);
        oursOpen.push_back(secondsSince(start));
        auto written = fr::writeNoteMovie(*input, *opened.source, ours, options);
        if (!written) fail(written.error());
        oursWall.push_back(secondsSince(start));
        oursCpu.push_back(cpuSeconds(RUSAGE_SELF) - cpuStart);
        made = *written;

        const double ffCpuStart = cpuSeconds(RUSAGE_CHILDREN);
        const auto ffStart = Clock::now();
        const int rc = std::system(command.c_str());
        if (rc != 0) fail("the ffmpeg anchor failed (status " + std::to_string(rc) + ")");
        ffWall.push_back(secondsSince(ffStart));
        ffCpu.push_back(cpuSeconds(RUSAGE_CHILDREN) - ffCpuStart);
    }

    // The split, one pass each on a freshly opened clip: decoding alone, then decoding and
    // painting exactly as writeNoteMovie does before it hands the picture to the writer.
    double decodeOnly = 0;
    {
        fm::OpenedSource opened = open(clip);
        const auto start = Clock::now();
        for (int64_t n = range.first; n <= range.last; ++n)
            if (auto frame = opened.source->frame(n); !frame) fail(frame.error());
        decodeOnly = secondsSince(start);
    }
    double painted = 0;
    {
        fm::OpenedSource opened = open(clip);
        const auto start = Clock::now();
        for (int64_t n = range.first; n <= range.last; ++n) {
            auto picture = fr::frameImage(*opened.source, n, input->notes, input->pixelAspect,
                                          options.maxWidth);
            if (!picture) fail(picture.error());
            const QImage rgba = picture->convertToFormat(QImage::Format_RGBA8888);
            if (rgba.isNull()) fail("frame " + std::to_string(n) + ": no picture");
        }
        painted = secondsSince(start);
    }

    const double frames = static_cast<double>(range.count());
    const double oursS = median(oursWall);
    const double ffS = median(ffWall);
    const double openS = median(oursOpen);
    const double writerS = oursS - openS - painted;
    std::printf(
        "export %s frames %lld-%lld (%lld), %dx%d %s%s, 3 notes a frame, on %u cores: ours %.2f "
        "fps (median %.2f s of %d), ffmpeg %.2f fps (%.2f s), ratio ours/ffmpeg %.3f\n",
        input->clipName.toStdString().c_str(), static_cast<long long>(range.first),
        static_cast<long long>(range.last), static_cast<long long>(range.count()), made.width,
        made.height, made.videoEncoder.c_str(), made.sound ? " with sound" : "",
        std::thread::hardware_concurrency(), frames / oursS, oursS, runs, frames / ffS, ffS,
        ffS / oursS);
    std::printf(
        "  cpu (user+sys, median): ours %.2f s (%.2f cores busy), ffmpeg %.2f s (%.2f cores), "
        "ffmpeg/ours %.3f; files %.1f / %.1f MB\n",
        median(oursCpu), median(oursCpu) / oursS, median(ffCpu), median(ffCpu) / ffS,
        median(ffCpu) / median(oursCpu), QFileInfo(ours).size() / 1e6,
        QFileInfo(theirs).size() / 1e6);
    std::printf(
        "  ours split (one pass each): open %.2f s, decode %.2f s, RGBA + painting %.2f s, "
        "writer (RGB->YUV, %s, sound, MP4) %.2f s = %.0f %% (%.1f ms a frame)\n",
        openS, decodeOnly, painted - decodeOnly, made.videoEncoder.c_str(), writerS,
        100.0 * writerS / oursS, 1000.0 * writerS / frames);
    return 0;
}
