// framenote-cli: Framenote's media engine from the command line, for scripts and for diffing
// against ffmpeg. Exit codes: 0 success, 1 the work failed (bad file, bad frame), 2 bad usage.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QJsonDocument>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "app/framenote-cli/notes_command.h"
#include "app/framenote-cli/transfer_commands.h"
#include "core/common/exit_status.h"
#include "core/media/frame_index.h"
#include "core/media/frame_scan.h"
#include "core/media/framemd5.h"
#include "core/media/image_writer.h"
#include "core/media/media_fingerprint.h"
#include "core/media/media_probe.h"
#include "core/media/media_report.h"
#include "core/media/media_source.h"
#include "core/media/timecode.h"
#include "core/media/video_decoder.h"
#include "framenote/version.h"

namespace fm = framenote::media;

namespace {

const char* kUsage =
    "Usage: framenote-cli COMMAND [options]\n"
    "\n"
    "Commands:\n"
    "  info FILE [--json] [--decode]          what the file holds, with the exact frame count;\n"
    "                                         --decode: decode every frame and list damage\n"
    "  framemd5 FILE [--from N] [--count K]   one line per frame, as ffmpeg -f framemd5;\n"
    "                                         damaged frames are named on stderr\n"
    "  frame FILE N -o OUT.png                the exact frame N as a PNG image (a sequence's\n"
    "                                         frames are numbered as its files are)\n"
    "  timecode --rate R [--df] [--start TC] [--count K] TIMECODE|--frame N\n"
    "                                         timecode -> frame, or frame -> timecode\n"
    "  index FILE -o OUT.fnidx                build and save the frame index\n"
    "  notes list --db DB (--media ID|--file CLIP) [--frame N|--range A-B] [--author A]\n"
    "             [--status open|resolved] [--tag T] [--at TIME] [--json]\n"
    "                                         the filters given must all match; --at: as the\n"
    "                                         notes were then (ISO 8601, local time unless it\n"
    "                                         ends in Z or an offset)\n"
    "  notes search --db DB [--media ID|--file CLIP] [--limit N] [--json] QUERY...\n"
    "                                         frame, note id, text with [matches] (100 hits)\n"
    "  notes export --db DB --format json|csv|edl|avid|otio [--media ID|--file CLIP] [-o OUT]\n"
    "  notes export --db DB --format csv-jpeg --file CLIP [--media ID] -o FOLDER\n"
    "               [--edl-color status|note]\n"
    "                                         EDL marker colours: by status (open blue,\n"
    "                                         resolved green; the default) or the note's colour\n"
    "  notes export --db DB --format movie --file CLIP [--media ID] [--from N --count K]\n"
    "               -o OUT.mp4\n"
    "                                         the frames with their drawings burned in and\n"
    "                                         the clip's sound (H.264, AAC); by default from\n"
    "                                         the first note's frame to the last note's end\n"
    "  notes import --db DB FILE.json [--actor NAME]\n"
    "  notes report --db DB --file CLIP [--media ID] -o REPORT.pdf\n"
    "                                         PDF review report: each note on its frame\n"
    "  upload FILE --server URL [--token T] [--chunk-mib 16] [--parallel 8]\n"
    "         [--limit-rate RATE]             RATE: bytes a second, all chunks together\n"
    "                                         (500K, 20M, 1G)\n"
    "                                         put FILE on a relay's media port (tus, resumable:\n"
    "                                         run it again after a failure); prints the media id\n"
    "  download MEDIA_ID --server URL [--token T] -o FILE [--limit-rate RATE]\n"
    "                                         fetch a file from a relay's media port, resuming\n"
    "                                         FILE.part; kept only if its media id matches\n"
    "                                         (--token, or FRAMENOTE_TOKEN in the environment)\n"
    "\n"
    "Options:\n"
    "  -h, --help     this help\n"
    "  -v, --version  the version\n"
    "  --index F      use a saved frame index instead of scanning the file\n"
    "  --rate R       an image sequence's frame rate (default 24)\n"
    "\n"
    "FILE is a movie, or an image sequence (EXR, DPX, TIFF, PNG, JPEG) given as one of its\n"
    "files, a pattern (shot.####.exr, shot.%04d.exr) or its folder.\n"
    "\n"
    "Exit status: 0 success, 1 failure (the message on stderr names the file and cause;\n"
    "framemd5 and info --decode: a frame could not be decoded), 2 usage error. Frames decoded\n"
    "with errors are reported on stderr (and in info) but do not fail the command.\n";

int fail(const std::string& message) { return framenote::reportFailure("framenote-cli", message); }
int usageError(const std::string& message) {
    return framenote::reportUsageError("framenote-cli", message);
}

framenote::Result<fm::FrameIndex> loadIndex(const std::string& file, const QString& indexPath) {
    if (!indexPath.isEmpty()) return fm::FrameIndex::loadFrom(indexPath.toStdString());
    return fm::FrameIndex::build(file);
}

// The commands read frames in order once: a frame cache would only keep the decoder from
// reusing its picture buffers (4K frames cost page faults when every one is new).
const fm::DecoderOptions kReadOnce{0, 0};

// A movie or an image sequence, opened to read each frame once; `rate`: a sequence's frames
// per second.
framenote::Result<fm::OpenedSource> openForReading(const std::string& file,
                                                   const QString& indexPath, fm::Rational rate) {
    fm::SourceOptions options;
    options.decoder = kReadOnce;
    options.indexPath = indexPath.toStdString();
    options.sequenceRate = rate;
    return fm::openSource(file, options);
}

// Names every damaged or undecodable frame on stderr as the scan meets it.
void reportDamageAsFound(const std::string& file, const fm::VideoFrame& frame) {
    if (frame.damaged())
        std::fprintf(stderr, "framenote-cli: %s: frame %lld decoded with errors\n", file.c_str(),
                     static_cast<long long>(frame.number()));
}

int damageExit(const std::string& file, const fm::DamageReport& damage) {
    for (const std::string& error : damage.errors)
        std::fprintf(stderr, "framenote-cli: %s\n", error.c_str());
    if (damage.clean()) return 0;
    std::fprintf(stderr, "framenote-cli: %s: %s\n", file.c_str(), damage.summary().c_str());
    return damage.undecodable.empty() ? 0 : framenote::kExitFailure;
}

int runInfo(const std::string& file, bool json, bool decode, const QString& indexPath,
            fm::Rational rate) {
    std::unique_ptr<fm::FrameSource> source;
    std::optional<fm::MediaInfo> info;
    std::string fingerprint;
    std::shared_ptr<const fm::FrameIndex> index;
    if (fm::isSequenceInput(file)) {
        auto opened = openForReading(file, indexPath, rate);
        if (!opened) return fail(opened.error());
        info = std::move(opened->media.info);
        fingerprint = opened->media.fingerprint;
        index = opened->media.index;
        source = std::move(opened->source);
    } else {
        // A movie may have no video at all (audio only): described, with no frame index.
        auto probed = fm::probeMedia(file);
        if (!probed) return fail(probed.error());
        info = std::move(probed.value());
        auto id = fm::mediaFingerprint(file);
        if (!id) return fail(id.error());
        fingerprint = *id;
        if (info->video) {
            auto built = loadIndex(file, indexPath);
            if (!built) return fail(built.error());
            index = std::make_shared<const fm::FrameIndex>(std::move(built.value()));
        }
    }
    std::optional<fm::DamageReport> damage;
    if (decode && index) {
        if (!source) {
            auto decoder = fm::VideoDecoder::open(file, index, kReadOnce);
            if (!decoder) return fail(decoder.error());
            source = std::move(decoder.value());
        }
        damage = fm::scanFrames(*source, 0, index->frameCount());
    }
    if (json) {
        QJsonObject report = fm::mediaReportJson(*info, index.get(), fingerprint);
        if (damage) report["damage"] = fm::damageReportJson(*damage);
        std::cout << QJsonDocument(report).toJson(QJsonDocument::Indented).toStdString();
    } else {
        std::cout << fm::mediaReportText(*info, index.get(), fingerprint);
        if (damage) std::cout << "Damage:        " << damage->summary() << "\n";
    }
    return damage && !damage->undecodable.empty() ? framenote::kExitFailure : 0;
}

int runFrameMd5(const std::string& file, int64_t from, int64_t count, const QString& indexPath,
                fm::Rational rate) {
    auto opened = openForReading(file, indexPath, rate);
    if (!opened) return fail(opened.error());
    const fm::MediaInfo* info = &opened->media.info;
    fm::FrameSource& source = *opened->source;
    const fm::FrameIndex* index = &source.index();
    if (from < 0 || from >= index->frameCount())
        return fail(file + ": --from " + std::to_string(from) + " is outside the clip (0.." +
                    std::to_string(index->frameCount() - 1) + ")");
    const int64_t last =
        count < 0 ? index->frameCount() : std::min(index->frameCount(), from + count);
    const fm::FrameMd5Formatter formatter(*info, *index);
    bool first = true;
    const fm::DamageReport damage =
        fm::scanFrames(source, from, last, [&](const fm::VideoFrame& frame) {
            if (first) std::cout << formatter.header(frame);
            first = false;
            std::cout << formatter.line(frame);
            reportDamageAsFound(file, frame);
        });
    std::cout.flush();
    return damageExit(file, damage);
}

// N is the frame number as shown: a sequence's file number (1001), a movie's frame from 0.
int runFrame(const std::string& file, int64_t shown, const std::string& out,
             const QString& indexPath, fm::Rational rate) {
    auto opened = openForReading(file, indexPath, rate);
    if (!opened) return fail(opened.error());
    auto frame = opened->source->frame(shown - opened->media.info.firstFrameNumber);
    if (!frame) return fail(frame.error());
    auto written = fm::writePng(*frame, out);
    if (!written) return fail(written.error());
    return 0;
}

int runIndex(const std::string& file, const std::string& out) {
    auto built = fm::FrameIndex::build(file);
    if (!built) return fail(built.error());
    auto saved = built->saveTo(out);
    if (!saved) return fail(saved.error());
    std::cout << built->frameCount() << " frames\n";
    return 0;
}

framenote::Result<fm::Rational> parseRate(const QString& text) {
    bool okNum = false;
    bool okDen = true;
    const QStringList parts = text.split('/');
    if (parts.size() == 2) {
        const int num = parts[0].toInt(&okNum);
        const int den = parts[1].toInt(&okDen);
        if (okNum && okDen && num > 0 && den > 0) return fm::Rational{num, den};
    } else if (parts.size() == 1) {
        const double value = text.toDouble(&okNum);
        // 23.976, 29.97, 59.94 mean the NTSC rates; others are taken as they are.
        if (okNum && value > 0) {
            for (int nominal : {24, 30, 48, 60, 120})
                if (std::abs(value - nominal * 1000.0 / 1001.0) < 0.01)
                    return fm::Rational{nominal * 1000, 1001};
            return fm::Rational{static_cast<int>(std::lround(value * 1000)), 1000};
        }
    }
    return framenote::makeError("'" + text.toStdString() +
                                "' is not a frame rate (use 25, 29.97 or 30000/1001)");
}

int runTimecode(const QCommandLineParser& parser, const QStringList& args) {
    if (!parser.isSet("rate")) return usageError("timecode needs --rate");
    auto rate = parseRate(parser.value("rate"));
    if (!rate) return usageError(rate.error());
    auto format = fm::TimecodeFormat::forRate(*rate, parser.isSet("df"));
    if (!format) return usageError(format.error());
    fm::Timecode clock(*format);
    if (parser.isSet("start")) {
        auto started = fm::Timecode::fromStart(*format, parser.value("start").toStdString());
        if (!started) return usageError(started.error());
        clock = *started;
    }
    if (parser.isSet("frame")) {
        bool ok = false;
        const qlonglong frame = parser.value("frame").toLongLong(&ok);
        if (!ok) return usageError("--frame needs a whole number");
        std::cout << clock.toString(frame) << "\n";
        return 0;
    }
    if (args.size() != 2) return usageError("timecode needs a TIMECODE or --frame N");
    std::optional<int64_t> clipLength;
    if (parser.value("count") != "-1") {
        bool ok = false;
        clipLength = parser.value("count").toLongLong(&ok);
        if (!ok || *clipLength <= 0) return usageError("--count needs a number of frames above 0");
    }
    auto frame = clock.toFrame(args[1].toStdString(), clipLength);
    if (!frame) return fail(frame.error());
    std::cout << *frame << "\n";
    return 0;
}

}  // namespace

// `notes report` and `notes export --format csv-jpeg` paint text and drawings: fonts need a
// QGuiApplication (with no display: the offscreen platform). Every other command stays a plain
// QCoreApplication.
std::unique_ptr<QCoreApplication> makeApplication(int& argc, char** argv) {
    bool report = false;
    for (int i = 1; i + 1 < argc; ++i)
        report |= std::string(argv[i]) == "notes" && std::string(argv[i + 1]) == "report";
    for (int i = 1; i < argc; ++i)
        for (const char* painted : {"csv-jpeg", "--format=csv-jpeg", "movie", "--format=movie"})
            report |= std::string(argv[i]) == painted;
    if (!report) return std::make_unique<QCoreApplication>(argc, argv);
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    return std::make_unique<QGuiApplication>(argc, argv);
}

int main(int argc, char** argv) {
    const auto application = makeApplication(argc, argv);
    QCoreApplication& app = *application;
    QCoreApplication::setApplicationName("framenote-cli");
    QCoreApplication::setApplicationVersion(framenote::kVersion);

    QCommandLineParser parser;
    parser.addOption({{"h", "help"}, "help"});
    parser.addOption({{"v", "version"}, "version"});
    parser.addOption({"json", "JSON output"});
    parser.addOption({"decode", "decode every frame and report damage"});
    parser.addOption({"from", "first frame", "N", "0"});
    parser.addOption({"count", "number of frames", "K", "-1"});
    parser.addOption({{"o", "output"}, "output file", "FILE"});
    parser.addOption({"rate", "frame rate", "R"});
    parser.addOption({"df", "drop-frame"});
    parser.addOption({"start", "start timecode", "TC"});
    parser.addOption({"frame", "frame number", "N"});
    parser.addOption({"index", "saved frame index", "FILE"});
    parser.addOption({"db", "draft store", "FILE"});
    parser.addOption({"media", "media id", "ID"});
    parser.addOption({"file", "clip whose media id to use", "CLIP"});
    parser.addOption({"author", "author", "NAME"});
    parser.addOption({"at", "as of this date and time", "TIME"});
    parser.addOption({"range", "frames FIRST-LAST", "A-B"});
    parser.addOption({"status", "open or resolved", "STATUS"});
    parser.addOption({"tag", "tag", "TAG"});
    parser.addOption({"limit", "at most this many hits", "N"});
    parser.addOption({"format", "export format", "FORMAT", "json"});
    parser.addOption({"edl-color", "EDL marker colours: status or note", "FROM", "status"});
    parser.addOption({"actor", "who imports", "NAME"});
    parser.addOption({"server", "a relay's media port", "URL"});
    parser.addOption({"token", "a relay token", "T"});
    parser.addOption({"chunk-mib", "upload chunk size", "N"});
    parser.addOption({"parallel", "chunks in flight", "N"});
    parser.addOption({"limit-rate", "upload bytes a second", "RATE"});
    if (!parser.parse(app.arguments())) return usageError(parser.errorText().toStdString());
    if (parser.isSet("help")) {
        std::cout << kUsage;
        return 0;
    }
    if (parser.isSet("version")) {
        std::cout << "framenote-cli " << framenote::kVersion << "\n";
        return 0;
    }
    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) return usageError("no command given");
    const QString command = args[0];
    const QString indexPath = parser.value("index");

    if (command == "timecode") return runTimecode(parser, args);
    if (command == "upload") return runUploadCommand(parser, args);
    if (command == "download") return runDownloadCommand(parser, args);
    fm::Rational rate{24, 1};  // an image sequence's, unless --rate says otherwise
    if (parser.isSet("rate")) {
        auto given = parseRate(parser.value("rate"));
        if (!given) return usageError(given.error());
        rate = *given;
    }
    if (command == "notes") return runNotesCommand(parser, args, rate);
    if (args.size() < 2) return usageError(command.toStdString() + " needs a FILE");
    const std::string file = args[1].toStdString();
    if (command == "info")
        return runInfo(file, parser.isSet("json"), parser.isSet("decode"), indexPath, rate);
    if (command == "framemd5") {
        bool okFrom = false;
        bool okCount = false;
        const qlonglong from = parser.value("from").toLongLong(&okFrom);
        const qlonglong count = parser.value("count").toLongLong(&okCount);
        if (!okFrom || !okCount) return usageError("--from and --count need whole numbers");
        return runFrameMd5(file, from, count, indexPath, rate);
    }
    if (command == "frame") {
        bool ok = false;
        const qlonglong n = args.size() >= 3 ? args[2].toLongLong(&ok) : -1;
        if (!ok) return usageError("frame needs a frame number: frame FILE N -o OUT.png");
        if (!parser.isSet("output")) return usageError("frame needs -o OUT.png");
        return runFrame(file, n, parser.value("output").toStdString(), indexPath, rate);
    }
    if (command == "index") {
        if (!parser.isSet("output")) return usageError("index needs -o OUT");
        return runIndex(file, parser.value("output").toStdString());
    }
    return usageError("unknown command '" + command.toStdString() + "'");
}
