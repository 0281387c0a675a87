// Presenter-led sessions in the app (docs/USER_GUIDE.md, "Presenter-led sessions"): three
// windows of the real app, each with its own store, on one hosted relay. The host chooses a
// presenter-led session; a viewer's playback keys and a reviewer's compare change are refused
// and explained, while the presenter's playback reaches both; a participant asks to drive from
// the Session menu, the presenter hands over from it, and the new presenter drives the others.
#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QStandardPaths>
#include <QStatusBar>
#include <map>

#include "tests/gui/session_windows.h"
#include "ui/compare_control.h"

namespace ft = framenote::test;
namespace fs = framenote::sync;
using framenote::model::Role;

class PresenterLedTest : public ft::SessionWindows {
    Q_OBJECT

    static bool floorIs(MainWindow& w, const fs::Floor& floor) {
        return QTest::qWaitFor([&] { return session(w).floor() == floor; }, 10000);
    }
    static uint32_t numberOf(MainWindow& w) { return session(w).you(); }
    static QAction* action(MainWindow& w, const char* name) {
        auto* found = w.findChild<QAction*>(name);
        if (!found) qFatal("no action %s", name);
        return found;
    }
    static QString status(MainWindow& w) { return w.statusBar()->currentMessage(); }
    // A key pressed in `w`, made the active window first as a click on it would.
    static void press(MainWindow& w, Qt::Key key, Qt::KeyboardModifiers modifiers = {}) {
        QApplication::setActiveWindow(&w);
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, key, modifiers);
    }
    std::map<MainWindow*, qint64> shown_;  // the frame each window's viewer shows last
    void watchShownFrames(MainWindow& w) {
        connect(&w.player(), &framenote::ui::PlayerController::frameShown, this,
                [this, window = &w](const framenote::media::ServedFrame& f) {
                    shown_[window] = f.number;
                });
    }
    // `w` is at `frame` and shows it.
    bool atFrame(MainWindow& w, qint64 frame) {
        const bool ok = QTest::qWaitFor(
            [&] { return w.player().playhead() == frame && shown_[&w] == frame; }, 10000);
        if (!ok)
            qWarning("%s is at frame %lld (showing %lld), not %lld",
                     qPrintable(session(w).nameOf(session(w).you())), w.player().playhead(),
                     shown_[&w], frame);
        return ok;
    }

  private slots:
    void initTestCase() { QVERIFY(setUpWindows("presenter-led-test")); }

    void onlyThePresenterDrivesAndHandsOverToWhoAsked() {
        auto hana = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        auto gita = openWindow("Gita", clip("h264_longgop.mp4"), 0);
        auto bo = openWindow("Bo", clip("h264_longgop.mp4"), 0);
        QVERIFY(hana && gita && bo);
        for (MainWindow* w : {hana.get(), gita.get(), bo.get()}) watchShownFrames(*w);
        QVERIFY(host(*hana, 0, fs::FloorMode::PresenterLed));
        QVERIFY(joinAs(*hana, *gita, "Gita", Role::Reviewer));
        QVERIFY(joinAs(*hana, *bo, "Bo", Role::Viewer));
        const fs::Floor ledByHana{fs::FloorMode::PresenterLed, numberOf(*hana), {}};
        for (MainWindow* w : {hana.get(), gita.get(), bo.get()}) QVERIFY(floorIs(*w, ledByHana));
        QVERIFY(action(*hana, "presenterLedAction")->isChecked());
        QVERIFY(!action(*bo, "presenterLedAction")->isEnabled());  // the mode is an admin's

        // The viewer's keys move nothing, and the status bar says why.
        press(*bo, Qt::Key_Right);
        press(*bo, Qt::Key_Space);
        QCOMPARE(bo->player().playhead(), qint64(0));
        QVERIFY(!bo->player().playing());
        QVERIFY2(status(*bo).contains("Hana presents"), qPrintable(status(*bo)));
        // The presenter's step reaches both.
        for (int i = 0; i < 3; ++i) press(*hana, Qt::Key_Right);
        QVERIFY(atFrame(*hana, 3));
        QVERIFY(atFrame(*gita, 3));
        QVERIFY(atFrame(*bo, 3));
        // A follower's own compare view goes back to the presenter's, who compares nothing: B
        // stays loaded, shown only when the presenter compares with it.
        gita->compare().loadB(clip("av_sync.mp4"));
        QVERIFY(QTest::qWaitFor([&] { return gita->compare().hasB(); }, 10000));
        gita->compare().setMode(framenote::media::CompareMode::Wipe);
        QVERIFY(!gita->compare().compositing());
        QVERIFY(gita->compare().hasB());
        QVERIFY2(status(*gita).contains("Hana presents"), qPrintable(status(*gita)));

        // Gita asks to drive; the presenter is told, and hands over from the Session menu.
        action(*gita, "askToDriveAction")->trigger();
        const fs::Floor asked{fs::FloorMode::PresenterLed, numberOf(*hana), {numberOf(*gita)}};
        QVERIFY(floorIs(*hana, asked));
        QVERIFY(QTest::qWaitFor([&] { return status(*hana).contains("Gita asks to drive"); }));
        auto* handOver = hana->findChild<QMenu*>("handOverMenu");
        QVERIFY(handOver && handOver->isEnabled());
        emit handOver->aboutToShow();
        auto* toGita =
            hana->findChild<QAction*>(QStringLiteral("handOverTo_%1").arg(numberOf(*gita)));
        QVERIFY(toGita);
        QVERIFY2(toGita->text().contains("asks to drive"), qPrintable(toGita->text()));
        toGita->trigger();
        const fs::Floor ledByGita{fs::FloorMode::PresenterLed, numberOf(*gita), {}};
        for (MainWindow* w : {hana.get(), gita.get(), bo.get()}) QVERIFY(floorIs(*w, ledByGita));
        QVERIFY(gita->together().presence().presenting());
        QVERIFY(!hana->together().presence().presenting());

        // Now the host follows: its keys are refused, Gita's steps reach both others.
        press(*hana, Qt::Key_Right);
        QCOMPARE(hana->player().playhead(), qint64(3));
        QVERIFY2(status(*hana).contains("Gita presents"), qPrintable(status(*hana)));
        press(*gita, Qt::Key_Right, Qt::ShiftModifier);  // +10
        QVERIFY(atFrame(*gita, 13));
        QVERIFY(atFrame(*hana, 13));
        QVERIFY(atFrame(*bo, 13));
        // Gita plays: both others play with her; she stops, and both land on her frame.
        press(*gita, Qt::Key_Space);
        QVERIFY(QTest::qWaitFor([&] { return hana->player().playing() && bo->player().playing(); },
                                10000));
        QTest::qWait(300);
        press(*gita, Qt::Key_K);
        const qint64 stopped = gita->player().playhead();
        QVERIFY(stopped > 13);
        QVERIFY(QTest::qWaitFor(
            [&] { return !hana->player().playing() && !bo->player().playing(); }, 10000));
        QVERIFY(atFrame(*hana, stopped));
        QVERIFY(atFrame(*bo, stopped));

        // Back to open: Gita goes on presenting, and anyone may stop following and drive.
        action(*hana, "presenterLedAction")->trigger();
        for (MainWindow* w : {hana.get(), gita.get(), bo.get()}) QVERIFY(floorIs(*w, fs::Floor{}));
        QVERIFY(action(*bo, "followPresenterAction")->isEnabled());
        QVERIFY(action(*bo, "presentAction")->isEnabled());
        action(*bo, "followPresenterAction")->trigger();
        QVERIFY(!bo->together().presence().following());
        press(*bo, Qt::Key_Right);
        QVERIFY(atFrame(*bo, stopped + 1));
    }
};

QTEST_MAIN(PresenterLedTest)
#include "presenter_led_test.moc"
