#include "ui/window_layout.h"

#include <QDockWidget>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <utility>

#include "ui/retranslator.h"

namespace framenote::ui {

namespace {
const char* kLayoutKey = "windowLayout";
const char* kGeometryKey = "windowGeometry";
}  // namespace

WindowLayout::WindowLayout(QMainWindow* window, QList<QWidget*> chrome)
    : QObject(window), window_(window) {
    for (QWidget* widget : chrome) chrome_.append(widget);
}

void WindowLayout::addTo(QMenu* view) {
    auto* texts = new Retranslator(window_, this);
    QMenu* panels =
        texts->set(view->addMenu(QString()), &QMenu::setTitle, [] { return tr("&Panels"); });
    panels->setObjectName("panelsMenu");
    for (QDockWidget* dock : window_->findChildren<QDockWidget*>()) {
        QAction* toggle = dock->toggleViewAction();
        toggle->setObjectName(dock->objectName() + "Toggle");
        panels->addAction(toggle);
    }
    for (QToolBar* bar : window_->findChildren<QToolBar*>()) {
        QAction* toggle = bar->toggleViewAction();
        toggle->setObjectName(bar->objectName() + "Toggle");
        panels->addAction(toggle);
    }
    panels->addSeparator();
    texts
        ->set(panels->addAction(QString(), this, &WindowLayout::reset), &QAction::setText,
              [] { return tr("&Reset Layout"); })
        ->setObjectName("resetLayout");

    presentation_ = texts->set(view->addAction(QString()), &QAction::setText,
                               [] { return tr("P&resentation (Full Screen)"); });
    presentation_->setObjectName("presentationAction");
    presentation_->setCheckable(true);
    // F11 where the platform has no full-screen key of its own (QKeySequence::FullScreen is
    // empty on most X11 desktops); Ctrl+Shift+F everywhere.
    QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::FullScreen);
    if (!keys.contains(QKeySequence(Qt::Key_F11))) keys.append(QKeySequence(Qt::Key_F11));
    keys.append(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    presentation_->setShortcuts(keys);
    connect(presentation_, &QAction::toggled, this, &WindowLayout::setPresentation);

    initialState_ = window_->saveState();
    QSettings settings;
    window_->restoreGeometry(settings.value(kGeometryKey).toByteArray());
    window_->restoreState(settings.value(kLayoutKey).toByteArray());
}

void WindowLayout::remember() const {
    if (presenting_) return;  // what the user arranged, not the bare picture
    QSettings settings;
    settings.setValue(kLayoutKey, window_->saveState());
    settings.setValue(kGeometryKey, window_->saveGeometry());
}

void WindowLayout::reset() {
    if (presenting_) presentation_->setChecked(false);
    // As the window first came up: the notes beside the picture, the tools on the left, the
    // participants panel hidden until a session starts.
    window_->restoreState(initialState_);
}

void WindowLayout::setPresentation(bool on) {
    if (on == presenting_) return;
    presenting_ = on;
    if (presentation_->isChecked() != on) presentation_->setChecked(on);
    if (on) {
        wasMaximized_ = window_->isMaximized();
        hidden_.clear();
        QList<QWidget*> bars{window_->menuBar(), window_->statusBar()};
        for (QDockWidget* dock : window_->findChildren<QDockWidget*>()) bars.append(dock);
        for (QToolBar* bar : window_->findChildren<QToolBar*>()) bars.append(bar);
        for (const QPointer<QWidget>& widget : chrome_) bars.append(widget);
        for (QWidget* widget : bars) {
            if (!widget || widget->isHidden()) continue;
            hidden_.append(widget);
            widget->hide();
        }
        window_->showFullScreen();
        return;
    }
    for (const QPointer<QWidget>& widget : std::as_const(hidden_))
        if (widget) widget->show();
    hidden_.clear();
    wasMaximized_ ? window_->showMaximized() : window_->showNormal();
}

}  // namespace framenote::ui
