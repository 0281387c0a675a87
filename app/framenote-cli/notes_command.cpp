#include "app/framenote-cli/notes_command.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <iostream>
#include <optional>

#include "core/common/exit_status.h"
#include "core/media/media_fingerprint.h"
#include "core/model/json_codec.h"
#include "core/model/rich_text.h"
#include "core/store/draft_store.h"
#include "core/store/exporters.h"
#include "core/media/media_probe.h"
#include "core/media/video_decoder.h"
#include "ui/render/note_export.h"
#include "ui/render/review_report.h"

namespace {

namespace fs = framenote::store;

int fail(const std::string& message) { return framenote::reportFailure("framenote-cli", message); }
int usage(const std::string& message) { return framenote::reportUsageError("framenote-cli", message); }

// The media a command is about: --media ID, or --file CLIP (fingerprinted), or none.
framenote::Result<QString> chosenMedia(const QCommandLineParser& parser) {
    if (parser.isSet("media")) return parser.value("media");
    if (!parser.isSet("file")) return QString();
    auto id = framenote::media::mediaFingerprint(parser.value("file").toStdString());
    if (!id) return framenote::makeError(id.error());
    return QString::fromStdString(*id);
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

int listNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId) {
    if (mediaId.isEmpty()) return usage("notes list needs --media ID or --file CLIP");
    std::optional<int64_t> frame;
    if (parser.isSet("frame")) {
        bool ok = false;
        frame = parser.value("frame").toLongLong(&ok);
        if (!ok || *frame < 0)
            return usage("--frame: '" + parser.value("frame").toStdString() + "' is not a frame number");
    }
    std::optional<int64_t> at;
    if (parser.isSet("at")) {
        at = parseAt(parser.value("at"));
        if (!at)
            return usage("--at: '" + parser.value("at").toStdString() +
                         "' is not a date and time (ISO 8601, for example 2026-11-20T14:30 or "
                         "2026-11-20T14:30:00Z)");
    }
    framenote::Result<std::vector<framenote::model::Annotation>> notes = std::vector<framenote::model::Annotation>{};
    if (at) {
        // History: the notes as they were then, from the operation log.
        notes = frame ? store.queries().onFrameAt(mediaId, *frame, *at) : store.queries().stateAt(mediaId, *at);
        if (notes && parser.isSet("author"))
            std::erase_if(*notes, [&](const auto& a) { return a.author != parser.value("author"); });
    } else if (frame) {
        notes = store.queries().onFrame(mediaId, *frame);
    } else if (parser.isSet("author")) {
        notes = store.queries().byAuthor(mediaId, parser.value("author"));
    } else {
        std::vector<framenote::model::Annotation> all;
        QString cursor;
        do {
            auto page = store.queries().page(mediaId, cursor, 1000);
            if (!page) return fail(page.error());
            all.insert(all.end(), page->items.begin(), page->items.end());
            cursor = page->nextCursor;
        } while (!cursor.isEmpty());
        notes = std::move(all);
    }
    if (!notes) return fail(notes.error());
    const auto timecode = framenote::render::timecodeForMedia(store, mediaId);
    if (parser.isSet("json")) {
        QJsonArray array;
        for (const auto& a : *notes) array.append(framenote::model::annotationToJson(a));
        std::cout << QJsonDocument(array).toJson().toStdString();
        return 0;
    }
    for (const auto& a : *notes)
        std::cout << a.firstFrame << "\t" << timecode(a.firstFrame).toStdString() << "\t"
                  << a.author.toStdString() << "\t" << framenote::model::statusName(a.status).toStdString()
                  << "\t" << a.kind.toStdString() << "\t"
                  << framenote::model::plainText(a.text).replace('\n', ' ').toStdString() << "\n";
    return 0;
}

int searchNotes(fs::DraftStore& store, const QStringList& args, const QString& mediaId) {
    if (args.size() < 3) return usage("notes search needs a QUERY");
    fs::SearchOptions options;
    options.mediaId = mediaId;
    options.limit = 100;
    auto hits = store.search().search(args.mid(2).join(' '), options);
    if (!hits) return fail(hits.error());
    for (const auto& hit : *hits)
        std::cout << hit.firstFrame << "\t" << hit.annotationId.toString(QUuid::WithoutBraces).toStdString()
                  << "\t" << hit.marked("[", "]").toStdString() << "\n";
    return 0;
}

int exportNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId) {
    const QString name = parser.value("format");
    const auto format = framenote::render::parseNoteFormat(name);
    if (!format) return usage("--format must be json, csv, edl or avid");
    if (*format != framenote::render::NoteFormat::Json && mediaId.isEmpty())
        return usage("notes export --format " + name.toStdString() + " needs --media ID or --file CLIP");
    auto bytes = framenote::render::exportNotes(store, mediaId, *format);
    if (!bytes) return fail(bytes.error());
    if (!writeOutput(parser, *bytes)) return fail("cannot write " + parser.value("output").toStdString());
    return 0;
}

// The PDF review report of a clip (ui/render/review_report.h, the desktop app's own code).
int reportNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId) {
    if (!parser.isSet("file")) return usage("notes report needs --file CLIP (its frames go into the report)");
    if (!parser.isSet("output")) return usage("notes report needs -o REPORT.pdf");
    const QString clip = parser.value("file");
    auto info = framenote::media::probeMedia(clip.toStdString());
    if (!info) return fail(info.error());
    auto input = framenote::render::loadReviewReportInput(store, mediaId);
    if (!input) return fail(input.error());
    input->clipName = QFileInfo(clip).fileName();
    if (info->video && info->video->sampleAspect.toDouble() > 0) input->pixelAspect = info->video->sampleAspect.toDouble();
    auto decoder = framenote::media::VideoDecoder::open(clip.toStdString());
    if (!decoder) return fail(decoder.error());
    auto written = framenote::render::writeReviewReport(*input, **decoder, parser.value("output"));
    if (!written) return fail(written.error());
    std::cout << input->notes.size() << " note(s) in " << parser.value("output").toStdString() << "\n";
    return 0;
}

int importNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QStringList& args) {
    if (args.size() < 3) return usage("notes import needs a JSON FILE");
    QFile in(args[2]);
    if (!in.open(QIODevice::ReadOnly)) return fail(args[2].toStdString() + ": cannot be read");
    fs::ImportOptions options;
    options.sourceName = args[2];
    options.actor = parser.isSet("actor") ? parser.value("actor") : qEnvironmentVariable("USER", "import");
    auto report = fs::importJson(store, in.readAll(), options);
    if (!report) return fail(report.error());
    std::cout << report->imported << " imported, " << report->skipped << " already present\n";
    return 0;
}

}  // namespace

int runNotesCommand(const QCommandLineParser& parser, const QStringList& args) {
    if (args.size() < 2) return usage("notes needs list, search, export, import or report");
    if (!parser.isSet("db")) return usage("notes needs --db FILE");
    auto store = fs::DraftStore::open(parser.value("db"));
    if (!store) return fail(store.error());
    auto mediaId = chosenMedia(parser);
    if (!mediaId) return fail(mediaId.error());
    const QString verb = args[1];
    if (verb == "list") return listNotes(**store, parser, *mediaId);
    if (verb == "search") return searchNotes(**store, args, *mediaId);
    if (verb == "export") return exportNotes(**store, parser, *mediaId);
    if (verb == "import") return importNotes(**store, parser, args);
    if (verb == "report") return reportNotes(**store, parser, *mediaId);
    return usage("unknown notes command '" + verb.toStdString() + "'");
}
