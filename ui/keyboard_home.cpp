#include "ui/keyboard_home.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QFocusEvent>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>
#include <QTimer>
#include <algorithm>

namespace framenote::ui {

namespace {
QString textOf(const QWidget* widget) {
    if (const auto* line = qobject_cast<const QLineEdit*>(widget)) return line->text();
    if (const auto* edit = qobject_cast<const QTextEdit*>(widget)) return edit->toPlainText();
    if (const auto* edit = qobject_cast<const QPlainTextEdit*>(widget)) return edit->toPlainText();
    return {};
}
}  // namespace

KeyboardHome::KeyboardHome(QWidget* window, QWidget* home)
    : QObject(window), window_(window), home_(home) {
    home_->setFocusPolicy(Qt::StrongFocus);
    // Every focus change in the application passes here; only this window's are acted on.
    qApp->installEventFilter(this);
}

KeyboardHome::~KeyboardHome() { qApp->removeEventFilter(this); }

void KeyboardHome::addTextField(QWidget* field, std::function<bool()> keepOnEnter) {
    // Clicked or Ctrl+F, never reached by accident: a window's first focus goes to the viewer.
    field->setFocusPolicy(Qt::ClickFocus);
    textFields_.push_back({field, std::move(keepOnEnter)});
}

void KeyboardHome::addViewerPart(QWidget* part) {
    part->setFocusPolicy(Qt::StrongFocus);
    viewerParts_.append(part);
}

void KeyboardHome::returnHome() {
    if (home_ && home_->isVisible() && !isHome(QApplication::focusWidget()))
        home_->setFocus(Qt::OtherFocusReason);
}

bool KeyboardHome::isHome(const QWidget* widget) const {
    if (!widget) return false;
    if (widget == home_) return true;
    return std::any_of(viewerParts_.begin(), viewerParts_.end(),
                       [widget](const QPointer<QWidget>& part) { return part == widget; });
}

bool KeyboardHome::isTextEntry(const QWidget* widget) const {
    if (qobject_cast<const QLineEdit*>(widget) || qobject_cast<const QTextEdit*>(widget) ||
        qobject_cast<const QPlainTextEdit*>(widget) ||
        qobject_cast<const QAbstractSpinBox*>(widget))
        return true;
    const auto* combo = qobject_cast<const QComboBox*>(widget);
    return combo && combo->isEditable();
}

bool KeyboardHome::eventFilter(QObject* watched, QEvent* event) {
    auto* widget = qobject_cast<QWidget*>(watched);
    if (!widget || !window_) return false;
    // A dialog of this window closed, or the window came back from another one: the keys go
    // home unless someone is typing, or a click since chose where they go.
    const auto* dialog = qobject_cast<QDialog*>(widget);
    const bool dialogClosed = event->type() == QEvent::Hide && dialog && dialog->parentWidget() &&
                              dialog->parentWidget()->window() == window_;
    const bool activated = widget == window_ && event->type() == QEvent::WindowActivate;
    if (dialogClosed || activated) {
        clickedSinceActivation_ = false;
        QTimer::singleShot(0, this, &KeyboardHome::settleAfterInterruption);
        return false;
    }
    if (widget->window() != window_) return false;
    if (event->type() == QEvent::MouseButtonPress) clickedSinceActivation_ = true;
    if (event->type() == QEvent::FocusIn) {
        onFocusIn(widget, static_cast<QFocusEvent*>(event)->reason());
        return false;
    }
    if (event->type() != QEvent::KeyPress && event->type() != QEvent::ShortcutOverride)
        return false;
    const auto field = std::find_if(textFields_.begin(), textFields_.end(),
                                    [widget](const TextField& f) { return f.widget == widget; });
    if (field == textFields_.end()) return false;
    const int key = static_cast<QKeyEvent*>(event)->key();
    if (event->type() == QEvent::ShortcutOverride) {
        // Esc is also the window's Clear Selection: in a text field it is the field's, to leave.
        if (key == Qt::Key_Escape) event->accept();
        return false;
    }
    if (key == Qt::Key_Escape) {
        // The field sees Esc first (a reply being edited is left as it was), then home.
        QTimer::singleShot(0, this, &KeyboardHome::returnHome);
    } else if (key == Qt::Key_Return || key == Qt::Key_Enter) {
        // After the field has acted on Enter: a search run, a reply sent, a frame found.
        const auto keep = field->keepOnEnter;
        QTimer::singleShot(0, this, [this, keep] {
            if (!keep || !keep()) returnHome();
        });
    }
    return false;
}

void KeyboardHome::settleAfterInterruption() {
    if (clickedSinceActivation_) return;
    QWidget* focus = QApplication::focusWidget();
    if (!focus || focus->window() == window_) {
        if (!focus || !isTextEntry(focus) || textOf(focus).isEmpty()) returnHome();
    }
}

void KeyboardHome::onFocusIn(QWidget* widget, int reason) {
    if (isHome(widget)) return;
    if (isTextEntry(widget)) {
        // Back from a dialog or another window to a field holding nothing: nobody is typing.
        if (reason == Qt::ActiveWindowFocusReason && textOf(widget).isEmpty())
            QTimer::singleShot(0, this, &KeyboardHome::returnHome);
        return;
    }
    // A button, a list, a filter or the timeline clicked (or focus left over from a closed popup
    // or editor): it did its job with the mouse; the keys stay with the picture. Tab and Backtab
    // still walk every control for those who drive the panels from the keyboard.
    if (reason != Qt::TabFocusReason && reason != Qt::BacktabFocusReason)
        QTimer::singleShot(0, this, &KeyboardHome::returnHome);
}

}  // namespace framenote::ui
