#pragma once
// Annotating the current clip: the drawing tools, the overlay, undo/redo and delete, wired to
// the review session (which saves every edit to the local store) and to the player's playhead.
#include <QActionGroup>
#include <QLabel>
#include <QMenu>
#include <QObject>
#include <QToolBar>

#include "core/review/review_session.h"
#include "core/review/store_worker.h"
#include "ui/annotation_overlay.h"
#include "ui/ghost_control.h"
#include "ui/laser_trails.h"
#include "ui/note_text_editor.h"
#include "ui/player_controller.h"

namespace framenote::ui {

class Retranslator;

class AnnotationController : public QObject {
    Q_OBJECT
  public:
    // `storePath`: the user's draft store (a SQLite file).
    AnnotationController(PlayerController* player, FrameView* view, QWidget* window,
                         const QString& storePath, const QString& userName);
    // The user's draft store (where a shared clip's upload waits to resume, ClipShare).
    const QString& storePath() const { return storePath_; }

    QToolBar* toolBar() const { return toolBar_; }
    // The drawing tools (Select, Rectangle, ...), one checked: for the Tools menu.
    QList<QAction*> toolActions() const { return tools_->actions(); }
    // Enter on the picture: a text note at its centre, for a review by keyboard alone.
    QAction* placeTextAction() const { return placeText_; }
    void addEditActions(QMenu* menu);
    review::ReviewSession& session() { return *session_; }
    review::StoreWorker& store() { return store_; }
    AnnotationOverlay& overlay() { return *overlay_; }
    // View > Ghosts: nearby frames' notes, faded (onion skin).
    GhostControl& ghosts() { return *ghosts_; }
    // Laser pointer trails: this user's (the Laser tool) and the session's others'.
    LaserTrails& laser() { return *laser_; }
    void setTool(Tool tool);
    // "Saved", "Saving...", "2 edits pending sync": always visible in the status bar.
    QString saveStateText() const;
    // The first frame of the next (or previous) note after the playhead (or `from`), or -1.
    qint64 nextNoteFrame(int direction) const;
    qint64 nextNoteFrame(qint64 from, int direction) const;

  signals:
    void message(QString text);
    void saveStateChanged(QString text);
    // The text note editor closed (committed or cancelled): the keys go back to the picture.
    void textEditorClosed();

  private:
    void buildTools();
    void refreshOverlay();
    void onMediaOpened();
    void createShape(model::Kind kind, const std::vector<model::Point>& points);
    void askForText(const model::Point& anchor, const QPoint& position);
    // Opens the text editor on a text note's text (double-click, F2); Enter saves the change.
    void editText(const QUuid& id);
    void openTextEditor(const QPoint& position, const QColor& colour, const QString& html);
    void moveNotes(const QList<QUuid>& ids, double dx, double dy);
    void resizeNote(const QUuid& id, std::vector<model::Point> points);
    void deleteSelected();
    // Sets the frame range of the selected notes, as one undo step.
    void setSelectedFrames(qint64 first, qint64 last);
    // Each selected note's range from `framesOf`, as one undo step; the number changed.
    using FramesOf = std::function<std::pair<qint64, qint64>(const model::Annotation&)>;
    int setSelectedFrames(const FramesOf& framesOf);
    // Each selected note shown from its first frame until the frame before the next note starts
    // (to the clip's end when none does).
    void holdUntilNextNote();
    void updateSelectionActions();
    void report(const Status& status);

    PlayerController* player_;
    FrameView* view_;
    QWidget* window_;
    QString storePath_;
    review::StoreWorker store_;
    review::ReviewSession* session_ = nullptr;
    AnnotationOverlay* overlay_ = nullptr;
    GhostControl* ghosts_ = nullptr;
    LaserTrails* laser_ = nullptr;
    Retranslator* texts_ = nullptr;  // the tool bar's and the Edit menu's texts
    QToolBar* toolBar_ = nullptr;
    QActionGroup* tools_ = nullptr;
    QAction* placeText_ = nullptr;
    NoteTextEditor* textEditor_ = nullptr;
    QUuid editingNote_;  // the text note the editor is changing; null: it makes a new one
    QAction* clearSelection_ = nullptr;
    QAction* holdInOut_ = nullptr;
    QAction* holdToNext_ = nullptr;
    QAction* thisFrameOnly_ = nullptr;
    QAction* editText_ = nullptr;
    model::Point textAnchor_;
};

}  // namespace framenote::ui
