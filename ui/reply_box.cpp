#include "ui/reply_box.h"

#include <QKeyEvent>

namespace framenote::ui {

ReplyBox::ReplyBox(QWidget* parent) : QLineEdit(parent) {
    setObjectName("replyEdit");
    retranslate();
}

void ReplyBox::retranslate() {
    setPlaceholderText(editing() ? tr("Your reply: Enter saves it, Esc leaves it as it was")
                                 : tr("Reply to the selected note"));
    setToolTip(tr(
        "Reply to the selected note; Enter sends it. Up in the empty box edits your last reply."));
}

void ReplyBox::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QLineEdit::changeEvent(event);
}

void ReplyBox::startEditing(const QUuid& noteId, const QUuid& replyId, const QString& words) {
    noteId_ = noteId;
    replyId_ = replyId;
    setText(words);
    retranslate();
    setFocus();
    selectAll();
}

void ReplyBox::stopEditing() {
    const bool wasEditing = editing();
    noteId_ = replyId_ = QUuid();
    retranslate();
    if (wasEditing || !text().isEmpty()) clear();
}

bool ReplyBox::event(QEvent* event) {
    if (event->type() == QEvent::ShortcutOverride && text().isEmpty()) {
        auto* key = static_cast<QKeyEvent*>(event);
        if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) return true;
    }
    return QLineEdit::event(event);
}

void ReplyBox::keyPressEvent(QKeyEvent* event) {
    // As in chat tools: Up in an empty box takes your last reply back to edit it.
    if (event->key() == Qt::Key_Up && text().isEmpty() && !editing()) {
        emit lastReplyWanted();
        return;
    }
    if (event->key() == Qt::Key_Escape && editing()) {
        stopEditing();
        emit editLeft();
        return;
    }
    QLineEdit::keyPressEvent(event);
}

}  // namespace framenote::ui
