// `framenote-cli notes`: the draft store from a script. Import a JSON export, list, search in
// Chinese and English, export CSV and EDL, and refuse bad input with exit 1.
#include <gtest/gtest.h>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUuid>
#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/model/json_codec.h"
#include "core/store/draft_store.h"
#include "tests/support/otio_reference.h"
#include "tests/support/pdf_info.h"
#include "tests/support/test_media.h"
#include "tests/support/wait.h"

namespace ft = framenote::test;
namespace fm = framenote::model;

namespace {

ft::CommandResult cli(const std::string& args) {
    return ft::runCommand(std::string(FRAMENOTE_CLI) + " " + args);
}

fm::Annotation note(int64_t frame, const QString& text, const QString& author) {
    fm::Annotation a;
    a.id = QUuid::createUuid();
    a.mediaId = "clip-a";
    a.firstFrame = a.lastFrame = frame;
    a.kind = fm::Kind::Text;
    a.points = {{0.1, 0.1}};
    a.text = text;
    a.author = author;
    a.createdMs = a.updatedMs = 1764000000000 + frame;
    return a;
}

class NotesCli : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(dir_.isValid());
        db_ = dir_.filePath("notes.db").toStdString();
        QJsonArray notes;
        notes.append(fm::annotationToJson(note(25, "Sky too cyan, warm it up", "ana")));
        notes.append(fm::annotationToJson(note(50, QString::fromUtf8("镜头抖动，请稳定"), "li")));
        const QJsonObject root{
            {"format", "framenote-annotations"}, {"version", 1}, {"annotations", notes}};
        json_ = dir_.filePath("in.json").toStdString();
        std::ofstream(json_) << QJsonDocument(root).toJson().toStdString();
        const auto imported =
            cli("notes import --db '" + db_ + "' '" + json_ + "' --actor importer");
        ASSERT_EQ(imported.exitCode, 0) << imported.err;
        ASSERT_EQ(imported.out, "2 imported, 0 already present\n");
    }

    QTemporaryDir dir_;
    std::string db_;
    std::string json_;
};

TEST_F(NotesCli, ListShowsEveryNoteWithFrameAndTimecode) {
    const auto list = cli("notes list --db '" + db_ + "' --media clip-a");
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_EQ(list.out,
              "25\t00:00:01:00\tana\topen\ttext\tSky too cyan, warm it up\n"
              "50\t00:00:02:00\tli\topen\ttext\t镜头抖动，请稳定\n");
}

TEST_F(NotesCli, SearchFindsChineseAndEnglishWithHighlights) {
    const auto chinese = cli("notes search --db '" + db_ + "' 抖动");
    ASSERT_EQ(chinese.exitCode, 0) << chinese.err;
    EXPECT_NE(chinese.out.find("50\t"), std::string::npos) << chinese.out;
    EXPECT_NE(chinese.out.find("[抖动]"), std::string::npos) << chinese.out;
    const auto english = cli("notes search --db '" + db_ + "' cyan");
    EXPECT_NE(english.out.find("[cyan]"), std::string::npos) << english.out;
    EXPECT_EQ(english.out.find("镜头"), std::string::npos);
}

// A note with paragraphs, a list and a tab is still one line of list or search output.
TEST_F(NotesCli, ListAndSearchGiveOneLinePerNoteWhateverItsText) {
    fm::Annotation a = note(75, "<p>Grade</p><ul><li>warmer</li><li>less\tgreen</li></ul>", "ana");
    const QJsonObject root{{"format", "framenote-annotations"},
                           {"version", 1},
                           {"annotations", QJsonArray{fm::annotationToJson(a)}}};
    const std::string in = dir_.filePath("lines.json").toStdString();
    std::ofstream(in) << QJsonDocument(root).toJson().toStdString();
    ASSERT_EQ(cli("notes import --db '" + db_ + "' '" + in + "'").exitCode, 0);
    const auto search = cli("notes search --db '" + db_ + "' warmer");
    ASSERT_EQ(search.exitCode, 0) << search.err;
    EXPECT_EQ(std::count(search.out.begin(), search.out.end(), '\n'), 1) << search.out;
    EXPECT_NE(search.out.find("Grade [warmer] less green"), std::string::npos) << search.out;
    const auto list = cli("notes list --db '" + db_ + "' --media clip-a --frame 75");
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_EQ(list.out, "75\t00:00:03:00\tana\topen\ttext\tGrade warmer less green\n");
}

TEST_F(NotesCli, SearchAsJsonGivesIdsFramesAndHighlightsAndTakesALimit) {
    const auto result = cli("notes search --db '" + db_ + "' --json 抖动");
    ASSERT_EQ(result.exitCode, 0) << result.err;
    const QJsonArray hits = QJsonDocument::fromJson(QByteArray::fromStdString(result.out)).array();
    ASSERT_EQ(hits.size(), 1) << result.out;
    const QJsonObject hit = hits[0].toObject();
    EXPECT_EQ(hit["frame"].toInt(), 50);
    EXPECT_EQ(hit["media_id"].toString(), "clip-a");
    EXPECT_FALSE(QUuid::fromString(hit["annotation_id"].toString()).isNull());
    EXPECT_TRUE(hit["reply_id"].isNull());
    EXPECT_EQ(hit["marked"].toString(), QString::fromUtf8("镜头[抖动]，请稳定"));
    const QJsonArray first = hit["highlights"].toArray()[0].toArray();
    EXPECT_EQ(hit["snippet"].toString().mid(first[0].toInt(), first[1].toInt()),
              QString::fromUtf8("抖动"));

    // A second note about the sky: two hits, and --limit 1 keeps one.
    const std::string more = dir_.filePath("more.json").toStdString();
    std::ofstream(more) << QJsonDocument(
                               QJsonObject{{"format", "framenote-annotations"},
                                           {"version", 1},
                                           {"annotations", QJsonArray{fm::annotationToJson(
                                                               note(75, "Sky flickers", "li"))}}})
                               .toJson()
                               .toStdString();
    ASSERT_EQ(cli("notes import --db '" + db_ + "' '" + more + "'").exitCode, 0);
    const auto count = [&](const std::string& options) {
        const auto r = cli("notes search --db '" + db_ + "' --json " + options + " sky");
        EXPECT_EQ(r.exitCode, 0) << r.err;
        return QJsonDocument::fromJson(QByteArray::fromStdString(r.out)).array().size();
    };
    EXPECT_EQ(count(""), 2);
    EXPECT_EQ(count("--limit 1"), 1);
    const auto bad = cli("notes search --db '" + db_ + "' --limit 0 sky");
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("--limit: '0' is not 1 to 10000"), std::string::npos) << bad.err;
}

TEST_F(NotesCli, ExportsCsvAndEdl) {
    const auto csv = cli("notes export --db '" + db_ + "' --media clip-a --format csv");
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    EXPECT_NE(csv.out.find("00:00:02:00"), std::string::npos) << csv.out;
    EXPECT_NE(csv.out.find("镜头抖动"), std::string::npos);
    const auto edl = cli("notes export --db '" + db_ + "' --media clip-a --format edl");
    ASSERT_EQ(edl.exitCode, 0) << edl.err;
    EXPECT_NE(edl.out.find("TITLE:"), std::string::npos) << edl.out;
    EXPECT_NE(edl.out.find("00:00:01:00 00:00:01:01"), std::string::npos) << edl.out;
    EXPECT_NE(edl.out.find("|M:Sky too cyan, warm it up"), std::string::npos) << edl.out;
}

// --edl-color note colours each marker by its note's colour (the nearest of Resolve's); status,
// the default, keeps open notes blue. Anything else is a usage error.
TEST_F(NotesCli, EdlMarkersFollowTheNotesColourWhenAsked) {
    fm::Annotation red = note(75, "Flare", "ana");
    red.style.color = 0xffff3b30;
    fm::Annotation mint = note(100, "Grass", "li");
    mint.style.color = 0xff72db00;
    const QJsonObject root{
        {"format", "framenote-annotations"},
        {"version", 1},
        {"annotations", QJsonArray{fm::annotationToJson(red), fm::annotationToJson(mint)}}};
    const std::string file = dir_.filePath("colours.json").toStdString();
    std::ofstream(file) << QJsonDocument(root).toJson().toStdString();
    ASSERT_EQ(cli("notes import --db '" + db_ + "' '" + file + "'").exitCode, 0);
    const std::string edl = "notes export --db '" + db_ + "' --media clip-a --format edl";

    const auto byNote = cli(edl + " --edl-color=note");
    ASSERT_EQ(byNote.exitCode, 0) << byNote.err;
    EXPECT_NE(byNote.out.find("|C:ResolveColorRed |M:Flare"), std::string::npos) << byNote.out;
    EXPECT_NE(byNote.out.find("|C:ResolveColorMint |M:Grass"), std::string::npos) << byNote.out;

    for (const std::string& status : {std::string(), std::string(" --edl-color status")}) {
        const auto byStatus = cli(edl + status);
        ASSERT_EQ(byStatus.exitCode, 0) << byStatus.err;
        EXPECT_NE(byStatus.out.find("|C:ResolveColorBlue |M:Flare"), std::string::npos)
            << byStatus.out;
        EXPECT_NE(byStatus.out.find("|C:ResolveColorBlue |M:Grass"), std::string::npos)
            << byStatus.out;
    }

    const auto bad = cli(edl + " --edl-color=rainbow");
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("--edl-color must be status or note"), std::string::npos) << bad.err;
    const auto help = cli("--help");
    EXPECT_NE(help.out.find("--edl-color status|note"), std::string::npos) << help.out;
}

// A file of notes written to attack whoever opens the CSV in a spreadsheet: imported as any
// other, exported with each formula made text (store::csvCell, docs/USER_GUIDE.md "Exporting
// notes"); ordinary text stays as it was.
TEST_F(NotesCli, CsvExportNeutralizesFormulasFromAnImportedFile) {
    fm::Annotation a = note(75, R"(=HYPERLINK("http://evil","click"))", "@evil");
    a.tags = {"+1+1"};
    const QJsonObject root{{"format", "framenote-annotations"},
                           {"version", 1},
                           {"annotations", QJsonArray{fm::annotationToJson(a)}}};
    const std::string file = dir_.filePath("evil.json").toStdString();
    std::ofstream(file) << QJsonDocument(root).toJson().toStdString();
    ASSERT_EQ(cli("notes import --db '" + db_ + "' '" + file + "'").exitCode, 0);
    const auto csv = cli("notes export --db '" + db_ + "' --media clip-a --format csv");
    ASSERT_EQ(csv.exitCode, 0) << csv.err;
    const std::string row =
        R"csv(75,75,00:00:03:00,"'@evil",open,text,"'=HYPERLINK(""http://evil"",""click"")","'+1+1",)csv";
    EXPECT_NE(csv.out.find(row), std::string::npos) << csv.out;
    const std::string plain = ",ana,open,text,\"Sky too cyan, warm it up\",";
    EXPECT_NE(csv.out.find(plain), std::string::npos) << csv.out;
}

// A store that never opened the clip (filled by an import or a session) knows nothing of its
// rate or start timecode: with --file the clip itself says, so the list, the EDL and the report
// name the same timecode as the player (they said 25 fps from 00:00:00:00).
TEST_F(NotesCli, WithTheClipAtHandTimecodesAreTheClipsOwn) {
    const std::string clip = ft::mediaPath("ntsc_df.mov");  // 29.97 drop-frame from 01:00:00;00
    const auto info = cli("info '" + clip + "' --json");
    ASSERT_EQ(info.exitCode, 0) << info.err;
    fm::Annotation a = note(100, "Flash frame", "ana");
    a.mediaId = QJsonDocument::fromJson(QByteArray::fromStdString(info.out))
                    .object()
                    .value("media_id")
                    .toString();
    ASSERT_EQ(a.mediaId.size(), 64) << info.out;
    const QJsonObject root{{"format", "framenote-annotations"},
                           {"version", 1},
                           {"annotations", QJsonArray{fm::annotationToJson(a)}}};
    const std::string in = dir_.filePath("ntsc.json").toStdString();
    std::ofstream(in) << QJsonDocument(root).toJson().toStdString();
    const std::string db = dir_.filePath("ntsc.db").toStdString();
    ASSERT_EQ(cli("notes import --db '" + db + "' '" + in + "'").exitCode, 0);

    const auto list = cli("notes list --db '" + db + "' --file '" + clip + "'");
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_EQ(list.out, "100\t01:00:03;10\tana\topen\ttext\tFlash frame\n");
    const auto edl = cli("notes export --db '" + db + "' --file '" + clip + "' --format edl");
    ASSERT_EQ(edl.exitCode, 0) << edl.err;
    EXPECT_NE(edl.out.find("FCM: DROP FRAME"), std::string::npos) << edl.out;
    EXPECT_NE(edl.out.find("01:00:03;10"), std::string::npos) << edl.out;
    // OpenTimelineIO: the clip's file and start (01:00:00;00 is 107,892 frames at 29.97 DF),
    // the note a marker at 107,892 + 100.
    const auto otio = cli("notes export --db '" + db + "' --file '" + clip + "' --format otio");
    ASSERT_EQ(otio.exitCode, 0) << otio.err;
    const QJsonObject timeline =
        QJsonDocument::fromJson(QByteArray::fromStdString(otio.out)).object();
    EXPECT_EQ(timeline["global_start_time"].toObject()["value"].toDouble(), 107892);
    EXPECT_NE(otio.out.find("\"value\": 107992"), std::string::npos) << otio.out;
    EXPECT_NE(otio.out.find("file:///"), std::string::npos) << otio.out;
    const std::string pdf = dir_.filePath("ntsc.pdf").toStdString();
    ASSERT_EQ(cli("notes report --db '" + db + "' --file '" + clip + "' -o '" + pdf + "'").exitCode,
              0);
    EXPECT_NE(ft::pdfText(pdf, 2).find("01:00:03;10"), std::string::npos) << ft::pdfText(pdf, 2);
    // The pictures: one JPEG named by its frame, and notes.csv naming it.
    const std::string pictures = dir_.filePath("pictures").toStdString();
    const auto wrote = cli("notes export --db '" + db + "' --file '" + clip +
                           "' --format csv-jpeg -o '" + pictures + "'");
    ASSERT_EQ(wrote.exitCode, 0) << wrote.err;
    EXPECT_EQ(wrote.out, "1 picture(s) and notes.csv in " + pictures + "\n");
    EXPECT_TRUE(QFileInfo::exists(QString::fromStdString(pictures + "/000100_01.jpg")));
    QFile csv(QString::fromStdString(pictures + "/notes.csv"));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_TRUE(csv.readAll().contains(",Flash frame,,,000100_01.jpg\r\n"));
    // Without -o, a usage error (exit 2) that says what is missing.
    const auto missing =
        cli("notes export --db '" + db + "' --file '" + clip + "' --format csv-jpeg");
    EXPECT_EQ(missing.exitCode, 2);
    EXPECT_NE(missing.err.find("--format csv-jpeg needs -o FOLDER"), std::string::npos)
        << missing.err;
}

// `notes export --format movie`: the annotated range (frames 40 to 59 of the 25 fps clip) as an
// H.264 movie with the clip's sound, starting at the timecode of its first frame; a range given
// with --from and --count; usage errors (exit 2) for what is missing or out of the clip, and a
// failure (exit 1) for a clip without notes and no range.
TEST_F(NotesCli, AMovieExportIsTheAnnotatedRangeWithSound) {
    const std::string clip = ft::mediaPath("av_sync.mp4");
    const auto info = cli("info '" + clip + "' --json");
    ASSERT_EQ(info.exitCode, 0) << info.err;
    fm::Annotation a = note(40, "Hold on the bars", "ana");
    a.lastFrame = 59;
    a.mediaId = QJsonDocument::fromJson(QByteArray::fromStdString(info.out))
                    .object()["media_id"]
                    .toString();
    const QJsonObject root{{"format", "framenote-annotations"},
                           {"version", 1},
                           {"annotations", QJsonArray{fm::annotationToJson(a)}}};
    const std::string in = dir_.filePath("movie.json").toStdString();
    std::ofstream(in) << QJsonDocument(root).toJson().toStdString();
    const std::string db = dir_.filePath("movie.db").toStdString();
    ASSERT_EQ(cli("notes import --db '" + db + "' '" + in + "'").exitCode, 0);
    const std::string base = "notes export --db '" + db + "' --file '" + clip + "' --format movie";
    const auto movieInfo = [&](const std::string& movie) {
        const auto shown = cli("info '" + movie + "' --json");
        EXPECT_EQ(shown.exitCode, 0) << shown.err;
        return QJsonDocument::fromJson(QByteArray::fromStdString(shown.out)).object();
    };

    const std::string movie = dir_.filePath("notes.mp4").toStdString();
    const auto made = cli(base + " -o '" + movie + "'");
    ASSERT_EQ(made.exitCode, 0) << made.err;
    EXPECT_EQ(made.out, "20 frame(s), 320x180, libx264 with sound, in " + movie + "\n");
    QJsonObject shown = movieInfo(movie);
    EXPECT_EQ(shown["frame_count"].toInt(), 20);
    EXPECT_EQ(shown["start_timecode"].toString(), "00:00:01:15");  // frame 40 at 25 fps
    EXPECT_EQ(shown["audio"].toArray().size(), 1);

    const std::string range = dir_.filePath("range.mp4").toStdString();
    ASSERT_EQ(cli(base + " --from 90 --count 10 -o '" + range + "'").exitCode, 0);
    shown = movieInfo(range);
    EXPECT_EQ(shown["frame_count"].toInt(), 10);
    EXPECT_EQ(shown["start_timecode"].toString(), "00:00:03:15");

    const auto noOutput = cli(base);
    EXPECT_EQ(noOutput.exitCode, 2);
    EXPECT_NE(noOutput.err.find("--format movie needs -o OUT.mp4"), std::string::npos)
        << noOutput.err;
    const auto outside = cli(base + " --from 95 --count 10 -o '" + range + "'");
    EXPECT_EQ(outside.exitCode, 2);
    EXPECT_NE(outside.err.find("frames 0 to 99"), std::string::npos) << outside.err;
    const auto noNotes =
        cli("notes export --db '" + db + "' --file '" + ft::mediaPath("h264_longgop.mp4") +
            "' --format movie -o '" + range + "'");
    EXPECT_EQ(noNotes.exitCode, 1);
    EXPECT_NE(noNotes.err.find("no notes on this clip"), std::string::npos) << noNotes.err;
    EXPECT_EQ(movieInfo(range)["frame_count"].toInt(), 10);  // the earlier movie is untouched
}

// An image sequence is a clip like a movie for the notes commands: --file takes its folder, the
// notes are found by the sequence's media id, and the pictures, the report and the OTIO
// timeline decode its files (they opened movies only and refused a folder).
TEST_F(NotesCli, AnImageSequenceIsAClipForEveryNotesCommand) {
    const std::string sequence = ft::sequenceDir("exr_half_zip");  // shot.1001.exr ...
    const auto info = cli("info '" + sequence + "' --json");
    ASSERT_EQ(info.exitCode, 0) << info.err;
    fm::Annotation a = note(3, "Roto edge", "ana");
    a.mediaId = QJsonDocument::fromJson(QByteArray::fromStdString(info.out))
                    .object()
                    .value("media_id")
                    .toString();
    ASSERT_FALSE(a.mediaId.isEmpty()) << info.out;
    const QJsonObject root{{"format", "framenote-annotations"},
                           {"version", 1},
                           {"annotations", QJsonArray{fm::annotationToJson(a)}}};
    const std::string in = dir_.filePath("sequence.json").toStdString();
    std::ofstream(in) << QJsonDocument(root).toJson().toStdString();
    const std::string db = dir_.filePath("sequence.db").toStdString();
    ASSERT_EQ(cli("notes import --db '" + db + "' '" + in + "'").exitCode, 0);
    const std::string file = "' --file '" + sequence + "'";

    const auto list = cli("notes list --db '" + db + file);
    ASSERT_EQ(list.exitCode, 0) << list.err;
    EXPECT_NE(list.out.find("Roto edge"), std::string::npos) << list.out;
    const std::string pictures = dir_.filePath("sequence-pictures").toStdString();
    const auto wrote =
        cli("notes export --db '" + db + file + " --format csv-jpeg -o '" + pictures + "'");
    ASSERT_EQ(wrote.exitCode, 0) << wrote.err;
    EXPECT_TRUE(QFileInfo::exists(QString::fromStdString(pictures + "/000003_01.jpg")));
    const std::string pdf = dir_.filePath("sequence.pdf").toStdString();
    const auto report = cli("notes report --db '" + db + file + " -o '" + pdf + "'");
    ASSERT_EQ(report.exitCode, 0) << report.err;
    EXPECT_EQ(ft::pdfPageCount(pdf), 2);
    const auto otio = cli("notes export --db '" + db + file + " --format otio");
    ASSERT_EQ(otio.exitCode, 0) << otio.err;
    EXPECT_NE(otio.out.find("Roto edge"), std::string::npos);
    // The sequence's files, as OpenRV opens them: .../exr_half_zip/shot.1001.exr onwards.
    const QJsonObject reference = ft::otioMediaReference(
        QJsonDocument::fromJson(QByteArray::fromStdString(otio.out)).object());
    EXPECT_EQ(reference["OTIO_SCHEMA"].toString(), QString("ImageSequenceReference.1"));
    EXPECT_TRUE(reference["target_url_base"].toString().endsWith("/exr_half_zip/")) << otio.out;
    EXPECT_EQ(reference["name_prefix"].toString(), QString("shot."));
    EXPECT_EQ(reference["start_frame"].toInteger(), 1001);
    EXPECT_EQ(reference["frame_zero_padding"].toInt(), 4);
}

TEST_F(NotesCli, JsonExportImportsIntoAFreshStoreUnchanged) {
    const std::string out = dir_.filePath("out.json").toStdString();
    ASSERT_EQ(cli("notes export --db '" + db_ + "' --format json -o '" + out + "'").exitCode, 0);
    const std::string other = dir_.filePath("other.db").toStdString();
    ASSERT_EQ(cli("notes import --db '" + other + "' '" + out + "'").exitCode, 0);
    const auto a = cli("notes export --db '" + db_ + "' --format json");
    const auto b = cli("notes export --db '" + other + "' --format json");
    EXPECT_EQ(a.out, b.out);
}

TEST_F(NotesCli, BadImportFailsAndKeepsTheStore) {
    const std::string bad = dir_.filePath("bad.json").toStdString();
    std::ofstream(bad) << "{\"format\": \"framenote-annotations\", \"version\": 1, "
                          "\"annotations\": [{\"id\": 5}]}";
    const auto result = cli("notes import --db '" + db_ + "' '" + bad + "'");
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("bad.json"), std::string::npos) << result.err;
    const auto list = cli("notes list --db '" + db_ + "' --media clip-a");
    EXPECT_EQ(std::count(list.out.begin(), list.out.end(), '\n'), 2);
}

TEST_F(NotesCli, ReportIsAPdfWithATitlePageAndOnePagePerNote) {
    // The notes sit on frames 25 and 50 of media "clip-a"; the frames come from the clip.
    const std::string clip = ft::mediaPath("h264_longgop.mp4");
    const std::string pdf = dir_.filePath("report.pdf").toStdString();
    const auto report = cli("notes report --db '" + db_ + "' --media clip-a --file '" + clip +
                            "' -o '" + pdf + "'");
    ASSERT_EQ(report.exitCode, 0) << report.err;
    EXPECT_EQ(report.out, "2 note(s) in " + pdf + "\n");
    EXPECT_EQ(ft::pdfPageCount(pdf), 3);
}

TEST_F(NotesCli, ReportRefusesMissingClipAndUnwritablePath) {
    const std::string clip = ft::mediaPath("h264_longgop.mp4");
    EXPECT_EQ(cli("notes report --db '" + db_ + "' --media clip-a -o x.pdf").exitCode, 2);
    const std::string bad = dir_.filePath("no-such-folder/report.pdf").toStdString();
    const auto result = cli("notes report --db '" + db_ + "' --media clip-a --file '" + clip +
                            "' -o '" + bad + "'");
    EXPECT_EQ(result.exitCode, 1);
    EXPECT_NE(result.err.find("no-such-folder/report.pdf"), std::string::npos) << result.err;
}

TEST_F(NotesCli, MissingDbOptionIsAUsageError) {
    EXPECT_EQ(cli("notes list --media clip-a").exitCode, 2);
    const auto notADb = cli("notes list --db '" + json_ + "' --media clip-a");
    EXPECT_EQ(notADb.exitCode, 1);
    EXPECT_NE(notADb.err.find("in.json"), std::string::npos) << notADb.err;
}

// The list's filters combine (AND): a frame range, an author, a status, a tag (any case); bad
// values are usage errors.
TEST_F(NotesCli, ListFiltersCombineAndBadValuesAreUsageErrors) {
    const auto noteB = [](int64_t first, int64_t last, const QString& author, fm::Status status,
                          const QStringList& tags, const QString& text) {
        fm::Annotation a = note(first, text, author);
        a.mediaId = "clip-b";
        a.lastFrame = last;
        a.status = status;
        a.tags = tags;
        return fm::annotationToJson(a);
    };
    QJsonArray notes;
    notes.append(noteB(10, 20, "ana", fm::Status::Open, {"colour"}, "Warmer"));
    notes.append(noteB(30, 30, "li", fm::Status::Resolved, {"Sound"}, "Hum at the cut"));
    notes.append(noteB(100, 200, "ana", fm::Status::Open, {}, "Long shot drifts"));
    const std::string file = dir_.filePath("b.json").toStdString();
    std::ofstream(file) << QJsonDocument(QJsonObject{{"format", "framenote-annotations"},
                                                     {"version", 1},
                                                     {"annotations", notes}})
                               .toJson()
                               .toStdString();
    ASSERT_EQ(cli("notes import --db '" + db_ + "' '" + file + "'").exitCode, 0);
    const std::string list = "notes list --db '" + db_ + "' --media clip-b";
    const auto frames = [&](const std::string& options) {
        const auto result = cli(list + " " + options);
        EXPECT_EQ(result.exitCode, 0) << options << ": " << result.err;
        std::string firstColumn;
        std::istringstream lines(result.out);
        for (std::string line; std::getline(lines, line);)
            firstColumn += line.substr(0, line.find('\t')) + " ";
        return firstColumn;
    };
    EXPECT_EQ(frames("--range 15-40"), "10 30 ");
    EXPECT_EQ(frames("--range 15-40 --author ana"), "10 ");
    EXPECT_EQ(frames("--status resolved"), "30 ");
    EXPECT_EQ(frames("--tag sound"), "30 ");
    EXPECT_EQ(frames("--status open --author ana"), "10 100 ");
    EXPECT_EQ(frames("--frame 150 --status open"), "100 ");
    EXPECT_EQ(frames("--frame 150 --status resolved"), "");

    for (const auto& [options, message] : std::vector<std::pair<std::string, std::string>>{
             {"--range 50-40", "--range: '50-40' is not FIRST-LAST"},
             {"--frame 1 --range 1-2", "--frame and --range: choose one"},
             {"--status done", "--status: 'done' is not open or resolved"}}) {
        const auto bad = cli(list + " " + options);
        EXPECT_EQ(bad.exitCode, 2) << options;
        EXPECT_NE(bad.err.find(message), std::string::npos) << options << ": " << bad.err;
    }
}

// History from a script: after an edit and a delete, --at a time before them lists the notes as
// they were; a frame as of then still has its deleted note; a time before the import has none.
TEST_F(NotesCli, ListAtAPastTimeShowsTheNotesAsTheyWere) {
    const auto isoMs = [](int64_t ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC)
            .toString(Qt::ISODateWithMs)
            .toStdString();
    };
    const int64_t beforeImport = 1764000000000;  // 2025: the import was made now
    // Later than the import (made before the test), earlier than the edits.
    const int64_t beforeEdits = ft::clockPast(QDateTime::currentMSecsSinceEpoch());
    ft::clockPast(beforeEdits);
    {
        auto store = framenote::store::DraftStore::open(QString::fromStdString(db_));
        ASSERT_TRUE(store) << store.error();
        const auto all = (*store)->queries().page("clip-a", {}, 10);
        ASSERT_TRUE(all);
        ASSERT_EQ(all->items.size(), 2u);
        fm::FieldChanges text;
        text.text = "Sky fixed";
        ASSERT_TRUE((*store)->applyLocal(
            fm::makeSetFields("clip-a", all->items[0].id, text, "ana", fm::Role::Reviewer)));
        ASSERT_TRUE((*store)->applyLocal(
            fm::makeDelete("clip-a", all->items[1].id, "li", fm::Role::Reviewer)));
    }
    const std::string list = "notes list --db '" + db_ + "' --media clip-a";
    const auto now = cli(list);
    ASSERT_EQ(now.exitCode, 0) << now.err;
    EXPECT_EQ(now.out, "25\t00:00:01:00\tana\topen\ttext\tSky fixed\n");

    const auto then = cli(list + " --at " + isoMs(beforeEdits));
    ASSERT_EQ(then.exitCode, 0) << then.err;
    EXPECT_EQ(then.out,
              "25\t00:00:01:00\tana\topen\ttext\tSky too cyan, warm it up\n"
              "50\t00:00:02:00\tli\topen\ttext\t镜头抖动，请稳定\n");
    const auto frameThen = cli(list + " --frame 50 --at " + isoMs(beforeEdits));
    EXPECT_EQ(frameThen.out, "50\t00:00:02:00\tli\topen\ttext\t镜头抖动，请稳定\n")
        << frameThen.err;
    const auto authorThen = cli(list + " --author ana --at " + isoMs(beforeEdits));
    EXPECT_EQ(authorThen.out, "25\t00:00:01:00\tana\topen\ttext\tSky too cyan, warm it up\n")
        << authorThen.err;
    const auto beforeAll = cli(list + " --at " + isoMs(beforeImport));
    ASSERT_EQ(beforeAll.exitCode, 0) << beforeAll.err;
    EXPECT_EQ(beforeAll.out, "");

    const auto badTime = cli(list + " --at yesterday");
    EXPECT_EQ(badTime.exitCode, 2);
    EXPECT_NE(badTime.err.find("--at: 'yesterday' is not a date and time"), std::string::npos)
        << badTime.err;
    const auto badFrame = cli(list + " --frame 12a");
    EXPECT_EQ(badFrame.exitCode, 2);
    EXPECT_NE(badFrame.err.find("--frame: '12a' is not a frame number"), std::string::npos)
        << badFrame.err;
}

}  // namespace
