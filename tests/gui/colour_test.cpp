// View > Colour as a user drives it: colour management off by default (the stream's colours), the
// built-in ACES config on an EXR sequence, display, view, exposure and input colour space chosen
// and remembered, $OCIO honoured, a bad config refused (docs/ARCHITECTURE.md, "Colour").
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QMouseEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/colour/builtin_config.h"
#include "core/media/picture_channel.h"
#include "core/media/pixel_sample.h"
#include "tests/gui/gui_test_support.h"
#include "tests/support/scratch_dir.h"
#include "tests/support/test_media.h"
#include "ui/colour_control.h"
#include "ui/main_window.h"

extern "C" {
#include <libavutil/frame.h>
}

namespace fm = framenote::media;
namespace ft = framenote::test;
using framenote::ui::ColourControl;
using framenote::ui::MainWindow;

class ColourTest : public QObject {
    Q_OBJECT

  private:
    static QString label(MainWindow& window) {
        return window.findChild<QLabel*>("colourLabel")->text();
    }

    // The picture the viewer shows once `change` has taken effect: frames rendered before it may
    // still arrive, so this waits for one equal to what the renderer now in use makes of it.
    template <typename Change>
    static fm::ServedFrame shownAfter(MainWindow& window, Change change) {
        fm::ServedFrame latest;
        QObject context;
        QObject::connect(&window.player(), &framenote::ui::PlayerController::frameShown, &context,
                         [&](const fm::ServedFrame& f) { latest = f; });
        change();
        const auto current = [&] {
            if (!latest.rgba) return false;
            const int w = latest.rgba->width, h = latest.rgba->height;
            const auto managed = window.colour().transform();
            const auto channel = window.colour().channel();
            auto expected = managed ? managed->renderStill(latest.frame, w, h)  // paused: exact
                            : channel != fm::PictureChannel::Colour
                                ? fm::ChannelRenderer(channel).render(latest.frame, w, h)
                                : latest.frame.toRgba(w, h, fm::VideoFrame::RgbaQuality::Display);
            return expected.ok() && expected->pixels == latest.rgba->pixels;
        };
        if (!QTest::qWaitFor(current, 10000)) return {};
        return latest;
    }

    // The source value of the pixel (x, y) of a float RGB frame (planes G, B, R).
    static std::array<float, 3> sourcePixel(const fm::VideoFrame& frame, int x, int y) {
        const AVFrame* f = frame.avFrame();
        std::array<float, 3> rgb{};
        for (int plane = 0; plane < 3; ++plane)
            std::memcpy(&rgb[(plane + 1) % 3],
                        f->data[plane] + ptrdiff_t{y} * f->linesize[plane] + 4 * x, 4);
        return rgb;
    }

    static int shownChannel(const fm::ServedFrame& frame, int x, int y, int c) {
        return frame.rgba->pixels[(size_t(y) * frame.rgba->width + x) * 4 + c];
    }

  private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("framenote-colour-test");
        qunsetenv("OCIO");
    }

    void init() { QSettings().clear(); }

    void offUntilAConfigIsChosen() {
        MainWindow window;
        window.show();
        QCOMPARE(label(window), QString("Colour: off"));
        window.openFile(QString::fromStdString(ft::sequenceDir("exr_half_zip")));
        const auto shown = ft::waitForShownFrame(window, 0);
        QVERIFY(shown.rgba);
        QVERIFY(!window.colour().transform());
        // The stream's own values: linear 0.5 shows as code 128, no view transform.
        const auto plain = shown.frame.toRgba(shown.rgba->width, shown.rgba->height,
                                              fm::VideoFrame::RgbaQuality::Display);
        QVERIFY(plain.ok());
        QCOMPARE(shown.rgba->pixels, plain->pixels);
    }

    void builtInConfigShowsExrThroughTheAcesView() {
        MainWindow window;
        window.resize(900, 700);
        window.show();
        window.openFile(QString::fromStdString(ft::sequenceDir("exr_half_zip")));
        QVERIFY(ft::waitForFrame(window, 0));
        const auto shown = shownAfter(window, [&] { window.colour().setConfigChoice("builtin"); });
        QVERIFY(shown.rgba);
        QCOMPARE(label(window), QString("ACEScg | sRGB - Display | ACES 1.0 - SDR Video"));
        auto transform = window.colour().transform();
        QVERIFY(transform);
        // Each sampled pixel is its source value through the ACES view (full-size picture).
        QCOMPARE(shown.rgba->width, shown.frame.width());
        int toneMapped = 0;
        for (const auto& [x, y] : {std::pair{10, 10}, std::pair{160, 90}, std::pair{300, 170}}) {
            const auto source = sourcePixel(shown.frame, x, y);
            const auto want = transform->apply(source);
            for (int c = 0; c < 3; ++c) {
                const int expected = std::lround(std::clamp(want[c], 0.f, 1.f) * 255);
                QVERIFY2(std::abs(shownChannel(shown, x, y, c) - expected) <= 1,
                         qPrintable(QString("pixel %1,%2 channel %3").arg(x).arg(y).arg(c)));
                const int raw = std::lround(std::clamp(source[c], 0.f, 1.f) * 255);
                if (std::abs(expected - raw) > 8) ++toneMapped;
            }
        }
        QVERIFY2(toneMapped > 0, "the ACES view changed no sampled value");
        QCOMPARE(QSettings().value("colourConfig").toString(), QString("builtin"));
    }

    void displayViewAndExposureChangeThePictureAndAreRemembered() {
        QSettings().setValue("colourConfig", "builtin");
        {
            MainWindow window;
            window.show();
            window.openFile(QString::fromStdString(ft::sequenceDir("exr_half_zip")));
            const auto before = ft::waitForShownFrame(window, 0);
            QVERIFY(before.rgba);
            const auto raw = shownAfter(window, [&] { window.colour().setView("Raw"); });
            QCOMPARE(label(window), QString("ACEScg | sRGB - Display | Raw"));
            // Raw: the source values themselves, clamped and rounded.
            const auto source = sourcePixel(raw.frame, 160, 90);
            for (int c = 0; c < 3; ++c)
                QVERIFY(std::abs(shownChannel(raw, 160, 90, c) -
                                 std::lround(std::clamp(source[c], 0.f, 1.f) * 255)) <= 1);
            QVERIFY(raw.rgba->pixels != before.rgba->pixels);

            window.colour().setView("Un-tone-mapped");
            const auto plain = window.colour().transform();
            const auto brighter = shownAfter(window, [&] { window.colour().setExposure(1.0); });
            QVERIFY(label(window).endsWith(" | 1.0 EV"));
            // One stop up: the source value doubled through the same view.
            auto doubled = sourcePixel(brighter.frame, 160, 90);
            for (float& v : doubled) v *= 2;
            const auto want = plain->apply(doubled);
            for (int c = 0; c < 3; ++c)
                QVERIFY(std::abs(shownChannel(brighter, 160, 90, c) -
                                 std::lround(std::clamp(want[c], 0.f, 1.f) * 255)) <= 1);

            const auto other = shownAfter(
                window, [&] { window.colour().setDisplay("Rec.1886 Rec.709 - Display"); });
            QVERIFY(other.rgba);
            QVERIFY(
                label(window).startsWith("ACEScg | Rec.1886 Rec.709 - Display | Un-tone-mapped"));
        }
        // The next run: the same display and view; exposure starts again at 0.
        MainWindow again;
        again.show();
        again.openFile(QString::fromStdString(ft::sequenceDir("exr_half_zip")));
        QVERIFY(ft::waitForFrame(again, 0));
        QCOMPARE(label(again), QString("ACEScg | Rec.1886 Rec.709 - Display | Un-tone-mapped"));
    }

    // Playing shows the baked LUTs' rendition (fast); pausing shows the exact one (renderStill).
    void pausedPicturesAreExactPlayedOnesBaked() {
        QSettings().setValue("colourConfig", "builtin");
        MainWindow window;
        window.show();
        window.openFile(QString::fromStdString(ft::sequenceDir("exr_half_zip")));
        QVERIFY(ft::waitForFrame(window, 0));
        // Four stops over: saturated HDR values, where the LUTs and the transform differ.
        window.colour().setExposure(4.0);
        auto transform = window.colour().transform();
        const auto rendition = [&](const fm::ServedFrame& f, bool still) {
            auto image = still ? transform->renderStill(f.frame, f.rgba->width, f.rgba->height)
                               : transform->render(f.frame, f.rgba->width, f.rgba->height);
            return image.ok() && image->pixels == f.rgba->pixels;
        };
        fm::ServedFrame latest;
        QObject context;
        QObject::connect(&window.player(), &framenote::ui::PlayerController::frameShown, &context,
                         [&](const fm::ServedFrame& f) { latest = f; });
        window.player().togglePlay();
        QTRY_VERIFY(latest.rgba && latest.number > 2);
        QVERIFY(!rendition(latest, true));  // the two renditions differ on this frame
        QVERIFY(rendition(latest, false));
        window.player().pause();
        const qint64 paused = window.player().playhead();
        QTRY_VERIFY(latest.number == paused && rendition(latest, true));
    }

    void theInputColourSpaceIsRememberedPerMedia() {
        QSettings().setValue("colourConfig", "builtin");
        MainWindow window;
        window.show();
        const QString exr = QString::fromStdString(ft::sequenceDir("exr_half_zip"));
        window.openFile(exr);
        QVERIFY(ft::waitForFrame(window, 0));
        QCOMPARE(window.colour().guessedInput(), QString("ACEScg"));
        window.colour().setInputSpace("Linear Rec.709 (sRGB)");
        QVERIFY(label(window).startsWith("Linear Rec.709 (sRGB) | "));

        window.openFile(QString::fromStdString(ft::mediaPath("h264_longgop.mp4")));
        QVERIFY(ft::waitForFrame(window, 0));
        QVERIFY(label(window).startsWith("Rec.1886 Rec.709 - Display | "));

        window.openFile(exr);
        QVERIFY(ft::waitForFrame(window, 0));
        QVERIFY(label(window).startsWith("Linear Rec.709 (sRGB) | "));
        // Back to the guess through the menu's Automatic item.
        auto* input = window.findChild<QMenu*>("colourMenu");
        QVERIFY(input);
        window.colour().setInputSpace(QString());
        QVERIFY(label(window).startsWith("ACEScg | "));
    }

    void theMenusListTheConfigsDisplaysAndViews() {
        QSettings().setValue("colourConfig", "builtin");
        MainWindow window;
        window.show();
        auto* colour = window.findChild<QMenu*>("colourMenu");
        QVERIFY(colour);
        QMenu* display = nullptr;
        for (QAction* action : colour->actions())
            if (action->menu() && action->text() == "&Display") display = action->menu();
        QVERIFY(display);
        emit display->aboutToShow();
        QAction* rec709 = nullptr;
        for (QAction* action : display->actions())
            if (action->text() == "Rec.1886 Rec.709 - Display") rec709 = action;
        QVERIFY(rec709);
        QVERIFY(!rec709->isChecked());
        rec709->trigger();
        QCOMPARE(QSettings().value("colourDisplay").toString(),
                 QString("Rec.1886 Rec.709 - Display"));
        QVERIFY(window.findChild<QAction*>("colourConfig_builtin")->isChecked());
        window.findChild<QAction*>("colourConfig_off")->trigger();
        QCOMPARE(label(window), QString("Colour: off"));
        QVERIFY(!display->isEnabled());
    }

    // Shift+R shows red as grey (no config); Shift+C brings the colours back.
    void channelKeysShowOneChannelAsGrey() {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(ft::mediaPath("prores.mov")));
        const auto colour = ft::waitForShownFrame(window, 0);
        QVERIFY(colour.rgba);
        window.returnKeyboardHome();
        const auto red = shownAfter(window, [&] {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_R, Qt::ShiftModifier);
        });
        QVERIFY(red.rgba);
        QCOMPARE(window.colour().channel(), fm::PictureChannel::Red);
        QVERIFY(label(window).endsWith(" | channel R"));
        for (size_t i = 0; i < red.rgba->pixels.size(); i += 4 * 101) {
            QCOMPARE(red.rgba->pixels[i + 1], red.rgba->pixels[i]);
            QCOMPARE(red.rgba->pixels[i], colour.rgba->pixels[i]);
        }
        const auto back = shownAfter(window, [&] {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_C, Qt::ShiftModifier);
        });
        QCOMPARE(back.rgba->pixels, colour.rgba->pixels);
        QCOMPARE(label(window), QString("Colour: off"));
    }

    // View > Pixel Probe: the pointer over the picture's centre reads that pixel's stored codes
    // and the values on screen.
    void pixelProbeReadsThePixelUnderThePointer() {
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openFile(QString::fromStdString(ft::mediaPath("prores.mov")));
        const auto shown = ft::waitForShownFrame(window, 0);
        QVERIFY(shown.rgba);
        auto* action = window.findChild<QAction*>("pixelProbeAction");
        QVERIFY(action);
        action->trigger();
        QVERIFY(action->isChecked());
        auto* readout = window.findChild<QLabel*>("probeLabel");
        QVERIFY(readout && readout->isVisible());
        const QRectF picture = window.viewer().pictureRect();
        // The notes overlay lies over the picture, in the same coordinates. The move is sent to
        // it directly: a synthetic pointer that is already there sends no move event.
        QWidget& overlay = window.annotations().overlay();
        const QPointF centre = picture.center().toPoint();
        QMouseEvent move(QEvent::MouseMove, centre, overlay.mapToGlobal(centre), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(&overlay, &move);
        // The frame pixel under that point, as the probe maps it.
        const int x = static_cast<int>((centre.x() - picture.left()) / picture.width() * 640);
        const int y = static_cast<int>((centre.y() - picture.top()) / picture.height() * 360);
        QTRY_VERIFY2(readout->text().startsWith(QString("x %1 y %2 | ").arg(x).arg(y)),
                     qPrintable(readout->text()));
        auto sample = fm::samplePixel(shown.frame, x, y);
        QVERIFY(sample.ok());
        QVERIFY2(readout->text().contains(QString("Y %1 Cb %2 Cr %3")
                                              .arg(sample->stored[0].second)
                                              .arg(sample->stored[1].second)
                                              .arg(sample->stored[2].second)),
                 qPrintable(readout->text()));
        const int sx = x * shown.rgba->width / 640, sy = y * shown.rgba->height / 360;
        const uint8_t* pixel = &shown.rgba->pixels[(size_t(sy) * shown.rgba->width + sx) * 4];
        QVERIFY(readout->text().endsWith(
            QString("shown %1 %2 %3").arg(pixel[0]).arg(pixel[1]).arg(pixel[2])));
        QVERIFY(QSettings().value("pixelProbe").toBool());
        // Stepping to the next frame reads the pixel there without moving the pointer.
        const auto next = shownAfter(window, [&] { window.player().step(1); });
        auto nextSample = fm::samplePixel(next.frame, x, y);
        QVERIFY(nextSample.ok());
        QTRY_VERIFY(readout->text().contains(QString("Y %1 ").arg(nextSample->stored[0].second)));
        action->trigger();
        QVERIFY(!readout->isVisible());
    }

    void ocioIsUsedWhenNothingIsChosenAndABadConfigIsRefused() {
        ft::ScratchDir dir;
        dir.write("studio.ocio", framenote::colour::builtinConfigText());
        qputenv("OCIO", QByteArray::fromStdString(dir.path("studio.ocio")));
        MainWindow window;
        window.show();
        qunsetenv("OCIO");
        QVERIFY(window.colour().config());
        QCOMPARE(window.colour().config()->origin(),
                 framenote::colour::ColourConfig::Origin::Environment);
        QVERIFY(window.findChild<QAction*>("colourConfig_env")->isChecked());

        QSignalSpy messages(&window.colour(), &ColourControl::message);
        dir.write("bad.ocio", "this is not a colour config");
        window.colour().setConfigChoice(QString::fromStdString(dir.path("bad.ocio")));
        QCOMPARE(messages.count(), 1);
        QVERIFY(messages.at(0).at(0).toString().contains("bad.ocio"));
        // The config in use stays, and so does the setting.
        QVERIFY(window.colour().config());
        QVERIFY(QSettings().value("colourConfig").toString().isEmpty());
    }
};

QTEST_MAIN(ColourTest)
#include "colour_test.moc"
