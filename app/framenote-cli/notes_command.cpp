#include "app/framenote-cli/notes_command.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <iostream>

#include "core/media/media_fingerprint.h"
#include "core/media/media_report.h"
#include "core/model/json_codec.h"
#include "core/model/rich_text.h"
#include "core/store/draft_store.h"
#include "core/store/exporters.h"

namespace {

namespace fs = framenote::store;

int fail(const std::string& message) {
    std::cerr << "framenote-cli: " << message << "\n";
    return 1;
}

int usage(const std::string& message) {
    std::cerr << "framenote-cli: " << message << "\nTry 'framenote-cli --help'.\n";
    return 2;
}

// The media a command is about: --media ID, or --file CLIP (fingerprinted), or none.
framenote::Result<QString> chosenMedia(const QCommandLineParser& parser) {
    if (parser.isSet("media")) return parser.value("media");
    if (!parser.isSet("file")) return QString();
    auto id = framenote::media::mediaFingerprint(parser.value("file").toStdString());
    if (!id) return framenote::makeError(id.error());
    return QString::fromStdString(*id);
}

// Timecode of the media's frames, from what the store remembers of it.
fs::TimecodeFormatter timecodeOf(fs::DraftStore& store, const QString& mediaId) {
    auto record = store.media(mediaId);
    QJsonObject report;
    if (record && record->has_value()) report = (*record)->probe;
    const auto clock = framenote::media::timecodeFromReport(report);
    return [clock](int64_t frame) { return QString::fromStdString(clock.toString(frame)); };
}

bool writeOutput(const QCommandLineParser& parser, const QByteArray& bytes) {
    if (!parser.isSet("output")) {
        std::cout.write(bytes.constData(), bytes.size());
        return std::cout.good();
    }
    QFile out(parser.value("output"));
    return out.open(QIODevice::WriteOnly | QIODevice::Truncate) && out.write(bytes) == bytes.size();
}

int listNotes(fs::DraftStore& store, const QCommandLineParser& parser, const QString& mediaId) {
    if (mediaId.isEmpty()) return usage("notes list needs --media ID or --file CLIP");
    framenote::Result<std::vector<framenote::model::Annotation>> notes = std::vector<framenote::model::Annotation>{};
    if (parser.isSet("frame")) notes = store.queries().onFrame(mediaId, parser.value("frame").toLongLong());
    else if (parser.isSet("author")) notes = store.queries().byAuthor(mediaId, parser.value("author"));
    else {
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
    const auto timecode = timecodeOf(store, mediaId);
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
    const QString format = parser.value("format");
    QByteArray bytes;
    if (format == "json") {
        auto json = fs::exportJson(store, mediaId);
        if (!json) return fail(json.error());
        bytes = *json;
    } else {
        if (mediaId.isEmpty()) return usage("notes export --format " + format.toStdString() + " needs --media ID or --file CLIP");
        auto all = store.queries().inRange(mediaId, 0, INT64_MAX / 2);
        if (!all) return fail(all.error());
        const auto timecode = timecodeOf(store, mediaId);
        if (format == "csv") {
            fs::CsvOptions options;
            options.timecode = timecode;
            bytes = fs::csvFromAnnotations(*all, options);
        } else if (format == "edl") {
            fs::EdlOptions options;
            options.timecode = timecode;
            options.dropFrame = timecode(0).contains(';');
            auto edl = fs::edlFromAnnotations(*all, options);
            if (!edl) return fail(edl.error());
            bytes = *edl;
        } else if (format == "avid") {
            fs::AvidMarkerOptions options;
            options.timecode = timecode;
            auto avid = fs::avidMarkersFromAnnotations(*all, options);
            if (!avid) return fail(avid.error());
            bytes = *avid;
        } else {
            return usage("--format must be json, csv, edl or avid");
        }
    }
    if (!writeOutput(parser, bytes)) return fail("cannot write " + parser.value("output").toStdString());
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
    if (args.size() < 2) return usage("notes needs list, search, export or import");
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
    return usage("unknown notes command '" + verb.toStdString() + "'");
}
