#pragma once
// Waiting for what the user would see, shared by the GUI tests.
#include <QObject>
#include <QTest>

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

}  // namespace framenote::test
