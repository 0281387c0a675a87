// The OpenGL viewer's shader shows the same colours as FFmpeg's own conversion (swscale), for
// 8- and 10-bit, 4:2:0 and 4:2:2, limited range. Runs under Xvfb (llvmpipe), where GL exists.
#include <QApplication>
#include <QTest>
#include <algorithm>
#include <cmath>

#include "core/media/video_decoder.h"
#include "tests/support/test_media.h"
#include "ui/gl_viewer_widget.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

class GlViewerTest : public QObject {
    Q_OBJECT

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
        QVERIFY(viewer.nativeFormats().contains(decoded->pixelFormat()));
        viewer.resize(decoded->width(), decoded->height());
        viewer.show();
        QVERIFY(QTest::qWaitForWindowExposed(&viewer));
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
};

QTEST_MAIN(GlViewerTest)
#include "gl_viewer_test.moc"
