#pragma once
// The box under the notes list where replies are typed, as plain text: Enter sends (returnPressed),
// Up in the empty box asks for your last reply back to edit it, Esc leaves such an edit. With the
// box empty, Ctrl+Z and redo belong to the window (they take back the last edit of a note): a line
// edit would take them for its own text even with nothing to undo.
#include <QLineEdit>
#include <QUuid>

namespace framenote::ui {

class ReplyBox : public QLineEdit {
    Q_OBJECT
  public:
    explicit ReplyBox(QWidget* parent = nullptr);

    // Puts the words of reply `replyId` of note `noteId` in the box, to be changed and sent again.
    void startEditing(const QUuid& noteId, const QUuid& replyId, const QString& words);
    // Back to writing a new reply; the box is emptied.
    void stopEditing();
    bool editing() const { return !replyId_.isNull(); }
    QUuid editingNote() const { return noteId_; }
    QUuid editingReply() const { return replyId_; }

  signals:
    void lastReplyWanted();  // Up in the empty box
    void editLeft();         // Esc while editing a reply (the box is already emptied)

  protected:
    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

  private:
    // The hint (replying, or editing a reply) and the tooltip in the current language.
    void retranslate();
    QUuid noteId_, replyId_;
};

}  // namespace framenote::ui
