#pragma once
// The notes of the open clip beside the picture: each with its frame and timecode, author,
// status and replies; filter by author and status; full-text search (English and Chinese)
// with highlighted hits. Clicking a note or a hit jumps to its frame and selects it. Replies are
// typed below the list; your own can be edited (Up in the empty reply box, or the note's context
// menu) and deleted (context menu), each one undo step. Notes carry tags (a department, a shot
// task: "comp", "grade"), set from the context menu and filtered on.
#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QWidget>

#include "core/review/review_session.h"
#include "ui/notes_list_model.h"
#include "ui/player_controller.h"
#include "ui/reply_box.h"
#include "ui/wrapped_item_delegate.h"

class QLabel;

namespace framenote::ui {

class NotesPanel : public QWidget {
    Q_OBJECT
  public:
    NotesPanel(review::ReviewSession* session, review::StoreWorker* store, PlayerController* player,
               QWidget* parent = nullptr);

    QListView* list() const { return list_; }
    NotesListModel* listModel() const { return model_; }
    QLineEdit* searchField() const { return search_; }
    QLineEdit* replyField() const { return reply_; }
    // Runs a full-text search now (also triggered as the user types).
    void search(const QString& query);
    // The note selected on the picture becomes the current one here, so a reply goes to it.
    void showNote(const QUuid& id);
    // The notes shown on `frame` stand out (bold).
    void markFrame(qint64 frame);
    // How many times the list was brought up to date (changes in a burst share one).
    int rebuilds() const { return rebuilds_; }
    // The context menu of note `id`: resolve or reopen it, edit or delete each reply you may
    // change. The caller owns it (and shows it with exec()); null if there is no such note.
    QMenu* contextMenuFor(const QUuid& id);
    // Resolves the current note, or reopens it if resolved (as its button does).
    void toggleCurrentResolved() { toggleResolved(currentId()); }
    // Puts your reply `replyId` of note `noteId` in the reply box; Enter saves it, Esc cancels.
    void editReply(const QUuid& noteId, const QUuid& replyId);
    void deleteReply(const QUuid& noteId, const QUuid& replyId);
    // Sets the tags of note `id` from `text` (separated by commas), one undo step; empty clears.
    void setTags(const QUuid& id, const QString& text);
    // Asks for the tags of note `id` (a dialog with its current ones) and sets them.
    void askForTags(const QUuid& id);
    // The tags `text` names: split at commas (ASCII or CJK), trimmed, each once, in order.
    static QStringList parseTags(const QString& text);

  signals:
    void noteActivated(QUuid id, qint64 frame);
    void message(QString text);

  protected:
    void changeEvent(QEvent* event) override;

  private:
    // The panel's own words in the current language (the list's rows: listAgain()).
    void retranslate();
    // Every row made again: the notes, or the hits of the search in the box.
    void listAgain();
    // Brings the list up to date with what changed since the last time (or reads it all again).
    void refresh();
    void rebuild();
    void refillFilters();
    void fitRows();
    void showSearchResults(const QString& query, const QList<QVariantList>& hits);
    QString describe(const model::Annotation& a) const;
    void replyToCurrent();
    // Your newest reply on the current note that you may still change, or null.
    const model::Reply* lastOwnReply() const;
    // Reply `replyId` of note `noteId` as shown (not deleted), or null.
    const model::Reply* shownReply(const QUuid& noteId, const QUuid& replyId) const;
    void toggleResolved(const QUuid& id);
    void updateResolveButton();
    QUuid currentId() const;

    review::ReviewSession* session_;
    review::StoreWorker* store_;
    PlayerController* player_;
    QLineEdit* search_ = nullptr;
    QComboBox* authorFilter_ = nullptr;
    QComboBox* statusFilter_ = nullptr;
    QComboBox* tagFilter_ = nullptr;
    QLabel* authorLabel_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QLabel* tagLabel_ = nullptr;
    QListView* list_ = nullptr;
    NotesListModel* model_ = nullptr;
    WrappedItemDelegate* delegate_ = nullptr;
    QList<QUuid> changedIds_;  // since the last refresh
    bool resetWanted_ = true;
    ReplyBox* reply_ = nullptr;
    QPushButton* resolve_ = nullptr;
    int searchGeneration_ = 0;
    int rebuilds_ = 0;
};

}  // namespace framenote::ui
