// Keyboard mnemonics (the underlined letter of "&File", "文件(&F)") in English and in Chinese:
// no two items of one menu, nor two controls of one dialog, share a letter, so Alt+letter always
// reaches the one meant; and no text shows "(&F)" as it is, where Qt does not read '&' as the mark
// of a mnemonic (a window title, a tooltip, the shortcut reference).
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QMap>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QToolBar>

#include "ui/app_translator.h"
#include "ui/main_window.h"

using framenote::ui::MainWindow;

class MnemonicsTest : public QObject {
    Q_OBJECT

    // The mnemonic letter of a text as Qt reads it ("&&" is a literal '&'), lower case; none: 0.
    static QChar mnemonic(const QString& text) {
        for (qsizetype i = 0; i + 1 < text.size(); ++i) {
            if (text[i] != '&') continue;
            if (text[i + 1] == '&') {
                ++i;
                continue;
            }
            return text[i + 1].toLower();
        }
        return {};
    }

    // Each text with a mnemonic under its letter; the letters two or more texts share, with them.
    static QStringList clashes(const QStringList& texts) {
        QMap<QChar, QStringList> byLetter;
        for (const QString& text : texts)
            if (const QChar letter = mnemonic(text); !letter.isNull()) byLetter[letter] << text;
        QStringList found;
        for (auto it = byLetter.cbegin(); it != byLetter.cend(); ++it)
            if (it.value().size() > 1) found << it.value().join(QStringLiteral(" / "));
        return found;
    }

    // "(&F)" shown as it is: where '&' is no mnemonic mark, or doubled ("(&&F)").
    static bool showsLiteralMark(const QString& shown) {
        static const QRegularExpression mark(QStringLiteral("\\(&+[A-Za-z]\\)"));
        return mark.match(shown).hasMatch();
    }

    // Checks one menu and its submenus; `where` names it in a failure.
    void checkMenu(QMenu* menu, const QString& where, QStringList& problems) {
        QStringList texts;
        for (QAction* action : menu->actions()) {
            if (action->isSeparator() || !action->isVisible()) continue;
            texts << action->text();
            if (showsLiteralMark(action->toolTip()))
                problems << where + ": tooltip " + action->toolTip();
            if (action->menu())
                checkMenu(action->menu(), where + " > " + action->menu()->title(), problems);
        }
        for (const QString& clash : clashes(texts)) problems << where + ": " + clash;
    }

    // The controls of a dialog that take a mnemonic: buttons, group boxes, labels naming a field.
    void checkDialog(QDialog* dialog, QStringList& problems) {
        const QString where = dialog->objectName();
        QStringList texts;
        for (QAbstractButton* button : dialog->findChildren<QAbstractButton*>())
            if (button->isVisibleTo(dialog)) texts << button->text();
        for (QGroupBox* box : dialog->findChildren<QGroupBox*>()) texts << box->title();
        for (QLabel* label : dialog->findChildren<QLabel*>()) {
            if (label->buddy())
                texts << label->text();
            else if (showsLiteralMark(label->text()))
                problems << where + ": label " + label->text();
        }
        for (const QString& clash : clashes(texts)) problems << where + ": " + clash;
        // A label naming a field of a form gives the keys to it (Alt+its letter).
        for (QFormLayout* form : dialog->findChildren<QFormLayout*>())
            for (int row = 0; row < form->rowCount(); ++row)
                if (auto* item = form->itemAt(row, QFormLayout::LabelRole))
                    if (auto* label = qobject_cast<QLabel*>(item->widget());
                        label && (!label->buddy() || !label->text().contains('&')))
                        problems << where + ": no mnemonic for " + label->text();
        if (showsLiteralMark(dialog->windowTitle()))
            problems << where + ": title " + dialog->windowTitle();
        for (QTableWidget* table : dialog->findChildren<QTableWidget*>())
            for (int row = 0; row < table->rowCount(); ++row)
                for (int column = 0; column < table->columnCount(); ++column)
                    if (auto* item = table->item(row, column);
                        item && showsLiteralMark(item->text()))
                        problems << where + ": " + item->text();
    }

    // Opens the dialog behind the action named `name` and checks it; closes it again.
    void checkDialogOf(MainWindow& window, const char* name, QStringList& problems) {
        auto* action = window.findChild<QAction*>(name);
        if (!action) {
            problems << QString("no action %1").arg(name);
            return;
        }
        const QList<QDialog*> before = window.findChildren<QDialog*>();
        // A modal box (About) runs its own loop until closed: checked and closed from inside it.
        bool modal = false;
        QTimer::singleShot(0, this, [&] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                modal = true;
                box->setObjectName(name);
                checkDialog(box, problems);
                box->accept();
            }
        });
        action->trigger();
        if (modal) return;
        QDialog* opened = nullptr;
        (void)QTest::qWaitFor([&] {
            for (QDialog* dialog : window.findChildren<QDialog*>())
                if (!before.contains(dialog) && dialog->isVisible()) opened = dialog;
            return opened != nullptr;
        });
        if (!opened) {
            problems << QString("%1 opened no dialog").arg(name);
            return;
        }
        if (opened->objectName().isEmpty()) opened->setObjectName(name);
        checkDialog(opened, problems);
        opened->close();
        opened->deleteLater();
        QCoreApplication::processEvents();
    }

  private slots:
    void initTestCase() { QCoreApplication::setOrganizationName("framenote-mnemonics-test"); }

    // Every menu and every dialog that opens without a clip: Settings, the keyboard shortcuts, the
    // user guide, About, hosting and joining a session.
    void everyMenuAndDialogHasUniqueMnemonicsInEnglishAndChinese() {
        for (const char* language : {"en", "zh_CN"}) {
            QVERIFY(framenote::ui::useLanguage(language));
            QStringList problems;
            {
                MainWindow window;
                window.show();
                QVERIFY(QTest::qWaitForWindowExposed(&window));
                QStringList titles;
                for (QAction* top : window.menuBar()->actions()) {
                    if (!top->menu()) continue;
                    titles << top->text();
                    checkMenu(top->menu(), top->menu()->title(), problems);
                }
                for (const QString& clash : clashes(titles)) problems << "menu bar: " + clash;
                for (QToolBar* bar : window.findChildren<QToolBar*>())
                    for (QAction* action : bar->actions())
                        if (showsLiteralMark(action->toolTip()))
                            problems << "tool bar: " + action->toolTip();
                for (const char* dialog :
                     {"settingsAction", "shortcutReferenceAction", "userGuideAction", "aboutAction",
                      "hostSessionAction", "joinSessionAction"})
                    checkDialogOf(window, dialog, problems);
                if (showsLiteralMark(window.windowTitle())) problems << window.windowTitle();
            }
            QVERIFY2(problems.isEmpty(),
                     qPrintable(QString("%1:\n  %2").arg(language, problems.join("\n  "))));
        }
        QVERIFY(framenote::ui::useLanguage("en"));
    }
};

QTEST_MAIN(MnemonicsTest)
#include "mnemonics_test.moc"
