#pragma once
// Waiting for what the user would see, shared by the GUI tests.
#include <QImage>
#include <QObject>
#include <QTest>
#include <cstdlib>
#include <limits>

#include "tests/support/wait.h"
#include "ui/main_window.h"

namespace framenote::test {

// Waits until the viewer shows frame n; returns that frame (number -1 on a timeout).
inline media::ServedFrame waitForShownFrame(ui::MainWindow& window, qint64 n,
                                            int timeoutMs = 10000) {
    media::ServedFrame shown;
    QObject context;
    QObject::connect(&window.player(), &ui::PlayerController::frameShown, &context,
                     [&](const media::ServedFrame& f) {
                         if (f.number == n) shown = f;
                     });
    if (!QTest::qWaitFor([&] { return shown.number == n; }, timeoutMs)) return {};
    return shown;
}

inline bool waitForFrame(ui::MainWindow& window, qint64 n) {
    return waitForShownFrame(window, n).number == n;
}

// The mean difference of two pictures per colour channel, in 8-bit code values (alpha left
// out); infinite when their sizes differ.
inline double meanAbsoluteDifference(const QImage& a, const QImage& b) {
    if (a.size() != b.size() || a.isNull()) return std::numeric_limits<double>::infinity();
    const QImage x = a.convertToFormat(QImage::Format_RGBA8888);
    const QImage y = b.convertToFormat(QImage::Format_RGBA8888);
    double sum = 0;
    for (int row = 0; row < x.height(); ++row) {
        const uchar* p = x.constScanLine(row);
        const uchar* q = y.constScanLine(row);
        for (int i = 0; i < x.width() * 4; ++i)
            if (i % 4 != 3) sum += std::abs(p[i] - q[i]);
    }
    return sum / (3.0 * x.width() * x.height());
}

}  // namespace framenote::test
