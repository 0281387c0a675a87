#include "app/framenote-cli/notes_command.h"

#include <unistd.h>

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>
#include <variant>

#include "core/common/exit_status.h"
#include "core/media/media_fingerprint.h"
#include "core/media/media_probe.h"
#include "core/media/media_report.h"
#include "core/media/media_source.h"
#include "core/model/json_codec.h"
#include "core/model/rich_text.h"
#include "core/review/note_export.h"
#include "core/store/draft_store.h"
#include "core/store/exporters.h"
#include "ui/render/note_movie.h"
#include "ui/render/note_pictures.h"
#include "ui/render/review_report.h"

namespace {

namespace fs = framenote::store;

int fail(const std::string& message) { return framenote::reportFailure("framenote-cli", message); }
int usage(const std::string& message) {
    return framenote::reportUsageError("framenote-cli", message);
}

// How --file opens an image sequence (its rate from --rate): set once, before the command runs.
framenote::media::SourceOptions sourceOptions;

// The media a command is about: --media ID, or --file CLIP (a movie fingerprinted, an image
// sequence's id from its files, as the app computes them), or none.
framenote::Result<QString> chosenMedia(const QCommandLineParser& parser) {
    if (parser.isSet("media")) return parser.value("media");
    if (!parser.isSet("file")) return QString();
    const std::string file = parser.value("file").toStdString();
    if (framenote::media::isSequenceInput(file)) {
        auto opened = framenote::media::openSource(file, sourceOptions);
        if (!opened) return framenote::makeError(opened.error());
        return QString::fromStdString(opened->media.fingerprint);
    }
    auto id = framenote::media::mediaFingerprint(file);
    if (!id) return framenote::makeError(id.error());
    return QString::fromStdString(*id);
}

// What --file CLIP is (its rate and start timecode), for timecodes when the store never opened
// the clip (a store filled by an import or a session): empty without --file or when unreadable.
QJsonObject probeOfFile(const QCommandLineParser& parser) {
    if (!parser.isSet("file")) return {};
    const std::string file = parser.value("file").toStdString();
    if (framenote::media::isSequenceInput(file)) {
        auto opened = framenote::media::openSource(file, sourceOptions);
        return opened
                   ? framenote::media::mediaReportJson(opened->media.info, nullptr, std::string())
                   : QJsonObject();
    }
    auto info = framenote::media::probeMedia(file);
    return info ? framenote::media::mediaReportJson(*info, nullptr, std::string()) : QJsonObject();
}

// A field of the one-line-per-note output of list and search: the line breaks of a note (its
// paragraphs, list items) and any tab become spaces, so a script reads one record per line.
std::string lineField(QString text) {
    for (QChar& c : text)
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r') || c == QLatin1Char('\t'))
            c = QLatin1Char(' ');
    return text.toStdString();
}

bool writeOutput(const QCommandLineParser& parser, const QByteArray& bytes) {
    if (!parser.isSet("output")) {
        std::cout.write(bytes.constData(), bytes.size());
        return std::cout.good();
    }
    QFile out(parser.value("output"));
    return out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(bytes) == bytes.size();
}

// --at: an ISO 8601 date and time (local unless it ends in Z or an offset; seconds and
// milliseconds optional), or a date alone (its midnight, local). Milliseconds since 1970.
std::optional<int64_t> parseAt(const QString& text) {
    QDateTime at = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!at.isValid()) {
        const QDate day = QDate::fromString(text, Qt::ISODate);
        if (day.isValid()) at = day.startOfDay();
    }
    if (!at.isValid()) return std::nullopt;
    return at.toMSecsSinceEpoch();
}

// What `notes list` keeps: every option given must match (AND).
struct ListFilter {
    std::optional<int64_t> frame;                      // --frame N: shown on N
    std::optional<std::pair<int64_t, int64_t>> range;  // --range A-B: shown on any of A..B
    std::optional<QString> author, tag;                // --author, --tag (any case)
    std::optional<framenote::model::Status> status;    // --status open|resolved
    std::optional<int64_t> at;                         // --at TIME: as the notes were then

    bool matches(const framenote::model::Annotation& a) const {
        if (frame && !a.onFrame(*frame)) return false;
        if (range && (a.lastFrame < range->first || a.firstFrame > range->second)) return false;
        if (author && a.author != *author) return false;
        if (status && a.status != *status) return false;
        if (tag && !a.tags.contains(*tag, Qt::CaseInsensitive)) return false;
        return true;
    }
};

// The filter of the options given, or the usage error to report.
std::variant<ListFilter, std::string> parseListFilter(const QCommandLineParser& parser) {
    ListFilter f;
    if (parser.isSet("frame")) {
        bool ok = false;
        f.frame = parser.value("frame").toLongLong(&ok);
        if (!ok || *f.frame < 0)
            return "--frame: '" + parser.value("frame").toStdString() + "' is not a frame number";
    }
    if (parser.isSet("range")) {
        const QStringList ends = parser.value("range").split('-');
        bool okFirst = false, okLast = false;
        const int64_t first = ends.size() == 2 ? ends[0].toLongLong(&okFirst) : 0;
        const int64_t last = ends.size() == 2 ? ends[1].toLongLong(&okLast) : 0;
        if (!okFirst || !okLast || first < 0 || last < first)
            return "--range: '" + parser.value("range").toStdString() +
                   "' is not FIRST-LAST (frames, for example 100-199)";
        f.range = {first, last};
    }
    if (f.frame && f.range) return "--frame and --range: choose one";
    if (parser.isSet("author")) f.author = parser.value("author");
    if (parser.isSet("tag")) f.tag = parser.value("tag");
    if (parser.isSet("status")) {
        framenote::model::Status status;
        if (!framenote::model::parseStatus(parser.value("status"), &status))
            return "--status: '" + parser.value("status").toStdString() +
                   "' is not open or resolved";
        f.status = status;
    }
    if (parser.isSet("at")) {
        f.at = parseAt(parser.value("at"));
        if (!f.at)
            return "--at: '" + parser.value("at").toStdString() +
                   "' is not a date and time (ISO 8601, for example 2026-11-20T14:30 or "
                   "2026-11-20T14:30:00Z)";
    }
    return f;
}

// The notes the store's most selective query for `f` returns; matches() finishes the job.
framenote::Result<std::vector<framenote::model::Annotation>> candidates(fs::DraftStore& store,
                                                                        const QString& mediaId,
                                                                        const ListFilter& f) {
    fs::AnnotationQueries& q = store.queries();
    if (f.at)
        return f.frame ? q.onFrameAt(mediaId, *f.frame, *f.at)
                       : q.stateAt(mediaId, *f.at);  // history
    if (f.frame) return q.onFrame(mediaId, *f.frame);
    if (f.range) return q.inRange(mediaId, f.range->first, f.range->second);
    if (f.author) return q.byAuthor(mediaId, *f.author);
    if (f.status) return q.byStatus(mediaId, *f.status);
    if (f.tag) return q.withTag(mediaId, *f.tag);
    std::vector<framenote::model::Annotation> all;
    QString cursor;
    do {
        auto page = q.page(mediaId, cursor, 1000);
        if (!page) return framenote::makeError(page.error());
        all.insert(all.end(), page->items.begin(), page->items.end());
        cursor = page->nextCursor;
    } while (!cursor.isEmpty());
    return all;
}

int listNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId) {
    if (mediaId.isEmpty()) return usage("notes list needs --media ID or --file CLIP");
    const auto parsed = parseListFilter(parser);
    if (const auto* error = std::get_if<std::string>(&parsed)) return usage(*error);
    const ListFilter& filter = std::get<ListFilter>(parsed);
    auto notes = candidates(store, mediaId, filter);
    if (!notes) return fail(notes.error());
    std::erase_if(*notes,
                  [&](const framenote::model::Annotation& a) { return !filter.matches(a); });
    const auto timecode = framenote::review::timecodeForMedia(store, mediaId, probeOfFile(parser));
    if (parser.isSet("json")) {
        QJsonArray array;
        for (const auto& a : *notes) array.append(framenote::model::annotationToJson(a));
        std::cout << QJsonDocument(array).toJson().toStdString();
        return 0;
    }
    for (const auto& a : *notes)
        std::cout << a.firstFrame << "\t" << timecode(a.firstFrame).toStdString() << "\t"
                  << lineField(a.author) << "\t"
                  << framenote::model::statusName(a.status).toStdString() << "\t"
                  << framenote::model::kindName(a).toStdString() << "\t"
                  << lineField(framenote::model::plainText(a.text)) << "\n";
    return 0;
}

QJsonObject hitToJson(const fs::SearchHit& hit) {
    QJsonArray highlights;
    for (const auto& [start, length] : hit.highlights) highlights.append(QJsonArray{start, length});
    return QJsonObject{
        {"annotation_id", hit.annotationId.toString(QUuid::WithoutBraces)},
        {"reply_id", hit.replyId.isNull() ? QJsonValue()
                                          : QJsonValue(hit.replyId.toString(QUuid::WithoutBraces))},
        {"media_id", hit.mediaId},
        {"frame", static_cast<qint64>(hit.firstFrame)},
        {"snippet", hit.snippet},
        {"highlights", highlights},  // [start, length] in UTF-16 code units of the snippet
        {"marked", hit.marked("[", "]")},
    };
}

int searchNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QStringList& args,
                const QString& mediaId) {
    if (args.size() < 3) return usage("notes search needs a QUERY");
    fs::SearchOptions options;
    options.mediaId = mediaId;
    options.limit = 100;
    if (parser.isSet("limit")) {
        bool ok = false;
        options.limit = parser.value("limit").toInt(&ok);
        if (!ok || options.limit < 1 || options.limit > 10000)
            return usage("--limit: '" + parser.value("limit").toStdString() +
                         "' is not 1 to 10000");
    }
    auto hits = store.search().search(args.mid(2).join(' '), options);
    if (!hits) return fail(hits.error());
    if (parser.isSet("json")) {
        QJsonArray array;
        for (const auto& hit : *hits) array.append(hitToJson(hit));
        std::cout << QJsonDocument(array).toJson().toStdString();
        return 0;
    }
    for (const auto& hit : *hits)
        std::cout << hit.firstFrame << "\t"
                  << hit.annotationId.toString(QUuid::WithoutBraces).toStdString() << "\t"
                  << lineField(hit.marked("[", "]")) << "\n";
    return 0;
}

int notePictures(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId);
int noteMovie(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId);

int exportNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId) {
    const QString name = parser.value("format");
    if (name == "csv-jpeg") return notePictures(store, parser, mediaId);
    if (name == "movie") return noteMovie(store, parser, mediaId);
    const auto format = framenote::review::parseNoteFormat(name);
    if (!format) return usage("--format must be json, csv, edl, avid, otio, csv-jpeg or movie");
    if (*format != framenote::review::NoteFormat::Json && mediaId.isEmpty())
        return usage("notes export --format " + name.toStdString() +
                     " needs --media ID or --file CLIP");
    const auto edlColors = framenote::review::parseEdlMarkerColors(parser.value("edl-color"));
    if (!edlColors) return usage("--edl-color must be status or note");
    framenote::review::NoteExportOptions options;
    options.edlColors = *edlColors;
    auto bytes =
        framenote::review::exportNotes(store, mediaId, *format, probeOfFile(parser), options);
    if (!bytes) return fail(bytes.error());
    if (!writeOutput(parser, *bytes))
        return fail("cannot write " + parser.value("output").toStdString());
    return 0;
}

// What the report and the pictures paint: the notes, the clip's timecode and aspect, and a
// decoder for its exact frames.
struct RenderedNotes {
    framenote::render::ReviewReportInput input;
    std::unique_ptr<framenote::media::FrameSource> decoder;
    framenote::media::Rational frameRate;  // the clip's nominal rate
    bool hasSound = false;
};
framenote::Result<RenderedNotes> loadRenderedNotes(fs::DraftStore& store,
                                                   const QCommandLineParser& parser,
                                                   const QString& mediaId) {
    // A movie or an image sequence, opened as the app opens it.
    const QString clip = parser.value("file");
    auto opened = framenote::media::openSource(clip.toStdString(), sourceOptions);
    if (!opened) return framenote::makeError(opened.error());
    const framenote::media::MediaInfo& info = opened->media.info;
    auto input = framenote::render::loadReviewReportInput(
        store, mediaId, framenote::media::mediaReportJson(info, nullptr, std::string()));
    if (!input) return framenote::makeError(input.error());
    input->clipName = QFileInfo(clip).fileName();
    if (info.video && info.video->sampleAspect.toDouble() > 0)
        input->pixelAspect = info.video->sampleAspect.toDouble();
    const framenote::media::Rational rate = opened->media.frameRate();
    return RenderedNotes{std::move(*input), std::move(opened->source),
                         rate.valid() ? rate : sourceOptions.sequenceRate, !info.audio.empty()};
}

// Progress on the terminal (stderr, when it is one) for painting that takes over a second:
// "report: 12/40 frames", rewritten in place.
framenote::render::RenderProgress terminalProgress(const char* what) {
    if (!isatty(STDERR_FILENO)) return {};
    const auto start = std::chrono::steady_clock::now();
    return [start, what, shown = false](int done, int total) mutable {
        if (!shown && std::chrono::steady_clock::now() - start < std::chrono::seconds(1))
            return true;
        shown = true;
        std::fprintf(stderr, "\r%s: %d/%d frames%s", what, done, total, done == total ? "\n" : "");
        return true;
    };
}

// The PDF review report of a clip (ui/render/review_report.h, the desktop app's own code).
int reportNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId) {
    if (!parser.isSet("file"))
        return usage("notes report needs --file CLIP (its frames go into the report)");
    if (!parser.isSet("output")) return usage("notes report needs -o REPORT.pdf");
    auto notes = loadRenderedNotes(store, parser, mediaId);
    if (!notes) return fail(notes.error());
    auto written = framenote::render::writeReviewReport(
        notes->input, *notes->decoder, parser.value("output"), terminalProgress("report"));
    if (!written) return fail(written.error());
    std::cout << notes->input.notes.size() << " note(s) in " << parser.value("output").toStdString()
              << "\n";
    return 0;
}

// `notes export --format csv-jpeg`: one JPEG per note and notes.csv in a folder
// (ui/render/note_pictures.h, the app's own code).
int notePictures(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId) {
    if (!parser.isSet("file"))
        return usage(
            "notes export --format csv-jpeg needs --file CLIP (its frames go into the "
            "pictures)");
    if (!parser.isSet("output")) return usage("notes export --format csv-jpeg needs -o FOLDER");
    auto notes = loadRenderedNotes(store, parser, mediaId);
    if (!notes) return fail(notes.error());
    auto written = framenote::render::writeNotePictures(
        notes->input, *notes->decoder, parser.value("output"), terminalProgress("pictures"));
    if (!written) return fail(written.error());
    std::cout << *written << " picture(s) and notes.csv in " << parser.value("output").toStdString()
              << "\n";
    return 0;
}

// `notes export --format movie`: the frames with their drawings burned in and the clip's sound
// (ui/render/note_movie.h, the app's own code).
int noteMovie(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId) {
    if (!parser.isSet("file"))
        return usage(
            "notes export --format movie needs --file CLIP (its frames go into the movie)");
    if (!parser.isSet("output")) return usage("notes export --format movie needs -o OUT.mp4");
    auto notes = loadRenderedNotes(store, parser, mediaId);
    if (!notes) return fail(notes.error());
    const int64_t frameCount = notes->decoder->index().frameCount();
    framenote::render::NoteMovieOptions options;
    if (parser.isSet("from") || parser.isSet("count")) {
        bool okFrom = false, okCount = false;
        const qlonglong from = parser.value("from").toLongLong(&okFrom);
        const qlonglong count = parser.value("count").toLongLong(&okCount);
        if (!okFrom || !okCount || from < 0 || (count < 1 && count != -1))
            return usage("--from and --count need whole numbers (a count of 1 or more)");
        const qlonglong last = count == -1 ? frameCount - 1 : from + count - 1;
        if (from >= frameCount || last >= frameCount)
            return usage("--from and --count: the clip has frames 0 to " +
                         std::to_string(frameCount - 1));
        options.range = {from, last};
    } else if (auto range = framenote::render::annotatedRange(notes->input.notes, frameCount)) {
        options.range = *range;
    } else {
        return fail("no notes on this clip: give --from and --count for a movie without them");
    }
    options.frameRate = notes->frameRate;
    if (notes->hasSound) options.soundFile = parser.value("file").toStdString();
    auto made = framenote::render::writeNoteMovie(
        notes->input, *notes->decoder, parser.value("output"), options, terminalProgress("movie"));
    if (!made) return fail(made.error());
    std::cout << made->frames << " frame(s), " << made->width << "x" << made->height << ", "
              << made->videoEncoder << (made->sound ? " with sound" : " without sound") << ", in "
              << parser.value("output").toStdString() << "\n";
    return 0;
}

int importNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QStringList& args) {
    if (args.size() < 3) return usage("notes import needs a JSON FILE");
    QFile in(args[2]);
    if (!in.open(QIODevice::ReadOnly)) return fail(args[2].toStdString() + ": cannot be read");
    fs::ImportOptions options;
    options.sourceName = args[2];
    options.actor =
        parser.isSet("actor") ? parser.value("actor") : qEnvironmentVariable("USER", "import");
    auto report = fs::importJson(store, in.readAll(), options);
    if (!report) return fail(report.error());
    std::cout << report->imported << " imported, " << report->skipped << " already present\n";
    return 0;
}

}  // namespace

int runNotesCommand(const QCommandLineParser& parser, const QStringList& args,
                    framenote::media::Rational sequenceRate) {
    sourceOptions.sequenceRate = sequenceRate;
    if (args.size() < 2) return usage("notes needs list, search, export, import or report");
    if (!parser.isSet("db")) return usage("notes needs --db FILE");
    auto store = fs::DraftStore::open(parser.value("db"));
    if (!store) return fail(store.error());
    auto mediaId = chosenMedia(parser);
    if (!mediaId) return fail(mediaId.error());
    const QString verb = args[1];
    if (verb == "list") return listNotes(**store, parser, *mediaId);
    if (verb == "search") return searchNotes(**store, parser, args, *mediaId);
    if (verb == "export") return exportNotes(**store, parser, *mediaId);
    if (verb == "import") return importNotes(**store, parser, args);
    if (verb == "report") return reportNotes(**store, parser, *mediaId);
    return usage("unknown notes command '" + verb.toStdString() + "'");
}
