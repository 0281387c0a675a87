#pragma once
// The text tool's editor, shown on the picture where the user clicked. Enter adds the note,
// Shift+Enter starts a new line, Esc cancels; Ctrl+B, Ctrl+I and Ctrl+U make the selection (or
// what is typed next) bold, italic or underlined, and "* " or "1. " at the start of a line starts
// a list. What it holds comes out in the stored rich-text subset (ui/render/note_text.h).
#include <QTextEdit>

namespace framenote::ui {

class NoteTextEditor : public QTextEdit {
    Q_OBJECT
  public:
    explicit NoteTextEditor(QWidget* parent = nullptr);
    // Empty and ready for a new note whose colour is `colour` (text in it gets no colour tag).
    void start(const QColor& colour);
    // The text in the stored subset; empty when nothing but spaces was typed.
    QString noteHtml() const;

  signals:
    void submitted(QString html);
    void cancelled();

  protected:
    void changeEvent(QEvent* event) override;
    bool event(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

  private:
    void retranslate();  // the hint and the tooltip in the current language
    bool handlesKey(const QKeyEvent* event) const;
    QColor colour_;
};

}  // namespace framenote::ui
