// framenote: the desktop review application. main() parses arguments and wires the window.
#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <cstdio>

#include "core/common/exit_status.h"
#include "framenote/version.h"
#include "ui/app_settings.h"
#include "ui/app_translator.h"
#include "ui/compare_control.h"
#include "ui/main_window.h"
#include "ui/session_ui.h"

namespace {

void nameTheApplication() {
    QCoreApplication::setOrganizationName("Framenote");
    QCoreApplication::setApplicationName("Framenote");
    QCoreApplication::setApplicationVersion(framenote::kVersion);
}

void describeArguments(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Frame-accurate video review."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", QCoreApplication::translate("main", "The clip to open."),
                                 "[FILE]");
    parser.addOption({"frame", QCoreApplication::translate("main", "Open at this frame."), "N"});
    parser.addOption({"screenshot",
                      QCoreApplication::translate("main",
                                                  "Save the window as an image once the first "
                                                  "frame shows, then quit (for docs and tests)."),
                      "PNG"});
    parser.addOption({"compare",
                      QCoreApplication::translate(
                          "main", "Load this version of the shot as B, to compare with the clip."),
                      "FILE"});
    parser.addOption(
        {"host",
         QCoreApplication::translate(
             "main",
             "Host a session for the clip on this port once it is open, and print an invitation."),
         "PORT"});
    parser.addOption({"presenter-led", QCoreApplication::translate(
                                           "main",
                                           "With --host: a presenter-led session (only the "
                                           "presenter controls playback), you presenting.")});
    parser.addOption({"join",
                      QCoreApplication::translate(
                          "main",
                          "Join a session with this invitation once the clip is open; without "
                          "the session's clip, fetch it from the session's relay first."),
                      "INVITATION"});
}

// --help and --version are answered before the window system is touched, so that they work
// without a display (over SSH, in scripts, in package checks). Anything else, including an
// unknown option, is left to the full parse once QApplication has taken its own options
// (-platform, -style, ...), which this early parse cannot tell from ours.
void answerHelpOrVersion() {
    QCommandLineParser parser;
    describeArguments(parser);
    (void)parser.parse(QCoreApplication::arguments());
    if (parser.isSet("version")) parser.showVersion();  // both exit
    if (parser.isSet("help")) parser.showHelp(0);
}

// Without a window system Qt aborts (exit status 134) with a message about platform plugins;
// say what is missing instead, with the usual failure status. Only where Qt's default
// platform needs one (X11 or Wayland) and nothing chose another platform.
bool noDisplay(int argc, char** argv) {
#if defined(Q_OS_LINUX)
    if (!qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") ||
        !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY"))
        return false;
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "-platform") == 0 || qstrcmp(argv[i], "--platform") == 0) return false;
    return true;
#else
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    return false;
#endif
}

}  // namespace

int main(int argc, char** argv) {
    {
        QCoreApplication early(argc, argv);       // no window system yet
        framenote::ui::AppTranslator translator;  // --help, and the reason there is no window
        nameTheApplication();                     // the settings are found by these names
        // The language follows the system unless FRAMENOTE_LANG or the settings say otherwise.
        (void)translator.loadLanguage(framenote::ui::startupLanguage());
        early.installTranslator(&translator);
        answerHelpOrVersion();
        if (noDisplay(argc, argv))
            return framenote::reportFailure(
                "framenote",
                QCoreApplication::translate(
                    "main",
                    "no display to show the window on (DISPLAY and WAYLAND_DISPLAY are not set). "
                    "Run it in a desktop session, under xvfb-run, or with "
                    "QT_QPA_PLATFORM=offscreen.")
                    .toStdString());
    }

    QApplication app(argc, argv);  // keeps the names given above (they are process-wide)
    // The application's own translator from now on: Settings > Language replaces it.
    (void)framenote::ui::useLanguage(framenote::ui::startupLanguage());

    QCommandLineParser parser;
    describeArguments(parser);
    if (!parser.parse(QCoreApplication::arguments()))
        return framenote::reportUsageError("framenote", parser.errorText().toStdString());
    parser.process(app);  // what is left: --help-all, which lists QApplication's own options
    // Values a script may get wrong: a usage error, rather than frame 0 or a random port.
    bool frameOk = true;
    const qint64 frame = parser.isSet("frame") ? parser.value("frame").toLongLong(&frameOk) : 0;
    if (!frameOk || frame < 0)
        return framenote::reportUsageError(
            "framenote",
            "--frame: '" + parser.value("frame").toStdString() + "' is not a frame number");
    bool portOk = true;
    const uint port = parser.isSet("host") ? parser.value("host").toUInt(&portOk) : 0;
    if (!portOk || port > 65535)
        return framenote::reportUsageError("framenote",
                                           "--host: '" + parser.value("host").toStdString() +
                                               "' is not a port (0 to 65535; 0 picks a free one)");

    framenote::ui::MainWindow window;
    window.show();
    // The first run asks for the name that signs the notes (not when only taking a screenshot).
    if (!parser.isSet("screenshot")) window.welcomeIfFirstRun();
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty()) {
        window.openFile(files.first());
        if (parser.isSet("compare")) window.compare().loadB(parser.value("compare"));
        if (parser.isSet("frame")) {
            QObject::connect(&window.player(), &framenote::ui::PlayerController::mediaOpened,
                             &window, [&window, frame] { window.player().seek(frame); });
        }
    }
    if (parser.isSet("host") || parser.isSet("join"))
        window.together().startFromCommandLine(parser.value("host"), parser.value("join"),
                                               parser.isSet("presenter-led"), !files.isEmpty());
    if (parser.isSet("screenshot")) {
        const QString target = parser.value("screenshot");
        // A hosted session needs a moment to come online and list its participants.
        const int settleMs = parser.isSet("host") || parser.isSet("join") ? 2500 : 200;
        QObject::connect(&window.player(), &framenote::ui::PlayerController::frameShown, &window,
                         [&window, target, settleMs](const framenote::media::ServedFrame& frame) {
                             if (frame.number != window.player().playhead()) return;
                             QTimer::singleShot(settleMs, &window, [&window, target] {
                                 const bool saved = window.grab().save(target);
                                 QCoreApplication::exit(saved ? 0 : 1);
                             });
                         });
    }
    return app.exec();
}
