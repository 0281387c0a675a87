// The player as a user drives it: open a clip, step with the keyboard, type a timecode, and see
// the right frame with the right readout. Runs on the offscreen platform.
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStyleOptionComboBox>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>
#include <algorithm>

#include "core/media/frame_index.h"
#include "core/media/video_decoder.h"
#include "tests/gui/gui_test_support.h"
#include "tests/support/test_media.h"
#include "ui/app_translator.h"
#include "ui/main_window.h"
#include "ui/timeline_widget.h"

namespace fm = framenote::media;
namespace ft = framenote::test;
using framenote::ui::MainWindow;
using framenote::ui::PlayerController;

class PlayerWindowTest : public QObject {
    Q_OBJECT

  private:
    static QString labelText(MainWindow& window, const char* name) {
        auto* label = window.findChild<QLabel*>(name);
        return label ? label->text() : QString();
    }

    static std::string referenceMd5(const std::string& clip, qint64 n) {
        return ft::referenceFrames(clip).at(static_cast<size_t>(n)).md5;
    }

  private slots:
    // Before any clip, the notes filters already offer "Everyone" and "Any" (the notes list
    // fills them only when a clip's notes arrive).
    void theNotesFiltersAreReadyWithoutAClip() {
        MainWindow window;
        window.show();
        auto* author = window.findChild<QComboBox*>("authorFilter");
        auto* tag = window.findChild<QComboBox*>("tagFilter");
        QVERIFY(author && tag);
        QCOMPARE(author->count(), 1);
        QCOMPARE(author->itemText(0), QString("Everyone"));
        QCOMPARE(tag->count(), 1);
        QCOMPARE(tag->itemText(0), QString("Any"));
    }

    void openingAClipShowsFrameZeroWithItsTimecode() {
        MainWindow window;
        window.show();
        window.openFile(QString::fromStdString(ft::mediaPath("ntsc_df.mov")));
        const auto shown = ft::waitForShownFrame(window, 0);
        QCOMPARE(shown.number, 0);
        QCOMPARE(shown.frame.md5(), referenceMd5("ntsc_df.mov", 0));
        QCOMPARE(labelText(window, "timecodeLabel"), QString("01:00:00;00"));
        QCOMPARE(labelText(window, "frameLabel"), QString("Frame 0 / 119"));
        QCOMPARE(window.viewer().frameSize(), QSize(320, 180));
    }

    void arrowKeysStepExactFramesBothWays() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(ft::mediaPath("hevc_opengop.mp4")));
        ft::waitForShownFrame(window, 0);
        for (int i = 0; i < 5; ++i) QTest::keyClick(&window, Qt::Key_Right);
        QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);  // +10
        QTest::keyClick(&window, Qt::Key_Left);                      // -1
        QCOMPARE(window.player().playhead(), 14);
        const auto shown = ft::waitForShownFrame(window, 14);
        QCOMPARE(shown.frame.md5(), referenceMd5("hevc_opengop.mp4", 14));
        QTest::keyClick(&window, Qt::Key_End);
        QCOMPARE(window.player().playhead(), 149);
        QCOMPARE(ft::waitForShownFrame(window, 149).frame.md5(),
                 referenceMd5("hevc_opengop.mp4", 149));
        QTest::keyClick(&window, Qt::Key_Home);
        QCOMPARE(window.player().playhead(), 0);
    }

    void typedDropFrameTimecodeJumpsToThatFrame() {
        MainWindow window;
        window.show();
        window.openFile(QString::fromStdString(ft::mediaPath("ntsc_df.mov")));
        ft::waitForShownFrame(window, 0);
        auto* edit = window.findChild<QLineEdit*>("jumpEdit");
        QVERIFY(edit);
        edit->setFocus();
        QTest::keyClicks(edit, "01:00:02;15");
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(window.player().playhead(), 75);  // 2 s x 30 + 15
        QCOMPARE(ft::waitForShownFrame(window, 75).frame.md5(), referenceMd5("ntsc_df.mov", 75));
        QCOMPARE(labelText(window, "timecodeLabel"), QString("01:00:02;15"));
    }

    void spacePlaysAndPausesForward() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(ft::mediaPath("h264_longgop.mp4")));
        ft::waitForShownFrame(window, 0);
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(window.player().playing());
        QVERIFY(QTest::qWaitFor([&] { return window.player().playhead() >= 10; }, 5000));
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(!window.player().playing());
        const qint64 stopped = window.player().playhead();
        QVERIFY(stopped >= 10);
        ft::settle(200, "five frame periods at 25 fps: a player still running would move");
        QCOMPARE(window.player().playhead(), stopped);
    }

    void withoutASoundDevicePlaybackRunsSilentlyAndSaysSoOnce() {
        // ctest points PULSE_SERVER nowhere: this machine's situation, and a workstation's
        // whose sound server is down.
        MainWindow window;
        window.show();
        QSignalSpy said(&window.player(), &PlayerController::errorOccurred);
        window.openFile(
            QString::fromStdString(ft::mediaPath("h264_longgop.mp4")));  // has AAC sound
        ft::waitForShownFrame(window, 0);
        QVERIFY(QTest::qWaitFor([&] { return said.count() == 1; }, 5000));
        QVERIFY(said.first().first().toString().contains("No audio output device"));
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(!window.player().audioClock());
        QVERIFY(QTest::qWaitFor([&] { return window.player().playhead() >= 10; }, 5000));
        window.player().pause();
        window.openFile(QString::fromStdString(ft::mediaPath("uhd_4k.mp4")));
        ft::waitForShownFrame(window, 0);
        // The audio thread opens the second clip's sound with nothing to show for it when there
        // is no device again: time for it to have said so.
        ft::settle(300, "the audio thread's open of the second clip");
        QCOMPARE(said.count(), 1);  // once, not on every clip
    }

    void timeDisplayIsSwitchableAndRemembered() {
        {
            MainWindow window;
            window.show();
            window.openFile(QString::fromStdString(ft::mediaPath("ntsc_df.mov")));
            ft::waitForShownFrame(window, 0);
            auto* timecode = window.findChild<QLabel*>("timecodeLabel");
            auto* frame = window.findChild<QLabel*>("frameLabel");
            QVERIFY(timecode->isVisible() && frame->isVisible());  // both by default
            window.findChild<QAction*>("timeDisplay_frame")->trigger();
            QVERIFY(!timecode->isVisible() && frame->isVisible());
            window.findChild<QAction*>("timeDisplay_timecode")->trigger();
            QVERIFY(timecode->isVisible() && !frame->isVisible());
            QCOMPARE(timecode->text(), QString("01:00:00;00"));
        }
        MainWindow again;  // the next window (the next start) keeps the choice
        again.show();
        QVERIFY(again.findChild<QLabel*>("timecodeLabel")->isVisible());
        QVERIFY(!again.findChild<QLabel*>("frameLabel")->isVisible());
        QVERIFY(again.findChild<QAction*>("timeDisplay_timecode")->isChecked());
        again.findChild<QAction*>("timeDisplay_both")->trigger();
        QVERIFY(again.findChild<QLabel*>("frameLabel")->isVisible());
    }

    void playbackLoopsInsideTheInOutRange() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(ft::mediaPath("h264_longgop.mp4")));
        ft::waitForShownFrame(window, 0);
        window.player().seek(20);
        QTest::keyClick(&window, Qt::Key_I);
        window.player().seek(27);
        QTest::keyClick(&window, Qt::Key_O);
        QCOMPARE(window.player().inPoint(), 20);
        QCOMPARE(window.player().outPoint(), 27);
        // Every playhead position seen while playing stays inside [20, 27], and it wraps round.
        qint64 lowest = 1 << 30, highest = -1;
        int wraps = 0;
        qint64 previous = -1;
        QObject context;
        connect(&window.player(), &PlayerController::playheadChanged, &context, [&](qint64 f) {
            lowest = std::min(lowest, f);
            highest = std::max(highest, f);
            if (previous >= 0 && f < previous) ++wraps;
            previous = f;
        });
        QTest::keyClick(&window,
                        Qt::Key_Space);  // at the out point: starts again from the in point
        QVERIFY(QTest::qWaitFor([&] { return wraps >= 2; }, 10000));
        QTest::keyClick(&window, Qt::Key_Space);
        QCOMPARE(lowest, 20);
        QCOMPARE(highest, 27);
        // Without looping, playback stops on the out point.
        QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
        QVERIFY(!window.player().looping());
        window.player().seek(24);
        QTest::keyClick(&window, Qt::Key_Space);
        QVERIFY(QTest::qWaitFor([&] { return !window.player().playing(); }, 5000));
        QCOMPARE(window.player().playhead(), 27);
        QTest::keyClick(&window, Qt::Key_X, Qt::AltModifier);
        QCOMPARE(window.player().inPoint(), -1);
        QCOMPARE(window.player().outPoint(), -1);
    }

    void zoomAndPanKeepThePictureUnderTheCursor() {
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(ft::mediaPath("ntsc_df.mov")));  // 320x180
        ft::waitForShownFrame(window, 0);
        auto& view = window.viewer();
        QWidget* input = &window.annotations().overlay();
        const QRectF fitted = view.pictureRect();
        QVERIFY(fitted.width() > 320);  // the window is larger than the clip: fitting enlarges it
        // 1: one frame pixel per screen pixel, centred.
        QTest::keyClick(&window, Qt::Key_1);
        QCOMPARE(view.pictureRect().size(), QSizeF(320, 180));
        QCOMPARE(view.pictureRect().center(), fitted.center());
        // The wheel zooms around the cursor: the picture point under it stays there.
        const QPointF cursor =
            view.pictureRect().topLeft() + QPointF(80, 45);  // picture (0.25, 0.25)
        QWheelEvent wheel(cursor, input->mapToGlobal(cursor), QPoint(), QPoint(0, 240),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(input, &wheel);
        const QRectF zoomed = view.pictureRect();
        QVERIFY(std::abs(zoomed.width() - 320 * 1.5625) < 0.01);  // two notches of 1.25
        QVERIFY(std::abs((cursor.x() - zoomed.left()) / zoomed.width() - 0.25) < 1e-9);
        QVERIFY(std::abs((cursor.y() - zoomed.top()) / zoomed.height() - 0.25) < 1e-9);
        // Middle-button drag pans by the distance dragged.
        QTest::mousePress(input, Qt::MiddleButton, Qt::NoModifier, QPoint(300, 300));
        QMouseEvent move(QEvent::MouseMove, QPointF(340, 280),
                         input->mapToGlobal(QPointF(340, 280)), Qt::NoButton, Qt::MiddleButton,
                         Qt::NoModifier);
        QApplication::sendEvent(input, &move);
        QTest::mouseRelease(input, Qt::MiddleButton, Qt::NoModifier, QPoint(340, 280));
        QCOMPARE(view.pictureRect().topLeft(), zoomed.topLeft() + QPointF(40, -20));
        // Zoom keys double and halve; F fits again.
        const double before = window.navigator().effectiveZoom();
        QTest::keyClick(&window, Qt::Key_Plus);
        QVERIFY(std::abs(window.navigator().effectiveZoom() - before * 2) < 1e-9);
        QTest::keyClick(&window, Qt::Key_Minus);
        QVERIFY(std::abs(window.navigator().effectiveZoom() - before) < 1e-9);
        QTest::keyClick(&window, Qt::Key_F);
        QVERIFY(view.transform().fitted());
        QCOMPARE(view.pictureRect(), fitted);
    }

    void chineseTranslationIsLoadedAndUsed() {
        framenote::ui::AppTranslator translator;
        QVERIFY(translator.loadLanguage("zh_CN"));
        QCoreApplication::installTranslator(&translator);
        {
            MainWindow window;
            window.show();
            window.openFile(QString::fromStdString(ft::mediaPath("ntsc_df.mov")));
            ft::waitForShownFrame(window, 0);
            QCOMPARE(labelText(window, "frameLabel"), QString::fromUtf8("帧 0 / 119"));
        }
        // Qt's own words too: the buttons of every dialog box.
        QVERIFY(translator.hasQtTranslation());
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"),
                 QString::fromUtf8("取消"));
        QCoreApplication::removeTranslator(&translator);
    }

    // At 1000 x 650 (a laptop with docks open) every hint and choice is readable in full, in
    // English and in Chinese: the go-to field, the reply field, the author and tag filters, and the
    // participants hint (wrapped, no sideways scrolling).
    void atASmallWindowSizeNoHintOrChoiceIsCutOff() {
        for (const char* language : {"en_US", "zh_CN"}) {
            framenote::ui::AppTranslator translator;
            QVERIFY(translator.loadLanguage(language) || QString(language) == "en_US");
            QCoreApplication::installTranslator(&translator);
            {
                MainWindow window;
                window.resize(1000, 650);
                window.show();
                window.openFile(QString::fromStdString(ft::mediaPath("ntsc_df.mov")));
                ft::waitForShownFrame(window, 0);
                QCoreApplication::processEvents();
                for (const char* name : {"jumpEdit", "replyEdit"}) {
                    auto* edit = window.findChild<QLineEdit*>(name);
                    QVERIFY2(edit, name);
                    const int needed =
                        edit->fontMetrics().horizontalAdvance(edit->placeholderText());
                    QVERIFY2(edit->contentsRect().width() - 8 >= needed,
                             qPrintable(QString("%1 %2: %3 px for a %4 px hint")
                                            .arg(language, name)
                                            .arg(edit->contentsRect().width())
                                            .arg(needed)));
                }
                for (const char* name : {"authorFilter", "tagFilter"}) {
                    auto* filter = window.findChild<QComboBox*>(name);
                    QVERIFY2(filter, name);
                    QStyleOptionComboBox option;
                    option.initFrom(filter);
                    option.currentText = filter->currentText();
                    const QRect field = filter->style()->subControlRect(
                        QStyle::CC_ComboBox, &option, QStyle::SC_ComboBoxEditField, filter);
                    QVERIFY2(field.width() >=
                                 filter->fontMetrics().horizontalAdvance(filter->currentText()),
                             qPrintable(QString("%1 %2: %3 px for '%4'")
                                            .arg(language, name)
                                            .arg(field.width())
                                            .arg(filter->currentText())));
                }
                auto* participants = window.findChild<QListWidget*>("participantsList");
                QVERIFY(participants);
                QCOMPARE(participants->horizontalScrollBar()->maximum(), 0);
            }
            QCoreApplication::removeTranslator(&translator);
        }
    }

    // File > Open Recent lists a file by its name as it is, '&' included (Qt reads '&' as the
    // mark of a shortcut letter), and reopens it.
    void recentFilesShowANameWithAnAmpersandAsItIsAndReopenIt() {
        QSettings().remove("recentFiles");
        QTemporaryDir dir;
        const QString copy = dir.filePath("R&D cut.mov");
        QVERIFY(QFile::copy(QString::fromStdString(ft::mediaPath("ntsc_df.mov")), copy));
        {
            MainWindow window;
            window.openFile(copy);
            QTRY_VERIFY(window.player().hasMedia());
        }
        MainWindow window;
        auto* recent = window.findChild<QMenu*>("recentMenu");
        QVERIFY(recent);
        QCOMPARE(recent->actions().size(), 1);
        QAction* item = recent->actions().first();
        QCOMPARE(item->text(), QString("R&&D cut.mov"));
        QCOMPARE(QAction(item->text()).iconText(), QString("R&D cut.mov"));  // what the menu shows
        item->trigger();
        QTRY_VERIFY(window.player().hasMedia());
        QSettings().remove("recentFiles");
    }

    // Damage is never silent: a frame decoded with errors is named over the picture and marked
    // on the timeline; an intact frame clears the banner; a truncated file says how many of its
    // declared frames can be read.
    void damagedFramesAreShownAsDamaged() {
        // Which pictures FFmpeg flags depends on its threads' timing in damaged data, so the
        // test walks the damaged stretch and checks what is on screen against each picture.
        const std::string clip = ft::mediaPath("corrupt.mp4");
        MainWindow window;
        window.show();
        window.openFile(QString::fromStdString(clip));
        ft::waitForShownFrame(window, 0);
        auto* banner = window.findChild<QLabel*>("damageBanner");
        auto* timeline = window.findChild<framenote::ui::TimelineWidget*>();
        QVERIFY(banner && timeline);
        QVERIFY(banner->isHidden());
        framenote::media::ServedFrame shown;
        qint64 undecodable = -1;
        QObject::connect(&window.player(), &PlayerController::frameShown, &window,
                         [&](const framenote::media::ServedFrame& f) { shown = f; });
        QObject::connect(&window.player(), &PlayerController::frameUndecodable, &window,
                         [&](qint64 f) { undecodable = f; });
        int damagedSeen = 0;
        int missingSeen = 0;
        for (qint64 n = 85; n < 225; ++n) {
            window.player().seek(n);
            QVERIFY(QTest::qWaitFor([&] { return shown.number == n || undecodable == n; }, 10000));
            if (undecodable == n) {
                ++missingSeen;
                QVERIFY2(window.viewer().message().contains(
                             QString("Frame %1 cannot be decoded").arg(n)),
                         qPrintable(window.viewer().message()));
            } else if (shown.frame.damaged()) {
                ++damagedSeen;
                QVERIFY(banner->isVisible());
                QVERIFY2(banner->text().contains(QString("Frame %1 decoded with errors").arg(n)),
                         qPrintable(banner->text()));
            } else {
                QVERIFY2(banner->isHidden(), qPrintable(banner->text()));
            }
            if (undecodable == n || shown.frame.damaged())
                QVERIFY(timeline->damagedFrames().contains(n));
        }
        QVERIFY2(damagedSeen + missingSeen > 0, "5 blocks of random bytes went unnoticed");
        QCOMPARE(timeline->damagedFrames().size(), damagedSeen + missingSeen);

        window.openFile(QString::fromStdString(ft::mediaPath("truncated.mp4")));
        ft::waitForShownFrame(window, 0);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().startsWith("Only ") &&
                     banner->text().contains(" of the 300 frames this file declares can be read"),
                 qPrintable(banner->text()));
        QVERIFY(timeline->damagedFrames().isEmpty());  // the other clip's marks went with it
    }

    // A VFX plate: opened from one of its files, numbered as its files are, its gaps shown as
    // missing (a slate, marked on the timeline), never as the neighbouring picture.
    void anImageSequenceIsNumberedByItsFilesAndShowsItsGaps() {
        const std::string dir = ft::sequenceDir("gap");
        MainWindow window;
        window.show();
        window.openFile(QString::fromStdString(dir + "/shot.1002.png"));
        ft::waitForShownFrame(window, 0);
        QCOMPARE(labelText(window, "frameLabel"), QString("Frame 1001 / 1020"));
        QCOMPARE(window.windowTitle(), QString("shot.%04d.png - Framenote"));
        QCOMPARE(labelText(window, "timecodeLabel"), QString("00:00:41:17"));
        auto* timeline = window.findChild<framenote::ui::TimelineWidget*>();
        QVERIFY(timeline);
        QCOMPARE(timeline->damagedFrames(), (QSet<qint64>{5, 6, 12}));
        QSignalSpy undecodable(&window.player(), &PlayerController::frameUndecodable);
        auto* edit = window.findChild<QLineEdit*>("jumpEdit");
        QVERIFY(edit);
        edit->setFocus();
        QTest::keyClicks(edit, "1006");
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(window.player().playhead(), 5);
        QVERIFY(undecodable.wait(5000));
        QVERIFY2(window.viewer().message().contains("Frame 1006 is missing from the sequence"),
                 qPrintable(window.viewer().message()));
        QCOMPARE(labelText(window, "frameLabel"), QString("Frame 1006 / 1020"));
        // The next file is there: its own picture, as ffmpeg decodes it.
        window.player().seek(7);
        const auto shown = ft::waitForShownFrame(window, 7);
        QCOMPARE(shown.frame.md5(), ft::referenceSequenceRuns("gap").at(1008).at(0).md5);
        QVERIFY(window.viewer().message().isEmpty());
    }

    void aFileThatIsNotVideoIsReportedNotCrashed() {
        MainWindow window;
        QSignalSpy failed(&window.player(), &PlayerController::openFailed);
        window.player().open(QString::fromStdString(ft::mediaPath("notvideo.mp4")));
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.first().first().toString().contains("notvideo.mp4"));
        QVERIFY(!window.player().hasMedia());
        QVERIFY(window.viewer().message().contains("notvideo.mp4: not a media file"));
    }

    // Under the Chinese translation a failed open says why in Chinese, naming the file, in the
    // viewer and the status bar; the engine's own words stay below as the detail. A missing file,
    // text named .mp4, and an empty file each get their own reason.
    void aFailedOpenSaysWhyInTheUsersLanguage() {
        framenote::ui::AppTranslator translator;
        QVERIFY(translator.loadLanguage("zh_CN"));
        QCoreApplication::installTranslator(&translator);
        QTemporaryDir dir;
        const QString text = dir.filePath("script.mp4");
        const QString empty = dir.filePath("nothing.mp4");
        for (const auto& [path, bytes] :
             {std::pair{text, QByteArray("not a video\n")}, std::pair{empty, QByteArray()}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        }
        const struct {
            QString path;
            const char* reason;
            const char* detail;
        } cases[] = {
            {dir.filePath("gone.mp4"), "文件不存在", "no such file"},
            {text, "不是 Framenote 能读取的视频文件", "not a media file"},
            {empty, "文件是空的", "the file is empty"},
        };
        {
            MainWindow window;
            window.show();
            for (const auto& c : cases) {
                QSignalSpy failed(&window.player(), &PlayerController::openFailed);
                // Other news may follow in the status bar (no sound device): the reason was there.
                QSignalSpy status(window.statusBar(), &QStatusBar::messageChanged);
                window.openFile(c.path);
                QVERIFY(failed.wait(5000));
                const QString name = QFileInfo(c.path).fileName();
                const QStringList lines = window.viewer().message().split('\n');
                QVERIFY2(lines.size() == 2, qPrintable(window.viewer().message()));
                QVERIFY2(lines[0].startsWith(QString::fromUtf8("无法打开 ") + name),
                         qPrintable(lines[0]));
                QVERIFY2(lines[0].contains(QString::fromUtf8(c.reason)), qPrintable(lines[0]));
                QVERIFY2(lines[1].contains(name + ": " + c.detail), qPrintable(lines[1]));
                QVERIFY2(std::any_of(status.begin(), status.end(),
                                     [&](const QList<QVariant>& shown) {
                                         return shown.first().toString() == lines[0];
                                     }),
                         qPrintable(lines[0]));
            }
        }
        QCoreApplication::removeTranslator(&translator);
    }
};

QTEST_MAIN(PlayerWindowTest)
#include "player_window_test.moc"
