#include "ui/note_text_editor.h"

#include <QKeyEvent>

#include "ui/render/note_text.h"

namespace framenote::ui {

NoteTextEditor::NoteTextEditor(QWidget* parent) : QTextEdit(parent) {
    setObjectName("noteTextEditor");
    setAutoFormatting(QTextEdit::AutoBulletList);
    setTabChangesFocus(true);
    retranslate();
}

void NoteTextEditor::retranslate() {
    setPlaceholderText(
        tr("Note text: Enter adds it, Shift+Enter a new line, Ctrl+B bold, Esc cancels"));
    setToolTip(
        tr("Ctrl+B bold, Ctrl+I italic, Ctrl+U underline; start a line with \"* \" for a list"));
}

void NoteTextEditor::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QTextEdit::changeEvent(event);
}

void NoteTextEditor::start(const QColor& colour) {
    colour_ = colour;
    clear();
    setCurrentCharFormat(QTextCharFormat());
}

QString NoteTextEditor::noteHtml() const {
    if (toPlainText().trimmed().isEmpty()) return {};
    return render::noteHtml(*document(), colour_).trimmed();
}

// Keys this editor acts on itself, before any window shortcut with the same key (Escape clears
// the selection there; tool letters are typed text here).
bool NoteTextEditor::handlesKey(const QKeyEvent* event) const {
    const int key = event->key();
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    if (key == Qt::Key_Escape || key == Qt::Key_Return || key == Qt::Key_Enter) return true;
    if (mods == Qt::ControlModifier && (key == Qt::Key_B || key == Qt::Key_I || key == Qt::Key_U))
        return true;
    return mods == Qt::NoModifier || mods == Qt::ShiftModifier;  // typing
}

bool NoteTextEditor::event(QEvent* event) {
    if (event->type() == QEvent::ShortcutOverride && handlesKey(static_cast<QKeyEvent*>(event))) {
        event->accept();
        return true;
    }
    return QTextEdit::event(event);
}

void NoteTextEditor::keyPressEvent(QKeyEvent* event) {
    const int key = event->key();
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    if (key == Qt::Key_Escape) {
        emit cancelled();
        return;
    }
    if (key == Qt::Key_Return || key == Qt::Key_Enter) {
        if (shift)
            textCursor().insertBlock();
        else
            emit submitted(noteHtml());
        return;
    }
    if (event->modifiers() == Qt::ControlModifier &&
        (key == Qt::Key_B || key == Qt::Key_I || key == Qt::Key_U)) {
        const QTextCharFormat current = textCursor().charFormat();
        QTextCharFormat change;
        if (key == Qt::Key_B)
            change.setFontWeight(current.fontWeight() >= QFont::DemiBold ? QFont::Normal
                                                                         : QFont::Bold);
        if (key == Qt::Key_I) change.setFontItalic(!current.fontItalic());
        if (key == Qt::Key_U) change.setFontUnderline(!current.fontUnderline());
        mergeCurrentCharFormat(change);
        return;
    }
    QTextEdit::keyPressEvent(event);
}

}  // namespace framenote::ui
