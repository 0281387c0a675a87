#include "core/store/exporters.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include "core/common/try.h"
#include "core/model/json_codec.h"
#include "core/model/rich_text.h"
#include "core/store/draft_store.h"
#include "core/store/nearest_colour.h"
#include "core/store/stored_form.h"

namespace framenote::store {

namespace {

constexpr const char* kFormat = "framenote-annotations";
constexpr int kFormatVersion = 1;

// ---- CSV ----

// The characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection").
bool startsFormula(QChar c) {
    return c == QLatin1Char('=') || c == QLatin1Char('+') || c == QLatin1Char('-') ||
           c == QLatin1Char('@');
}

// Whether a spreadsheet could run `value`: it starts with a formula character, a tab or a CR,
// or with whitespace before a formula character (a spreadsheet may trim the whitespace first).
bool mayRunAsFormula(const QString& value) {
    if (value.isEmpty()) return false;
    if (value.front() == QLatin1Char('\t') || value.front() == QLatin1Char('\r')) return true;
    for (const QChar c : value) {
        if (c.isSpace()) continue;
        return startsFormula(c);
    }
    return false;
}

bool needsQuotes(const QString& value) {
    return value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"')) ||
           value.contains(QLatin1Char('\n')) || value.contains(QLatin1Char('\r'));
}

QString quoted(QString value) {
    value.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + value + QLatin1Char('"');
}

// ---- EDL ----

// One line of marker text: EDL is line-based and Resolve splits its fields on '|'.
QString markerText(const model::Annotation& a) {
    QString text = model::plainText(a.text);
    text.replace(QLatin1Char('|'), QLatin1Char('/'));
    text = text.simplified();  // line breaks and tabs become single spaces
    return text.isEmpty() ? model::kindName(a) : text;
}

Result<QString> checkedTimecode(const TimecodeFormatter& timecode, int64_t frame) {
    static const QRegularExpression shape(QStringLiteral("^\\d{2}:\\d{2}:\\d{2}[:;.]\\d{2,3}$"));
    const QString tc = timecode(frame);
    if (!shape.match(tc).hasMatch())
        return makeError("timecode of frame " + std::to_string(frame) + ": '" + tc.toStdString() +
                         "' is not HH:MM:SS:FF");
    return tc;
}

}  // namespace

// ---- JSON ----

Result<QByteArray> exportJson(DraftStore& store, const QString& mediaId) {
    sqlite::SqliteDb& db = store.database();
    const char* sql = mediaId.isEmpty()
                          ? "SELECT state FROM annotations WHERE deleted = 0"
                            " ORDER BY media_id, first_frame, created_ms, id"
                          : "SELECT state FROM annotations WHERE deleted = 0 AND media_id = ?1"
                            " ORDER BY media_id, first_frame, created_ms, id";
    Result<sqlite::SqliteDb::Statement> st = db.prepare(sql);
    FRAMENOTE_TRY(st);
    if (!mediaId.isEmpty()) st->bindText(1, mediaId);
    QJsonArray notes;
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) -> Status {
        // Decoded and re-encoded: the file holds exactly what the codec writes today.
        Result<model::Annotation> a = decodeAnnotation(row.columnBytes(0), db.path());
        FRAMENOTE_TRY(a);
        notes.append(model::annotationToJson(*a));
        return Ok{};
    }));
    QJsonObject root{{"format", kFormat}, {"version", kFormatVersion}, {"annotations", notes}};
    if (!mediaId.isEmpty()) root.insert("media_id", mediaId);
    // QJsonObject keeps keys sorted, so the same notes always give the same bytes.
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<ImportCounts> importJson(DraftStore& store, const QByteArray& json,
                                const ImportOptions& options) {
    const std::string source =
        options.sourceName.isEmpty() ? std::string("import") : options.sourceName.toStdString();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(source + ": not JSON: " + parseError.errorString().toStdString() +
                         " at byte " + std::to_string(parseError.offset));
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value("format").toString() != QLatin1String(kFormat))
        return makeError(source + ": not a Framenote annotation export (format is not \"" +
                         kFormat + "\")");
    const int version = root.value("version").toInt(-1);
    if (version < 1) return makeError(source + ": version: expected a positive integer");
    if (version > kFormatVersion)
        return makeError(source + ": version " + std::to_string(version) +
                         " is newer than this Framenote reads (" + std::to_string(kFormatVersion) +
                         ")");
    if (!root.value("annotations").isArray())
        return makeError(source + ": annotations: expected an array");
    const QJsonArray rows = root.value("annotations").toArray();

    const auto rowName = [&](size_t i) {
        return source + ": annotations[" + std::to_string(i) + "] (row " + std::to_string(i + 1) +
               ")";
    };
    std::vector<model::Annotation> notes;
    notes.reserve(static_cast<size_t>(rows.size()));
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const size_t at = static_cast<size_t>(i);
        if (!rows[i].isObject()) return makeError(rowName(at) + ": expected an object");
        Result<model::Annotation> parsed = model::annotationFromJson(rows[i].toObject());
        if (!parsed) return makeError(rowName(at) + ": " + parsed.error());
        notes.push_back(std::move(parsed.value()));
    }
    ImportOptions bulk = options;
    bulk.describe = rowName;
    return store.importAnnotations(notes, bulk);
}

// ---- CSV ----

QString csvCell(const QString& value, CsvCellSource source) {
    if (source == CsvCellSource::User && mayRunAsFormula(value))
        return quoted(QLatin1Char('\'') + value);
    return needsQuotes(value) ? quoted(value) : value;
}

QByteArray csvFromAnnotations(const std::vector<model::Annotation>& notes,
                              const CsvOptions& options) {
    QString out;
    const auto ours = [](const QString& v) { return csvCell(v, CsvCellSource::Produced); };
    const auto theirs = [](const QString& v) { return csvCell(v, CsvCellSource::User); };
    const auto line = [&out](const QStringList& cells) {
        out += cells.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    };
    QStringList header{"frame", "last_frame", "timecode", "author", "status",
                       "kind",  "text",       "tags",     "replies"};
    if (options.image) header << "image";
    line(header);
    for (const model::Annotation& a : notes) {
        QStringList replies;
        for (const model::Reply& reply : a.replies)
            if (!reply.deleted)
                replies.append(reply.author + QStringLiteral(": ") + model::plainText(reply.text));
        QStringList row{
            ours(QString::number(a.firstFrame)),
            ours(QString::number(a.lastFrame)),
            ours(options.timecode ? options.timecode(a.firstFrame) : QString::number(a.firstFrame)),
            theirs(a.author),
            ours(model::statusName(a.status)),
            theirs(model::kindName(a)),
            theirs(model::plainText(a.text)),
            theirs(a.tags.join(QStringLiteral("; "))),
            theirs(replies.join(QLatin1Char('\n')))};
        if (options.image) row << ours(options.image(a));
        line(row);
    }
    QByteArray bytes = out.toUtf8();
    if (options.excelBom) bytes.prepend("\xEF\xBB\xBF");
    return bytes;
}

// ---- EDL ----

QString resolveMarkerColor(uint32_t argb) {
    // Resolve's marker colours as its timeline draws them. Plain RGB distance is enough here: it
    // gives the app's own note colours (red, yellow, green, blue, white) the marker of the same
    // name (Cream for white).
    static constexpr NamedColour kSwatches[] = {
        {"Blue", 0x007fe3},  {"Cyan", 0x00ced0},     {"Green", 0x00ad00},  {"Yellow", 0xf09d00},
        {"Red", 0xe12401},   {"Pink", 0xff44c8},     {"Purple", 0x9013fe}, {"Fuchsia", 0xc02e6f},
        {"Rose", 0xffa1b9},  {"Lavender", 0xa193c8}, {"Sky", 0x92e2fd},    {"Mint", 0x72db00},
        {"Lemon", 0xdce95a}, {"Sand", 0xc4915e},     {"Cocoa", 0x6e5143},  {"Cream", 0xf5ebe1},
    };
    return QStringLiteral("ResolveColor") + QLatin1String(nearestColourName(argb, kSwatches));
}

Result<QByteArray> edlFromAnnotations(const std::vector<model::Annotation>& notes,
                                      const EdlOptions& options) {
    if (!options.timecode) return makeError("EDL export: no timecode formatter given");
    QString out;
    const QString eol =
        QStringLiteral("\r\n");  // EDLs come from DOS-era systems; every reader takes CRLF
    out += QStringLiteral("TITLE: ") + options.title.simplified() + eol;
    out += QStringLiteral("FCM: ") + (options.dropFrame ? "DROP FRAME" : "NON-DROP FRAME") + eol;
    out += eol;
    int event = 0;
    for (const model::Annotation& a : notes) {
        Result<QString> in = checkedTimecode(options.timecode, a.firstFrame);
        if (!in) return makeError("EDL export: " + in.error());
        Result<QString> out1 = checkedTimecode(options.timecode, a.firstFrame + 1);
        if (!out1) return makeError("EDL export: " + out1.error());
        QString color = options.color ? options.color(a) : QString();
        if (color.isEmpty())
            color = a.status == model::Status::Resolved ? QStringLiteral("ResolveColorGreen")
                                                        : QStringLiteral("ResolveColorBlue");
        ++event;
        // Fixed columns as Resolve writes them: event, reel "001", track V, cut, source in/out,
        // record in/out. A marker is one frame long in the event; |D: carries its length.
        out += QStringLiteral("%1  001      V     C        %2 %3 %2 %3")
                   .arg(event, 3, 10, QLatin1Char('0'))
                   .arg(*in, *out1) +
               eol;
        out += QStringLiteral(" |C:%1 |M:%2 |D:%3")
                   .arg(color, markerText(a))
                   .arg(a.lastFrame - a.firstFrame + 1) +
               eol;
        out += eol;
    }
    return out.toUtf8();
}

// ---- Avid ----

Result<QByteArray> avidMarkersFromAnnotations(const std::vector<model::Annotation>& notes,
                                              const AvidMarkerOptions& options) {
    if (!options.timecode) return makeError("Avid marker export: no timecode formatter given");
    QString out;
    for (const model::Annotation& a : notes) {
        Result<QString> tc = checkedTimecode(options.timecode, a.firstFrame);
        if (!tc) return makeError("Avid marker export: " + tc.error());
        QString author = a.author.simplified();
        author.replace(QLatin1Char('\t'), QLatin1Char(' '));
        out += QStringList{author,
                           *tc,
                           options.track,
                           a.status == model::Status::Resolved ? QStringLiteral("green")
                                                               : QStringLiteral("blue"),
                           markerText(a),
                           QString::number(a.lastFrame - a.firstFrame + 1)}
                   .join(QLatin1Char('\t')) +
               QLatin1Char('\n');
    }
    return out.toUtf8();
}

}  // namespace framenote::store
