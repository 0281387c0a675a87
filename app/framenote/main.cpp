// framenote: the desktop review application. main() parses arguments and wires the window.
#include <QApplication>
#include <QCommandLineParser>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <cstdio>

#include "framenote/version.h"
#include "ui/app_settings.h"
#include "ui/app_translator.h"
#include "ui/main_window.h"
#include "ui/session_ui.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Framenote");
    QApplication::setApplicationName("Framenote");
    QApplication::setApplicationVersion(framenote::kVersion);

    // The language follows the system unless FRAMENOTE_LANG or the settings say otherwise.
    framenote::ui::AppTranslator translator;
    const QString language = framenote::ui::startupLanguage();
    if (translator.loadLanguage(language)) app.installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Frame-accurate video review."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument("file", QApplication::translate("main", "The clip to open."), "[FILE]");
    parser.addOption({"frame", QApplication::translate("main", "Open at this frame."), "N"});
    parser.addOption({"screenshot",
                      QApplication::translate("main", "Save the window as an image once the first frame shows, then quit (for docs and tests)."),
                      "PNG"});
    parser.addOption({"host",
                      QApplication::translate("main", "Host a session for the clip on this port once it is open, and print an invitation."),
                      "PORT"});
    parser.addOption({"join", QApplication::translate("main", "Join a session with this invitation once the clip is open."),
                      "INVITATION"});
    parser.process(app);

    framenote::ui::MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    if (!files.isEmpty()) {
        window.openFile(files.first());
        if (parser.isSet("frame")) {
            const qint64 frame = parser.value("frame").toLongLong();
            QObject::connect(&window.player(), &framenote::ui::PlayerController::mediaOpened, &window,
                             [&window, frame] { window.player().seek(frame); });
        }
    }
    if (parser.isSet("host") || parser.isSet("join"))
        window.together().startFromCommandLine(parser.value("host"), parser.value("join"));
    if (parser.isSet("screenshot")) {
        const QString target = parser.value("screenshot");
        QObject::connect(&window.player(), &framenote::ui::PlayerController::frameShown, &window,
                         [&window, target](const framenote::media::ServedFrame& frame) {
                             if (frame.number != window.player().playhead()) return;
                             QTimer::singleShot(200, &window, [&window, target] {
                                 const bool saved = window.grab().save(target);
                                 QCoreApplication::exit(saved ? 0 : 1);
                             });
                         });
    }
    return app.exec();
}
