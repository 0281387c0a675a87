#pragma once
// Windows of the real app in one test process, each with its own store file and user name,
// hosting or joining a session on a loopback port: the base of the GUI tests of sessions.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "tests/gui/gui_test_support.h"
#include "tests/support/test_media.h"
#include "ui/main_window.h"
#include "ui/session_invite.h"
#include "ui/session_ui.h"

namespace framenote::test {

class SessionWindows : public QObject {
  protected:
    using MainWindow = ui::MainWindow;
    using SessionController = ui::SessionController;

    QTemporaryDir dir_;
    int windows_ = 0;

    // For initTestCase: settings of the test's own, under `application`; false without a folder.
    bool setUpWindows(const char* application) {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("framenote-tests");
        QCoreApplication::setApplicationName(application);
        return dir_.isValid();
    }

    // A window with its own store file and user name, showing `clipPath` at `frame`.
    std::unique_ptr<MainWindow> openWindow(const QString& user, const QString& clipPath,
                                           qint64 frame) {
        const QString db =
            dir_.filePath(QString("%1-%2.db").arg(QTest::currentTestFunction()).arg(++windows_));
        qputenv("FRAMENOTE_DB", db.toUtf8());
        QSettings().setValue("userName", user);
        auto window = std::make_unique<MainWindow>();
        window->setProperty("storePath", db);
        window->resize(1000, 700);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get())) return nullptr;
        if (clipPath.isEmpty()) return window;  // a window with no clip yet
        window->openFile(clipPath);
        if (!waitForFrame(*window, 0)) return nullptr;
        if (frame != 0) {
            window->player().seek(frame);
            if (!waitForFrame(*window, frame)) return nullptr;
        }
        return window;
    }

    static QString clip(const char* name) { return QString::fromStdString(mediaPath(name)); }

    // The same clip as `name` under another path (another folder, another file name).
    QString copyOf(const char* name) {
        const QString copy =
            dir_.filePath(QString("elsewhere/%1-copy-of-%2").arg(++windows_).arg(name));
        QDir().mkpath(QFileInfo(copy).path());
        if (!QFile::copy(clip(name), copy)) qFatal("cannot copy %s", name);
        return copy;
    }

    static SessionController& session(MainWindow& w) { return w.together().controller(); }

    static bool waitOnline(MainWindow& w) {
        return QTest::qWaitFor(
            [&] { return session(w).state() == SessionController::State::Online; }, 15000);
    }

    static quint16 freePort() {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        return probe.serverPort();
    }

    // Hosts from `host` as "Hana" (an open or a presenter-led session), and waits until online.
    bool host(MainWindow& host, quint16 port = 0, sync::FloorMode floor = sync::FloorMode::Open) {
        // The session reads the user name from the settings when it starts; the windows share
        // this process's settings, so they say the host's name now.
        QSettings().setValue("userName", "Hana");
        Status hosted = session(host).host(
            port, dir_.filePath(QString("relay-%1").arg(QTest::currentTestFunction())), floor);
        if (!hosted) qWarning("%s", hosted.error().c_str());
        return hosted && waitOnline(host);
    }

    // Joins `host`'s session from `guest` with an invitation for `name` in `role`.
    static bool joinAs(MainWindow& host, MainWindow& guest, const QString& name,
                       model::Role role = model::Role::Reviewer) {
        auto invite = ui::parseInvite(session(host).invite(name, "127.0.0.1", role));
        if (!invite) return false;
        Status joined = session(guest).join(*invite);
        if (!joined) qWarning("%s", joined.error().c_str());
        return joined && waitOnline(guest);
    }

    // Host in `host`, join from `guest` with an invitation for "Gita".
    bool hostAndJoin(MainWindow& hostWindow, MainWindow& guest, quint16 port = 0) {
        return host(hostWindow, port) && joinAs(hostWindow, guest, "Gita");
    }
};

}  // namespace framenote::test
