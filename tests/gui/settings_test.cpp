// Edit > Settings: what the user types is saved under the documented QSettings keys (read by
// other parts, e.g. the session code), shown again next time, and takes effect: the frame cache
// budget reaches the player's decoder at once, the language changes every window's texts at once
// and is the one loaded at the next start.
#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include "tests/support/test_media.h"
#include "ui/app_settings.h"
#include "ui/app_translator.h"
#include "ui/join_session_dialog.h"
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

    // Chooses `language` in Edit > Settings and presses OK.
    static bool chooseLanguage(MainWindow& window, const char* language) {
        SettingsDialog* dialog = openDialog(window);
        if (!dialog) return false;
        auto* combo = field<QComboBox>(dialog, "languageCombo");
        combo->setCurrentIndex(combo->findData(language));
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        return true;
    }

    static QStringList menuTitles(MainWindow& window) {
        QStringList titles;
        for (QAction* menu : window.menuBar()->actions()) titles << menu->text();
        return titles;
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
        (void)framenote::ui::useLanguage("en");  // the next tests read English
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

    // Settings > Language applies at once, in the same window: the menus, the tool bar, the
    // transport, the docks and the status bar speak Chinese, and English again when switched
    // back.
    void theLanguageChangesWithoutARestart() {
        MainWindow window;
        window.show();
        auto* tools = window.findChild<QToolBar*>("annotationTools");
        QVERIFY(tools);
        QAction* rectangle = tools->actions().at(1);
        const auto english =
            QStringList{"&File", "&Edit", "&Playback", "&Tools", "&View", "&Session", "&Help"};
        QCOMPARE(menuTitles(window), english);
        QCOMPARE(rectangle->text(), QString("Rectangle"));
        // Dialogs open at the time of the change follow it too.
        window.findChild<QAction*>("joinSessionAction")->trigger();
        window.findChild<QAction*>("shortcutReferenceAction")->trigger();
        auto* join = window.findChild<framenote::ui::JoinSessionDialog*>();
        auto* keys = window.findChild<QDialog*>("shortcutReference");
        QVERIFY(join && keys);
        auto* table = keys->findChild<QTableWidget*>("shortcutTable");
        QVERIFY(table->findItems("Play/Pause", Qt::MatchExactly).size() == 1);

        QVERIFY(chooseLanguage(window, "zh_CN"));
        QTRY_COMPARE(menuTitles(window),
                     QString::fromUtf8("文件(&F) 编辑(&E) 播放(&P) 工具(&T) 视图(&V) 会话(&S) "
                                       "帮助(&H)")
                         .split(' '));
        QCOMPARE(rectangle->text(), QString::fromUtf8("矩形"));
        QCOMPARE(tools->windowTitle(), QString::fromUtf8("工具"));
        QCOMPARE(join->windowTitle(), QString::fromUtf8("加入会话"));
        QCOMPARE(keys->windowTitle(), QString::fromUtf8("键盘快捷键"));
        QCOMPARE(table->findItems(QString::fromUtf8("播放/暂停"), Qt::MatchExactly).size(), 1);
        QCOMPARE(window.findChild<QDockWidget*>("notesDock")->windowTitle(),
                 QString::fromUtf8("批注"));
        QCOMPARE(window.findChild<QLabel*>("playStateLabel")->text(), QString::fromUtf8("已暂停"));
        QCOMPARE(window.transport().jumpField()->placeholderText(),
                 QString::fromUtf8("跳转到帧或时间码"));
        QCOMPARE(window.notes().replyField()->placeholderText(), QString::fromUtf8("回复所选批注"));
        QCOMPARE(window.notes().searchField()->placeholderText(),
                 QString::fromUtf8("搜索批注和回复"));
        QCOMPARE(window.findChild<QComboBox*>("authorFilter")->itemText(0),
                 QString::fromUtf8("所有人"));
        QTRY_VERIFY(!window.findChild<SettingsDialog*>());  // the first one is gone
        SettingsDialog* dialog = openDialog(window);        // a dialog opened now speaks it too
        QVERIFY(dialog);
        QCOMPARE(dialog->windowTitle(), QString::fromUtf8("设置"));
        dialog->reject();
        QTRY_VERIFY(!window.findChild<SettingsDialog*>());

        QVERIFY(chooseLanguage(window, "en"));
        QTRY_COMPARE(menuTitles(window), english);
        QCOMPARE(rectangle->text(), QString("Rectangle"));
        QCOMPARE(tools->windowTitle(), QString("Tools"));
        QCOMPARE(window.findChild<QDockWidget*>("notesDock")->windowTitle(), QString("Notes"));
        QCOMPARE(window.findChild<QLabel*>("playStateLabel")->text(), QString("Paused"));
        QCOMPARE(join->windowTitle(), QString("Join a Session"));
        QCOMPARE(table->findItems("Play/Pause", Qt::MatchExactly).size(), 1);
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

    // Image sequences carry no rate: the setting's rate gives their timecode (1001 frames at 25
    // fps is 00:00:40:01, at the default 24 it is 00:00:41:17), from the next one opened.
    void theSequenceRateSettingTimesTheNextSequence() {
        const QString gap = QString::fromStdString(ft::sequenceDir("gap"));
        MainWindow window;
        window.show();
        window.openFile(gap);
        QTRY_VERIFY_WITH_TIMEOUT(window.player().hasMedia(), 10000);
        QCOMPARE(window.player().timecode(0), QString("00:00:41:17"));
        SettingsDialog* dialog = openDialog(window);
        QVERIFY(dialog);
        auto* rate = field<QComboBox>(dialog, "sequenceRateCombo");
        QCOMPARE(rate->currentText(), QString("24"));
        rate->setCurrentIndex(rate->findText("25"));
        dialog->accept();
        QCOMPARE(QSettings().value("sequenceRate").toString(), QString("25/1"));
        window.openFile(gap);
        QTRY_VERIFY_WITH_TIMEOUT(
            window.player().hasMedia() && window.player().timecode(0) == "00:00:40:01", 10000);
        // A damaged value in the settings file falls back to 24.
        QSettings().setValue("sequenceRate", "abc/0");
        QCOMPARE(framenote::ui::AppSettings::load().sequenceRateNum, 24);
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
