// JSON export/import (lossless, all-or-nothing), CSV, Resolve EDL and Avid marker lists.
#include "core/store/exporters.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "core/model/json_codec.h"
#include "core/model/rich_text.h"
#include "store_fixtures.h"

namespace framenote::test {
namespace {

using model::Role;

QString fakeTimecode(int64_t frame) {  // 24 fps from 01:00:00:00
    const int64_t f = frame + 24 * 3600;
    return QString("%1:%2:%3:%4")
        .arg(f / (24 * 3600), 2, 10, QLatin1Char('0'))
        .arg(f / (24 * 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(f / 24 % 60, 2, 10, QLatin1Char('0'))
        .arg(f % 24, 2, 10, QLatin1Char('0'));
}

class ExportersTest : public StoreTest {
  protected:
    // A store with everything a note can carry: replies made out of id order, tags, a
    // resolved status, Chinese text, a freehand path, a deleted note that must not export.
    void fill(store::DraftStore& s) {
        model::Annotation a = note("m1", 10, 20, "<b>fix</b> the flare, \"please\"");
        a.tags = {"vfx", "urgent"};
        ASSERT_OK(s.applyLocal(createOp(a)));
        for (const char* text : {"first reply", "第二个回复", "third"})
            ASSERT_OK(s.applyLocal(model::makeReply("m1", a.id, text, "bob", Role::Reviewer)));
        model::Annotation b = note("m1", 5, 5);
        b.kind = model::Kind::Freehand;
        b.points = {{0.1, 0.1}, {0.2, 0.25}, {0.3, 0.2}};
        b.style.color = 0xff00ff00;
        ASSERT_OK(s.applyLocal(createOp(b)));
        ASSERT_OK(s.applyLocal(model::makeResolve("m1", b.id, true, "ana", Role::Reviewer)));
        ASSERT_OK(s.applyLocal(createOp(note("m2", 1, 1, "镜头太暗"))));
        const model::Annotation gone = note("m1", 7, 7, "deleted");
        ASSERT_OK(s.applyLocal(createOp(gone)));
        ASSERT_OK(s.applyLocal(model::makeDelete("m1", gone.id, "ana", Role::Reviewer)));
    }
};

TEST_F(ExportersTest, JsonExportImportExportIsByteIdentical) {
    fill(store());
    const QByteArray first = take(store::exportJson(store(), {}));
    EXPECT_EQ(QJsonDocument::fromJson(first).object().value("annotations").toArray().size(), 3);

    auto fresh = take(store::DraftStore::open(path("fresh.framenote")));
    const store::ImportCounts report =
        take(store::importJson(*fresh, first, {"notes.json", "carol", Role::Reviewer}));
    EXPECT_EQ(report.imported, 3);
    EXPECT_EQ(report.skipped, 0);
    const QByteArray second = take(store::exportJson(*fresh, {}));
    EXPECT_EQ(QString::fromUtf8(second).toStdString(), QString::fromUtf8(first).toStdString());
    // Imported notes are edits of this user: they wait in the outbox to be shared.
    EXPECT_EQ(take(fresh->pendingOperations("m1")).size(), 2u + 3u);

    // Importing the same file again adds nothing.
    const store::ImportCounts again =
        take(store::importJson(*fresh, first, {"notes.json", "carol", Role::Reviewer}));
    EXPECT_EQ(again.imported, 0);
    EXPECT_EQ(again.skipped, 3);
    EXPECT_EQ(take(store::exportJson(*fresh, "m2")).contains("镜头太暗"), true);
}

// A note with a very long thread (40,000 replies) imports whole: every reply in the file's
// order with its text, one operation each waiting to be shared, each searchable. (How fast is
// measured in bench/store_bench.cpp, not here.)
TEST_F(ExportersTest, NoteWithFortyThousandRepliesImportsAndReadsBackComplete) {
    constexpr int kReplies = 40000;
    model::Annotation a = note("m1", 10, 20, "long thread");
    for (int i = 0; i < kReplies; ++i) {
        const QString text = i == 23456 ? QString("the flare is back") : QString("reply %1").arg(i);
        a.replies.push_back({QUuid::createUuid(), i % 2 ? "bob" : "ana", text, kT0 + i, kT0 + i});
    }
    a.updatedMs = kT0 + kReplies;
    const QJsonObject file{{"format", "framenote-annotations"},
                           {"version", 1},
                           {"annotations", QJsonArray{model::annotationToJson(a)}}};
    const auto report = take(store::importJson(store(), QJsonDocument(file).toJson(),
                                               {"thread.json", "carol", Role::Reviewer}));
    EXPECT_EQ(report.imported, 1);

    const auto stored = take(store().annotation(a.id));
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->replies, a.replies);
    EXPECT_EQ(take(store().pendingCount()), 1 + kReplies);
    const auto hits = take(store().search().search("flare"));
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].replyId, a.replies[23456].id);
}

TEST_F(ExportersTest, ImportWithABadRowNamesItAndChangesNothing) {
    fill(store());
    const QByteArray before = take(store::exportJson(store(), {}));
    const int64_t pendingBefore = take(store().pendingCount());

    QJsonObject good = model::annotationToJson(note("m1", 1, 1, "good"));
    QJsonObject bad = model::annotationToJson(note("m1", 2, 2, "bad"));
    bad.insert("points", QJsonArray{QJsonArray{0.5}});  // not [x, y]
    const QJsonObject file{
        {"format", "framenote-annotations"},
        {"version", 1},
        {"annotations", QJsonArray{good, bad, model::annotationToJson(note("m1", 3, 3, "c"))}}};
    const auto result = store::importJson(store(), QJsonDocument(file).toJson(),
                                          {"review.json", "carol", Role::Reviewer});
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().find("review.json: annotations[1] (row 2)"), std::string::npos)
        << result.error();
    EXPECT_NE(result.error().find("points[0]"), std::string::npos) << result.error();

    EXPECT_EQ(take(store::exportJson(store(), {})), before);  // not even the good first row
    EXPECT_EQ(take(store().pendingCount()), pendingBefore);
}

TEST_F(ExportersTest, ImportRefusesWhatIsNotAnExport) {
    const store::ImportOptions options{"x.json", "carol", Role::Reviewer};
    auto notJson = store::importJson(store(), "{ nope", options);
    ASSERT_FALSE(notJson.ok());
    EXPECT_NE(notJson.error().find("x.json: not JSON"), std::string::npos) << notJson.error();
    EXPECT_FALSE(store::importJson(store(), R"({"format":"other"})", options).ok());
    auto newer = store::importJson(
        store(), R"({"format":"framenote-annotations","version":9,"annotations":[]})", options);
    ASSERT_FALSE(newer.ok());
    EXPECT_NE(newer.error().find("newer"), std::string::npos);
    // Rows that parse but break the rules are refused too, by row.
    model::Annotation outside = note("m1", 1, 1, "x");
    outside.lastFrame = 0;
    const QJsonObject file{{"format", "framenote-annotations"},
                           {"version", 1},
                           {"annotations", QJsonArray{model::annotationToJson(outside)}}};
    auto invalid = store::importJson(store(), QJsonDocument(file).toJson(), options);
    ASSERT_FALSE(invalid.ok());
    EXPECT_NE(invalid.error().find("annotations[0]"), std::string::npos) << invalid.error();
    EXPECT_NE(invalid.error().find("frames"), std::string::npos) << invalid.error();
}

TEST_F(ExportersTest, CsvQuotesCommasQuotesAndLineBreaks) {
    model::Annotation a = note("m1", 24, 30, "<p>too bright, \"hot\"</p><p>second line</p>", "ana");
    a.tags = {"grade", "vfx"};
    a.replies.push_back({QUuid::createUuid(), "bob", "同意", kT0, kT0, false});
    model::Annotation b = note("m1", 48, 48, "plain", "bob");
    b.status = model::Status::Resolved;
    store::CsvOptions options;
    options.timecode = fakeTimecode;
    const QByteArray csv = store::csvFromAnnotations({a, b}, options);
    const QByteArray expected =
        "frame,last_frame,timecode,author,status,kind,text,tags,replies\r\n"
        "24,30,01:00:01:00,ana,open,text,\"too bright, \"\"hot\"\"\nsecond line\",grade; vfx,"
        "bob: 同意\r\n"
        "48,48,01:00:02:00,bob,resolved,text,plain,,\r\n";
    EXPECT_EQ(QString::fromUtf8(csv).toStdString(), QString::fromUtf8(expected).toStdString());
    options.excelBom = true;
    EXPECT_TRUE(store::csvFromAnnotations({a}, options).startsWith("\xEF\xBB\xBF"));
}

// RFC 4180 as a spreadsheet reads it: rows of cells, quotes undone, CRLF between rows.
std::vector<QStringList> parseCsv(const QString& csv) {
    std::vector<QStringList> rows(1);
    QString cell;
    bool inQuotes = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        const QChar c = csv[i];
        if (inQuotes && c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
            cell += c;
            ++i;
        } else if (c == '"') {
            inQuotes = !inQuotes;
        } else if (!inQuotes && c == ',') {
            rows.back().append(std::exchange(cell, {}));
        } else if (!inQuotes && c == '\r' && i + 1 < csv.size() && csv[i + 1] == '\n') {
            rows.back().append(std::exchange(cell, {}));
            rows.emplace_back();
            ++i;
        } else {
            cell += c;
        }
    }
    if (rows.back().isEmpty()) rows.pop_back();
    return rows;
}

// What a spreadsheet could run: a formula character first, or after leading whitespace, or a
// tab or CR first.
bool looksLikeFormula(const QString& cell) {
    const QString start = cell.trimmed();
    return cell.startsWith('\t') || cell.startsWith('\r') ||
           (!start.isEmpty() && QString("=+-@").contains(start[0]));
}

const QStringList kFormulaPayloads = {R"(=HYPERLINK("http://evil","click"))",
                                      R"(=cmd|' /C calc'!A0)",
                                      "+1+1",
                                      "-2+3",
                                      "@SUM(A1)",
                                      "\t=1",
                                      "\r=1",
                                      "  =1+1",
                                      "\n@SUM(A1)"};

// Every payload in every cell a user writes (note text, reply text, authors, tags): no cell of
// the CSV may start a formula, and each reads back as what was written once its ' is dropped.
TEST_F(ExportersTest, CsvNeutralizesFormulasInEveryUserCell) {
    std::vector<model::Annotation> notes;
    for (const QString& payload : kFormulaPayloads) {
        model::Annotation a = note("m1", 3, 4, payload.toHtmlEscaped(), payload);
        a.tags = {payload, "vfx"};
        a.replies.push_back({QUuid::createUuid(), payload, payload.toHtmlEscaped(), kT0, kT0});
        notes.push_back(a);
    }
    store::CsvOptions options;
    options.timecode = fakeTimecode;
    const std::vector<QStringList> rows =
        parseCsv(QString::fromUtf8(store::csvFromAnnotations(notes, options)));
    ASSERT_EQ(rows.size(), notes.size() + 1);
    for (size_t i = 0; i < notes.size(); ++i) {
        const model::Annotation& a = notes[i];
        const QStringList& row = rows[i + 1];
        ASSERT_EQ(row.size(), 9) << row.join('|').toStdString();
        for (const QString& cell : row) EXPECT_FALSE(looksLikeFormula(cell)) << cell.toStdString();
        const QString replyText = model::plainText(a.replies[0].text);
        const QStringList written = {a.author, model::plainText(a.text), a.tags.join("; "),
                                     a.author + ": " + replyText};
        const QStringList exported = {row[3], row[6], row[7], row[8]};
        for (qsizetype k = 0; k < written.size(); ++k)
            EXPECT_EQ(exported[k].toStdString(), ("'" + written[k]).toStdString());
        EXPECT_EQ(row[0], "3");  // our own cells untouched
        EXPECT_EQ(row[2], "01:00:00:03");
    }
}

// Only what could run is touched: ordinary text keeps its bytes, and a number of ours (a
// Produced cell) stays a number a spreadsheet can sum, even negative. User text is always
// neutralized, even when it looks like a number: we cannot tell a count from "-1+cmd".
TEST_F(ExportersTest, CsvLeavesTextThatCannotRunAsItIs) {
    using store::CsvCellSource;
    for (const char* text : {"Sky too cyan", "a-b", "1+1", "e-mail me@home", "'quoted", "", " x"})
        EXPECT_EQ(store::csvCell(text, CsvCellSource::User).toStdString(), text);
    EXPECT_EQ(store::csvCell("-5", CsvCellSource::Produced).toStdString(), "-5");
    EXPECT_EQ(store::csvCell("-5", CsvCellSource::User).toStdString(), "\"'-5\"");
    EXPECT_EQ(store::csvCell(" =1", CsvCellSource::User).toStdString(), "\"' =1\"");
    EXPECT_EQ(store::csvCell("=\"a\",b", CsvCellSource::User).toStdString(), "\"'=\"\"a\"\",b\"");
    EXPECT_EQ(store::csvCell("a,b", CsvCellSource::User).toStdString(), "\"a,b\"");
}

// A note without words (a drawing) is named by its kind in the kind column; its text cell stays
// empty, a text note's kind column says "text".
TEST_F(ExportersTest, CsvNamesEachNotesKindAfterItsStatus) {
    model::Annotation drawing = note("m1", 5, 5);
    drawing.kind = model::Kind::Freehand;
    drawing.points = {{0.1, 0.1}, {0.2, 0.25}};
    const model::Annotation words = note("m1", 6, 6, "too dark");
    const std::vector<QStringList> rows =
        parseCsv(QString::fromUtf8(store::csvFromAnnotations({drawing, words}, {})));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].join(',').toStdString(),
              "frame,last_frame,timecode,author,status,kind,text,tags,replies");
    EXPECT_EQ(rows[1].join(',').toStdString(), "5,5,5,ana,open,freehand,,,");
    EXPECT_EQ(rows[2].join(',').toStdString(), "6,6,6,ana,open,text,too dark,,");
}

// Each of Resolve's swatches is its own nearest; the app's palette (annotation_controller.cpp)
// keeps its colour's name, white becomes Cream, and alpha plays no part.
TEST_F(ExportersTest, ResolveMarkerColorIsTheNearestOfResolvesSixteen) {
    const std::pair<uint32_t, const char*> swatches[] = {
        {0xff007fe3, "Blue"},     {0xff00ced0, "Cyan"},    {0xff00ad00, "Green"},
        {0xfff09d00, "Yellow"},   {0xffe12401, "Red"},     {0xffff44c8, "Pink"},
        {0xff9013fe, "Purple"},   {0xffc02e6f, "Fuchsia"}, {0xffffa1b9, "Rose"},
        {0xffa193c8, "Lavender"}, {0xff92e2fd, "Sky"},     {0xff72db00, "Mint"},
        {0xffdce95a, "Lemon"},    {0xffc4915e, "Sand"},    {0xff6e5143, "Cocoa"},
        {0xfff5ebe1, "Cream"}};
    for (const auto& [argb, name] : swatches)
        EXPECT_EQ(store::resolveMarkerColor(argb).toStdString(),
                  std::string("ResolveColor") + name);
    EXPECT_EQ(store::resolveMarkerColor(0xffff3b30), "ResolveColorRed");
    EXPECT_EQ(store::resolveMarkerColor(0xffffd60a), "ResolveColorYellow");
    EXPECT_EQ(store::resolveMarkerColor(0xff30d158), "ResolveColorGreen");
    EXPECT_EQ(store::resolveMarkerColor(0xff0a84ff), "ResolveColorBlue");
    EXPECT_EQ(store::resolveMarkerColor(0xffffffff), "ResolveColorCream");
    EXPECT_EQ(store::resolveMarkerColor(0x40ff3b30), "ResolveColorRed");
}

TEST_F(ExportersTest, EdlHasResolveMarkerLayout) {
    model::Annotation a = note("m1", 0, 0, "fix | the\nflare");
    model::Annotation b = note("m1", 48, 71, "镜头太暗");
    b.status = model::Status::Resolved;
    store::EdlOptions options;
    options.title = "Reel 1 notes";
    options.timecode = fakeTimecode;
    const QByteArray edl = take(store::edlFromAnnotations({a, b}, options));
    const QByteArray expected =
        "TITLE: Reel 1 notes\r\n"
        "FCM: NON-DROP FRAME\r\n"
        "\r\n"
        "001  001      V     C        01:00:00:00 01:00:00:01 01:00:00:00 01:00:00:01\r\n"
        " |C:ResolveColorBlue |M:fix / the flare |D:1\r\n"
        "\r\n"
        "002  001      V     C        01:00:02:00 01:00:02:01 01:00:02:00 01:00:02:01\r\n"
        " |C:ResolveColorGreen |M:镜头太暗 |D:24\r\n"
        "\r\n";
    EXPECT_EQ(QString::fromUtf8(edl).toStdString(), QString::fromUtf8(expected).toStdString());

    options.timecode = [](int64_t) { return QString("garbage"); };
    auto bad = store::edlFromAnnotations({a}, options);
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().find("not HH:MM:SS:FF"), std::string::npos);
}

TEST_F(ExportersTest, AvidMarkerListHasOneTabSeparatedLinePerNote) {
    model::Annotation a = note("m1", 24, 47, "soften\tthe key", "ana");
    store::AvidMarkerOptions options;
    options.timecode = fakeTimecode;
    const QByteArray list = take(store::avidMarkersFromAnnotations({a}, options));
    EXPECT_EQ(list, QByteArray("ana\t01:00:01:00\tV1\tblue\tsoften the key\t24\n"));
}

}  // namespace
}  // namespace framenote::test
