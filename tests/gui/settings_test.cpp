// Edit > Settings: what the user types is saved under the documented QSettings keys (read by
// other parts, e.g. the session code), shown again next time, and takes effect: the frame cache
// budget reaches the player's decoder at once, the language is the one loaded at next start.
#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/test_media.h"
#include "ui/app_settings.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"

namespace fm = framenote::media;
namespace ft = framenote::test;
using framenote::ui::AppSettings;
using framenote::ui::MainWindow;
using framenote::ui::PlayerController;
using framenote::ui::SettingsDialog;

class SettingsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    template <typename T>
    static T* field(SettingsDialog* dialog, const char* name) {
        auto* w = dialog->findChild<T*>(name);
        if (!w) qFatal("no %s", name);
        return w;
    }

    static SettingsDialog* openDialog(MainWindow& window) {
        auto* action = window.findChild<QAction*>("settingsAction");
        if (!action) return nullptr;
        action->trigger();
        auto* dialog = window.findChild<SettingsDialog*>();
        return dialog && dialog->isVisible() ? dialog : nullptr;
    }

  private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        // A scratch settings scope: the user's real settings are never touched.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir_.filePath("settings"));
        QCoreApplication::setOrganizationName("FramenoteSettingsTest");
        QCoreApplication::setApplicationName("Framenote");
        qputenv("FRAMENOTE_DB", dir_.filePath("notes.db").toUtf8());
    }

    void init() { QSettings().clear(); }

    // The first run asks for the name (and colour) that sign the notes; it applies at once.
    void theFirstRunAsksForTheNameAndItAppliesAtOnce() {
        framenote::ui::MainWindow window;
        window.show();
        QVERIFY(window.welcomeIfFirstRun());
        auto* dialog = window.findChild<framenote::ui::SettingsDialog*>("settingsDialog");
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->windowTitle(), QString("Welcome to Framenote"));
        auto* name = dialog->findChild<QLineEdit*>("userNameEdit");
        name->setText("Kai");
        dialog->accept();
        QCOMPARE(QSettings().value("userName").toString(), QString("Kai"));
        QCOMPARE(window.annotations().session().actor(), QString("Kai"));
        // Asked once: the name is saved now.
        QVERIFY(!window.welcomeIfFirstRun());
    }

    void changedValuesPersistAndComeBack() {
        MainWindow window;
        window.show();
        SettingsDialog* dialog = openDialog(window);
        QVERIFY(dialog);
        field<QLineEdit>(dialog, "userNameEdit")->setText("Ana Reviewer");
        auto* colour = field<QLineEdit>(dialog, "userColorEdit");
        colour->clear();
        QTest::keyClicks(colour, "#12ab34");
        field<QLineEdit>(dialog, "defaultServerEdit")->setText("ws://relay.local:7000");
        field<QSpinBox>(dialog, "cacheBudgetSpin")->setValue(256);
        auto* language = field<QComboBox>(dialog, "languageCombo");
        language->setCurrentIndex(language->findData("zh_CN"));
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();

        // The documented keys, as the session code reads them.
        QSettings settings;
        QCOMPARE(settings.value("userName").toString(), QString("Ana Reviewer"));
        QCOMPARE(settings.value("userColor").toString(), QString("#12ab34"));
        QCOMPARE(settings.value("defaultServer").toString(), QString("ws://relay.local:7000"));
        QCOMPARE(settings.value("cacheBudgetMiB").toInt(), 256);
        QCOMPARE(settings.value("language").toString(), QString("zh_CN"));

        // Shown again by the next dialog.
        SettingsDialog again;
        QCOMPARE(field<QLineEdit>(&again, "userNameEdit")->text(), QString("Ana Reviewer"));
        QCOMPARE(field<QLineEdit>(&again, "userColorEdit")->text(), QString("#12ab34"));
        QCOMPARE(field<QSpinBox>(&again, "cacheBudgetSpin")->value(), 256);
        QCOMPARE(field<QComboBox>(&again, "languageCombo")->currentText(),
                 QString::fromUtf8("简体中文"));
    }

    void cancelChangesNothing() {
        MainWindow window;
        window.show();
        SettingsDialog* dialog = openDialog(window);
        QVERIFY(dialog);
        field<QLineEdit>(dialog, "userNameEdit")->setText("Someone Else");
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Cancel)->click();
        QVERIFY(!QSettings().contains("userName"));
    }

    void cacheBudgetReachesTheDecoderLiveAndAtOpen() {
        {
            MainWindow window;
            window.show();
            window.openFile(QString::fromStdString(ft::mediaPath("h264_longgop.mp4")));
            QTRY_COMPARE_WITH_TIMEOUT(window.player().decoderCacheBudget(), qint64(1024) << 20,
                                      10000);
            SettingsDialog* dialog = openDialog(window);
            QVERIFY(dialog);
            field<QSpinBox>(dialog, "cacheBudgetSpin")->setValue(128);
            dialog->accept();
            QTRY_COMPARE_WITH_TIMEOUT(window.player().decoderCacheBudget(), qint64(128) << 20,
                                      5000);
        }
        // A new window (the next start) opens clips with the saved budget.
        MainWindow next;
        QCOMPARE(next.player().cacheBudget(), qint64(128) << 20);
        next.openFile(QString::fromStdString(ft::mediaPath("h264_longgop.mp4")));
        QTRY_COMPARE_WITH_TIMEOUT(next.player().decoderCacheBudget(), qint64(128) << 20, 10000);
    }

    void languageSettingIsLoadedAtStartUnlessTheEnvironmentForcesOne() {
        AppSettings s = AppSettings::load();
        s.language = "zh_CN";
        s.save();
        qunsetenv("FRAMENOTE_LANG");
        QCOMPARE(framenote::ui::startupLanguage(), QString("zh_CN"));
        qputenv("FRAMENOTE_LANG", "en_US");
        QCOMPARE(framenote::ui::startupLanguage(), QString("en_US"));
        s.language.clear();
        s.save();
        qunsetenv("FRAMENOTE_LANG");
        QCOMPARE(framenote::ui::startupLanguage(), QLocale::system().name());
    }
};

QTEST_MAIN(SettingsTest)
#include "settings_test.moc"
