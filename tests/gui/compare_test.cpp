// View > Compare as a supervisor uses it: a second version loaded as B, frame-locked to A with an
// offset (the difference of a clip with itself is black, one frame apart it is not, and stays so
// as A steps), a wipe that shows A before the divider and B after it, side by side with A's
// notes on A's half only and B's own notes on B's half, and the keys W, S, D and \ that switch the
// modes.
#include <QAction>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/media/media_source.h"
#include "tests/gui/gui_test_support.h"
#include "tests/support/test_media.h"
#include "ui/annotation_overlay.h"
#include "ui/colour_control.h"
#include "ui/compare_control.h"
#include "ui/main_window.h"
#include "ui/pixel_probe.h"

namespace fm = framenote::media;
namespace fmodel = framenote::model;
namespace ft = framenote::test;
using framenote::ui::CompareControl;
using framenote::ui::MainWindow;

class CompareTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    static void open(MainWindow& window, const std::string& clip) {
        window.resize(1000, 600);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(ft::mediaPath(clip)));
        QVERIFY(ft::waitForFrame(window, 0));
        QVERIFY(QTest::qWaitFor([&] { return !window.annotations().session().mediaId().isEmpty(); },
                                5000));
    }
    static void loadB(MainWindow& window, const std::string& clip) {
        QSignalSpy opened(&window.compare(), &CompareControl::opened);
        window.compare().loadB(QString::fromStdString(ft::mediaPath(clip)));
        QVERIFY(opened.wait(10000));
    }
    // A rectangle from (0.25, 0.25) to (0.75, 0.75) on `frame` of the open clip, by its user.
    static bool addRect(MainWindow& window, int64_t frame, uint32_t colour, double width) {
        auto& session = window.annotations().session();
        fmodel::Annotation note;
        note.id = QUuid::createUuid();
        note.mediaId = session.mediaId();
        note.kind = fmodel::Kind::Rect;
        note.points = {{0.25, 0.25}, {0.75, 0.75}};
        note.firstFrame = note.lastFrame = frame;
        note.style.color = colour;
        note.style.width = width;
        note.author = session.actor();
        return session.edit(fmodel::makeCreate(note, session.actor(), session.role())).ok();
    }
    // The viewer's picture once it shows a composite of `size` (empty: any) for A's frame
    // `frame`.
    static QImage shownPicture(MainWindow& window, QSize size, qint64 frame) {
        QImage picture;
        QObject context;
        bool shown = false;
        QObject::connect(
            &window.compare(), &CompareControl::show, &context, [&](const fm::ServedFrame& f) {
                shown = f.number == frame && f.rgba && f.frame.isNull() &&
                        (size.isEmpty() || QSize(f.rgba->width, f.rgba->height) == size);
                if (shown)
                    picture = QImage(f.rgba->pixels.data(), f.rgba->width, f.rgba->height,
                                     QImage::Format_RGBA8888)
                                  .copy();
            });
        window.player().seek(frame);
        window.compare().setGain(window.compare().layout().gain);  // shows it again
        if (!QTest::qWaitFor([&] { return shown; }, 10000)) return {};
        return picture;
    }
    static QImage frameImage(const std::string& clip, int64_t n) {
        auto opened = fm::openSource(ft::mediaPath(clip));
        if (!opened) return {};
        auto frame = opened->source->frame(n);
        auto rgba = frame ? frame->toRgba()
                          : framenote::Result<fm::RgbaImage>(framenote::makeError("no frame"));
        return rgba
                   ? QImage(rgba->pixels.data(), rgba->width, rgba->height, QImage::Format_RGBA8888)
                         .copy()
                   : QImage();
    }

  private slots:
    void init() {
        QVERIFY(dir_.isValid());
        qputenv("FRAMENOTE_DB",
                dir_.filePath(QString("%1.db").arg(QTest::currentTestFunction())).toUtf8());
        qputenv("FRAMENOTE_VIEWER", "raster");  // the composite is drawn as it was made
    }

    void theMenuWaitsForBAndLoadingItStartsAWipe() {
        MainWindow window;
        auto* menu = window.findChild<QMenu*>("compareMenu");
        QVERIFY(menu);
        QVERIFY(window.findChild<QAction*>("compareLoadB")->isEnabled());
        QVERIFY(!window.findChild<QAction*>("compareWipe")->isEnabled());
        open(window, "h264_longgop.mp4");
        loadB(window, "av_sync.mp4");
        QVERIFY(window.findChild<QAction*>("compareWipe")->isEnabled());
        QVERIFY(window.findChild<QAction*>("compareWipe")->isChecked());
        QVERIFY(window.compare().compositing());
        QCOMPARE(window.compare().statusLabel()->text(), QString("Compare: Wipe | B: av_sync.mp4"));
        window.compare().closeB();
        QVERIFY(!window.compare().compositing());
        QVERIFY(!window.compare().statusLabel()->isVisible());
    }

    // B is frame-locked to A: a clip against itself differs nowhere at offset 0, and one frame
    // apart it does, at every frame A steps to.
    void bFollowsAFrameByFrameWithItsOffset() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        loadB(window, "h264_longgop.mp4");
        window.compare().setMode(fm::CompareMode::Difference);
        const auto differs = [&](qint64 frame) {
            const QImage shown = shownPicture(window, {320, 180}, frame);
            QImage zero = shown.copy();
            zero.fill(QColor(0, 0, 0));
            return ft::meanAbsoluteDifference(shown, zero);
        };
        QCOMPARE(differs(40), 0.0);
        window.compare().setOffset(1);
        QVERIFY(differs(40) > 3.0);
        QVERIFY(differs(41) > 3.0);
        QCOMPARE(window.compare().statusLabel()->text(),
                 QString("Compare: Difference x1 | B: h264_longgop.mp4 +1"));
        window.compare().setOffset(0);
        QCOMPARE(differs(41), 0.0);
        QCOMPARE(differs(120), 0.0);
    }

    // A wipe at a quarter: A's frame up to the divider, B's after it; side by side: both whole.
    void aWipeAndSideBySideShowEachVersionOnItsPart() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        loadB(window, "av_sync.mp4");
        window.compare().setWipe(0.25);
        window.compare().setOffset(60);  // the clips are alike frame for frame: B 72 beside A 12
        const QImage wipe = shownPicture(window, {320, 180}, 12);
        QVERIFY(!wipe.isNull());
        const QImage a = frameImage("h264_longgop.mp4", 12);
        const QImage b = frameImage("av_sync.mp4", 72);
        // Each part shows its own version (the player's conversion differs from a plain one by
        // a few code values), never the other.
        const auto shows = [](const QImage& part, const QImage& own, const QImage& other) {
            const double near = ft::meanAbsoluteDifference(part, own);
            const double far = ft::meanAbsoluteDifference(part, other);
            return near < 4.0 && far > 3.0 * near + 5.0;
        };
        QVERIFY(shows(wipe.copy(0, 0, 80, 180), a.copy(0, 0, 80, 180), b.copy(0, 0, 80, 180)));
        QVERIFY(
            shows(wipe.copy(80, 0, 240, 180), b.copy(80, 0, 240, 180), a.copy(80, 0, 240, 180)));
        window.compare().setMode(fm::CompareMode::SideBySide);
        const QImage side = shownPicture(window, {640, 180}, 12);
        QVERIFY(shows(side.copy(0, 0, 320, 180), a, b));
        QVERIFY(shows(side.copy(320, 0, 320, 180), b, a));
        // The viewer shows the two side by side: twice as wide as high.
        QCOMPARE(window.viewer().frameSize(), QSize(640, 180));
    }

    // A note of A is drawn over A's half only, where its coordinates fall within that half.
    void asNotesStayOnAsPartOfTheScreen() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        QVERIFY(addRect(window, 0, 0xffff8000, 0.02));
        loadB(window, "av_sync.mp4");
        window.compare().setMode(fm::CompareMode::SideBySide);
        QVERIFY(!shownPicture(window, {640, 180}, 0).isNull());
        auto& overlay = window.annotations().overlay();
        const QRectF whole = window.viewer().pictureRect();
        QTRY_COMPARE(overlay.picture(),
                     QRectF(whole.left(), whole.top(), whole.width() / 2, whole.height()));
        // The note's corner maps into A's half: a quarter of the half's width in.
        const QPointF corner = overlay.toWidget({0.25, 0.25});
        QCOMPARE(corner.x(), whole.left() + whole.width() * 0.125);
        // Drawn where the mapping says, and nowhere on B's half.
        const QImage drawn = overlay.grab().toImage();
        const auto orange = [&](QPointF p) {
            const QColor c = drawn.pixelColor(p.toPoint());
            return c.red() > 200 && c.green() > 100 && c.green() < 160 && c.blue() < 60;
        };
        const QPointF topEdge = overlay.toWidget({0.5, 0.25});
        QVERIFY2(orange(topEdge), "no outline where the note's top edge maps on A's half");
        QVERIFY(!orange(topEdge + QPointF(whole.width() / 2, 0)));
        // B alone: A's notes are not shown, and new drawings cannot land on B.
        window.compare().setMode(fm::CompareMode::B);
        QVERIFY(overlay.picture().isEmpty());
    }

    // B's own notes (made when B was the open clip) are drawn over B's half, on B's frames only,
    // and never over A's half.
    void bsOwnNotesShowOverBsPartOnItsFrames() {
        MainWindow window;
        open(window, "av_sync.mp4");
        QVERIFY(addRect(window, 10, 0xff00ff00, 0.03));
        window.annotations().store().flush();
        open(window, "h264_longgop.mp4");
        loadB(window, "av_sync.mp4");
        window.compare().setMode(fm::CompareMode::SideBySide);
        // At (x, y) of B's half (side by side: the right half), in that half's fractions.
        const auto greenInB = [](const QImage& image, double x, double y) {
            const QColor c =
                image.pixelColor(int(image.width() * (0.5 + x / 2)), int(image.height() * y));
            return c.green() > 200 && c.red() < 80 && c.blue() < 80;
        };
        // The note's top edge, a quarter down and half way across (the picture may be drawn
        // smaller than the clips when the viewer is: FrameServer::setDisplayLimit).
        QImage side;
        QVERIFY(QTest::qWaitFor(
            [&] {
                side = shownPicture(window, {}, 10);
                return !side.isNull() && greenInB(side, 0.5, 0.25);
            },
            10000));
        QVERIFY(!greenInB(side, -0.5, 0.25));  // not over A's half
        const QImage other = shownPicture(window, {}, 11);
        QVERIFY(!other.isNull());
        QVERIFY(!greenInB(other, 0.5, 0.25));  // not on B's frames it is not bound to
    }

    // With colour management on, B is shown through its own input colour space, not A's: an EXR
    // (scene-linear) beside a 16-bit TIFF (display-referred) looks as it does when the EXR is
    // compared with itself.
    void bIsShownThroughItsOwnInputColourSpace() {
        const std::string exr = "seq/exr_half_zip/shot.1001.exr";
        const auto bAlone = [&](const std::string& a, QString* input) {
            MainWindow window;
            window.colour().setConfigChoice("builtin");
            open(window, a);
            *input = window.colour().guessedInput();
            loadB(window, exr);
            window.compare().setMode(fm::CompareMode::B);
            return shownPicture(window, {320, 180}, 0);
        };
        QString exrInput, tiffInput;
        const QImage itself = bAlone(exr, &exrInput);
        const QImage besideTiff = bAlone("seq/tiff_16bit/shot.1001.tif", &tiffInput);
        QSettings().remove("colourConfig");
        QVERIFY(!itself.isNull());
        QVERIFY(!besideTiff.isNull());
        QVERIFY2(exrInput != tiffInput, qPrintable(exrInput));  // else the test proves nothing
        const double difference = ft::meanAbsoluteDifference(itself, besideTiff);
        QVERIFY2(difference < 1.0, qPrintable(QString::number(difference)));
    }

    // The pixel probe reads the version under the pointer: A's stored YUV codes over A's half,
    // B's floats (an EXR) at the matching pixel over B's half.
    void theProbeReadsTheVersionUnderThePointer() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        loadB(window, "seq/exr_half_zip/shot.1001.exr");
        window.compare().setMode(fm::CompareMode::SideBySide);
        QVERIFY(!shownPicture(window, {}, 0).isNull());
        const QRectF picture = window.viewer().pictureRect();
        const auto at = [&](double x, double y) {
            return window.probe().readout(
                {picture.left() + x * picture.width(), picture.top() + y * picture.height()});
        };
        QString overA, overB;
        QVERIFY(QTest::qWaitFor(
            [&] {
                overA = at(0.26, 0.5), overB = at(0.76, 0.5);
                return !overA.isEmpty() && !overB.isEmpty();
            },
            5000));
        QVERIFY2(overA.startsWith("A | x 166 y 90 | Y "), qPrintable(overA));
        QVERIFY2(overB.startsWith("B | x 166 y 90 | R 0."), qPrintable(overB));
    }

    // The keys a reviewer reaches for, on the picture: W wipe, S side by side, D difference,
    // \ toggles A and B.
    void keysSwitchTheModes() {
        MainWindow window;
        open(window, "h264_longgop.mp4");
        loadB(window, "av_sync.mp4");
        QWidget* picture = QApplication::focusWidget();
        QVERIFY(picture);
        QTest::keyClick(picture, Qt::Key_S);
        QCOMPARE(window.compare().layout().mode, fm::CompareMode::SideBySide);
        QTest::keyClick(picture, Qt::Key_D);
        QCOMPARE(window.compare().layout().mode, fm::CompareMode::Difference);
        QTest::keyClick(picture, Qt::Key_Backslash);
        QCOMPARE(window.compare().layout().mode, fm::CompareMode::B);
        QTest::keyClick(picture, Qt::Key_Backslash);
        QCOMPARE(window.compare().layout().mode, fm::CompareMode::A);
        QTest::keyClick(picture, Qt::Key_W);
        QCOMPARE(window.compare().layout().mode, fm::CompareMode::Wipe);
        QTest::keyClick(picture, Qt::Key_Right, Qt::AltModifier);
        QCOMPARE(window.compare().offset(), 1);
    }
};

QTEST_MAIN(CompareTest)
#include "compare_test.moc"
