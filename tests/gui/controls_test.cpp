// Driving the player (docs/ARCHITECTURE.md, "Keyboard focus"): the keys go to the picture,
// whatever was clicked or closed last, and to a text field only while typing in it. Each test
// presses keys on the widget that has the focus, as a keyboard does, and reads what is on screen.
// It runs on the offscreen platform and, as gui_controls_openbox, under Xvfb with a window
// manager, where focus and activation follow the real rules.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextEdit>
#include <QToolBar>
#include <QToolButton>

#include "core/model/rich_text.h"
#include "tests/gui/gui_test_support.h"
#include "tests/support/list_rows.h"
#include "tests/support/test_media.h"
#include "ui/annotation_overlay.h"
#include "ui/help_dialogs.h"
#include "ui/main_window.h"
#include "ui/timeline_widget.h"
#include "ui/window_layout.h"

namespace fm = framenote::model;
namespace ft = framenote::test;
using framenote::ui::MainWindow;
using framenote::ui::Tool;

class ControlsTest : public QObject {
    Q_OBJECT

  private:
    QTemporaryDir dir_;

    // A key pressed by the user: it goes to whatever has the keyboard focus.
    static void press(int key, Qt::KeyboardModifiers modifiers = {}) {
        QWidget* target = QApplication::focusWidget();
        QVERIFY2(target, "no widget has the keyboard focus");
        QTest::keyClick(target, static_cast<Qt::Key>(key), modifiers);
    }
    static void type(const QString& text) {
        QWidget* target = QApplication::focusWidget();
        QVERIFY(target);
        QTest::keyClicks(target, text);
    }

    static QString focusName() {
        QWidget* w = QApplication::focusWidget();
        return w ? QString("%1 (%2)").arg(w->objectName(), w->metaObject()->className())
                 : QString("nothing");
    }
    static bool keysOnPicture(MainWindow& window) {
        return window.keyboard().isHome(QApplication::focusWidget());
    }

    static void openClip(MainWindow& window, const char* clip = "ntsc_df.mov") {
        window.resize(1100, 720);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.openFile(QString::fromStdString(ft::mediaPath(clip)));
        QVERIFY(ft::waitForFrame(window, 0));
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
    }

    static QLineEdit* search(MainWindow& window) { return window.notes().searchField(); }
    static QString statusText(MainWindow& window) { return window.statusBar()->currentMessage(); }

  private slots:
    void initTestCase() {
        QCoreApplication::setOrganizationName("framenote-controls-test");
        QSettings().clear();
    }
    void init() {
        QVERIFY(dir_.isValid());
        qputenv("FRAMENOTE_DB",
                dir_.filePath(QString("%1.db").arg(QTest::currentTestFunction())).toUtf8());
    }

    // The finding that opened this: Space typed a space into the search box.
    void spaceAfterOpeningAClipPlaysAndTypesNothing() {
        MainWindow window;
        openClip(window);
        press(Qt::Key_Space);
        QTRY_VERIFY(window.player().playhead() >= 3);
        QCOMPARE(search(window)->text(), QString());
        press(Qt::Key_Space);
        QVERIFY(!window.player().playing());
    }

    void searchHasTheKeysOnlyWhenAskedAndEscGivesThemBack() {
        MainWindow window;
        openClip(window);
        press(Qt::Key_F, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), search(window));
        type("sky");
        QCOMPARE(search(window)->text(), QString("sky"));
        press(Qt::Key_Escape);
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
        QCOMPARE(search(window)->text(), QString("sky"));  // the filter stays
        press(Qt::Key_Right);
        QCOMPARE(window.player().playhead(), 1);

        // Enter on the empty box gives the keys back too.
        QTest::mouseClick(search(window), Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), search(window));
        search(window)->clear();
        press(Qt::Key_Return);
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
        press(Qt::Key_Left);
        QCOMPARE(window.player().playhead(), 0);
    }

    void clickingAControlOrTheTimelineLeavesTheKeysWithThePicture() {
        MainWindow window;
        openClip(window);
        auto* filter = window.notes().findChild<QComboBox*>();
        QVERIFY(filter);
        QTest::mouseClick(search(window), Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), search(window));
        filter->setFocus(Qt::MouseFocusReason);  // what a click on the filter does
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
        QTest::mouseClick(search(window), Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), search(window));
        QTest::mouseClick(&window.timeline(), Qt::LeftButton, {},
                          QPoint(window.timeline().width() / 2, window.timeline().height() / 2));
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
        QVERIFY(window.player().playhead() > 0);
        const qint64 at = window.player().playhead();
        press(Qt::Key_Right);
        QCOMPARE(window.player().playhead(), at + 1);
    }

    void afterATextNoteTheToolKeysAndUndoActOnTheNotes() {
        MainWindow window;
        openClip(window);
        window.annotations().setTool(Tool::Text);
        auto& overlay = window.annotations().overlay();
        QTest::mouseClick(&overlay, Qt::LeftButton, {}, overlay.toWidget({0.2, 0.2}).toPoint());
        auto* editor = overlay.findChild<QTextEdit*>("noteTextEditor");
        QVERIFY(editor && editor->isVisible());
        QTRY_COMPARE(QApplication::focusWidget(), editor);
        type("warmer");
        press(Qt::Key_Return);
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
        QTRY_COMPARE(window.annotations().overlay().annotations().size(), size_t(1));
        press(Qt::Key_R);  // the rectangle tool, not an "r" typed anywhere
        QVERIFY(window.annotations().toolActions().at(1)->isChecked());
        press(Qt::Key_Z, Qt::ControlModifier);
        QTRY_COMPARE(window.annotations().overlay().annotations().size(), size_t(0));
        QCOMPARE(search(window)->text(), QString());
    }

    void afterAReplyIsSentTheKeysAreBackOnThePicture() {
        MainWindow window;
        openClip(window);
        window.annotations().setTool(Tool::Rect);
        auto& overlay = window.annotations().overlay();
        QTest::mousePress(&overlay, Qt::LeftButton, {}, overlay.toWidget({0.2, 0.2}).toPoint());
        QTest::mouseMove(&overlay, overlay.toWidget({0.4, 0.4}).toPoint());
        QTest::mouseRelease(&overlay, Qt::LeftButton, {}, overlay.toWidget({0.5, 0.5}).toPoint());
        QTRY_COMPARE(ft::ListRows(window.notes().list()).count(), 1);
        ft::ListRows(window.notes().list()).setCurrentRow(0);
        QLineEdit* reply = window.notes().replyField();
        QTest::mouseClick(reply, Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), reply);
        type("too bright");
        press(Qt::Key_Return);
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
        QTRY_VERIFY(ft::ListRows(window.notes().list()).text(0).contains("too bright"));
        press(Qt::Key_Space);
        QTRY_VERIFY(window.player().playing());
        press(Qt::Key_K);
        QVERIFY(!window.player().playing());
    }

    // A review by keyboard alone: Enter on the picture writes a text note at its centre,
    // Ctrl+R answers it, Ctrl+Shift+R resolves it, and the keys are back on the picture.
    void aNoteIsWrittenAnsweredAndResolvedByKeyboardAlone() {
        MainWindow window;
        openClip(window);
        press(Qt::Key_L);
        QTRY_VERIFY(window.player().playhead() > 0);
        press(Qt::Key_K);
        QTRY_VERIFY(!window.player().playing());
        const qint64 frame = window.player().playhead();
        press(Qt::Key_Return);
        type("Flare too strong");
        press(Qt::Key_Return);
        auto& session = window.annotations().session();
        QTRY_COMPARE(session.state().size(), size_t(1));
        const fm::Annotation note = *session.state().annotations().front();
        QCOMPARE(note.firstFrame, frame);
        QVERIFY(qAbs(note.points.front().x - 0.5) < 0.001);  // the centre, as stored
        QCOMPARE(fm::plainText(note.text), QString("Flare too strong"));
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));

        press(Qt::Key_R, Qt::ControlModifier);
        QTRY_COMPARE(QApplication::focusWidget(), window.notes().replyField());
        type("Agreed");
        press(Qt::Key_Return);
        QTRY_COMPARE(session.state().find(note.id)->replies.size(), size_t(1));
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
        press(Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(session.state().find(note.id)->status, fm::Status::Resolved);
        QVERIFY2(keysOnPicture(window), qPrintable(focusName()));

        // The keys may sit on the overlay over the picture (as after the first-run dialog):
        // Enter writes a note there too.
        window.annotations().overlay().setFocus(Qt::OtherFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), &window.annotations().overlay());
        press(Qt::Key_Return);
        type("Second");
        press(Qt::Key_Return);
        QTRY_COMPARE(session.state().size(), size_t(2));
    }

    void afterADialogTheKeysAreOnThePicture() {
        MainWindow window;
        openClip(window);
        // Focus left in the empty search box before the dialog opened.
        QTest::mouseClick(search(window), Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), search(window));
        auto* settings = window.findChild<QAction*>("settingsAction");
        QVERIFY(settings);
        settings->trigger();
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<QDialog*>()) && dialog->isVisible());
        const QPointer<QDialog> closing(dialog);
        dialog->reject();
        QTRY_VERIFY(closing.isNull());  // closed and deleted
        // A window manager activates the window again (gui_controls_openbox); the offscreen
        // platform has none, so the test does what it would.
        if (!QTest::qWaitFor([&] { return QApplication::activeWindow() == &window; }, 1000))
            window.activateWindow();
        QTRY_VERIFY(QApplication::activeWindow() == &window);
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
        press(Qt::Key_Right);
        QCOMPARE(window.player().playhead(), 1);
    }

    // Go-to errors are written where the user looks: the status bar, whose message area the
    // transport no longer covers.
    void goToErrorsAreShownInTheStatusBar() {
        MainWindow window;
        openClip(window);  // 120 frames from 01:00:00;00
        QVERIFY(!window.statusBar()->findChild<QWidget*>("transportBar"));
        const auto goTo = [&](const QString& text) {
            press(Qt::Key_G, Qt::ControlModifier);
            QTRY_COMPARE(QApplication::focusWidget(), window.transport().jumpField());
            type(text);
            press(Qt::Key_Return);
        };
        goTo("00:59:59;00");
        QTRY_VERIFY2(statusText(window).contains("before the clip's start (01:00:00;00)"),
                     qPrintable(statusText(window)));
        // The field keeps the keys and the text, to correct it.
        QCOMPARE(QApplication::focusWidget(), window.transport().jumpField());
        press(Qt::Key_Escape);
        QTRY_VERIFY(keysOnPicture(window));
        window.transport().jumpField()->clear();
        goTo("01:00:05;00");
        QTRY_VERIFY2(statusText(window).contains("beyond the clip's end"),
                     qPrintable(statusText(window)));
        window.transport().jumpField()->clear();
        goTo("1h2");
        QTRY_VERIFY2(statusText(window).contains("not a digit"), qPrintable(statusText(window)));
        window.transport().jumpField()->clear();
        goTo("01:00:02;00");
        QTRY_COMPARE(window.player().playhead(), 60);
        QTRY_VERIFY2(keysOnPicture(window), qPrintable(focusName()));
        // The message is on screen: the status bar shows it at its full width.
        QVERIFY(window.statusBar()->isVisible());
        QVERIFY(window.statusBar()->width() > window.width() / 2);
    }

    void theShortcutReferenceIsMadeFromTheActions() {
        MainWindow window;
        openClip(window);
        press(Qt::Key_Question);
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<QDialog*>("shortcutReference")));
        auto* table = dialog->findChild<QTableWidget*>("shortcutTable");
        QVERIFY(table);
        const auto keysOf = [table](const QString& action) {
            for (int row = 0; row < table->rowCount(); ++row)
                if (table->item(row, 1)->text() == action) return table->item(row, 2)->text();
            return QString();
        };
        QCOMPARE(keysOf("Play/Pause"), QString("Space"));
        QCOMPARE(keysOf("Next Frame"), QString("Right"));
        QVERIFY(keysOf("Undo").contains("Ctrl+Z"));
        QVERIFY(keysOf("Presentation (Full Screen)").contains("F11"));
        QVERIFY(keysOf("Rectangle").contains("R"));
        // Each key is the action's own: a changed key shows up.
        auto* playPause = window.findChild<QAction*>("playPause");
        QVERIFY(playPause);
        playPause->setShortcut(QKeySequence(Qt::Key_P));
        QVERIFY(framenote::ui::shortcutEntries(&window).size() > 30);
        bool found = false;
        for (const auto& entry : framenote::ui::shortcutEntries(&window))
            found |= entry.action == "Play/Pause" && entry.keys == "P";
        QVERIFY(found);
    }

    void helpOpensTheUserGuide() {
        MainWindow window;
        openClip(window);
        press(Qt::Key_F1);
        QDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<QDialog*>("userGuide")));
        auto* browser = dialog->findChild<QTextBrowser*>("userGuideBrowser");
        QVERIFY(browser);
        QVERIFY2(browser->toPlainText().contains("Keyboard"),
                 qPrintable(browser->toPlainText().left(200)));
    }

    void presentationShowsThePictureAloneAndTheKeysStillWork() {
        MainWindow window;
        openClip(window);
        auto* notesDock = window.findChild<QDockWidget*>("notesDock");
        QVERIFY(notesDock && notesDock->isVisible());
        press(Qt::Key_F11);
        QTRY_VERIFY(window.isFullScreen());
        QVERIFY(!window.menuBar()->isVisible());
        QVERIFY(!window.statusBar()->isVisible());
        QVERIFY(!notesDock->isVisible());
        QVERIFY(!window.transport().isVisible());
        QVERIFY(!window.timeline().isVisible());
        for (QToolBar* bar : window.findChildren<QToolBar*>()) QVERIFY(!bar->isVisible());
        QTRY_VERIFY2(
            window.viewer().widget()->width() >= window.width() - 2,
            qPrintable(
                QString("%1 of %2").arg(window.viewer().widget()->width()).arg(window.width())));
        press(Qt::Key_Right);
        QCOMPARE(window.player().playhead(), 1);
        press(Qt::Key_Z, Qt::ControlModifier);  // no crash, nothing to undo
        press(Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(!window.isFullScreen());
        QVERIFY(window.menuBar()->isVisible());
        QVERIFY(notesDock->isVisible());
        QVERIFY(window.transport().isVisible());
    }

    void panelsCanBeHiddenAndTheLayoutReset() {
        MainWindow window;
        openClip(window);
        auto* notesDock = window.findChild<QDockWidget*>("notesDock");
        auto* toggle = window.findChild<QAction*>("notesDockToggle");
        QVERIFY(notesDock && toggle);
        toggle->trigger();
        QTRY_VERIFY(!notesDock->isVisible());
        window.findChild<QAction*>("resetLayout")->trigger();
        QTRY_VERIFY(notesDock->isVisible());
        QVERIFY(window.findChild<QAction*>("participantsDockToggle"));
    }

    // The mouse user's transport: the buttons are the menu's actions and say their keys.
    void transportButtonsDriveThePlayerAndNameTheirKeys() {
        MainWindow window;
        openClip(window);
        auto* next = window.transport().findChild<QToolButton*>("nextFrameButton");
        auto* last = window.transport().findChild<QToolButton*>("lastFrameButton");
        auto* play = window.transport().findChild<QToolButton*>("playPauseButton");
        auto* in = window.transport().findChild<QToolButton*>("markInButton");
        QVERIFY(next && last && play && in);
        QVERIFY2(next->toolTip().contains("Right"), qPrintable(next->toolTip()));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(window.player().playhead(), 1);
        QTRY_VERIFY(keysOnPicture(window));
        QTest::mouseClick(in, Qt::LeftButton);
        QCOMPARE(window.player().inPoint(), 1);
        QTRY_VERIFY2(window.findChild<QLabel*>("inOutLabel")->text().contains("01:00:00;01"),
                     qPrintable(window.findChild<QLabel*>("inOutLabel")->text()));
        QTest::mouseClick(last, Qt::LeftButton);
        QCOMPARE(window.player().playhead(), 119);
        QTest::mouseClick(play, Qt::LeftButton);
        QTRY_VERIFY(window.player().playing());
        QTRY_COMPARE(window.findChild<QLabel*>("playStateLabel")->text(), QString("Playing 1x"));
        QTest::mouseClick(play, Qt::LeftButton);
        QVERIFY(!window.player().playing());
        QTRY_VERIFY(keysOnPicture(window));
    }

    // The timeline: a timecode ruler, note markers in the note's colour that are wide enough to
    // click, and the frame and timecode under the pointer.
    void timelineMarkersAreVisibleClickableAndTheHoverSaysWhere() {
        MainWindow window;
        openClip(window);
        window.player().seek(90);
        QVERIFY(ft::waitForFrame(window, 90));
        window.annotations().setTool(Tool::Rect);
        auto& overlay = window.annotations().overlay();
        QTest::mousePress(&overlay, Qt::LeftButton, {}, overlay.toWidget({0.2, 0.2}).toPoint());
        QTest::mouseMove(&overlay, overlay.toWidget({0.4, 0.4}).toPoint());
        QTest::mouseRelease(&overlay, Qt::LeftButton, {}, overlay.toWidget({0.5, 0.5}).toPoint());
        auto& timeline = window.timeline();
        QTRY_COMPARE(timeline.markers().size(), size_t(1));
        const auto marker = timeline.markers().front();
        QCOMPARE(marker.first, 90);
        QCOMPARE(marker.color.rgba(), overlay.annotations().front().style.color);
        // Drawn on screen in its colour, wider than 2 px (the playhead away from it).
        window.player().seek(0);
        QTRY_COMPARE(window.player().playhead(), 0);
        const QImage picture = timeline.grab().toImage();
        const int x = static_cast<int>(timeline.xOf(90));
        const int y = timeline.height() - 4;
        int width = 0;
        for (int dx = -6; dx <= 6; ++dx)
            width += QColor(picture.pixel(x + dx, y)).rgb() == marker.color.rgb();
        QVERIFY2(width >= 4, qPrintable(QString::number(width)));
        // A click near it goes to the note's frame and selects it.
        overlay.setSelection({});
        QTest::mouseClick(&timeline, Qt::LeftButton, {}, QPoint(x + 3, y));
        QTRY_COMPARE(window.player().playhead(), 90);
        QCOMPARE(overlay.selection().size(), 1);
        // The hover readout.
        QTest::mouseMove(&timeline, QPoint(static_cast<int>(timeline.xOf(30)), 5));
        QTRY_COMPARE(timeline.hoverText(), QString("Frame 30  01:00:01;00"));
    }

    // A note on one frame inside a held range stays visible and clickable on top of the range.
    void aFrameMarkerInsideAHeldRangeStaysOnTop() {
        framenote::ui::TimelineWidget timeline;
        timeline.resize(500, 40);
        timeline.setFrameCount(100);
        const QUuid single = QUuid::createUuid();
        timeline.setMarkers({{50, 50, false, QColor(255, 0, 0), single},
                             {0, 99, false, QColor(0, 200, 0), QUuid::createUuid()}});
        const QImage picture = timeline.grab().toImage();
        const int x = static_cast<int>(timeline.xOf(50));
        QCOMPARE(QColor(picture.pixel(x - 1, 34)), QColor(255, 0, 0));
        QVERIFY(timeline.markerAt(x));
        QCOMPARE(timeline.markerAt(x)->id, single);
        QCOMPARE(QColor(picture.pixel(static_cast<int>(timeline.xOf(20)), 34)), QColor(0, 200, 0));
    }

    // A laptop-sized window: the picture keeps most of it; an empty Participants panel does not
    // take half the sidebar from the notes.
    void atLaptopSizeThePictureKeepsMostOfTheWindow() {
        MainWindow window;
        openClip(window);
        window.resize(1024, 640);
        QTRY_COMPARE(window.size(), QSize(1024, 640));
        auto* participants = window.findChild<QDockWidget*>("participantsDock");
        QVERIFY(participants);
        QVERIFY(!participants->isVisible());
        QTRY_VERIFY2(
            window.viewer().widget()->width() >= 0.6 * window.width(),
            qPrintable(
                QString("%1 of %2").arg(window.viewer().widget()->width()).arg(window.width())));
        QVERIFY(window.findChild<QAction*>("participantsDockToggle"));
    }

    // Without a sound device the status bar says so, where the user reads it.
    void noSoundDeviceIsSaidInTheStatusBar() {
        MainWindow window;
        openClip(window, "h264_longgop.mp4");  // has AAC sound; ctest points PULSE_SERVER nowhere
        QLabel* sound = window.findChild<QLabel*>("soundStateLabel");
        QVERIFY(sound);
        QTRY_VERIFY(sound->isVisible());
        QCOMPARE(sound->text(), QString("No sound"));
        QVERIFY2(sound->toolTip().contains("No audio output device"), qPrintable(sound->toolTip()));
    }

    void aFailedOpenLeavesNoTraceOfThePreviousClip() {
        MainWindow window;
        openClip(window);
        press(Qt::Key_Right);
        press(Qt::Key_I);
        QTRY_VERIFY(!window.findChild<QLabel*>("inOutLabel")->text().isEmpty());
        window.openFile(QString::fromStdString(ft::mediaPath("notvideo.mp4")));
        QTRY_VERIFY(window.viewer().message().contains("not a media file"));
        QVERIFY(!window.player().hasMedia());
        QCOMPARE(window.findChild<QLabel*>("frameLabel")->text(), QString("Frame -"));
        QCOMPARE(window.findChild<QLabel*>("timecodeLabel")->text(), QString("--:--:--:--"));
        QVERIFY(window.findChild<QLabel*>("inOutLabel")->text().isEmpty());
        QCOMPARE(window.windowTitle(), QString("Framenote"));
        QVERIFY(statusText(window).contains("notvideo.mp4"));
        QCOMPARE(window.timeline().frameCountShown(), 0);
        QCOMPARE(ft::ListRows(window.notes().list()).count(), 0);
        // The keys play nothing hidden.
        QTRY_VERIFY(keysOnPicture(window));
        press(Qt::Key_Space);
        QVERIFY(!window.player().playing());
        QCOMPARE(window.player().playhead(), 0);
    }
};

QTEST_MAIN(ControlsTest)
#include "controls_test.moc"
