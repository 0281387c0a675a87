// The OpenGL viewer's shader shows the same colours as FFmpeg's own conversion (swscale), for
// 8- and 10-bit, 4:2:0 and 4:2:2, limited range; EXR, DPX and TIFF pictures drawn from their own
// samples show the CPU's colours. Runs under Xvfb (llvmpipe), where GL exists.
#include <QApplication>
#include <QTest>
#include <algorithm>
#include <cmath>

#include "core/colour/colour_config.h"
#include "core/colour/display_transform.h"
#include "core/media/media_source.h"
#include "core/media/video_decoder.h"
#include "tests/support/test_media.h"
#include "ui/gl_viewer_widget.h"

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace fm = framenote::media;
namespace ft = framenote::test;
namespace fc = framenote::colour;

class GlViewerTest : public QObject {
    Q_OBJECT

    // A viewer of the frame's own size, shown, that draws the frame's format itself.
    static void showNativeViewer(framenote::ui::GlViewerWidget& viewer,
                                 const fm::VideoFrame& frame) {
        QVERIFY(viewer.nativeFormats().contains(frame.pixelFormat()));
        viewer.resize(frame.width(), frame.height());
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
    }

  private slots:
    void shaderMatchesSwscale_data() {
        QTest::addColumn<QString>("clip");
        QTest::addColumn<int>("frame");
        QTest::newRow("h264 8-bit 4:2:0") << "h264_longgop.mp4" << 77;
        QTest::newRow("h264 10-bit 4:2:0") << "h264_10bit.mkv" << 50;
        QTest::newRow("prores 10-bit 4:2:2") << "prores.mov" << 20;
        QTest::newRow("dnxhr 8-bit 4:2:2") << "dnxhr.mov" << 30;
    }

    void shaderMatchesSwscale() {
        QFETCH(QString, clip);
        QFETCH(int, frame);
        auto decoder = fm::VideoDecoder::open(ft::mediaPath(clip.toStdString()));
        QVERIFY2(decoder.ok(), decoder.ok() ? "" : decoder.error().c_str());
        auto decoded = (*decoder)->frame(frame);
        QVERIFY(decoded.ok());
        auto expected = decoded->toRgba();
        QVERIFY(expected.ok());

        framenote::ui::GlViewerWidget viewer;
        showNativeViewer(viewer, *decoded);
        if (QTest::currentTestFailed()) return;
        fm::ServedFrame served;
        served.number = frame;
        served.frame = *decoded;  // no RGBA: the shader converts
        viewer.showFrame(served);
        const QImage shown = viewer.grabPicture().convertToFormat(QImage::Format_RGBA8888);
        QCOMPARE(shown.size(), QSize(decoded->width(), decoded->height()));

        std::vector<int> errors;
        errors.reserve(static_cast<size_t>(shown.width()) * shown.height() * 3);
        for (int y = 0; y < shown.height(); ++y) {
            const uchar* row = shown.constScanLine(y);
            const uint8_t* want =
                expected->pixels.data() + static_cast<size_t>(y) * expected->width * 4;
            for (int x = 0; x < shown.width() * 4; ++x)
                if (x % 4 != 3) errors.push_back(std::abs(row[x] - want[x]));
        }
        double sum = 0;
        for (int e : errors) sum += e;
        const double mean = sum / static_cast<double>(errors.size());
        std::nth_element(errors.begin(),
                         errors.begin() + static_cast<ptrdiff_t>(errors.size() * 99 / 100),
                         errors.end());
        const int p99 = errors[errors.size() * 99 / 100];
        // Chroma is upsampled bilinearly on the GPU and bicubically by swscale, so edges differ
        // slightly; a wrong matrix, range or bit depth shifts every pixel by far more.
        qInfo("%s: mean error %.3f, p99 %d", qPrintable(clip), mean, p99);
        QVERIFY2(mean < 2.0, qPrintable(QString("mean error %1").arg(mean)));
        QVERIFY2(p99 < 24, qPrintable(QString("p99 error %1").arg(p99)));
    }

    // EXR (float planes), 10-bit DPX (integer RGB planes) and 16-bit TIFF (packed 16-bit RGB)
    // are drawn from their own samples (no RGBA on the decode thread): as the exact CPU
    // conversion; through the ACES view by OpenColorIO's GLSL: as OpenColorIO's exact CPU
    // processor, within one 8-bit code value (docs/ARCHITECTURE.md, "Colour").
    void deepPicturesAndTheViewTransformMatchTheCpu_data() {
        QTest::addColumn<QString>("sequence");
        QTest::addColumn<QString>("inputSpace");
        QTest::addColumn<int>("pixelFormat");
        QTest::newRow("EXR half") << "exr_half_zip"
                                  << "ACEScg" << int(AV_PIX_FMT_GBRPF32LE);
        QTest::newRow("DPX 10-bit") << "dpx_10bit"
                                    << "sRGB - Texture" << int(AV_PIX_FMT_GBRP10LE);
        QTest::newRow("TIFF 16-bit") << "tiff_16bit"
                                     << "sRGB - Texture" << int(AV_PIX_FMT_RGB48LE);
    }

    void deepPicturesAndTheViewTransformMatchTheCpu() {
        QFETCH(QString, sequence);
        QFETCH(QString, inputSpace);
        QFETCH(int, pixelFormat);
        auto opened = fm::openSource(ft::sequenceDir(sequence.toStdString()));
        QVERIFY(opened.ok());
        auto decoded = opened->source->frame(2);
        QVERIFY(decoded.ok());
        QCOMPARE(decoded->pixelFormat(), pixelFormat);  // the viewer is given the deep samples
        framenote::ui::GlViewerWidget viewer;
        showNativeViewer(viewer, *decoded);
        if (QTest::currentTestFailed()) return;
        fm::ServedFrame served;
        served.number = 2;
        served.frame = *decoded;
        const auto worstAgainst = [&](const fm::RgbaImage& expected) {
            viewer.showFrame(served);
            const QImage shown = viewer.grabPicture().convertToFormat(QImage::Format_RGBA8888);
            int worst = 255;
            if (shown.size() != QSize(expected.width, expected.height)) return worst;
            worst = 0;
            for (int y = 0; y < shown.height(); ++y)
                for (int x = 0; x < shown.width() * 4; ++x)
                    if (x % 4 != 3)
                        worst = std::max(
                            worst, std::abs(shown.constScanLine(y)[x] -
                                            expected.pixels[size_t(y) * expected.width * 4 + x]));
            return worst;
        };
        auto plain = decoded->toRgba();
        QVERIFY(plain.ok());
        QVERIFY(viewer.applyColour(nullptr));
        const int plainWorst = worstAgainst(*plain);
        qInfo("plain: worst %d code values", plainWorst);
        QVERIFY2(plainWorst <= 1, qPrintable(QString::number(plainWorst)));  // rounding only

        auto config = fc::ColourConfig::builtIn();
        QVERIFY(config.ok());
        for (const char* view : {"ACES 1.0 - SDR Video", "Un-tone-mapped"}) {
            auto transform = fc::DisplayTransform::create(
                *config, {inputSpace.toStdString(), "sRGB - Display", view});
            QVERIFY(transform.ok());
            QVERIFY(viewer.applyColour(*transform));
            auto exact = (*transform)->renderStill(*decoded, 0, 0);
            QVERIFY(exact.ok());
            const int worst = worstAgainst(*exact);
            qInfo("%s on the GPU against the CPU: worst %d code values", view, worst);
            QVERIFY2(worst <= 1, qPrintable(QString("%1: %2").arg(view).arg(worst)));
        }
        // The alpha channel view needs the alpha plane: the viewer declines it.
        fc::ViewSettings alpha{inputSpace.toStdString(), "sRGB - Display", "Raw"};
        alpha.channel = fm::PictureChannel::Alpha;
        auto alphaView = fc::DisplayTransform::create(*config, alpha);
        QVERIFY(alphaView.ok());
        QVERIFY(!viewer.applyColour(*alphaView));
    }
};

QTEST_MAIN(GlViewerTest)
#include "gl_viewer_test.moc"
