#include "ui/help_dialogs.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTextBrowser>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/retranslator.h"

namespace framenote::ui {

namespace {
// The translation context of this file's words (it has no QObject of its own).
struct HelpDialogs {
    Q_DECLARE_TR_FUNCTIONS(HelpDialogs)
};

QString plain(QString text) {
    text.remove(QRegularExpression(QStringLiteral("\\(&\\w\\)")));  // "文件(&F)"
    text.replace(QLatin1String("&&"), QLatin1String("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    return text.trimmed();
}

void collect(const QString& group, const QList<QAction*>& actions, QList<ShortcutEntry>& out) {
    for (QAction* action : actions) {
        if (action->menu()) {
            collect(plain(action->menu()->title()), action->menu()->actions(), out);
            continue;
        }
        if (action->isSeparator() || action->shortcuts().isEmpty()) continue;
        QStringList keys;
        for (const QKeySequence& key : action->shortcuts())
            keys << key.toString(QKeySequence::NativeText);
        const ShortcutEntry entry{group, plain(action->text()), keys.join(QStringLiteral(", "))};
        const bool seen = std::any_of(out.begin(), out.end(), [&](const ShortcutEntry& e) {
            return e.action == entry.action && e.keys == entry.keys;
        });
        if (!seen) out.append(entry);
    }
}

// A dialog of `window` found by name, raised instead of opening a second one.
template <typename Build>
void showOnce(QWidget* window, const QString& name, Build build) {
    if (auto* existing = window->findChild<QDialog*>(name)) {
        existing->show();
        existing->raise();
        existing->activateWindow();
        return;
    }
    auto* dialog = new QDialog(window);
    dialog->setObjectName(name);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    build(dialog);
    dialog->show();
}
}  // namespace

QList<ShortcutEntry> shortcutEntries(QWidget* window) {
    QList<ShortcutEntry> entries;
    if (auto* main = qobject_cast<QMainWindow*>(window)) {
        for (QAction* menu : main->menuBar()->actions())
            if (menu->menu())
                collect(plain(menu->menu()->title()), menu->menu()->actions(), entries);
        for (QToolBar* bar : main->findChildren<QToolBar*>())
            collect(plain(bar->windowTitle()), bar->actions(), entries);
    }
    return entries;
}

void showShortcutReference(QWidget* window) {
    showOnce(window, QStringLiteral("shortcutReference"), [window](QDialog* dialog) {
        dialog->resize(560, 640);
        auto* layout = new QVBoxLayout(dialog);
        auto* filter = new QLineEdit(dialog);
        filter->setObjectName("shortcutFilter");
        filter->setClearButtonEnabled(true);
        auto* table = new QTableWidget(0, 3, dialog);
        table->setObjectName("shortcutTable");
        table->verticalHeader()->hide();
        table->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table->setSelectionBehavior(QAbstractItemView::SelectRows);
        table->horizontalHeader()->setStretchLastSection(true);
        const auto showMatching = [table](const QString& text) {
            for (int row = 0; row < table->rowCount(); ++row) {
                bool match = text.isEmpty();
                for (int column = 0; column < 3 && !match; ++column)
                    match = table->item(row, column)->text().contains(text, Qt::CaseInsensitive);
                table->setRowHidden(row, !match);
            }
        };
        QObject::connect(filter, &QLineEdit::textChanged, table, showMatching);
        // The actions' names in the current language: filled now and after a language change
        // (after the window's, whose actions these are: the dialog is the window's child).
        (new Retranslator(dialog, dialog))->add([=] {
            dialog->setWindowTitle(HelpDialogs::tr("Keyboard Shortcuts"));
            filter->setPlaceholderText(HelpDialogs::tr("Type to find an action or a key"));
            table->setHorizontalHeaderLabels(
                {HelpDialogs::tr("Menu"), HelpDialogs::tr("Action"), HelpDialogs::tr("Keys")});
            const QList<ShortcutEntry> entries = shortcutEntries(window);
            table->setRowCount(static_cast<int>(entries.size()));
            for (int row = 0; row < entries.size(); ++row) {
                table->setItem(row, 0, new QTableWidgetItem(entries[row].group));
                table->setItem(row, 1, new QTableWidgetItem(entries[row].action));
                table->setItem(row, 2, new QTableWidgetItem(entries[row].keys));
            }
            table->resizeColumnsToContents();
            showMatching(filter->text());
        });
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
        layout->addWidget(filter);
        layout->addWidget(table);
        layout->addWidget(buttons);
    });
}

void showUserGuide(QWidget* window) {
    showOnce(window, QStringLiteral("userGuide"), [](QDialog* dialog) {
        (new Retranslator(dialog, dialog))->set(dialog, &QWidget::setWindowTitle, [] {
            return HelpDialogs::tr("Framenote User Guide");
        });
        dialog->resize(820, 760);
        auto* layout = new QVBoxLayout(dialog);
        auto* browser = new QTextBrowser(dialog);
        browser->setObjectName("userGuideBrowser");
        browser->setOpenExternalLinks(true);
        // Built into the app with its pictures (ui/CMakeLists.txt), so it needs no install path.
        browser->setSource(QUrl(QStringLiteral("qrc:/guide/USER_GUIDE.md")),
                           QTextDocument::MarkdownResource);
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
        QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
        layout->addWidget(browser);
        layout->addWidget(buttons);
    });
}

}  // namespace framenote::ui
