// Reviewing together: one app window hosts a session (the embedded relay on a loopback port),
// a second window in the same process joins with the invitation, each with its own store file.
// What one draws is stored and shown by the other on the same frame; follow mode moves the
// follower to the presenter's exact frame; another clip is refused with a message; and with the
// relay gone the status bar counts the edits waiting for it, which are sent when it returns.
#include <sqlite3.h>

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMouseEvent>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>

#include "core/media/media_fingerprint.h"
#include "core/sqlite/sqlite_db.h"
#include "core/store/draft_store.h"
#include "tests/gui/gui_test_support.h"
#include "tests/gui/session_windows.h"
#include "tests/support/list_rows.h"
#include "tests/support/relay_process.h"
#include "tests/support/test_media.h"
#include "ui/app_translator.h"
#include "ui/clip_fetch.h"
#include "ui/colour_control.h"
#include "ui/compare_control.h"
#include "ui/host_session_dialog.h"
#include "ui/join_session_dialog.h"
#include "ui/laser_trails.h"
#include "ui/main_window.h"
#include "ui/session_link.h"
#include "ui/session_ui.h"

namespace fm = framenote::media;
namespace ft = framenote::test;
using framenote::Status;
using framenote::ui::MainWindow;
using framenote::ui::PlayerController;
using framenote::ui::SessionController;
using framenote::ui::Tool;

class SessionTest : public ft::SessionWindows {
    Q_OBJECT

    void drag(MainWindow& window, QPointF from, QPointF to) {
        auto& overlay = window.annotations().overlay();
        const QPoint a = overlay.toWidget({from.x(), from.y()}).toPoint();
        const QPoint b = overlay.toWidget({to.x(), to.y()}).toPoint();
        QTest::mousePress(&overlay, Qt::LeftButton, {}, a);
        QTest::mouseMove(&overlay, (a + b) / 2);
        QTest::mouseMove(&overlay, b);
        QTest::mouseRelease(&overlay, Qt::LeftButton, {}, b);
    }

    // An invitation to `room` on a server relay with a media port, for `user` in `role`, made
    // by `framenote-relay token` as an operator would.
    static framenote::ui::SessionInvite serverInvite(const framenote::test::RelayProcess& relay,
                                                     const char* user, const char* role,
                                                     const QString& room, const QString& clip) {
        QByteArray token;
        framenote::test::runRelay({"token", "--data-dir", relay.dataDir(), "--user", user, "--role",
                                   role, "--room", room},
                                  &token);
        framenote::ui::SessionInvite invite;
        invite.relay = QUrl(relay.url());
        invite.token = QString::fromLatin1(token).trimmed();
        invite.room = room;
        invite.clip = clip;
        invite.mediaPort = relay.mediaPort();
        return invite;
    }

    // The notes a window's store file holds for its clip, read through a second connection.
    static std::vector<framenote::model::Annotation> stored(MainWindow& window) {
        window.annotations().store().flush();
        auto store = framenote::store::DraftStore::open(window.property("storePath").toString());
        if (!store) qFatal("%s", store.error().c_str());
        auto all = (*store)->queries().page(window.annotations().session().mediaId(), {}, 1000);
        if (!all) qFatal("%s", all.error().c_str());
        return all->items;
    }

    // Widget coordinates of the picture point (x, y) on `overlay`.
    static QPoint at(framenote::ui::AnnotationOverlay& overlay, double x, double y) {
        return overlay.toWidget({x, y}).toPoint();
    }
    // Something is drawn at picture point (x, y): the overlay alone, rendered over black.
    static bool litAt(framenote::ui::AnnotationOverlay& overlay, double x, double y) {
        QImage image(overlay.size(), QImage::Format_ARGB32);
        image.fill(Qt::black);
        overlay.render(&image);
        const QColor c = image.pixelColor(at(overlay, x, y));
        return c.red() + c.green() + c.blue() > 60;
    }

    // Hana hosting the long-GOP clip and Gustav joined with it, both listed as participants.
    bool hostAndGuest(std::unique_ptr<MainWindow>* host, std::unique_ptr<MainWindow>* guest) {
        *host = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        *guest = openWindow("Gustav", clip("h264_longgop.mp4"), 0);
        return *host && *guest && hostAndJoin(**host, **guest) &&
               QTest::qWaitFor([&] { return session(**guest).participants().size() == 2; }, 10000);
    }

    // Hosts from `host` on a free port through its Host dialog, as the user "Hana".
    bool hostThroughTheDialog(MainWindow& host, framenote::ui::HostSessionDialog& dialog) {
        QSettings().setValue("userName", "Hana");
        dialog.portField()->setValue(freePort());
        return dialog.startHosting() && waitOnline(host);
    }

  private slots:
    void initTestCase() { QVERIFY(setUpWindows("session-test")); }

    void invitationCarriesRelayTokenAndRoom() {
        framenote::ui::SessionInvite invite;
        invite.relay = QUrl("ws://192.168.1.20:7370/");
        invite.token = "eyJ2IjoxfQ.c2ln";
        invite.room = "9f2c0c2e";
        invite.clip = "shot 010.mov";
        const QString text = framenote::ui::formatInvite(invite);
        QVERIFY(text.startsWith("framenote://192.168.1.20:7370/"));
        auto back = framenote::ui::parseInvite(text);
        QVERIFY(back);
        QCOMPARE(back->relay, QUrl("ws://192.168.1.20:7370/"));
        QCOMPARE(back->token, invite.token);
        QCOMPARE(back->room, invite.room);
        QCOMPARE(back->clip, invite.clip);
        // An address and a separate token work too.
        auto plain = framenote::ui::parseInvite("10.0.0.5:7400", "tok.en");
        QVERIFY(plain);
        QCOMPARE(plain->relay, QUrl("ws://10.0.0.5:7400/"));
        QCOMPARE(plain->token, QString("tok.en"));
        QVERIFY(!framenote::ui::parseInvite("not an address at all"));
    }

    void rectDrawnByOneAppearsInTheOtherOnTheSameFrame() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 42);
        QVERIFY(host);
        // The guest's copy lives under another path: the room is the content fingerprint.
        auto guest = openWindow("Gustav", copyOf("h264_longgop.mp4"), 0);
        QVERIFY(guest);
        QVERIFY(hostAndJoin(*host, *guest));
        QCOMPARE(session(*host).room(), session(*guest).room());
        QCOMPARE(guest->annotations().session().actor(), QString("Gita"));
        QVERIFY(QTest::qWaitFor([&] { return session(*guest).participants().size() == 2; }, 10000));
        QVERIFY(guest->together().stateLabel()->text().startsWith("Online"));

        host->annotations().setTool(Tool::Rect);
        drag(*host, {0.25, 0.25}, {0.5, 0.75});
        QCOMPARE(host->annotations().session().state().annotations().size(), size_t(1));
        const framenote::model::Annotation drawn =
            *host->annotations().session().state().annotations().front();

        // The guest's store and notes get it, on frame 42, with the same geometry.
        QVERIFY(QTest::qWaitFor(
            [&] { return guest->annotations().session().state().find(drawn.id); }, 10000));
        const auto notes = stored(*guest);
        QCOMPARE(notes.size(), size_t(1));
        QCOMPARE(notes.front().id, drawn.id);
        QCOMPARE(notes.front().firstFrame, 42);
        QCOMPARE(notes.front().lastFrame, 42);
        QCOMPARE(notes.front().author, QString("Hana"));
        QCOMPARE(notes.front().points.size(), drawn.points.size());
        for (size_t i = 0; i < drawn.points.size(); ++i) {
            QCOMPARE(notes.front().points[i].x, drawn.points[i].x);
            QCOMPARE(notes.front().points[i].y, drawn.points[i].y);
        }
        // The guest's notes panel lists it as it arrived (it is refreshed at most 10 times a
        // second).
        QTRY_COMPARE(ft::ListRows(guest->notes().list()).count(), 1);
        QVERIFY(ft::ListRows(guest->notes().list()).text(0).contains("Hana"));
        // Not on the guest's overlay at frame 0; there at frame 42.
        QVERIFY(guest->annotations().overlay().annotations().empty());
        guest->player().seek(42);
        QVERIFY(ft::waitForFrame(*guest, 42));
        QCOMPARE(guest->annotations().overlay().annotations().size(), size_t(1));
        QCOMPARE(guest->annotations().overlay().annotations().front().id, drawn.id);

        // And the other way round, live on the host's overlay (it shows frame 42).
        guest->annotations().setTool(Tool::Ellipse);
        drag(*guest, {0.6, 0.1}, {0.9, 0.4});
        QVERIFY(QTest::qWaitFor(
            [&] { return host->annotations().overlay().annotations().size() == 2; }, 10000));
        QVERIFY(QTest::qWaitFor(
            [&] { return session(*guest).pending() == 0 && session(*host).pending() == 0; },
            10000));
        QCOMPARE(stored(*host).size(), size_t(2));
        QCOMPARE(guest->together().stateLabel()->text(), QString("Online"));
    }

    // Others' edits in a busy room are applied as they arrive, not by reading every note of the
    // clip again: the guest's notes are never reloaded while it has no edit of its own on the
    // way, and still equal what its store holds. An edit of its own in between costs a reload,
    // after which the others' edits apply directly again.
    void othersEditsApplyWithoutReadingEveryNoteAgain() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 5);
        QVERIFY(host);
        auto guest = openWindow("Gustav", copyOf("h264_longgop.mp4"), 5);
        QVERIFY(guest);
        QVERIFY(hostAndJoin(*host, *guest));
        auto& theirs = host->annotations().session();
        auto& mine = guest->annotations().session();
        const auto sameAsStored = [&] {
            const auto notes = stored(*guest);
            if (notes.size() != mine.state().size()) return false;
            for (const auto& note : notes) {
                const framenote::model::Annotation* shown = mine.state().find(note.id);
                if (!shown || !(*shown == note)) return false;
            }
            return ft::ListRows(guest->notes().list()).count() == static_cast<int>(notes.size()) &&
                   guest->timeline().markers().size() == notes.size();
        };
        QTRY_VERIFY_WITH_TIMEOUT(session(*guest).pending() == 0, 10000);
        const int loadsBefore = mine.loadCount();

        std::vector<QUuid> ids;
        for (int i = 0; i < 6; ++i) {
            framenote::model::Annotation a;
            a.id = QUuid::createUuid();
            a.mediaId = theirs.mediaId();
            a.firstFrame = a.lastFrame = 5 + i;
            a.kind = framenote::model::Kind::Rect;
            a.author = theirs.actor();
            a.createdMs = QDateTime::currentMSecsSinceEpoch();
            a.points = {{0.1, 0.1}, {0.2 + 0.05 * i, 0.3}};
            QVERIFY(theirs.edit(framenote::model::makeCreate(a, theirs.actor(), theirs.role())));
            ids.push_back(a.id);
        }
        framenote::model::FieldChanges moved;
        moved.frames = std::make_pair<int64_t, int64_t>(40, 44);
        QVERIFY(theirs.edit(framenote::model::makeSetFields(theirs.mediaId(), ids[0], moved,
                                                            theirs.actor(), theirs.role())));
        QVERIFY(theirs.edit(framenote::model::makeResolve(theirs.mediaId(), ids[1], true,
                                                          theirs.actor(), theirs.role())));
        QVERIFY(theirs.edit(framenote::model::makeReply(theirs.mediaId(), ids[2], "agreed",
                                                        theirs.actor(), theirs.role())));
        QVERIFY(theirs.edit(
            framenote::model::makeDelete(theirs.mediaId(), ids[3], theirs.actor(), theirs.role())));
        QTRY_VERIFY_WITH_TIMEOUT(mine.state().size() == 5 && mine.state().find(ids[2]) &&
                                     mine.state().find(ids[2])->replies.size() == 1,
                                 10000);
        QTRY_VERIFY_WITH_TIMEOUT(sameAsStored(), 5000);
        QCOMPARE(mine.loadCount(), loadsBefore);
        QCOMPARE(mine.state().find(ids[0])->firstFrame, 40);
        // The moved note left the guest's frame 5 and is drawn where it went.
        QTRY_VERIFY(guest->annotations().overlay().annotations().empty());
        guest->player().seek(42);
        QVERIFY(ft::waitForFrame(*guest, 42));
        QCOMPARE(guest->annotations().overlay().annotations().size(), size_t(1));
        QCOMPARE(guest->annotations().overlay().annotations().front().id, ids[0]);

        // An edit of the guest's own: the next edit from the host makes it read its notes again.
        QVERIFY(mine.edit(framenote::model::makeReply(mine.mediaId(), ids[4], "seen", mine.actor(),
                                                      mine.role())));
        QVERIFY(theirs.edit(framenote::model::makeResolve(theirs.mediaId(), ids[5], true,
                                                          theirs.actor(), theirs.role())));
        QTRY_VERIFY_WITH_TIMEOUT(
            mine.state().find(ids[5]) &&
                mine.state().find(ids[5])->status == framenote::model::Status::Resolved,
            10000);
        QTRY_VERIFY_WITH_TIMEOUT(session(*guest).pending() == 0, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(mine.loadCount() > loadsBefore, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(sameAsStored(), 5000);
        // Once its edit is confirmed and read back, the host's edits apply directly again.
        QVERIFY(theirs.edit(framenote::model::makeResolve(theirs.mediaId(), ids[5], false,
                                                          theirs.actor(), theirs.role())));
        QTRY_VERIFY_WITH_TIMEOUT(
            mine.state().find(ids[5])->status == framenote::model::Status::Open, 10000);
        const int loadsAfter = mine.loadCount();
        QVERIFY(theirs.edit(framenote::model::makeResolve(theirs.mediaId(), ids[5], true,
                                                          theirs.actor(), theirs.role())));
        QTRY_VERIFY_WITH_TIMEOUT(
            mine.state().find(ids[5])->status == framenote::model::Status::Resolved, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(sameAsStored(), 5000);
        QCOMPARE(mine.loadCount(), loadsAfter);
    }

    // The participants list says each person's role in the user's language, like the rest of
    // the line (the protocol's role names are English words).
    void participantsRolesAreInTheUsersLanguage() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        auto guest = openWindow("Gustav", copyOf("h264_longgop.mp4"), 0);
        QVERIFY(host && guest);
        QVERIFY(hostAndJoin(*host, *guest));
        auto* list = guest->findChild<QListWidget*>("participantsList");
        QVERIFY(list);
        const auto lines = [&] {
            QStringList texts;
            for (int i = 0; i < list->count(); ++i) texts << list->item(i)->text();
            return texts.join('\n');
        };
        QTRY_VERIFY2(lines().contains("admin") && lines().contains("reviewer"),
                     qPrintable(lines()));
        QVERIFY(framenote::ui::useLanguage("zh_CN"));
        QTRY_VERIFY2(lines().contains(QString::fromUtf8("管理员")) &&
                         lines().contains(QString::fromUtf8("审阅者")) &&
                         !lines().contains("admin"),
                     qPrintable(lines()));
        // Back to no translation at all, as the other tests of this process expect.
        QVERIFY(!framenote::ui::useLanguage("C"));
        QTRY_VERIFY(lines().contains("admin"));
    }

    void notesMadeBeforeJoiningUnderTheLocalNameAreSharedNotRefused() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        QVERIFY(host);
        // Gustav reviews on his own first: the note is his, pending sync.
        auto guest = openWindow("Gustav", clip("h264_longgop.mp4"), 0);
        QVERIFY(guest);
        guest->annotations().setTool(Tool::Rect);
        drag(*guest, {0.2, 0.2}, {0.4, 0.4});
        QCOMPARE(stored(*guest).front().author, QString("Gustav"));
        // Then he joins with an invitation that names him Gita.
        QVERIFY(hostAndJoin(*host, *guest));
        QVERIFY(QTest::qWaitFor(
            [&] { return host->annotations().session().state().annotations().size() == 1; },
            10000));
        QVERIFY(QTest::qWaitFor([&] { return session(*guest).pending() == 0; }, 10000));
        QCOMPARE(stored(*host).front().author, QString("Gita"));
        QCOMPARE(stored(*guest).front().author, QString("Gita"));
        QCOMPARE(stored(*guest).size(), size_t(1));  // shared, not refused and lost
    }

    void aPortInUseIsReportedWithoutFreezingTheWindow() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        QVERIFY(host);
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::Any, 0));
        QSignalSpy failed(&session(*host), &SessionController::hostFailed);
        // host() returns at once; the relay thread reports the failure.
        QVERIFY(session(*host).host(squatter.serverPort(), dir_.filePath("relay-port-in-use")));
        QVERIFY(session(*host).hostStarting());
        QVERIFY(failed.wait(10000));
        QVERIFY2(
            failed.first().first().toString().contains(QString::number(squatter.serverPort())) ||
                failed.first().first().toString().contains("in use", Qt::CaseInsensitive),
            qPrintable(failed.first().first().toString()));
        QCOMPARE(session(*host).mode(), SessionController::Mode::None);
        // Free again, the same call hosts.
        const quint16 port = squatter.serverPort();
        squatter.close();
        QVERIFY(session(*host).host(port, dir_.filePath("relay-port-in-use")));
        QVERIFY(waitOnline(*host));
        QCOMPARE(session(*host).mode(), SessionController::Mode::Hosting);
    }

    void followModeMovesEveryoneToThePresentersFrame() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        QVERIFY(host);
        auto guest = openWindow("Gustav", clip("h264_longgop.mp4"), 10);
        QVERIFY(guest);
        QSettings().setValue("userColor", "#12ab34");
        QVERIFY(hostAndJoin(*host, *guest));
        QSettings().remove("userColor");
        QVERIFY(QTest::qWaitFor([&] { return session(*guest).participants().size() == 2; }, 10000));
        QVERIFY(guest->together().presence().following());

        // Watched from before the seek: the guest's frame 77 cannot be shown unseen.
        qint64 guestShows = -1;
        QObject watch;
        QObject::connect(&guest->player(), &PlayerController::frameShown, &watch,
                         [&](const fm::ServedFrame& f) { guestShows = f.number; });
        host->together().presence().setPresenting(true);
        host->player().seek(77);
        QVERIFY(QTest::qWaitFor([&] { return guest->player().playhead() == 77; }, 10000));
        QVERIFY(QTest::qWaitFor([&] { return guestShows == 77; }, 10000));
        QCOMPARE(guest->together().presence().presenter(), session(*host).you());
        // A banner over the picture says whom this player follows.
        auto* banner = guest->findChild<QLabel*>("followBanner");
        QVERIFY(banner);
        QTRY_VERIFY(banner->isVisible());
        QVERIFY2(banner->text().contains("Following Hana"), qPrintable(banner->text()));
        QVERIFY(!host->findChild<QLabel*>("followBanner")->isVisible());

        // Play together, then pause: the follower lands on the presenter's frame exactly.
        host->player().togglePlay();
        QVERIFY(QTest::qWaitFor([&] { return guest->player().playing(); }, 10000));
        ft::settle(600, "both players run for a while before the pause");
        host->player().pause();
        QVERIFY(QTest::qWaitFor([&] { return !guest->player().playing(); }, 10000));
        const qint64 stoppedAt = host->player().playhead();
        QVERIFY(stoppedAt > 77);
        QVERIFY(QTest::qWaitFor([&] { return guest->player().playhead() == stoppedAt; }, 10000));
        ft::settle(200, "five frame periods: a follower still running would move");
        QCOMPARE(guest->player().playhead(), stoppedAt);

        // The host's pointer over the picture shows on the guest's, in its place.
        auto& overlay = host->annotations().overlay();
        const QPointF at = overlay.toWidget({0.3, 0.6});
        QMouseEvent move(QEvent::MouseMove, at, overlay.mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                         Qt::NoModifier);
        QCoreApplication::sendEvent(&overlay, &move);
        auto* layer = guest->together().cursorLayer();
        QVERIFY(QTest::qWaitFor([&] { return layer->cursors().size() == 1; }, 10000));
        QCOMPARE(layer->cursors().front().name, QString("Hana"));
        QVERIFY(std::abs(layer->cursors().front().at.x - 0.3) < 0.01);
        QVERIFY(std::abs(layer->cursors().front().at.y - 0.6) < 0.01);
        // In the colour the host chose (it travels with the presence), and a new choice in the
        // host's settings reaches the guest at once.
        QCOMPARE(layer->cursors().front().color, QColor("#12ab34"));
        QCOMPARE(session(*guest).colorOf(session(*host).you(), "Hana"), QColor("#12ab34"));
        session(*host).setOwnColor(QColor("#aa3300"));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !layer->cursors().empty() &&
                       layer->cursors().front().color == QColor("#aa3300");
            },
            10000));
        // Both are listed, with the presenter marked.
        auto* list = guest->together().participantsPanel()->list();
        QCOMPARE(list->count(), 2);
        bool presenterShown = false;
        for (int i = 0; i < list->count(); ++i)
            presenterShown |= list->item(i)->text().startsWith("Hana") &&
                              list->item(i)->text().contains("presenting");
        QVERIFY(presenterShown);

        // Not following: the presenter no longer moves this player.
        guest->together().presence().setFollowing(false);
        bool heardFive = false;
        QObject context;
        QObject::connect(&session(*guest), &SessionController::presenceReceived, &context,
                         [&](const framenote::sync::Presence& p) {
                             heardFive = heardFive || p.playheadFrame == 5;
                         });
        host->player().seek(5);
        // The guest has the presenter's new frame (it would follow it at once: seek() is
        // synchronous), and stays where it was.
        QVERIFY(QTest::qWaitFor([&] { return heardFive; }, 10000));
        QCOMPARE(guest->player().playhead(), stoppedAt);
    }

    // A presenter's compare view is followed: a guest with the same B version (another copy,
    // the same media id) shows the same mode, offset and wipe; a guest without it is told which
    // version to load; when the presenter stops comparing, the guest shows A alone.
    void theComparedViewIsFollowedLikeThePlayhead() {
        std::unique_ptr<MainWindow> host, guest;
        QVERIFY(hostAndGuest(&host, &guest));
        QSignalSpy asked(&guest->compare(), &framenote::ui::CompareControl::message);
        host->together().presence().setPresenting(true);
        QSignalSpy hostOpened(&host->compare(), &framenote::ui::CompareControl::opened);
        host->compare().loadB(clip("av_sync.mp4"));
        QVERIFY(hostOpened.wait(10000));
        host->compare().setMode(fm::CompareMode::SideBySide);
        host->compare().setOffset(5);
        QVERIFY(QTest::qWaitFor([&] { return !asked.isEmpty(); }, 10000));
        QVERIFY2(asked.last().at(0).toString().contains("av_sync.mp4"),
                 qPrintable(asked.last().at(0).toString()));
        QVERIFY(!guest->compare().compositing());

        QSignalSpy guestOpened(&guest->compare(), &framenote::ui::CompareControl::opened);
        guest->compare().loadB(copyOf("av_sync.mp4"));
        QVERIFY(guestOpened.wait(10000));
        host->compare().setWipe(0.75);  // any change: the presence goes out again
        host->compare().setMode(fm::CompareMode::Difference);
        QVERIFY(QTest::qWaitFor(
            [&] { return guest->compare().layout().mode == fm::CompareMode::Difference; }, 10000));
        QCOMPARE(guest->compare().offset(), 5);
        QVERIFY(std::abs(guest->compare().layout().wipe - 0.75) < 0.001);
        host->compare().setMode(fm::CompareMode::A);
        QVERIFY(QTest::qWaitFor([&] { return !guest->compare().compositing(); }, 10000));
    }

    // A presenter's colour view (exposure, channel, colour management on or off) is shown by a
    // follower while it follows, and the follower's own comes back when the presenting ends.
    void thePresentersColourViewIsFollowedAndTheOwnOneComesBack() {
        std::unique_ptr<MainWindow> host, guest;
        QVERIFY(hostAndGuest(&host, &guest));
        host->colour().setConfigChoice("builtin");
        guest->colour().setConfigChoice("builtin");
        QVERIFY(host->colour().transform());
        guest->colour().setExposure(-1.0);  // the follower's own

        host->colour().setExposure(2.5);
        host->colour().setChannel(fm::PictureChannel::Red);
        host->together().presence().setPresenting(true);
        QVERIFY(QTest::qWaitFor([&] { return guest->colour().view().exposure == 2.5; }, 10000));
        QCOMPARE(guest->colour().view().channel, int(fm::PictureChannel::Red));
        QVERIFY(guest->colour().following());
        QVERIFY2(guest->colour().statusLabel()->text().contains("as the presenter"),
                 qPrintable(guest->colour().statusLabel()->text()));
        QCOMPARE(guest->colour().exposure(), -1.0);  // the user's own choice is kept aside

        // The presenter turns colour management off: so does the follower's view.
        host->colour().setConfigChoice("off");
        QVERIFY(QTest::qWaitFor([&] { return !guest->colour().view().managed; }, 10000));
        QVERIFY(!guest->colour().transform());
        QCOMPARE(guest->colour().view().channel, int(fm::PictureChannel::Red));

        host->together().presence().setPresenting(false);
        QVERIFY(QTest::qWaitFor([&] { return !guest->colour().following(); }, 10000));
        QVERIFY(guest->colour().transform());
        QCOMPARE(guest->colour().view().exposure, -1.0);
        QCOMPARE(guest->colour().view().channel, int(fm::PictureChannel::Colour));
        QSettings().remove("colourConfig");
    }

    // The laser pointer: a trail drawn on the host's picture glows on the guest's over the same
    // place while the pointer moves, fades out within about two seconds, and leaves nothing in
    // either store or in the relay's log (one note made before it is all there is).
    void aLaserTrailReachesTheOthersFadesAndIsNeverStored() {
        std::unique_ptr<MainWindow> host, guest;
        QVERIFY(hostAndGuest(&host, &guest));
        auto& hostOverlay = host->annotations().overlay();
        auto& guestOverlay = guest->annotations().overlay();
        // One real note first: the log and the stores hold exactly it afterwards.
        host->annotations().setTool(framenote::ui::Tool::Rect);
        QTest::mousePress(&hostOverlay, Qt::LeftButton, {}, at(hostOverlay, 0.1, 0.1));
        QTest::mouseMove(&hostOverlay, at(hostOverlay, 0.2, 0.2));
        QTest::mouseRelease(&hostOverlay, Qt::LeftButton, {}, at(hostOverlay, 0.2, 0.2));
        QVERIFY(QTest::qWaitFor(
            [&] { return guest->annotations().session().state().annotations().size() == 1; },
            10000));

        host->annotations().setTool(framenote::ui::Tool::Laser);
        QTest::mousePress(&hostOverlay, Qt::LeftButton, {}, at(hostOverlay, 0.2, 0.5));
        for (int i = 1; i <= 12; ++i) {
            QTest::mouseMove(&hostOverlay, at(hostOverlay, 0.2 + 0.05 * i, 0.5));
            QTest::qWait(20);
        }
        const uint32_t hostNumber = session(*host).you();
        auto& trails = guest->annotations().laser();
        QVERIFY(QTest::qWaitFor([&] { return trails.hasTrail(hostNumber); }, 5000));
        // The guest's overlay alone, over black: the trail's glow where the pointer went.
        const auto lit = [&](double x, double y) { return litAt(guestOverlay, x, y); };
        QVERIFY(QTest::qWaitFor([&] { return lit(0.5, 0.5); }, 5000));
        QVERIFY(!lit(0.5, 0.8));
        QTest::mouseRelease(&hostOverlay, Qt::LeftButton, {}, at(hostOverlay, 0.8, 0.5));
        // Faded: gone from the guest's screen (and the host's) within the fade and a margin.
        QVERIFY(QTest::qWaitFor([&] { return !trails.hasTrail(hostNumber); }, 4000));
        QVERIFY(!lit(0.5, 0.5));
        QVERIFY(QTest::qWaitFor(
            [&] { return !host->annotations().laser().localTrail().has_value(); }, 4000));

        QCOMPARE(host->annotations().session().state().annotations().size(), size_t(1));
        QCOMPARE(guest->annotations().session().state().annotations().size(), size_t(1));
        host->annotations().store().flush();
        guest->annotations().store().flush();
        const QString log =
            dir_.filePath(QString("relay-%1/relay.sqlite").arg(QTest::currentTestFunction()));
        QVERIFY2(QFile::exists(log), qPrintable(log));
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open_v2(log.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr),
                 SQLITE_OK);
        sqlite3_stmt* count = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "SELECT count(*) FROM operations", -1, &count, nullptr),
                 SQLITE_OK);
        QCOMPARE(sqlite3_step(count), SQLITE_ROW);
        const int logged = sqlite3_column_int(count, 0);
        sqlite3_finalize(count);
        sqlite3_close(db);
        QCOMPARE(logged, 1);
    }

    // A freehand stroke shows on the other screen while it is being drawn, and becomes the note
    // when the pen lifts; a stroke abandoned by a dropped connection disappears from the others.
    void aStrokeIsSeenWhileItIsDrawnAndAnAbandonedOneDisappears() {
        std::unique_ptr<MainWindow> host, guest;
        QVERIFY(hostAndGuest(&host, &guest));
        auto& guestOverlay = guest->annotations().overlay();
        auto& hostOverlay = host->annotations().overlay();
        guest->annotations().setTool(framenote::ui::Tool::Freehand);
        QTest::mousePress(&guestOverlay, Qt::LeftButton, {}, at(guestOverlay, 0.2, 0.3));
        for (int i = 1; i <= 10; ++i) {
            QTest::mouseMove(&guestOverlay, at(guestOverlay, 0.2 + 0.05 * i, 0.3));
            QTest::qWait(20);
        }
        // On the host's screen before the pen lifts, over the same place, and not yet a note.
        QVERIFY(QTest::qWaitFor([&] { return hostOverlay.remoteDrawings() == 1; }, 5000));
        const auto lit = [&](double x, double y) { return litAt(hostOverlay, x, y); };
        QVERIFY(QTest::qWaitFor([&] { return lit(0.5, 0.3); }, 5000));
        QVERIFY(!lit(0.5, 0.7));
        QCOMPARE(host->annotations().session().state().annotations().size(), size_t(0));
        QTest::mouseRelease(&guestOverlay, Qt::LeftButton, {}, at(guestOverlay, 0.7, 0.3));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return host->annotations().session().state().annotations().size() == 1 &&
                       hostOverlay.remoteDrawings() == 0;
            },
            5000));

        // Another stroke, then the guest's connection goes: it vanishes from the host's screen.
        QTest::mousePress(&guestOverlay, Qt::LeftButton, {}, at(guestOverlay, 0.2, 0.6));
        QTest::mouseMove(&guestOverlay, at(guestOverlay, 0.4, 0.6));
        QVERIFY(QTest::qWaitFor([&] { return hostOverlay.remoteDrawings() == 1; }, 5000));
        session(*guest).leave();
        QVERIFY(QTest::qWaitFor([&] { return hostOverlay.remoteDrawings() == 0; }, 10000));
        QCOMPARE(host->annotations().session().state().annotations().size(), size_t(1));
    }

    void anotherClipIsRefusedWithAMessage() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        QVERIFY(host);
        auto guest = openWindow("Gustav", clip("h264_opengop.mp4"), 0);
        QVERIFY(guest);
        // Through the dialogs, as a user does it.
        framenote::ui::HostSessionDialog hostDialog(&session(*host), host.get());
        QVERIFY(hostThroughTheDialog(*host, hostDialog));
        QCOMPARE(session(*host).mode(), SessionController::Mode::Hosting);
        const QString invitation = hostDialog.invitationField()->text();
        QVERIFY2(invitation.startsWith("framenote://"), qPrintable(invitation));
        auto invite = framenote::ui::parseInvite(invitation);
        QVERIFY(invite);
        QCOMPARE(invite->room, session(*host).room());
        QCOMPARE(invite->relay.port(), int(session(*host).relay().port()));

        // The invitation names the room: without the host's media port to fetch the clip from,
        // refused before connecting, and the dialog says why.
        QVERIFY(invite->mediaPort != 0);
        framenote::ui::SessionInvite noMedia = *invite;
        noMedia.mediaPort = 0;
        framenote::ui::JoinSessionDialog joinDialog(&session(*guest), guest.get());
        joinDialog.invitationField()->setText(framenote::ui::formatInvite(noMedia));
        QVERIFY(!joinDialog.tryJoin());
        QVERIFY2(joinDialog.statusLabel()->text().contains("another clip"),
                 qPrintable(joinDialog.statusLabel()->text()));
        QCOMPARE(session(*guest).mode(), SessionController::Mode::None);

        // An address and token only: the relay refuses the room, and the user is told why.
        auto bare = framenote::ui::parseInvite(
            QString("127.0.0.1:%1").arg(session(*host).relay().port()), invite->token);
        QVERIFY(bare);
        QVERIFY(bare->room.isEmpty());
        QVERIFY(session(*guest).join(*bare));
        QVERIFY(QTest::qWaitFor(
            [&] { return session(*guest).mode() == SessionController::Mode::None; }, 10000));
        QVERIFY2(session(*guest).lastError().contains("another clip"),
                 qPrintable(session(*guest).lastError()));
        QVERIFY2(guest->statusBar()->currentMessage().contains("another clip"),
                 qPrintable(guest->statusBar()->currentMessage()));
        QVERIFY(session(*guest).participants().empty());
    }

    // Leaving and joining again at once: what the old connection still says (stopping, it
    // reports Offline from the store thread) never reaches the controller, and the old link is
    // deleted once the store thread has deleted its session (ui/session_link.h).
    void rejoiningHearsOnlyTheNewConnection() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        QVERIFY(host);
        auto guest = openWindow("Gustav", clip("h264_longgop.mp4"), 0);
        QVERIFY(guest);
        QVERIFY(hostAndJoin(*host, *guest));
        auto invite = framenote::ui::parseInvite(session(*host).invite("Gita", "127.0.0.1"));
        QVERIFY(invite);
        SessionController& controller = session(*guest);
        QCOMPARE(controller.findChildren<framenote::ui::SessionLink*>().size(), qsizetype(1));

        controller.leave();
        std::vector<SessionController::State> states;
        QObject listening;
        connect(&controller, &SessionController::stateChanged, &listening,
                [&] { states.push_back(controller.state()); });
        QVERIFY(controller.join(*invite));
        QVERIFY(waitOnline(*guest));
        // The old link goes after everything its session sent it (posted before its deletion).
        QTRY_COMPARE(controller.findChildren<framenote::ui::SessionLink*>().size(), qsizetype(1));
        // join() announces the mode while still offline; from its first Connecting on, only the
        // new connection speaks.
        const auto connecting =
            std::find(states.begin(), states.end(), SessionController::State::Connecting);
        QVERIFY(connecting != states.end());
        QVERIFY(std::find(connecting, states.end(), SessionController::State::Offline) ==
                states.end());
    }

    // The host picks what an invitation grants: a viewer watches and follows, and cannot add notes.
    // A guest without the clip joins anyway: the clip comes from the host's relay (with a
    // progress dialog), byte-identical, opens, and the session is joined on it.
    void aGuestWithoutTheClipFetchesItFromTheHostAndJoins() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 42);
        auto guest = openWindow("Gustav", clip("h264_opengop.mp4"), 0);
        QVERIFY(host && guest);
        QVERIFY(this->host(*host));
        const QString invitation = session(*host).invite("Gustav", "127.0.0.1");
        auto invite = framenote::ui::parseInvite(invitation);
        QVERIFY(invite && invite->mediaPort != 0);
        // The Downloads folder is the test's (it lies under HOME), not the user's.
        const QByteArray home = qgetenv("HOME");
        qputenv("HOME", dir_.filePath("home").toUtf8());
        const auto restoreHome = qScopeGuard([&] { qputenv("HOME", home); });
        QVERIFY(framenote::ui::ClipFetch::targetPath(*invite).startsWith(dir_.path()));
        framenote::ui::JoinSessionDialog joinDialog(&session(*guest), guest.get());
        connect(&joinDialog, &framenote::ui::JoinSessionDialog::fetchRequested, guest.get(),
                [&](const framenote::ui::SessionInvite& i) { guest->together().fetchAndJoin(i); });
        joinDialog.invitationField()->setText(invitation);
        QVERIFY(joinDialog.tryJoin());
        QVERIFY2(waitOnline(*guest),
                 qPrintable(guest->statusBar()->currentMessage() + " | " +
                            QString::fromStdString(guest->player().media()->info.path) + " | " +
                            QString::number(int(session(*guest).mode()))));
        QCOMPARE(session(*guest).room(), session(*host).room());
        const QString fetched = QString::fromStdString(guest->player().media()->info.path);
        QCOMPARE(fetched, framenote::ui::ClipFetch::targetPath(*invite));
        // Opened as the window opens files: its title names the fetched clip.
        QVERIFY2(guest->windowTitle().startsWith("h264_longgop.mp4"),
                 qPrintable(guest->windowTitle()));
        QFile original(clip("h264_longgop.mp4")), copy(fetched);
        QVERIFY(original.open(QIODevice::ReadOnly) && copy.open(QIODevice::ReadOnly));
        QVERIFY(original.readAll() == copy.readAll());
        QVERIFY(!QFile::exists(fetched + ".part"));
        QVERIFY(QTest::qWaitFor([&] { return session(*host).participants().size() == 2; }, 10000));
        // The clip opened where the session is: the host's frame.
        QTRY_COMPARE_WITH_TIMEOUT(guest->player().playhead(), qint64{42}, 10000);
    }

    // A relay that refuses the guest's token is not asked again (a clip a host has not offered
    // yet is, a second apart): the guest reads why at once.
    void aRefusedFetchSaysWhyWithoutAskingAgain() {
        framenote::test::RelayProcess relay;
        QVERIFY2(relay.start(dir_.filePath("relay"), 0, {"--media-port", "0"}),
                 relay.why().c_str());
        auto invite = serverInvite(relay, "gustav", "viewer", QString(64, 'b'), "shot.mov");
        invite.room = QString(64, 'a');  // a room the token does not name
        auto guest = openWindow("Gustav", {}, 0);
        QVERIFY(guest);
        auto* fetch = new framenote::ui::ClipFetch(guest.get(), &guest->player(), &session(*guest),
                                                   invite, [](const QString&) {});
        QSignalSpy said(fetch, &framenote::ui::ClipFetch::message);
        QElapsedTimer clock;
        clock.start();
        fetch->start();
        QVERIFY(said.wait(10000));
        QVERIFY2(clock.elapsed() < 1000, "asked again after a refusal");
        QVERIFY2(said.first().first().toString().contains("403"),
                 qPrintable(said.first().first().toString()));
    }

    // A host whose clip is an image sequence offers it too (its manifest, made on a thread, and
    // its files where they are): a guest with no clip fetches it into a folder and joins.
    void aGuestWithoutAnImageSequenceFetchesItFromTheHostAndJoins() {
        const QString shot = QString::fromStdString(framenote::test::sequenceDir("gap"));
        auto host = openWindow("Hana", shot, 0);
        QVERIFY(host && host->player().hasMedia());
        QVERIFY(this->host(*host));
        auto invite = framenote::ui::parseInvite(session(*host).invite("Gustav", "127.0.0.1"));
        QVERIFY(invite && invite->mediaPort != 0);
        const QByteArray home = qgetenv("HOME");
        qputenv("HOME", dir_.filePath("home").toUtf8());
        const auto restoreHome = qScopeGuard([&] { qputenv("HOME", home); });
        auto guest = openWindow("Gustav", {}, 0);
        QVERIFY(guest);
        // At once: the manifest may still be in the making on the host's thread (asked again).
        const QString room = session(*host).room();
        guest->together().fetchAndJoin(*invite);
        QVERIFY(waitOnline(*guest));
        QCOMPARE(session(*guest).room(), room);
        QCOMPARE(QString::fromStdString(guest->player().media()->fingerprint), room);
        QCOMPARE(guest->player().frameCount(), host->player().frameCount());
    }

    // A reviewer joined to a server relay (framenote-relay --media-port) shares the open clip
    // through the Session menu: it is uploaded, the relay publishes it byte for byte, and a guest
    // without it fetches it from there and joins. A note drawn while the guest downloads is
    // there when the clip opens. Sharing again sends nothing; a viewer cannot share.
    void aClipSharedToAServerRelayReachesAGuestWithoutIt() {
        const QString original = clip("h264_longgop.mp4");
        const auto fingerprint = framenote::media::mediaFingerprint(original.toStdString());
        QVERIFY(fingerprint);
        const QString room = QString::fromStdString(*fingerprint);
        framenote::test::RelayProcess relay;
        QVERIFY2(relay.start(dir_.filePath("relay"), 0, {"--media-port", "0"}),
                 relay.why().c_str());
        const auto invitation = [&](const char* user, const char* role) {
            return serverInvite(relay, user, role, room, "h264_longgop.mp4");
        };
        auto sharer = openWindow("Rita", original, 0);
        auto guest = openWindow("Gustav", clip("h264_opengop.mp4"), 0);
        QVERIFY(sharer && guest);
        QAction* share = sharer->findChild<QAction*>("shareClipAction");
        QVERIFY(share && !share->isEnabled());  // outside a session: nowhere to share to
        QVERIFY(session(*sharer).join(invitation("rita", "reviewer")));
        QVERIFY(waitOnline(*sharer));
        QTRY_VERIFY(share->isEnabled());
        share->trigger();
        QVERIFY(sharer->findChild<QWidget*>("clipShareProgress"));
        QTRY_VERIFY_WITH_TIMEOUT(sharer->statusBar()->currentMessage().contains("is shared"),
                                 30000);
        QFile sent(original), published(relay.dataDir() + "/media/" + room);
        QVERIFY(sent.open(QIODevice::ReadOnly) && published.open(QIODevice::ReadOnly));
        QVERIFY(sent.readAll() == published.readAll());
        // The upload's resume state waited in the draft store and went with the upload.
        {
            auto store = framenote::sqlite::SqliteDb::open(sharer->annotations().storePath());
            QVERIFY(store);
            auto waiting = (*store)->queryInt("SELECT count(*) FROM upload_resume");
            QVERIFY(waiting);
            QCOMPARE(*waiting, int64_t{0});
        }

        // The guest fetches it from the server relay; the sharer draws meanwhile.
        const QByteArray home = qgetenv("HOME");
        qputenv("HOME", dir_.filePath("home").toUtf8());
        const auto restoreHome = qScopeGuard([&] { qputenv("HOME", home); });
        guest->together().fetchAndJoin(invitation("gustav", "reviewer"));
        sharer->annotations().setTool(Tool::Rect);
        drag(*sharer, {0.25, 0.25}, {0.5, 0.75});
        QCOMPARE(sharer->annotations().session().state().annotations().size(), size_t(1));
        const auto drawn = *sharer->annotations().session().state().annotations().front();
        QVERIFY(waitOnline(*guest));
        QCOMPARE(session(*guest).room(), room);
        QVERIFY(QTest::qWaitFor(
            [&] { return guest->annotations().session().state().find(drawn.id); }, 10000));

        // A window with no clip at all, as `framenote --join INVITATION` without a file, fetches
        // it too (into the same Downloads folder: found there, not downloaded again) and joins.
        auto bare = openWindow("Nina", {}, 0);
        QVERIFY(bare && !bare->player().hasMedia());
        bare->together().startFromCommandLine(
            {}, framenote::ui::formatInvite(invitation("nina", "reviewer")), false, false);
        QVERIFY(waitOnline(*bare));
        QCOMPARE(session(*bare).room(), room);
        QVERIFY(QTest::qWaitFor(
            [&] { return bare->annotations().session().state().find(drawn.id); }, 10000));

        // Shared again: the relay has it, nothing is sent.
        share->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(sharer->statusBar()->currentMessage().contains("already"), 30000);

        // A viewer may fetch but not share.
        auto viewer = openWindow("Vera", original, 0);
        QVERIFY(viewer);
        QVERIFY(session(*viewer).join(invitation("vera", "viewer")));
        QVERIFY(waitOnline(*viewer));
        QAction* viewerShare = viewer->findChild<QAction*>("shareClipAction");
        QVERIFY(!viewerShare->isEnabled());
        QVERIFY(viewerShare->toolTip().contains("Viewers"));
    }

    // An image sequence shared through the menu travels as its manifest and files; a window
    // with no clip fetches it into a folder of its own, opens it and joins its room.
    void anImageSequenceSharedToAServerRelayReachesAGuestWithoutIt() {
        const QString shot = QString::fromStdString(framenote::test::sequenceDir("gap"));
        auto sharer = openWindow("Rita", shot + "/shot.1001.png", 0);
        QVERIFY(sharer && sharer->player().hasMedia());
        const QString room = QString::fromStdString(sharer->player().media()->fingerprint);
        framenote::test::RelayProcess relay;
        QVERIFY2(relay.start(dir_.filePath("relay"), 0, {"--media-port", "0"}),
                 relay.why().c_str());
        const auto invitation = [&](const char* user) {
            return serverInvite(relay, user, "reviewer", room, "shot.%04d.png");
        };
        QVERIFY(session(*sharer).join(invitation("rita")));
        QVERIFY(waitOnline(*sharer));
        QAction* share = sharer->findChild<QAction*>("shareClipAction");
        QTRY_VERIFY(share->isEnabled());
        share->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(sharer->statusBar()->currentMessage().contains("is shared"),
                                 30000);
        QVERIFY(QFile::exists(relay.dataDir() + "/media/" + room + ".sequence"));

        const QByteArray home = qgetenv("HOME");
        qputenv("HOME", dir_.filePath("home").toUtf8());
        const auto restoreHome = qScopeGuard([&] { qputenv("HOME", home); });
        auto bare = openWindow("Nina", {}, 0);
        QVERIFY(bare && !bare->player().hasMedia());
        bare->together().startFromCommandLine({}, framenote::ui::formatInvite(invitation("nina")),
                                              false, false);
        QVERIFY(waitOnline(*bare));
        QCOMPARE(session(*bare).room(), room);
        QCOMPARE(QString::fromStdString(bare->player().media()->fingerprint), room);
        QCOMPARE(bare->player().frameCount(), sharer->player().frameCount());  // the gaps too
    }

    void anInvitationCanGrantViewingOnly() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        auto guest = openWindow("Vera", clip("h264_longgop.mp4"), 0);
        QVERIFY(host && guest);
        framenote::ui::HostSessionDialog dialog(&session(*host), host.get());
        QVERIFY(hostThroughTheDialog(*host, dialog));
        QTRY_VERIFY(!dialog.invitationField()->text().isEmpty());
        const QString asReviewer = dialog.invitationField()->text();
        dialog.roleField()->setCurrentIndex(
            dialog.roleField()->findData(static_cast<int>(framenote::model::Role::Viewer)));
        const QString asViewer = dialog.invitationField()->text();
        QVERIFY(asViewer != asReviewer);
        auto invite = framenote::ui::parseInvite(asViewer);
        QVERIFY(invite);
        QVERIFY(session(*guest).join(*invite));
        QVERIFY(waitOnline(*guest));
        QCOMPARE(guest->annotations().session().role(), framenote::model::Role::Viewer);
        QVERIFY(!host->findChild<QAction*>("hostSessionAction")->isEnabled());
        QVERIFY(host->findChild<QAction*>("inviteAction")->isEnabled());
        QVERIFY(!guest->findChild<QAction*>("inviteAction")->isEnabled());
    }

    // Leaving, quitting while hosting and opening another clip in a session each ask first; one
    // session at a time.
    void leavingQuittingAndAnotherClipAskFirst() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 0);
        auto guest = openWindow("Gustav", clip("h264_longgop.mp4"), 0);
        QVERIFY(host && guest);
        QSettings().remove("userColor");
        QVERIFY(hostAndJoin(*host, *guest));
        // Distinct colours by default, and each person's the same on both screens.
        const uint32_t hana = session(*host).you(), gita = session(*guest).you();
        QVERIFY(hana != 0 && gita != 0 && hana != gita);
        QTRY_COMPARE(session(*host).colorOf(gita, "Gita"), session(*guest).colorOf(gita, "Gita"));
        QCOMPARE(session(*guest).colorOf(hana, "Hana"), session(*host).colorOf(hana, "Hana"));
        QVERIFY(session(*host).colorOf(hana, "Hana") != session(*host).colorOf(gita, "Gita"));
        const auto action = [](MainWindow& w, const char* name) {
            return w.findChild<QAction*>(name);
        };
        QVERIFY(!action(*host, "hostSessionAction")->isEnabled());
        QVERIFY(!action(*guest, "joinSessionAction")->isEnabled());
        const auto answer = [](MainWindow& w, bool yes) {
            QMessageBox* box = nullptr;
            if (!QTest::qWaitFor(
                    [&] {
                        return (box = w.findChild<QMessageBox*>("confirmLeaveSession")) != nullptr;
                    },
                    5000))
                return false;
            QAbstractButton* button = yes ? static_cast<QAbstractButton*>(box->defaultButton())
                                          : box->button(QMessageBox::Cancel);
            QTest::mouseClick(button, Qt::LeftButton);
            return QTest::qWaitFor(
                [&] { return !w.findChild<QMessageBox*>("confirmLeaveSession"); }, 5000);
        };
        // Another clip: Cancel keeps the session and the clip.
        guest->openFile(clip("h264_opengop.mp4"));
        QVERIFY(answer(*guest, false));
        QCOMPARE(session(*guest).mode(), SessionController::Mode::Joined);
        QVERIFY(guest->windowTitle().contains("h264_longgop"));
        // Yes leaves, then opens it.
        guest->openFile(clip("h264_opengop.mp4"));
        QVERIFY(answer(*guest, true));
        QTRY_COMPARE(session(*guest).mode(), SessionController::Mode::None);
        QTRY_VERIFY(guest->windowTitle().contains("h264_opengop"));
        QVERIFY(action(*guest, "joinSessionAction")->isEnabled());
        // Quitting while hosting: Cancel keeps the window and the session.
        host->close();
        QVERIFY(answer(*host, false));
        QVERIFY(host->isVisible());
        QCOMPARE(session(*host).mode(), SessionController::Mode::Hosting);
        // Leave Session asks too; hosting says it ends the session for everyone.
        action(*host, "leaveSessionAction")->trigger();
        auto* box = host->findChild<QMessageBox*>("confirmLeaveSession");
        QTRY_VERIFY((box = host->findChild<QMessageBox*>("confirmLeaveSession")));
        QVERIFY2(box->text().contains("everyone"), qPrintable(box->text()));
        QVERIFY(answer(*host, true));
        QTRY_COMPARE(session(*host).mode(), SessionController::Mode::None);
        QVERIFY(action(*host, "hostSessionAction")->isEnabled());
    }

    void stateLabelCountsPendingEditsWhileTheRelayIsGone() {
        auto host = openWindow("Hana", clip("h264_longgop.mp4"), 42);
        QVERIFY(host);
        auto guest = openWindow("Gustav", clip("h264_longgop.mp4"), 42);
        QVERIFY(guest);
        const quint16 port = freePort();
        QVERIFY(port != 0);
        QVERIFY(hostAndJoin(*host, *guest, port));
        QLabel* label = guest->together().stateLabel();
        QCOMPARE(label->text(), QString("Online"));

        // The host stops hosting: the guest keeps trying, and its edits wait in its outbox.
        session(*host).leave();
        QVERIFY(QTest::qWaitFor(
            [&] { return session(*guest).state() != SessionController::State::Online; }, 10000));
        guest->annotations().setTool(Tool::Rect);
        drag(*guest, {0.1, 0.1}, {0.3, 0.3});
        drag(*guest, {0.5, 0.5}, {0.7, 0.7});
        QVERIFY(QTest::qWaitFor([&] { return session(*guest).pending() == 2; }, 10000));
        QCOMPARE(label->text(), QString("Offline, reconnecting: 2 edit(s) pending sync"));
        QCOMPARE(stored(*guest).size(), size_t(2));
        // The participants list says the connection is gone instead of showing it as it was.
        auto* people = guest->together().participantsPanel()->list();
        QTRY_VERIFY(people->count() > 0 && people->item(0)->text().startsWith("Offline since"));
        for (int i = 1; i < people->count(); ++i) {
            QVERIFY(!(people->item(i)->flags() & Qt::ItemIsEnabled));
            QVERIFY(!people->item(i)->text().contains("presenting"));
        }

        // The host comes back on the same port: nothing was lost.
        QVERIFY(session(*host).host(
            port, dir_.filePath(QString("relay-%1").arg(QTest::currentTestFunction()))));
        QVERIFY(QTest::qWaitFor(
            [&] { return host->annotations().overlay().annotations().size() == 2; }, 30000));
        QVERIFY(QTest::qWaitFor([&] { return label->text() == QString("Online"); }, 10000));
        QCOMPARE(stored(*host).size(), size_t(2));
    }
};

QTEST_MAIN(SessionTest)
#include "session_test.moc"
