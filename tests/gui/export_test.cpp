// File > Export and Import as a reviewer uses them: the clip's notes go out as CSV, EDL, Avid
// and JSON files written off the UI thread, JSON comes back into another store, an unwritable
// path is reported clearly, and the PDF review report has a title page plus one page per note
// whose frame image carries the note's drawing, painted by the overlay's own painter.
#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include "core/media/audio_decoder.h"
#include "core/media/media_source.h"
#include "core/media/video_decoder.h"
#include "core/store/otio_markers.h"
#include "tests/gui/gui_test_support.h"
#include "tests/support/pdf_info.h"
#include "tests/support/test_media.h"
#include "ui/main_window.h"
#include "ui/render/note_text.h"
#include "ui/render/review_report.h"

namespace fm = framenote::media;
namespace fmodel = framenote::model;
namespace ft = framenote::test;
using framenote::review::NoteFormat;
using framenote::ui::MainWindow;
using framenote::ui::PlayerController;

class ExportTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    static void open(MainWindow& window, const std::string& clip) {
        openPath(window, ft::mediaPath(clip));
    }
    static void openPath(MainWindow& window, const std::string& path) {
        window.resize(900, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(path));
        QVERIFY(ft::waitForFrame(window, 0));
        QVERIFY(QTest::qWaitFor([&] { return !window.annotations().session().mediaId().isEmpty(); },
                                5000));
    }

    // An orange rectangle (or a text note) on `frame`, through the review session like a user's
    // edit.
    static fmodel::Annotation addNote(MainWindow& window, qint64 frame, const QString& kind,
                                      const QString& text, qint64 lastFrame = -1) {
        auto& session = window.annotations().session();
        fmodel::Annotation a;
        a.id = QUuid::createUuid();
        a.mediaId = session.mediaId();
        a.firstFrame = frame;
        a.lastFrame = lastFrame < 0 ? frame : lastFrame;
        fmodel::setKindFromName(a, kind);
        a.points = kind == "text" ? std::vector<fmodel::Point>{{0.1, 0.1}}
                                  : std::vector<fmodel::Point>{{0.25, 0.25}, {0.75, 0.75}};
        a.style.color = 0xffff8000;  // orange: in none of the test clip's colour bars
        a.style.width = 0.02;
        a.text = text;
        a.author = session.actor();
        const auto status = session.edit(fmodel::makeCreate(a, session.actor(), session.role()));
        if (!status) qFatal("%s", status.error().c_str());
        return a;
    }

    // Runs `work` and waits for the export it starts to finish; returns (ok, message).
    static std::pair<bool, QString> run(MainWindow& window, const std::function<void()>& work) {
        QSignalSpy done(&window.exports(), &framenote::ui::ExportActions::finished);
        work();
        if (!done.wait(30000)) return {false, "timed out"};
        return {done.first().at(0).toBool(), done.first().at(1).toString()};
    }

    static QByteArray read(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

  private slots:
    void init() {
        QVERIFY(dir_.isValid());
        qputenv("FRAMENOTE_DB",
                dir_.filePath(QString("%1.db").arg(QTest::currentTestFunction())).toUtf8());
    }

    void fileMenuOffersEveryExportOnceAClipIsOpen() {
        MainWindow window;
        auto* menu = window.findChild<QMenu*>("exportMenu");
        QVERIFY(menu);
        QVERIFY(!menu->isEnabled());
        for (const char* name : {"exportJson", "exportCsv", "exportEdl", "exportAvid", "exportOtio",
                                 "exportPictures", "exportMovie", "exportReport"})
            QVERIFY2(window.findChild<QAction*>(name), name);
        QVERIFY(window.findChild<QAction*>("importJson"));
        open(window, "ntsc_df.mov");
        QVERIFY(menu->isEnabled());
    }

    void notesExportWithTheClipsTimecode() {
        MainWindow window;
        open(window, "ntsc_df.mov");  // drop-frame, starts at 01:00:00;00
        addNote(window, 10, "text", "Sky <b>too</b> cyan");
        addNote(window, 40, "rect", QString::fromUtf8("镜头抖动"));
        const QString csv = dir_.filePath("notes.csv");
        const QString edl = dir_.filePath("notes.edl");
        const QString avid = dir_.filePath("notes.txt");
        auto result = run(window, [&] { window.exports().exportNotes(NoteFormat::Csv, csv); });
        QVERIFY2(result.first, qPrintable(result.second));
        QVERIFY(result.second.contains("notes.csv"));
        // What the user reads: the path in the status bar, and a way to its folder beside it.
        QVERIFY2(window.statusBar()->currentMessage().contains(QDir::toNativeSeparators(csv)),
                 qPrintable(window.statusBar()->currentMessage()));
        auto* showFolder = window.findChild<QToolButton*>("showExportButton");
        QVERIFY(showFolder && showFolder->isVisible());
        QCOMPARE(showFolder->property("folder").toString(), QFileInfo(csv).absolutePath());
        const QString csvText = QString::fromUtf8(read(csv));
        QVERIFY2(csvText.contains("10,10,01:00:00;10,"), qPrintable(csvText));
        QVERIFY(csvText.contains("Sky too cyan"));
        QVERIFY(csvText.contains(QString::fromUtf8("镜头抖动")));
        result = run(window, [&] { window.exports().exportNotes(NoteFormat::Edl, edl); });
        QVERIFY2(result.first, qPrintable(result.second));
        const QString edlText = QString::fromUtf8(read(edl));
        QVERIFY2(edlText.contains("FCM: DROP FRAME"), qPrintable(edlText));
        QVERIFY(edlText.contains("01:00:00;10 01:00:00;11"));
        QVERIFY(edlText.contains("|M:Sky too cyan"));
        result = run(window, [&] { window.exports().exportNotes(NoteFormat::Avid, avid); });
        QVERIFY2(result.first, qPrintable(result.second));
        QVERIFY(QString::fromUtf8(read(avid)).contains("01:00:01;10"));
        // OpenTimelineIO: the clip from 01:00:00;00 (107,892 frames at 29.97 drop-frame), the
        // notes as markers over their frames, read back by our reader.
        const QString otio = dir_.filePath("notes.otio");
        result = run(window, [&] { window.exports().exportNotes(NoteFormat::Otio, otio); });
        QVERIFY2(result.first, qPrintable(result.second));
        const QJsonObject timeline = QJsonDocument::fromJson(read(otio)).object();
        QCOMPARE(timeline["OTIO_SCHEMA"].toString(), QString("Timeline.1"));
        QCOMPARE(timeline["name"].toString(), QString("ntsc_df.mov"));
        QCOMPARE(timeline["global_start_time"].toObject()["value"].toDouble(), 107892.0);
        auto markers = framenote::store::markersFromOtio(read(otio));
        QVERIFY(markers.ok());
        QCOMPARE(markers->size(), size_t{2});
        QCOMPARE((*markers)[0].firstFrame, 10);
        QCOMPARE((*markers)[0].text, QString("Sky too cyan"));
        QCOMPARE((*markers)[1].firstFrame, 40);
        QCOMPARE((*markers)[1].text, QString::fromUtf8("镜头抖动"));
    }

    // File > Export > "EDL Markers in the Notes' Colours": off, markers are coloured by status;
    // on, by the note's colour (orange: Resolve's Yellow); the choice is remembered.
    void edlMarkerColoursFollowTheNotesWhenChosen() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        addNote(window, 12, "rect", "Orange box");
        auto* noteColours = window.findChild<QAction*>("edlNoteColors");
        QVERIFY(noteColours && noteColours->isCheckable());
        if (noteColours->isChecked()) noteColours->trigger();  // a setting left by another run
        const QString edl = dir_.filePath("colours.edl");
        auto result = run(window, [&] { window.exports().exportNotes(NoteFormat::Edl, edl); });
        QVERIFY2(result.first, qPrintable(result.second));
        QVERIFY2(read(edl).contains("|C:ResolveColorBlue |M:Orange box"), read(edl).constData());

        noteColours->trigger();
        QCOMPARE(window.exports().edlMarkerColors(), framenote::review::EdlMarkerColors::Note);
        result = run(window, [&] { window.exports().exportNotes(NoteFormat::Edl, edl); });
        QVERIFY2(result.first, qPrintable(result.second));
        QVERIFY2(read(edl).contains("|C:ResolveColorYellow |M:Orange box"), read(edl).constData());
        {
            MainWindow again;  // remembered
            QVERIFY(again.findChild<QAction*>("edlNoteColors")->isChecked());
        }
        noteColours->trigger();
        QCOMPARE(window.exports().edlMarkerColors(), framenote::review::EdlMarkerColors::Status);
    }

    void jsonExportImportsIntoAnotherStore() {
        const QString json = dir_.filePath("roundtrip.json");
        {
            MainWindow window;
            open(window, "h264_longgop.mp4");
            addNote(window, 42, "rect", "Check the <i>edge</i>");
            addNote(window, 99, "text", "Flash frame");
            auto result =
                run(window, [&] { window.exports().exportNotes(NoteFormat::Json, json); });
            QVERIFY2(result.first, qPrintable(result.second));
        }
        qputenv("FRAMENOTE_DB", dir_.filePath("other.db").toUtf8());
        MainWindow other;
        open(other, "h264_longgop.mp4");
        QCOMPARE(other.annotations().session().state().annotations().size(), size_t(0));
        auto result = run(other, [&] { other.exports().importJson(json); });
        QVERIFY2(result.first, qPrintable(result.second));
        QVERIFY2(result.second.contains("2 note"), qPrintable(result.second));
        QVERIFY(QTest::qWaitFor(
            [&] { return other.annotations().session().state().annotations().size() == 2; }, 5000));
        // Importing again changes nothing: the ids are already there.
        result = run(other, [&] { other.exports().importJson(json); });
        QVERIFY2(result.second.contains("2 already present"), qPrintable(result.second));
    }

    void unwritablePathIsReportedWithoutBlocking() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        addNote(window, 5, "rect", "x");
        const QString bad = dir_.filePath("no-such-folder/notes.csv");
        auto result = run(window, [&] { window.exports().exportNotes(NoteFormat::Csv, bad); });
        QVERIFY(!result.first);
        QVERIFY2(result.second.contains("no-such-folder"), qPrintable(result.second));
        QVERIFY(window.statusBar()->currentMessage().contains("no-such-folder"));
        QVERIFY(!window.findChild<QToolButton*>("showExportButton")->isVisible());
        auto* box = window.findChild<QMessageBox*>("exportErrorBox");
        QVERIFY(box && box->isVisible());
        QVERIFY(box->text().contains("no-such-folder"));
        QVERIFY(!QFile::exists(bad));
        result = run(window,
                     [&] { window.exports().exportReport(dir_.filePath("no-such-folder/r.pdf")); });
        QVERIFY(!result.first);
        QVERIFY2(result.second.contains("r.pdf"), qPrintable(result.second));
        result = run(window,
                     [&] { window.exports().exportMovie(dir_.filePath("no-such-folder/m.mp4")); });
        QVERIFY(!result.first);
        QVERIFY2(result.second.contains("m.mp4"), qPrintable(result.second));
    }

    // A colour picked to stand out on the picture (yellow, white) is unreadable on the report's
    // white paper: it is darkened in its own hue; dark colours and the words stay as they are.
    void noteColoursAreDarkenedForPaperInTheirOwnHue() {
        const QString light = framenote::render::noteHtmlForPaper(
            "must match the <span style=\"color:#ffd60a\">readout</span> & <b>this</b>");
        QRegularExpression colour("color:(#[0-9a-f]{6})");
        const QString darkened = colour.match(light).captured(1);
        QVERIFY2(!darkened.isEmpty() && darkened != "#ffd60a", qPrintable(light));
        QVERIFY2(QColor(darkened).lightnessF() < 0.45, qPrintable(darkened));
        QVERIFY(std::abs(QColor(darkened).hslHue() - QColor("#ffd60a").hslHue()) <= 3);
        QVERIFY(light.startsWith("must match the <span style=\"color:"));
        QVERIFY(light.endsWith("\">readout</span> &amp; <b>this</b>"));
        const QString dark = "<span style=\"color:#1a1aa0\">deep blue</span>";
        QCOMPARE(framenote::render::noteHtmlForPaper(dark), dark);
    }

    void reviewReportHasATitlePageAndOnePagePerNote() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        const auto late = addNote(window, 200, "text", "Logo <b>missing</b>");
        const auto early = addNote(window, 42, "rect", "Boom <i>in shot</i>");
        addNote(window, 120, "ellipse", QString::fromUtf8("颜色偏冷"));
        addNote(window, 150, "rect", "");  // a drawing without words
        auto& session = window.annotations().session();
        QVERIFY(session
                    .edit(fmodel::makeReply(session.mediaId(), early.id, "Fixed in v2", "editor",
                                            fmodel::Role::Reviewer))
                    .ok());
        window.notes().setTags(early.id, "comp, paint");
        const QString pdf = dir_.filePath("report.pdf");
        auto result = run(window, [&] { window.exports().exportReport(pdf); });
        QVERIFY2(result.first, qPrintable(result.second));
        QCOMPARE(ft::pdfPageCount(pdf.toStdString()), 5);
        // The summary names the note without words by its shape.
        QVERIFY2(QString::fromStdString(ft::pdfText(pdf.toStdString(), 1)).contains("(rectangle)"),
                 qPrintable(QString::fromStdString(ft::pdfText(pdf.toStdString(), 1))));
        // The page of the tagged note (the first, at frame 42) names its tags; no other does.
        QVERIFY2(
            QString::fromStdString(ft::pdfText(pdf.toStdString(), 2)).contains("Tags: comp, paint"),
            qPrintable(QString::fromStdString(ft::pdfText(pdf.toStdString(), 2)).left(300)));
        QVERIFY(!QString::fromStdString(ft::pdfText(pdf.toStdString(), 3)).contains("Tags:"));
        // Leave a copy for a person to look at (FRAMENOTE_REPORT_COPY).
        if (qEnvironmentVariableIsSet("FRAMENOTE_REPORT_COPY")) {
            QFile::remove(qEnvironmentVariable("FRAMENOTE_REPORT_COPY"));
            QFile::copy(pdf, qEnvironmentVariable("FRAMENOTE_REPORT_COPY"));
        }
        Q_UNUSED(late);
    }

    // File > Export > Notes as CSV with Pictures: one JPEG per note, named in frame order, the
    // exact frame with the note's drawing in its colour; notes.csv names each note's picture.
    void notesExportAsPicturesBesideACsv() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        addNote(window, 120, "rect", "Boom in shot");
        addNote(window, 42, "ellipse", "Mic shadow");
        addNote(window, 120, "text", QString::fromUtf8("颜色偏冷"));
        const QString folder = dir_.filePath("pictures");
        QSignalSpy progress(&window.exports(), &framenote::ui::ExportActions::progressed);
        auto result = run(window, [&] { window.exports().exportPictures(folder); });
        QVERIFY2(result.first, qPrintable(result.second));
        QTRY_VERIFY(!progress.isEmpty());
        QCOMPARE(progress.last().at(0).toInt(), 3);  // 3 of 3 frames painted
        QCOMPARE(progress.last().at(1).toInt(), 3);
        QCOMPARE(QDir(folder).entryList(QDir::Files, QDir::Name),
                 QStringList({"000042_01.jpg", "000120_01.jpg", "000120_02.jpg", "notes.csv"}));
        const QString csv = QString::fromUtf8(read(folder + "/notes.csv"));
        QVERIFY2(csv.startsWith("frame,last_frame,timecode,author,status,kind,text,tags,replies,"
                                "image\r\n"),
                 qPrintable(csv));
        QVERIFY2(csv.contains(",Mic shadow,,,000042_01.jpg\r\n"), qPrintable(csv));
        // The two notes of frame 120 are its 01 and 02 (in creation order; these two may share
        // a millisecond).
        const QRegularExpression boom(",Boom in shot,,,(000120_0[12]\\.jpg)\r\n");
        const QString boomPicture = boom.match(csv).captured(1);
        QVERIFY2(!boomPicture.isEmpty(), qPrintable(csv));
        QVERIFY(csv.contains(QString::fromUtf8(",颜色偏冷,,,000120_0%1.jpg\r\n")
                                 .arg(boomPicture.endsWith("1.jpg") ? 2 : 1)));
        // The rectangle's picture: the exact frame 120, with orange where the outline runs.
        const QImage picture(folder + "/" + boomPicture);
        QCOMPARE(picture.size(), QSize(320, 180));
        auto decoder = fm::VideoDecoder::open(ft::mediaPath("h264_longgop.mp4"));
        QVERIFY(decoder.ok());
        auto frame = (*decoder)->frame(120);
        QVERIFY(frame.ok());
        auto plain = frame->toRgba();
        QVERIFY(plain.ok());
        const auto differs = [&](int x, int y) {
            const QColor shown = picture.pixelColor(x, y);
            const uint8_t* p = &plain->pixels[(size_t(y) * 320 + x) * 4];
            return std::abs(shown.red() - p[0]) + std::abs(shown.green() - p[1]) +
                   std::abs(shown.blue() - p[2]);
        };
        QVERIFY2(differs(160, 45) > 120, "no outline at the rectangle's top edge");
        QVERIFY2(differs(100, 120) < 40, "the picture away from the drawing is not the frame");
    }

    // An image sequence's notes export as pictures and a report like a movie's: its files are
    // decoded as the player decodes them.
    void anImageSequencesNotesExportAsPicturesAndAReport() {
        MainWindow window;
        openPath(window, ft::sequenceDir("exr_half_zip"));
        addNote(window, 2, "rect", "Roto edge");
        const QString folder = dir_.filePath("sequence");
        auto result = run(window, [&] { window.exports().exportPictures(folder); });
        QVERIFY2(result.first, qPrintable(result.second));
        QVERIFY(QFile::exists(folder + "/000002_01.jpg"));
        const QString pdf = dir_.filePath("sequence.pdf");
        result = run(window, [&] { window.exports().exportReport(pdf); });
        QVERIFY2(result.first, qPrintable(result.second));
        QCOMPARE(ft::pdfPageCount(pdf.toStdString()), 2);
    }

    // A long export can be stopped: cancelled at its first painted frame, the pictures export
    // leaves no picture and no notes.csv behind, the movie export no movie and no partial file,
    // and each says so without a warning box.
    void cancellingAnExportLeavesNothingBehind_data() {
        QTest::addColumn<bool>("movie");
        QTest::newRow("pictures") << false;
        QTest::newRow("movie") << true;
    }
    void cancellingAnExportLeavesNothingBehind() {
        QFETCH(bool, movie);
        MainWindow window;
        open(window, "h264_longgop.mp4");
        for (int f = 0; f < 30; ++f) addNote(window, f * 9, "rect", QString("note %1").arg(f));
        const QString folder = dir_.filePath(movie ? "cancelled-movie" : "cancelled");
        QVERIFY(QDir().mkpath(folder));
        QObject context;
        connect(&window.exports(), &framenote::ui::ExportActions::progressed, &context,
                [&](int done, int total) {
                    QCOMPARE(total, movie ? 262 : 30);  // frames 0 to 261, or 30 notes
                    if (done >= 1) window.exports().cancel();
                });
        auto result = run(window, [&] {
            if (movie)
                window.exports().exportMovie(folder + "/notes.mp4");
            else
                window.exports().exportPictures(folder);
        });
        QVERIFY(!result.first);
        QCOMPARE(result.second, QString("Export cancelled"));
        QVERIFY(QDir(folder).entryList(QDir::Files).isEmpty());
        QVERIFY(!window.findChild<QMessageBox*>("exportErrorBox"));
        QVERIFY(!window.exports().progressWidget()->isVisible());
    }

    // File > Export > Movie: frame k of the movie is frame first + k of the clip with the
    // drawings shown on that frame (the range from the first note to the end of the last), and
    // the clip's sound from the same instant: the beep at 2.0 s (frame 50) is heard 0.4 s in.
    void movieIsFrameExactWithItsDrawingsAndItsSoundInSync() {
        MainWindow window;
        open(window, "av_sync.mp4");
        const auto range = addNote(window, 40, "rect", "Hold this", 59);
        const auto single = addNote(window, 45, "ellipse", "Flash", 45);
        const QString path = dir_.filePath("notes.mp4");
        auto result = run(window, [&] { window.exports().exportMovie(path); });
        QVERIFY2(result.first, qPrintable(result.second));
        QVERIFY(!QFile::exists(path + ".part"));

        auto movie = fm::openSource(path.toStdString());
        QVERIFY2(movie.ok(), movie ? "" : movie.error().c_str());
        QCOMPARE(movie->source->index().frameCount(), 20);
        QCOMPARE(movie->media.info.video->nominalRate, (fm::Rational{25, 1}));
        auto clip = fm::openSource(ft::mediaPath("av_sync.mp4"));
        QVERIFY(clip.ok());
        // The expected picture of source frame n, with the given drawings.
        const auto expected = [&](int64_t n, const std::vector<fmodel::Annotation>& drawings) {
            auto image = framenote::render::frameImage(*clip->source, n, drawings, 1.0, 3840);
            return image ? image->convertToFormat(QImage::Format_RGBA8888) : QImage();
        };
        const auto drawingsOn = [&](int64_t n) {
            std::vector<fmodel::Annotation> on;
            for (const auto& a : {range, single})
                if (a.onFrame(n)) on.push_back(a);
            return on;
        };
        // H.264 at CRF 18 over 4:2:0 of the clip's sharp colour bars: about 3 code values from
        // the source frame, over 6.5 from a neighbour.
        for (int64_t k : {0, 5, 6, 12, 19}) {
            auto frame = movie->source->frame(k);
            QVERIFY(frame.ok());
            auto rgba = frame->toRgba();
            QVERIFY(rgba.ok());
            const QImage shown(rgba->pixels.data(), rgba->width, rgba->height, rgba->width * 4,
                               QImage::Format_RGBA8888);
            const int64_t n = 40 + k;
            const double same = ft::meanAbsoluteDifference(shown, expected(n, drawingsOn(n)));
            QVERIFY2(same < 4.5,
                     qPrintable(QString("frame %1: %2 from its source").arg(k).arg(same)));
            for (int64_t other : {n - 1, n + 1})  // not a neighbour's picture
                QVERIFY(ft::meanAbsoluteDifference(shown, expected(other, drawingsOn(n))) >
                        same + 2.5);
            if (k == 5 || k == 6) {  // the one-frame note on frame 45 only
                const std::vector<fmodel::Annotation> flipped =
                    k == 5 ? std::vector<fmodel::Annotation>{range}
                           : std::vector<fmodel::Annotation>{range, single};
                QVERIFY(ft::meanAbsoluteDifference(shown, expected(n, flipped)) > same + 0.5);
            }
        }

        // The sound: as long as the pictures, the beep where it was against them.
        QCOMPARE(movie->media.info.audio.size(), size_t(1));
        QVERIFY(std::abs(movie->media.info.audio[0].durationSeconds - 0.8) < 0.001);
        const auto onsets = [](const std::string& file) {
            fm::AudioFormat mono{48000, 1, fm::AudioFormat::Sample::Float32};
            auto decoder = fm::AudioDecoder::open(file, mono);
            std::pair<double, int64_t> heard{-1, 0};  // first loud sample (s), samples
            while (decoder) {
                auto chunk = (*decoder)->next();
                if (!chunk || !chunk->has_value()) break;
                const auto* samples = reinterpret_cast<const float*>((*chunk)->data.data());
                for (int i = 0; i < (*chunk)->frames; ++i)
                    if (heard.first < 0 && std::abs(samples[i]) > 0.25f)
                        heard.first = (*chunk)->startSeconds + i / 48000.0;
                heard.second += (*chunk)->frames;
            }
            return heard;
        };
        const auto source = onsets(ft::mediaPath("av_sync.mp4"));
        const auto made = onsets(path.toStdString());
        QVERIFY(source.first > 1.9);
        QVERIFY2(
            std::abs(made.first - (source.first - 1.6)) < 0.001,
            qPrintable(
                QString("beep at %1 s, expected %2 s").arg(made.first).arg(source.first - 1.6)));
        // Decoders may play the last AAC frame's padding: at most 1024 samples more.
        QVERIFY2(made.second >= 38400 && made.second <= 38400 + 1024,
                 qPrintable(QString("%1 samples").arg(made.second)));
    }

    // With an in and out point set, the movie is that range, notes or not; with neither notes
    // nor a range there is nothing to export, and the message says what to do.
    void movieOfTheInOutRangeAndNoneWithoutARange() {
        MainWindow window;
        open(window, "av_sync.mp4");
        const QString path = dir_.filePath("none.mp4");
        auto result = run(window, [&] { window.exports().exportMovie(path); });
        QVERIFY(!result.first);
        QVERIFY2(result.second.contains("set an in and out point"), qPrintable(result.second));
        QVERIFY(!QFile::exists(path));
        window.player().seek(10);
        window.player().markIn();
        window.player().seek(14);
        window.player().markOut();
        result = run(window, [&] { window.exports().exportMovie(path); });
        QVERIFY2(result.first, qPrintable(result.second));
        auto movie = fm::openSource(path.toStdString());
        QVERIFY(movie.ok());
        QCOMPARE(movie->source->index().frameCount(), 5);
    }

    // As review platforms print them: one page per annotated frame with every drawing of that
    // frame on its picture, then each of its notes; a note over a range has its own page.
    void reportHasAPagePerAnnotatedFrameWithEveryDrawing() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        addNote(window, 42, "rect", "Boom in shot");
        addNote(window, 42, "ellipse", "Mic shadow");
        const auto held = addNote(window, 60, "rect", "Flicker throughout", 80);
        addNote(window, 70, "text", "Logo");
        std::vector<fmodel::Annotation> all;
        for (const auto* a : window.annotations().session().state().annotations())
            all.push_back(*a);
        const auto pages = framenote::render::reportPages(all);
        QCOMPARE(pages.size(), size_t(3));
        QCOMPARE(pages[0].frame, 42);
        QCOMPARE(pages[0].notes.size(), size_t(2));
        QCOMPARE(pages[0].drawings.size(), size_t(2));
        QVERIFY(pages[1].range);
        QCOMPARE(pages[1].notes.front().id, held.id);
        QCOMPARE(pages[2].frame, 70);
        QCOMPARE(pages[2].notes.size(), size_t(1));
        QCOMPARE(pages[2].drawings.size(), size_t(2));  // the held note is drawn over frame 70
        const QString pdf = dir_.filePath("frames.pdf");
        auto result = run(window, [&] { window.exports().exportReport(pdf); });
        QVERIFY2(result.first, qPrintable(result.second));
        QCOMPARE(ft::pdfPageCount(pdf.toStdString()), 4);  // the title, then three
        const QString frame42 = QString::fromStdString(ft::pdfText(pdf.toStdString(), 2));
        QVERIFY2(frame42.contains("Boom in shot") && frame42.contains("Mic shadow"),
                 qPrintable(frame42.left(400)));
        // Both drawings on frame 42's picture: the rectangle's edge and the ellipse's.
        auto decoder = fm::VideoDecoder::open(ft::mediaPath("h264_longgop.mp4"));
        QVERIFY(decoder.ok());
        auto both = framenote::render::frameImage(**decoder, 42, pages[0].drawings, 1.0, 640);
        auto one = framenote::render::frameImage(**decoder, 42, {pages[0].drawings[0]}, 1.0, 640);
        QVERIFY(both.ok() && one.ok());
        QVERIFY(*both != *one);
    }

    void aLongThreadRunsOnToFurtherPagesAndLosesNothing() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        const auto note = addNote(window, 42, "rect", "Boom in shot");
        auto& session = window.annotations().session();
        constexpr int kReplies = 60;
        for (int i = 1; i <= kReplies; ++i)
            QVERIFY(session
                        .edit(fmodel::makeReply(session.mediaId(), note.id,
                                                QString("Reply number %1 of the thread").arg(i),
                                                "editor", fmodel::Role::Reviewer))
                        .ok());
        const QString pdf = dir_.filePath("long.pdf");
        auto result = run(window, [&] { window.exports().exportReport(pdf); });
        QVERIFY2(result.first, qPrintable(result.second));
        if (qEnvironmentVariableIsSet("FRAMENOTE_REPORT_COPY")) {  // for a person to look at
            QFile::remove(qEnvironmentVariable("FRAMENOTE_REPORT_COPY"));
            QFile::copy(pdf, qEnvironmentVariable("FRAMENOTE_REPORT_COPY"));
        }
        const int pages = ft::pdfPageCount(pdf.toStdString());
        QVERIFY2(pages >= 3, qPrintable(QString::number(pages)));  // title + the note over 2+ pages
        // Every reply is in the report, each exactly once (no line lost or doubled at a page
        // break), and the last page says it continues the note and counts the pages right.
        const QString text = QString::fromStdString(ft::pdfText(pdf.toStdString()));
        for (int i = 1; i <= kReplies; ++i)
            QVERIFY2(text.count(QString("Reply number %1 of").arg(i)) == 1,
                     qPrintable(QString("reply %1 appears %2 times")
                                    .arg(i)
                                    .arg(text.count(QString("Reply number %1 of").arg(i)))));
        const QString last = QString::fromStdString(ft::pdfText(pdf.toStdString(), pages));
        QVERIFY2(last.contains("(continued)"), qPrintable(last.left(200)));
        QVERIFY(last.contains(QString("Page %1 of %1").arg(pages)));
    }

    void reportFrameImageCarriesTheDrawingOnTheExactFrame() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        const auto note = addNote(window, 42, "rect", "Boom in shot");
        auto decoder = fm::VideoDecoder::open(ft::mediaPath("h264_longgop.mp4"));
        QVERIFY(decoder.ok());
        auto burned = framenote::render::noteFrameImage(**decoder, note, 1.0, 640);
        QVERIFY2(burned.ok(), burned.ok() ? "" : burned.error().c_str());
        const QImage image = *burned;
        QCOMPARE(image.size(), QSize(320, 180));
        // On the rectangle's left edge: the note's orange. Inside (not filled): the frame itself.
        const auto isOrange = [](const QColor& c) {
            return c.red() > 240 && c.green() > 110 && c.green() < 150 && c.blue() < 20;
        };
        QVERIFY2(isOrange(image.pixelColor(80, 90)), qPrintable(image.pixelColor(80, 90).name()));
        QVERIFY2(isOrange(image.pixelColor(240, 60)),
                 qPrintable(image.pixelColor(240, 60).name()));  // right edge
        auto frame = (*decoder)->frame(42);
        QVERIFY(frame.ok());
        auto plain = frame->toRgba(320, 180);
        QVERIFY(plain.ok());
        const QImage undrawn = framenote::render::burnIn(*plain, 1.0, {}, 640);
        QCOMPARE(image.pixel(160, 90), undrawn.pixel(160, 90));
        QVERIFY(!isOrange(undrawn.pixelColor(80, 90)) && !isOrange(undrawn.pixelColor(240, 60)));
        // And it is frame 42, not a neighbour: frame 41 differs (the clip moves every frame).
        auto previous = (*decoder)->frame(41);
        QVERIFY(previous.ok());
        const QImage before = framenote::render::burnIn(*previous->toRgba(320, 180), 1.0, {}, 640);
        QVERIFY(before != undrawn);
    }
};

QTEST_MAIN(ExportTest)
#include "export_test.moc"
