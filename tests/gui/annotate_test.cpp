// Annotating as a reviewer does it: draw on a frame, type a note, undo and redo; every edit is
// in the local SQLite store on the right frame with the right normalized geometry.
#include <QApplication>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
#include <QTimer>

#include "core/model/rich_text.h"
#include "core/store/draft_store.h"
#include "tests/gui/gui_test_support.h"
#include "tests/support/list_rows.h"
#include "tests/support/small_disk.h"
#include "tests/support/test_media.h"
#include "ui/main_window.h"
#include "ui/note_text_editor.h"
#include "ui/render/annotation_painter.h"
#include "ui/render/note_text.h"

namespace fm = framenote::media;
namespace ft = framenote::test;
using framenote::ui::MainWindow;
using framenote::ui::PlayerController;
using framenote::ui::Tool;

class AnnotateTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString dbPath_;

    // The notes the store holds for the open clip, read through a second connection.
    std::vector<framenote::model::Annotation> stored(MainWindow& window) {
        window.annotations().store().flush();
        auto store = framenote::store::DraftStore::open(dbPath_);
        if (!store) qFatal("%s", store.error().c_str());
        auto all = (*store)->queries().page(window.annotations().session().mediaId(), {}, 1000);
        if (!all) qFatal("%s", all.error().c_str());
        return all->items;
    }

    void drag(MainWindow& window, QPointF from, QPointF to, Qt::KeyboardModifiers modifiers = {}) {
        auto& overlay = window.annotations().overlay();
        const QPoint a = overlay.toWidget({from.x(), from.y()}).toPoint();
        const QPoint b = overlay.toWidget({to.x(), to.y()}).toPoint();
        QTest::mousePress(&overlay, Qt::LeftButton, modifiers, a);
        QTest::mouseMove(&overlay, (a + b) / 2);
        QTest::mouseMove(&overlay, b);
        QTest::mouseRelease(&overlay, Qt::LeftButton, modifiers, b);
    }

    void click(MainWindow& window, QPointF at, Qt::KeyboardModifiers modifiers = {}) {
        auto& overlay = window.annotations().overlay();
        QTest::mouseClick(&overlay, Qt::LeftButton, modifiers,
                          overlay.toWidget({at.x(), at.y()}).toPoint());
    }

    // Draws rectangles (top-left, bottom-right pairs) and switches to the Select tool.
    void drawRects(MainWindow& window, const std::vector<std::pair<QPointF, QPointF>>& rects) {
        window.annotations().setTool(Tool::Rect);
        for (const auto& [from, to] : rects) drag(window, from, to);
        window.annotations().setTool(Tool::Select);
        QCOMPARE(window.annotations().overlay().annotations().size(), rects.size());
    }

    // A new note of `kind` on frames [first, last] of the open clip, by the user; the caller adds
    // its points and text, and saves it with add().
    static framenote::model::Annotation newNote(MainWindow& window, const QString& kind,
                                                qint64 first, qint64 last) {
        auto& session = window.annotations().session();
        framenote::model::Annotation a;
        a.id = QUuid::createUuid();
        a.mediaId = session.mediaId();
        a.firstFrame = first;
        a.lastFrame = last;
        framenote::model::setKindFromName(a, kind);
        a.author = session.actor();
        return a;
    }
    // Saves `a` through the session, as the app's own edits are; false if it was refused.
    static bool add(MainWindow& window, const framenote::model::Annotation& a) {
        auto& session = window.annotations().session();
        return session.edit(framenote::model::makeCreate(a, session.actor(), session.role())).ok();
    }

    // Clicks at `at` with the Text tool: the editor that opens there, or null if none is shown.
    static QTextEdit* startTextNote(MainWindow& window, QPointF at) {
        window.annotations().setTool(Tool::Text);
        auto& overlay = window.annotations().overlay();
        QTest::mouseClick(&overlay, Qt::LeftButton, {},
                          overlay.toWidget({at.x(), at.y()}).toPoint());
        auto* editor = overlay.findChild<QTextEdit*>("noteTextEditor");
        return editor && editor->isVisible() ? editor : nullptr;
    }

    // The id of the shown note whose first point is near `first`.
    static QUuid noteAt(MainWindow& window, QPointF first) {
        for (const auto& a : window.annotations().overlay().annotations())
            if (near(a.points[0], first)) return a.id;
        return {};
    }

    // The first point of the shown note `id`.
    static framenote::model::Point firstPoint(MainWindow& window, const QUuid& id) {
        for (const auto& a : window.annotations().overlay().annotations())
            if (a.id == id) return a.points[0];
        return {-1, -1};
    }

    // Mouse positions are whole pixels: a drawn point lands within half a pixel of where it was
    // aimed, and a move adds up to one more pixel of rounding. So "near" is two pixels of the
    // picture as shown (openAt measures it), in normalized units.
    static inline double tolerance_ = 0.003;

    static bool near(const framenote::model::Point& p, QPointF expected) {
        return std::abs(p.x - expected.x()) < tolerance_ &&
               std::abs(p.y - expected.y()) < tolerance_;
    }

    void openAt(MainWindow& window, const std::string& clip, qint64 frame) {
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(ft::mediaPath(clip)));
        QVERIFY(ft::waitForFrame(window, 0));
        window.player().seek(frame);
        QVERIFY(ft::waitForFrame(window, frame));
        const auto& overlay = window.annotations().overlay();
        const QPointF pictureSize = overlay.toWidget({1, 1}) - overlay.toWidget({0, 0});
        tolerance_ = 2.0 / std::min(pictureSize.x(), pictureSize.y());
    }

  private slots:
    void init() {
        QVERIFY(dir_.isValid());
        dbPath_ = dir_.filePath(QString("notes-%1.db").arg(QTest::currentTestFunction()));
        qputenv("FRAMENOTE_DB", dbPath_.toUtf8());
    }

    void drawnRectIsStoredOnThatFrameWithNormalizedGeometry() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 42);
        window.annotations().setTool(Tool::Rect);
        drag(window, {0.25, 0.25}, {0.5, 0.75});
        const auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        const auto& rect = notes.front();
        QCOMPARE(rect.kind, framenote::model::Kind::Rect);
        QCOMPARE(rect.firstFrame, 42);
        QCOMPARE(rect.lastFrame, 42);
        // One widget pixel of the picture is about 1/700 here.
        QVERIFY(std::abs(rect.points[0].x - 0.25) < tolerance_);
        QVERIFY(std::abs(rect.points[0].y - 0.25) < tolerance_);
        QVERIFY(std::abs(rect.points[1].x - 0.5) < tolerance_);
        QVERIFY(std::abs(rect.points[1].y - 0.75) < tolerance_);
        // It is shown on frame 42 only.
        QCOMPARE(window.annotations().overlay().annotations().size(), size_t(1));
        window.player().seek(43);
        QCOMPARE(window.annotations().overlay().annotations().size(), size_t(0));
    }

    void typedTextNoteIsStored() {
        MainWindow window;
        openAt(window, "ntsc_df.mov", 10);
        auto* editor = startTextNote(window, {0.1, 0.1});
        QVERIFY(editor);
        QTest::keyClicks(editor, "Grade <warmer>");
        editor->insertPlainText(QString::fromUtf8(" 暖一点"));  // keyClicks types ASCII only
        QTest::keyClick(editor, Qt::Key_Return);
        const auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        QCOMPARE(notes.front().kind, framenote::model::Kind::Text);
        QCOMPARE(notes.front().firstFrame, 10);
        QCOMPARE(notes.front().text, QString::fromUtf8("Grade &lt;warmer&gt; 暖一点"));
    }

    // Ctrl+B, a second line, a list: the note keeps them, in the stored subset, and the picture
    // draws them (bold is wider than plain).
    void typedRichTextIsStoredAndDrawnWithItsFormatting() {
        MainWindow window;
        openAt(window, "ntsc_df.mov", 10);
        auto* editor = startTextNote(window, {0.1, 0.1});
        QVERIFY(editor);
        QTest::keyClicks(editor, "Sky ");
        QTest::keyClick(editor, Qt::Key_B, Qt::ControlModifier);
        QTest::keyClicks(editor, "too cyan");
        QTest::keyClick(editor, Qt::Key_B, Qt::ControlModifier);
        QTest::keyClicks(editor, " here");
        QTest::keyClick(editor, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(editor, "* warmer");  // "* " starts a list
        QTest::keyClick(editor, Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClick(editor, Qt::Key_I, Qt::ControlModifier);
        QTest::keyClicks(editor, "less green");
        QTest::keyClick(editor, Qt::Key_Return);
        QVERIFY(!editor->isVisible());
        const auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        const QString expected =
            "<p>Sky <b>too cyan</b> here</p><ul><li>warmer</li><li><i>less green</i></li></ul>";
        QCOMPARE(notes.front().text, expected);
        QCOMPARE(framenote::model::plainText(notes.front().text),
                 QString("Sky too cyan here\nwarmer\nless green"));

        // Drawn as stored: render it, and the same words without the formatting, and compare.
        const auto render = [](const framenote::model::Annotation& note) {
            QImage image(640, 360, QImage::Format_ARGB32_Premultiplied);
            image.fill(Qt::black);
            QPainter painter(&image);
            framenote::render::paintAnnotations(painter, QRectF(0, 0, 640, 360), {note});
            return image;
        };
        auto plain = notes.front();
        plain.text = "Sky too cyan here<br>warmer<br>less green";
        const QImage rich = render(notes.front()), flat = render(plain);
        const auto layout =
            framenote::render::layoutTextNote(QRectF(0, 0, 640, 360), notes.front(), QFont());
        QVERIFY(!layout.textArea.isEmpty());
        QVERIFY(rich != flat);
        const auto document = framenote::render::textNoteDocument(layout);
        const QTextCursor bold = document->find("too cyan");
        QVERIFY(!bold.isNull());
        QVERIFY(bold.charFormat().fontWeight() >= QFont::Bold);
        QVERIFY(document->find("less green").charFormat().fontItalic());
        QVERIFY(document->findBlock(document->find("warmer").position()).textList());
    }

    // A typo in a text note: double-click it (or F2), fix it, Enter. One undo step brings the old
    // text back; Esc leaves it as it was.
    void aTextNoteIsEditedInPlaceAndTheEditUndoes() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 12);
        auto& overlay = window.annotations().overlay();
        auto* editor = startTextNote(window, {0.2, 0.2});
        QVERIFY(editor);
        QTest::keyClicks(editor, "Too mcuh grain");
        QTest::keyClick(editor, Qt::Key_Return);
        QCOMPARE(stored(window).front().text, QString("Too mcuh grain"));

        window.annotations().setTool(Tool::Select);
        QTest::mouseDClick(&overlay, Qt::LeftButton, {}, overlay.toWidget({0.21, 0.21}).toPoint());
        QVERIFY(editor->isVisible());
        QCOMPARE(editor->toPlainText(), QString("Too mcuh grain"));
        editor->selectAll();
        QTest::keyClicks(editor, "Too much ");
        QTest::keyClick(editor, Qt::Key_B, Qt::ControlModifier);
        QTest::keyClicks(editor, "grain");
        QTest::keyClick(editor, Qt::Key_Return);
        auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        QCOMPARE(notes.front().text, QString("Too much <b>grain</b>"));
        QCOMPARE(notes.front().points.size(), size_t(1));  // where it was

        // F2 on the selected note opens it too; Esc changes nothing.
        click(window, {0.21, 0.21});
        QTest::keyClick(&window, Qt::Key_F2);
        QVERIFY(editor->isVisible());
        QTest::keyClicks(editor, " and more");
        QTest::keyClick(editor, Qt::Key_Escape);
        QVERIFY(!editor->isVisible());
        QCOMPARE(stored(window).front().text, QString("Too much <b>grain</b>"));

        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(window).front().text, QString("Too mcuh grain"));
    }

    // A text note placed near an edge is moved in whole, not cut by the edge (on screen, in the
    // report and the exports, which all lay it out the same way).
    void textNearTheEdgeIsKeptInsideThePicture() {
        framenote::model::Annotation note;
        note.kind = framenote::model::Kind::Text;
        note.text = "A long remark about the grade in this corner of the frame";
        const QRectF picture(10, 20, 640, 360);
        for (const auto& at : std::vector<framenote::model::Point>{
                 {0.97, 0.5}, {0.5, 0.98}, {0.99, 0.99}, {0.0, 0.0}}) {
            note.points = {at};
            const auto layout = framenote::render::layoutTextNote(picture, note, QFont());
            QVERIFY2(picture.contains(layout.box),
                     qPrintable(QString("at (%1, %2): box %3,%4 %5x%6")
                                    .arg(at.x)
                                    .arg(at.y)
                                    .arg(layout.box.x())
                                    .arg(layout.box.y())
                                    .arg(layout.box.width())
                                    .arg(layout.box.height())));
            QVERIFY(layout.box.contains(layout.textArea));
        }
        // Away from the edges it starts where it was placed.
        note.points = {{0.2, 0.2}};
        const auto placed = framenote::render::layoutTextNote(picture, note, QFont());
        QCOMPARE(placed.textArea.topLeft(), QPointF(10 + 128, 20 + 72));
    }

    // Text that came in from elsewhere outside the subset (an import, a peer: neither sanitizes
    // yet) is drawn as the subset only: no image is loaded, no style but the subset's is followed.
    void textOutsideTheSubsetIsDrawnAsTheSubsetOnly() {
        framenote::model::Annotation note;
        note.kind = framenote::model::Kind::Text;
        note.points = {{0.1, 0.1}};
        note.text =
            "<img src=\"/etc/hostname\"><script>x()</script><b style=\"font-size:90px\">ok</b>";
        const auto layout =
            framenote::render::layoutTextNote(QRectF(0, 0, 640, 360), note, QFont());
        const auto document = framenote::render::textNoteDocument(layout);
        QVERIFY(!document->toPlainText().contains(QChar::ObjectReplacementCharacter));  // no image
        const QTextCursor ok = document->find("ok");
        QVERIFY(!ok.isNull());
        QVERIFY(ok.charFormat().fontWeight() >= QFont::Bold);
        QVERIFY(!ok.charFormat().hasProperty(QTextFormat::FontPixelSize));
    }

    // What the editor stores, loaded into it again and saved unchanged: editing a note must not
    // reshape its text.
    void storedRichTextRoundTripsThroughTheEditor() {
        framenote::ui::NoteTextEditor editor;
        const QStringList samples = {
            "Plain &lt;text&gt; &amp; more",
            QString::fromUtf8("镜头<b>抖动</b>，请稳定"),
            "<p>one</p><p><u>two</u> <span style=\"color:#ff0000\">red</span></p>",
            "first<br>second",
            "<ol><li>a</li><li><b><i>b</i></b></li></ol><p>after</p>",
        };
        for (const QString& html : samples) {
            editor.start(Qt::white);
            framenote::render::setNoteHtml(*editor.document(), html);
            QCOMPARE(editor.noteHtml(), html);
        }
        // Text in the note's own colour needs no colour of its own.
        editor.start(QColor("#ff0000"));
        framenote::render::setNoteHtml(*editor.document(),
                                       "<span style=\"color:#ff0000\">red</span> note");
        QCOMPARE(editor.noteHtml(), QString("red note"));
    }

    // On an image sequence a note is stored on its 0-based frame, and listed under the number
    // its file has (frame 7 of a sequence from 1001 is #1008).
    void aNoteOnASequenceIsListedByItsFilesNumber() {
        MainWindow window;
        openAt(window, "seq/gap", 7);
        window.annotations().setTool(Tool::Rect);
        drag(window, {0.2, 0.2}, {0.4, 0.4});
        const auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        QCOMPARE(notes.front().firstFrame, 7);
        ft::ListRows list(window.notes().list());
        QVERIFY(QTest::qWaitFor([&] { return list.count() == 1; }, 5000));
        QVERIFY2(list.text(0).contains("#1008"), qPrintable(list.text(0)));
    }

    void undoAndRedoGoThroughTheStore() {
        MainWindow window;
        openAt(window, "hevc_opengop.mp4", 5);
        window.annotations().setTool(Tool::Ellipse);
        drag(window, {0.1, 0.1}, {0.3, 0.3});
        QCOMPARE(stored(window).size(), size_t(1));
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(window).size(), size_t(0));
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        const auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        QCOMPARE(notes.front().kind, framenote::model::Kind::Ellipse);
        QCOMPARE(notes.front().firstFrame, 5);
    }

    void searchHitJumpsToItsFrame() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 0);
        const auto note = [&](qint64 frame, const QString& text) {
            auto a = newNote(window, "text", frame, frame);
            a.points = {{0.2, 0.2}};
            a.text = text;
            QVERIFY(add(window, a));
        };
        note(12, "Sky looks too cyan");
        note(250, QString::fromUtf8("镜头抖动，请稳定"));
        window.annotations().store().flush();
        ft::ListRows list(window.notes().list());
        window.notes().searchField()->setText(QString::fromUtf8("抖动"));
        QVERIFY(QTest::qWaitFor([&] { return list.count() == 1 && list.text(0).contains("#250"); },
                                5000));
        QVERIFY(list.text(0).contains(QString::fromUtf8("[抖动]")));
        list.setCurrentRow(0);
        list.activate(0);
        QCOMPARE(window.player().playhead(), 250);
        window.notes().searchField()->setText("cyan");
        QVERIFY(QTest::qWaitFor([&] { return list.count() == 1 && list.text(0).contains("#12"); },
                                5000));
        list.activate(0);
        QCOMPARE(window.player().playhead(), 12);
    }

    void bracketKeysJumpBetweenNotesAndTheTimelineMarksThem() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 100);
        window.annotations().setTool(Tool::Line);
        drag(window, {0.1, 0.1}, {0.4, 0.4});
        window.player().seek(200);
        QVERIFY(ft::waitForFrame(window, 200));
        drag(window, {0.5, 0.5}, {0.9, 0.6});
        window.player().seek(0);
        QTest::keyClick(&window, Qt::Key_BracketRight);
        QCOMPARE(window.player().playhead(), 100);
        QTest::keyClick(&window, Qt::Key_BracketRight);
        QCOMPARE(window.player().playhead(), 200);
        QTest::keyClick(&window, Qt::Key_BracketLeft);
        QCOMPARE(window.player().playhead(), 100);
        auto* timeline = window.findChild<framenote::ui::TimelineWidget*>();
        QVERIFY(timeline);
        QTRY_COMPARE(timeline->markers().size(), size_t(2));  // refreshed at most 10 times a second
        QCOMPARE(timeline->markers()[1].first, 200);
    }

    // A flicker from frame 30 to 40: mark in and out, select the note, H. It shows on every frame
    // of the range and nowhere else, the timeline and the notes panel show the range, and one
    // Ctrl+Z takes it back; Shift+H puts it back on one frame.
    void aNoteHeldFromInToOutShowsOnEveryFrameOfTheRange() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 35);
        drawRects(window, {{{0.2, 0.2}, {0.4, 0.4}}});
        click(window, {0.3, 0.3});
        const auto seekTo = [&](qint64 frame) {
            window.player().seek(frame);
            QVERIFY(ft::waitForFrame(window, frame));
        };
        const auto range = [&] {
            const auto notes = stored(window);
            return notes.size() == 1
                       ? std::pair<qint64, qint64>{notes[0].firstFrame, notes[0].lastFrame}
                       : std::pair<qint64, qint64>{-1, -1};
        };
        // Without an in or out point, H says what it needs and changes nothing.
        QTest::keyClick(&window, Qt::Key_H);
        QVERIFY2(window.statusBar()->currentMessage().contains("Mark an in or out point"),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(range(), (std::pair<qint64, qint64>{35, 35}));

        seekTo(30);
        QTest::keyClick(&window, Qt::Key_I);
        seekTo(40);
        QTest::keyClick(&window, Qt::Key_O);
        seekTo(35);
        click(window, {0.3, 0.3});
        QCOMPARE(window.annotations().overlay().selection().size(), 1);
        QTest::keyClick(&window, Qt::Key_H);
        QCOMPARE(range(), (std::pair<qint64, qint64>{30, 40}));
        QVERIFY2(window.statusBar()->currentMessage().contains("shown from"),
                 qPrintable(window.statusBar()->currentMessage()));
        for (qint64 frame : {30, 33, 40}) {
            seekTo(frame);
            QCOMPARE(window.annotations().overlay().annotations().size(), size_t(1));
        }
        for (qint64 frame : {29, 41}) {
            seekTo(frame);
            QCOMPARE(window.annotations().overlay().annotations().size(), size_t(0));
        }
        auto* timeline = window.findChild<framenote::ui::TimelineWidget*>();
        QVERIFY(timeline);
        QTRY_COMPARE(timeline->markers().size(), size_t(1));
        QTRY_COMPARE(timeline->markers()[0].first, 30);  // rebuilt 100 ms after a change
        QTRY_COMPARE(timeline->markers()[0].last, 40);
        ft::ListRows list(window.notes().list());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return list.count() == 1 && list.text(0).contains(QString::fromUtf8("#30\u201340"));
            },
            5000));

        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(range(), (std::pair<qint64, qint64>{35, 35}));
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(range(), (std::pair<qint64, qint64>{30, 40}));
        seekTo(38);
        click(window, {0.3, 0.3});
        QTest::keyClick(&window, Qt::Key_H, Qt::ShiftModifier);
        QCOMPARE(range(), (std::pair<qint64, qint64>{38, 38}));
        QCOMPARE(window.annotations().overlay().annotations().size(), size_t(1));
        seekTo(37);
        QCOMPARE(window.annotations().overlay().annotations().size(), size_t(0));
    }

    // Ctrl+H holds each selected note until the frame before the next note starts (to the clip's
    // end for the last), as one undo step.
    void aNoteIsHeldUntilTheNextAnnotatedFrame() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 10);
        drawRects(window, {{{0.2, 0.2}, {0.4, 0.4}}});
        window.player().seek(20);
        QVERIFY(ft::waitForFrame(window, 20));
        drawRects(window, {{{0.5, 0.5}, {0.7, 0.7}}});
        const auto rangeOf = [&](qint64 first) {
            for (const auto& note : stored(window))
                if (note.firstFrame == first)
                    return std::pair<qint64, qint64>{first, note.lastFrame};
            return std::pair<qint64, qint64>{-1, -1};
        };
        window.player().seek(10);
        QVERIFY(ft::waitForFrame(window, 10));
        click(window, {0.3, 0.3});
        QCOMPARE(window.annotations().overlay().selection().size(), 1);
        QTest::keyClick(&window, Qt::Key_H, Qt::ControlModifier);
        QCOMPARE(rangeOf(10), (std::pair<qint64, qint64>{10, 19}));
        QVERIFY2(window.statusBar()->currentMessage().contains("until the next annotated frame"),
                 qPrintable(window.statusBar()->currentMessage()));
        window.player().seek(20);
        QVERIFY(ft::waitForFrame(window, 20));
        click(window, {0.6, 0.6});
        QTest::keyClick(&window, Qt::Key_H, Qt::ControlModifier);
        const qint64 last = window.player().frameCount() - 1;
        QCOMPARE(rangeOf(20), (std::pair<qint64, qint64>{20, last}));
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(rangeOf(20), (std::pair<qint64, qint64>{20, 20}));
        QCOMPARE(rangeOf(10), (std::pair<qint64, qint64>{10, 19}));
    }

    // View > Ghosts: a note is seen faded on the frames around its own: on the frames after it as
    // a ghost from before (red), on the frames before it as one from after (green); fainter the
    // farther, gone past the reach, and nothing when ghosts are off.
    void ghostsShowNearbyNotesFadedAndTintedByDirection() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 10);
        auto note = newNote(window, "rect", 10, 10);
        note.points = {{0.25, 0.25}, {0.75, 0.75}};
        note.style.color = 0xff0000ff;
        note.style.width = 0.03;
        QVERIFY(add(window, note));
        auto& overlay = window.annotations().overlay();
        auto& ghosts = window.annotations().ghosts();
        // The overlay alone, over black: the ghost's colour times its opacity.
        const auto pixelAt = [&](qint64 frame) {
            window.player().seek(frame);
            if (!ft::waitForFrame(window, frame)) return QColor();
            QImage image(overlay.size(), QImage::Format_ARGB32);
            image.fill(Qt::black);
            overlay.render(&image);
            return image.pixelColor(overlay.toWidget({0.5, 0.25}).toPoint());
        };
        ghosts.setOn(false);
        QCOMPARE(pixelAt(11), QColor(Qt::black));
        ghosts.setTints(QColor(255, 70, 70), QColor(70, 220, 120));
        ghosts.setFrames(3);  // and on
        QVERIFY(ghosts.settings().on);
        const QColor after1 = pixelAt(11), after2 = pixelAt(12), before1 = pixelAt(9);
        QVERIFY2(after1.red() > 2 * after1.green() && after1.red() > 2 * after1.blue(),
                 qPrintable(after1.name()));
        QVERIFY2(std::abs(after1.red() - int(255 * 0.6)) <= 4, qPrintable(after1.name()));
        QVERIFY2(after2.red() < after1.red() - 40 && after2.red() > 20,
                 qPrintable(after2.name()));  // fainter one frame farther
        QVERIFY2(before1.green() > before1.red() + 40 && before1.green() > before1.blue(),
                 qPrintable(before1.name()));
        QCOMPARE(pixelAt(14), QColor(Qt::black));  // beyond the reach of 3
        // On its own frame the note is itself, in its own colour, not a ghost.
        const QColor own = pixelAt(10);
        QVERIFY2(own.blue() > 200 && own.red() < 40, qPrintable(own.name()));
        ghosts.setOn(false);
        QCOMPARE(pixelAt(11), QColor(Qt::black));
    }

    // Playing or stepping through a shot, a note held over it comes back unchanged on every frame:
    // the overlay draws it once, not once a frame; a note that joins or leaves redraws them.
    void notesHeldOverARangeAreDrawnOnceNotOnEveryFrame() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 30);
        const auto stroke = [&](qint64 first, qint64 last, double y) {
            auto a = newNote(window, "freehand", first, last);
            for (int k = 0; k < 50; ++k)
                a.points.push_back({0.1 + k * 0.01, y + 0.02 * std::sin(k * 0.3)});
            QVERIFY(add(window, a));
        };
        stroke(30, 60, 0.3);
        stroke(45, 45, 0.6);
        auto& overlay = window.annotations().overlay();
        const auto showFrame = [&](qint64 frame) {
            window.player().seek(frame);
            QVERIFY(ft::waitForFrame(window, frame));
            overlay.repaint();
        };
        showFrame(31);
        QCOMPARE(overlay.annotations().size(), size_t(1));
        const int drawn = overlay.layerDraws();
        for (qint64 frame = 32; frame <= 44; ++frame) showFrame(frame);
        QCOMPARE(overlay.layerDraws(), drawn);
        showFrame(45);
        QCOMPARE(overlay.annotations().size(), size_t(2));
        QCOMPARE(overlay.layerDraws(), drawn + 1);
        showFrame(46);
        QCOMPARE(overlay.annotations().size(), size_t(1));
        QCOMPARE(overlay.layerDraws(), drawn + 2);
    }

    // The notes panel follows the picture: the notes on the frame shown stand out, and a note
    // selected on the picture is the one a reply goes to.
    void theNotesPanelMarksThisFramesNotesAndRepliesToTheOneSelectedOnThePicture() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 25);
        drawRects(window, {{{0.1, 0.1}, {0.3, 0.3}}});
        auto held = newNote(window, "rect", 20, 30);
        held.points = {{0.6, 0.6}, {0.8, 0.8}};
        QVERIFY(add(window, held));
        auto other = newNote(window, "rect", 90, 90);
        other.points = held.points;
        QVERIFY(add(window, other));
        ft::ListRows list(window.notes().list());
        QVERIFY(QTest::qWaitFor([&] { return list.count() == 3; }, 5000));
        const auto boldOf = [&](const QUuid& id) {
            return list.rowOf(id) >= 0 && list.bold(list.rowOf(id));
        };
        const QUuid drawn = noteAt(window, {0.1, 0.1});
        QVERIFY(boldOf(drawn) && boldOf(held.id) && !boldOf(other.id));
        window.player().seek(28);
        QVERIFY(ft::waitForFrame(window, 28));
        QVERIFY(!boldOf(drawn) && boldOf(held.id) && !boldOf(other.id));

        // Select the held note on the picture, reply: the reply is on that note.
        list.setCurrentRow(list.count() - 1);
        click(window, {0.7, 0.7});
        QCOMPARE(window.annotations().overlay().selection(), QList<QUuid>{held.id});
        QCOMPARE(list.currentId(), held.id);
        auto* reply = window.findChild<QLineEdit*>("replyEdit");
        QVERIFY(reply);
        // The keys are where the user typing in it put them (the picture's keys sit elsewhere).
        QTest::mouseClick(reply, Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), reply);
        reply->setText("Also the edges");
        QTest::keyClick(reply, Qt::Key_Return);
        for (const auto& note : stored(window)) {
            QCOMPARE(note.replies.size(), note.id == held.id ? size_t(1) : size_t(0));
        }

        // The button says what it does to that note: resolve it, then reopen it.
        QPushButton* resolve = nullptr;
        for (auto* button : window.notes().findChildren<QPushButton*>())
            if (button->text() == "Resolve" || button->text() == "Reopen") resolve = button;
        QVERIFY(resolve);
        QCOMPARE(resolve->text(), QString("Resolve"));
        resolve->click();
        const auto statusOf = [&] {
            for (const auto& note : stored(window))
                if (note.id == held.id) return note.status;
            return framenote::model::Status::Open;
        };
        QCOMPARE(statusOf(), framenote::model::Status::Resolved);
        QCOMPARE(resolve->text(), QString("Reopen"));
        resolve->click();
        QCOMPARE(statusOf(), framenote::model::Status::Open);
        QCOMPARE(resolve->text(), QString("Resolve"));
    }

    // A typo in a reply: Up in the empty reply box brings your last reply back, Enter saves it, Esc
    // leaves it. The note's context menu edits or deletes each reply you may change (not others'),
    // and Ctrl+Z brings a deleted reply back.
    void aReplyIsEditedAndDeletedFromTheNotesListAndTheDeleteUndoes() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 12);
        drawRects(window, {{{0.1, 0.1}, {0.3, 0.3}}});
        ft::ListRows list(window.notes().list());
        QVERIFY(QTest::qWaitFor([&] { return list.count() == 1; }, 5000));
        list.setCurrentRow(0);
        const QUuid noteId = list.currentId();
        auto* reply = window.findChild<QLineEdit*>("replyEdit");
        QVERIFY(reply);
        // The keys are where the user typing in it put them (the picture's keys sit elsewhere).
        QTest::mouseClick(reply, Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), reply);
        const auto visibleReplies = [&] {
            QStringList texts;
            for (const auto& note : stored(window))
                for (const auto& r : note.replies)
                    if (!r.deleted) texts << framenote::model::plainText(r.text);
            return texts;
        };
        reply->setText("Sky too cyn");
        QTest::keyClick(reply, Qt::Key_Return);
        QCOMPARE(visibleReplies(), QStringList{"Sky too cyn"});

        // Enter gave the keys back to the picture; the user clicks into the box again.
        QTRY_VERIFY(QApplication::focusWidget() != reply);
        QTest::mouseClick(reply, Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), reply);
        QTest::keyClick(reply, Qt::Key_Up);
        QCOMPARE(reply->text(), QString("Sky too cyn"));
        reply->setText("Sky too cyan <b>here</b> & there");  // typed, so text, not markup
        // Others' edits refill the list meanwhile: the reply being edited stays in the box.
        const int rebuildsBefore = window.notes().rebuilds();
        auto other = newNote(window, "rect", 40, 40);
        other.points = {{0.6, 0.6}, {0.8, 0.8}};
        QVERIFY(add(window, other));
        QTRY_VERIFY(window.notes().rebuilds() > rebuildsBefore && list.count() == 2);
        QCOMPARE(reply->text(), QString("Sky too cyan <b>here</b> & there"));
        QTest::keyClick(reply, Qt::Key_Return);
        QCOMPARE(visibleReplies(), QStringList{"Sky too cyan <b>here</b> & there"});
        QVERIFY(reply->text().isEmpty());
        QTRY_VERIFY(list.currentText().contains("Sky too cyan <b>here</b> & there (edited)"));

        // Enter gave the keys back to the picture; the user clicks into the box again.
        QTRY_VERIFY(QApplication::focusWidget() != reply);
        QTest::mouseClick(reply, Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), reply);
        QTest::keyClick(reply, Qt::Key_Up);
        reply->setText("never mind");
        QTest::keyClick(reply, Qt::Key_Escape);
        QVERIFY(reply->text().isEmpty());
        QCOMPARE(visibleReplies(), QStringList{"Sky too cyan <b>here</b> & there"});

        // Someone else's reply on the same note: not in your menu.
        QVERIFY(window.annotations().session().edit(
            framenote::model::makeReply(window.annotations().session().mediaId(), noteId, "agreed",
                                        "bo", framenote::model::Role::Reviewer)));
        QTRY_COMPARE(visibleReplies().size(), qsizetype(2));
        QTRY_VERIFY(list.textOf(noteId).contains("bo: agreed"));
        std::unique_ptr<QMenu> menu(window.notes().contextMenuFor(noteId));
        QVERIFY(menu);
        QList<QAction*> deletes;
        int edits = 0;
        for (QAction* action : menu->actions()) {
            if (action->objectName() == "deleteReply") deletes << action;
            if (action->objectName() == "editReply") ++edits;
        }
        QCOMPARE(deletes.size(), 1);
        QCOMPARE(edits, 1);
        // The reply's words as typed, '&' included (not taken for a shortcut letter).
        QCOMPARE(deletes.front()->text().remove('&'),
                 QString("Delete Reply “Sky too cyan <b>here</b>  there”"));
        QVERIFY(deletes.front()->text().contains("&& there"));
        deletes.front()->trigger();
        QCOMPARE(visibleReplies(), QStringList{"agreed"});
        QTRY_VERIFY(list.rowOf(noteId) >= 0 && !list.textOf(noteId).contains("Sky too cyan"));

        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(visibleReplies(), (QStringList{"Sky too cyan <b>here</b> & there", "agreed"}));

        // Typed and sent from the box, a reply is taken back by Ctrl+Z there: the empty box has
        // nothing of its own to undo.
        reply->setFocus();
        QTest::keyClicks(reply, "ok");
        QTest::keyClick(reply, Qt::Key_Return);
        QCOMPARE(visibleReplies().size(), qsizetype(3));
        QTest::keyClick(reply, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(visibleReplies().size(), qsizetype(2));
        QVERIFY(reply->text().isEmpty());
    }

    // A supervisor tags notes by department from the note's context menu (commas, ASCII or
    // Chinese), the list shows the tags and filters by them, and Ctrl+Z takes a tagging back.
    void notesAreTaggedFromTheListAndTheListFiltersByTag() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 12);
        drawRects(window, {{{0.1, 0.1}, {0.3, 0.3}}, {{0.5, 0.5}, {0.7, 0.7}}});
        ft::ListRows list(window.notes().list());
        QTRY_COMPARE(list.count(), 2);
        QVERIFY(list.text(0).endsWith("\n(rectangle)"));  // no text: named by its shape
        const QUuid first = list.id(0);
        const QUuid second = list.id(1);
        const auto tagsOf = [&](const QUuid& id) {
            for (const auto& note : stored(window))
                if (note.id == id) return note.tags;
            return QStringList{};
        };
        // Through the menu's dialog, as a user does it.
        std::unique_ptr<QMenu> menu(window.notes().contextMenuFor(list.id(0)));
        QAction* tagsAction = nullptr;
        for (QAction* action : menu->actions())
            if (action->objectName() == "editTags") tagsAction = action;
        QVERIFY(tagsAction);
        QTimer::singleShot(0, [] {
            auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->setTextValue(QString::fromUtf8("comp, grade ,Comp，调色, "));
            dialog->accept();
        });
        tagsAction->trigger();
        QCOMPARE(tagsOf(first), (QStringList{"comp", "grade", QString::fromUtf8("调色")}));
        window.notes().setTags(second, "grade");
        QCOMPARE(tagsOf(second), QStringList{"grade"});
        QTRY_VERIFY(list.count() == 2 &&
                    list.text(0).contains(QString::fromUtf8("tags: comp, grade, 调色")));

        auto* filter = window.findChild<QComboBox*>("tagFilter");
        QVERIFY(filter);
        QTRY_COMPARE(filter->count(), 4);  // Any, comp, grade, 调色 (refilled with the list)
        // The list is rebuilt at most ten times a second: wait for the rebuild, not a fixed time.
        filter->setCurrentIndex(filter->findData("comp"));
        QTRY_COMPARE(list.count(), 1);
        QCOMPARE(list.id(0), first);
        filter->setCurrentIndex(filter->findData("grade"));
        QTRY_COMPARE(list.count(), 2);

        // (The window manager gives the window back its focus when the dialog closes.)
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        list->setFocus();
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(tagsOf(second).isEmpty());
        QCOMPARE(tagsOf(first), (QStringList{"comp", "grade", QString::fromUtf8("调色")}));
        QTRY_COMPARE(list.count(), 1);  // still filtered on "grade"
    }

    // A note whose first line holds Chinese (here the author's name; in the Chinese interface,
    // every note's status) shows its text too: Qt measured such items shorter than it paints them
    // and cut everything after the first line.
    void aNoteWithChineseInItsFirstLineShowsItsTextInTheList() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 12);
        auto note = newNote(window, "rect", 30, 30);
        note.points = {{0.1, 0.1}, {0.3, 0.3}};
        auto& session = window.annotations().session();
        session.setIdentity(QString::fromUtf8("李雷"), session.role());  // a note names its sender
        note.author = QString::fromUtf8("李雷");
        note.text = "Sky too cyan";
        QVERIFY(add(window, note));
        ft::ListRows list(window.notes().list());
        QTRY_COMPARE(list.count(), 1);
        list.setCurrentRow(-1);
        list->clearSelection();
        const QRect item = list->visualRect(list.at(0));
        const QImage image = list->viewport()->grab().toImage();
        // The ink of the item spans two lines (header and text), not one centred line.
        int top = item.bottom(), bottom = item.top();
        for (int y = item.top(); y <= item.bottom(); ++y)
            for (int x = item.left(); x < item.right(); ++x)
                if (qGray(image.pixel(x, y)) < 128) {
                    top = std::min(top, y);
                    bottom = std::max(bottom, y);
                }
        const int lineHeight = list->fontMetrics().height();
        QVERIFY2(bottom - top > lineHeight * 3 / 2,
                 qPrintable(QString("ink from y %1 to %2, a line is %3 high")
                                .arg(top)
                                .arg(bottom)
                                .arg(lineHeight)));
    }

    // A burst of changes (an import, a replay, a busy room) rebuilds the notes list once, not once
    // per note: with thousands of notes each rebuild takes milliseconds of the UI thread.
    void aBurstOfChangesRebuildsTheNotesListOnce() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 10);
        ft::ListRows list(window.notes().list());
        QTRY_COMPARE(list.count(), 0);
        const int before = window.notes().rebuilds();
        for (int i = 0; i < 300; ++i) {
            auto a = newNote(window, "rect", i, i);
            a.points = {{0.1, 0.1}, {0.2, 0.2}};
            QVERIFY(add(window, a));
        }
        QTRY_COMPARE(list.count(), 300);
        QVERIFY2(window.notes().rebuilds() - before <= 2,
                 qPrintable(QString::number(window.notes().rebuilds() - before)));
    }

    // A clip with thousands of notes lists them in rows of three lines (header, text, first
    // reply) rather than measuring every note's text on each change; a short list keeps rows as
    // high as their notes. The rows still say which note they are.
    void thousandsOfNotesAreListedInRowsOfEqualHeight() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 10);
        ft::ListRows list(window.notes().list());
        auto* view = window.notes().list();
        auto longNote = newNote(window, "rect", 0, 0);
        longNote.points = {{0.1, 0.1}, {0.2, 0.2}};
        longNote.text = "one\ntwo\nthree\nfour\nfive";
        QVERIFY(add(window, longNote));
        QTRY_COMPARE(list.count(), 1);
        QVERIFY(!view->uniformItemSizes());
        const int lines = view->fontMetrics().lineSpacing();
        QVERIFY(view->visualRect(list.at(0)).height() > 5 * lines);  // all of it
        for (int i = 0; i < 2100; ++i) {
            auto a = newNote(window, "rect", 1 + i % 299, 1 + i % 299);
            a.points = {{0.1, 0.1}, {0.2, 0.2}};
            a.text = QString("note %1").arg(i);
            QVERIFY(add(window, a));
        }
        QTRY_COMPARE(list.count(), 2101);
        QVERIFY(view->uniformItemSizes());
        const int height = view->visualRect(list.at(0)).height();
        QVERIFY2(height >= 3 * lines && height < 4 * lines, qPrintable(QString::number(height)));
        QCOMPARE(view->visualRect(list.at(2000)).height(), height);
        QVERIFY(list.text(0).contains("five"));  // the whole text is still the row's
        QVERIFY(list.text(2100).contains("note "));
        // Filtered back under the limit, rows fit their notes again.
        auto& session = window.annotations().session();
        QVERIFY(session.edit(framenote::model::makeResolve(session.mediaId(), longNote.id, true,
                                                           session.actor(), session.role())));
        auto* status = window.notes().findChild<QComboBox*>();
        for (QComboBox* box : window.notes().findChildren<QComboBox*>())
            if (box->findData(static_cast<int>(framenote::model::Status::Resolved)) >= 0)
                status = box;
        status->setCurrentIndex(
            status->findData(static_cast<int>(framenote::model::Status::Resolved)));
        QTRY_COMPARE(list.count(), 1);
        QVERIFY(!view->uniformItemSizes());
        QTRY_VERIFY(view->visualRect(list.at(0)).height() > 5 * lines);
    }

    void draggingTheBottomRightHandleResizesInOneUndoStep() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 7);
        drawRects(window, {{{0.2, 0.2}, {0.4, 0.4}}});
        click(window, {0.3, 0.3});
        auto& overlay = window.annotations().overlay();
        QCOMPARE(overlay.handles().size(), size_t(8));
        drag(window, {0.4, 0.4}, {0.6, 0.7});
        auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        QVERIFY(near(notes.front().points[0], {0.2, 0.2}));  // the opposite corner stays
        QVERIFY(near(notes.front().points[1], {0.6, 0.7}));
        for (const auto& p : notes.front().points)
            QVERIFY(p.x >= 0 && p.x <= 1 && p.y >= 0 && p.y <= 1);
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        QVERIFY(near(notes.front().points[1], {0.4, 0.4}));
    }

    void aTextNoteResizesItsBoxAndTheTextFitsIt() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 7);
        auto& overlay = window.annotations().overlay();
        auto* editor = startTextNote(window, {0.1, 0.1});
        QVERIFY(editor);
        QTest::keyClicks(editor, "Warmer grade on the faces in this shot");
        QTest::keyClick(editor, Qt::Key_Return);
        window.annotations().setTool(Tool::Select);
        click(window, {0.12, 0.11});
        QCOMPARE(overlay.handles().size(), size_t(8));  // text has a box to resize, too
        const auto before = overlay.annotations().front();
        const QRectF small =
            framenote::render::layoutTextNote(window.viewer().pictureRect(), before, overlay.font())
                .box;
        // Drag the bottom-right handle out to a box of 0.5 x 0.3 of the picture.
        const auto handles = overlay.handles();
        const auto corner = std::find_if(handles.begin(), handles.end(),
                                         [](const auto& h) { return h.edgeX > 0 && h.edgeY > 0; });
        QVERIFY(corner != handles.end());
        drag(window, {corner->at.x, corner->at.y}, {0.6, 0.4});
        auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        QCOMPARE(notes.front().points.size(), size_t(2));
        QVERIFY(near(notes.front().points[1], {0.6, 0.4}));
        QVERIFY2(std::abs(notes.front().points[0].x - 0.1) < 0.01 &&
                     std::abs(notes.front().points[0].y - 0.1) < 0.01,
                 "the top-left corner stays where the text was");
        // The text is drawn larger and stays inside its new box.
        const auto resized = overlay.annotations().front();
        const auto layout = framenote::render::layoutTextNote(window.viewer().pictureRect(),
                                                              resized, overlay.font());
        QVERIFY(layout.font.pixelSize() > framenote::render::layoutTextNote(
                                              window.viewer().pictureRect(), before, overlay.font())
                                              .font.pixelSize());
        QVERIFY(layout.box.width() > small.width());
        QVERIFY(framenote::render::textNoteDocument(layout)->size().height() <=
                layout.textArea.height() + 0.5);
        if (qEnvironmentVariableIsSet("FRAMENOTE_SCREENSHOT"))  // for a person to look at
            window.grab().save(qEnvironmentVariable("FRAMENOTE_SCREENSHOT"));
        // One undo step back to the plain text note.
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        notes = stored(window);
        QCOMPARE(notes.front().points.size(), size_t(1));
    }

    void shiftKeepsTheAspectOnACornerHandle() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 7);
        drawRects(window, {{{0.2, 0.2}, {0.4, 0.3}}});
        click(window, {0.3, 0.25});
        // Stretched 2x across and 1.5x down: the larger stretch wins for both.
        drag(window, {0.4, 0.3}, {0.6, 0.35}, Qt::ShiftModifier);
        const auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        QVERIFY(near(notes.front().points[0], {0.2, 0.2}));
        QVERIFY2(
            near(notes.front().points[1], {0.6, 0.4}),
            qPrintable(
                QString("%1 %2").arg(notes.front().points[1].x).arg(notes.front().points[1].y)));
    }

    void lineEndpointHandleMovesOnlyThatEnd() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 7);
        window.annotations().setTool(Tool::Arrow);
        drag(window, {0.2, 0.2}, {0.5, 0.4});
        window.annotations().setTool(Tool::Select);
        click(window, {0.35, 0.3});
        QCOMPARE(window.annotations().overlay().handles().size(), size_t(2));
        drag(window, {0.5, 0.4}, {0.7, 0.8});
        const auto notes = stored(window);
        QCOMPARE(notes.size(), size_t(1));
        QVERIFY(near(notes.front().points[0], {0.2, 0.2}));
        QVERIFY(near(notes.front().points[1], {0.7, 0.8}));
    }

    void shiftClickedNotesDeleteAndComeBackTogether() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 9);
        drawRects(window, {{{0.1, 0.1}, {0.25, 0.25}}, {{0.6, 0.6}, {0.8, 0.8}}});
        click(window, {0.15, 0.15});
        click(window, {0.7, 0.7}, Qt::ShiftModifier);
        auto& overlay = window.annotations().overlay();
        QCOMPARE(overlay.selection().size(), 2);
        QTest::keyClick(&window, Qt::Key_Delete);
        QCOMPARE(stored(window).size(), size_t(0));
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(stored(window).size(), size_t(2));
        QCOMPARE(overlay.annotations().size(), size_t(2));
        // Shift+click on a selected note takes it out again.
        click(window, {0.15, 0.15});
        click(window, {0.7, 0.7}, Qt::ShiftModifier);
        click(window, {0.7, 0.7}, Qt::ShiftModifier);
        QCOMPARE(overlay.selection(), QList<QUuid>{noteAt(window, {0.1, 0.1})});
    }

    void rubberBandSelectsWhatItTouchesAndTheyMoveTogether() {
        MainWindow window;
        openAt(window, "h264_longgop.mp4", 11);
        drawRects(window,
                  {{{0.1, 0.1}, {0.2, 0.2}}, {{0.3, 0.1}, {0.4, 0.2}}, {{0.7, 0.7}, {0.8, 0.8}}});
        const QUuid left = noteAt(window, {0.1, 0.1}), middle = noteAt(window, {0.3, 0.1});
        const QUuid far = noteAt(window, {0.7, 0.7});
        auto& overlay = window.annotations().overlay();
        drag(window, {0.05, 0.35}, {0.35, 0.15});  // from empty picture, touching the top two
        QCOMPARE(overlay.selection().size(), 2);
        QVERIFY(overlay.isSelected(left) && overlay.isSelected(middle) && !overlay.isSelected(far));
        // Dragging one of them moves both, as one undo step.
        drag(window, {0.15, 0.15}, {0.15, 0.35});
        QVERIFY(near(firstPoint(window, left), {0.1, 0.3}));
        QVERIFY(near(firstPoint(window, middle), {0.3, 0.3}));
        QVERIFY(near(firstPoint(window, far), {0.7, 0.7}));
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(near(firstPoint(window, left), {0.1, 0.1}));
        QVERIFY(near(firstPoint(window, middle), {0.3, 0.1}));
        QTest::keyClick(&window, Qt::Key_Escape);
        QVERIFY(overlay.selection().isEmpty());
        QTest::keyClick(&window, Qt::Key_A, Qt::ControlModifier);
        QCOMPARE(overlay.selection().size(), 3);
    }

    // A full disk (a real 4 MiB tmpfs for the draft store): the new note is refused with a
    // message that says why, it leaves the picture, the earlier note stays, and once there is
    // room again drawing saves as before.
    void aFullDiskRefusesTheNewNoteWithAMessageAndKeepsTheOthers() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        ft::SmallDisk disk(folder.path(), "4m");
        if (!disk.mounted())
            QSKIP("cannot mount a 4 MiB tmpfs for the draft store here (needs root)");
        dbPath_ = folder.filePath("notes.db");
        qputenv("FRAMENOTE_DB", dbPath_.toUtf8());
        {
            MainWindow window;
            openAt(window, "h264_longgop.mp4", 5);
            auto& overlay = window.annotations().overlay();
            drawRects(window, {{{0.1, 0.1}, {0.2, 0.2}}});
            QCOMPARE(stored(window).size(), size_t(1));

            QVERIFY(disk.fill());

            window.annotations().setTool(Tool::Freehand);
            auto* view = &overlay;
            QPoint at = overlay.toWidget({0.3, 0.3}).toPoint();
            QTest::mousePress(view, Qt::LeftButton, {}, at);
            for (int k = 0; k < 400; ++k) {  // a long stroke: more than the disk's last pages
                at = overlay.toWidget({0.3 + 0.4 * (k % 50) / 50.0, 0.3 + 0.4 * k / 400.0})
                         .toPoint();
                QTest::mouseMove(view, at);
            }
            QTest::mouseRelease(view, Qt::LeftButton, {}, at);
            QVERIFY2(
                QTest::qWaitFor(
                    [&] {
                        return window.statusBar()->currentMessage().contains("could not be saved");
                    },
                    5000),
                qPrintable(window.statusBar()->currentMessage()));
            QVERIFY2(window.statusBar()->currentMessage().contains("full"),
                     qPrintable(window.statusBar()->currentMessage()));
            QVERIFY(QTest::qWaitFor([&] { return overlay.annotations().size() == 1; }, 5000));

            QVERIFY(disk.makeRoom());
            window.annotations().setTool(Tool::Rect);
            drag(window, {0.6, 0.6}, {0.8, 0.8});
            QCOMPARE(stored(window).size(), size_t(2));
        }
    }

    void notesSurviveARestartAsPendingSync() {
        {
            MainWindow window;
            openAt(window, "prores.mov", 3);
            window.annotations().setTool(Tool::Arrow);
            drag(window, {0.2, 0.2}, {0.6, 0.4});
            window.annotations().store().flush();
        }
        MainWindow again;
        openAt(again, "prores.mov", 3);
        QVERIFY(QTest::qWaitFor(
            [&] { return again.annotations().overlay().annotations().size() == 1; }, 5000));
        QCOMPARE(again.annotations().session().pendingSyncCount(), 1);
        // Never shared: saved on this machine, not waiting for anyone.
        QCOMPARE(again.annotations().saveStateText(), QString("Saved (local only)"));
        QCOMPARE(again.findChild<QLabel*>("saveStateLabel")->text(), QString("Saved (local only)"));
        // Once a relay has seen the clip, its unsent edits are pending sync, and only this clip's
        // count (another clip's edits wait in the same store).
        again.annotations().session().setShared();
        QCOMPARE(again.annotations().saveStateText(), QString("Saved, 1 edit(s) pending sync"));
        again.openFile(QString::fromStdString(ft::mediaPath("ntsc_df.mov")));
        QVERIFY(ft::waitForFrame(again, 0));
        QTRY_COMPARE(again.annotations().session().mediaId(),
                     QString::fromStdString(again.player().media()->fingerprint));
        QTRY_COMPARE(again.annotations().saveStateText(), QString("Saved (local only)"));
        QCOMPARE(again.annotations().session().pendingSyncCount(), 0);
    }
};

QTEST_MAIN(AnnotateTest)
#include "annotate_test.moc"
