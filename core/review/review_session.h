#pragma once
// The annotations of the open clip as the reviewer sees and edits them. An edit is checked
// (shape, frame range, permission), shown at once, recorded for undo, and handed to the store
// thread, which commits it with its outbox entry; until then it counts as "saving". If the
// store refuses it, the session reloads from the store and reports why.
#include <QHash>
#include <QList>
#include <QObject>
#include <functional>

#include "core/common/result.h"
#include "core/model/annotation_state.h"
#include "core/model/edit_history.h"
#include "core/review/store_worker.h"

namespace framenote::review {

class ReviewSession : public QObject {
    Q_OBJECT
  public:
    ReviewSession(StoreWorker* store, QString actor, model::Role role, QObject* parent = nullptr);

    // Loads the clip's notes from the store (asynchronously; loaded() follows).
    void setMedia(const QString& mediaId, int64_t frameCount);
    const QString& mediaId() const { return mediaId_; }
    const QString& actor() const { return actor_; }
    model::Role role() const { return role_; }
    // Who edits from now on: a shared session names the user and role its token grants, and the
    // relay refuses operations under any other name.
    void setIdentity(const QString& actor, model::Role role);
    // Applied to every local edit before it is shown and stored. A shared review quantizes edits
    // to what the wire carries (sync::SyncSession::prepareLocal), so every replica holds the same
    // values; the store itself knows nothing of sync.
    void setPrepare(std::function<model::Operation(model::Operation)> prepare) {
        prepare_ = std::move(prepare);
    }
    // Reads the clip's notes from the store again (others' changes arrived), keeping the undo
    // history and the edits still on their way to the store.
    void reload();
    // Others' operations a relay confirmed, already in the store. Applied here under their
    // sequences, O(log n) each, when the notes shown hold no unconfirmed edit. Otherwise their
    // rank against those edits is not known here: returns false, and the caller reloads
    // (docs/ARCHITECTURE.md, "The life of an edit"). Operations of another clip are ignored.
    bool applyConfirmed(const QList<model::Operation>& ops);
    // How many times the notes were read from the store (loads, reloads).
    int loadCount() const { return loads_; }
    // The relay connection knows best how many edits wait for it (acknowledgements lower it).
    void setPendingSyncCount(qint64 pending);

    // A user's edit. Returns the reason when it is refused (nothing changes then).
    Status edit(const model::Operation& op);
    bool canUndo() const { return history_.canUndo(); }
    bool canRedo() const { return history_.canRedo(); }
    // Undo and redo take back (or repeat) a whole group of edits at once.
    Status undo();
    Status redo();
    // Edits between these (nestable) are one undo step: one user action on several notes.
    void beginGroup() { history_.beginGroup(); }
    void endGroup() { history_.endGroup(); }

    const model::AnnotationState& state() const { return state_; }
    // Edits handed to the store and not yet committed.
    int savingCount() const { return static_cast<int>(saving_.size()); }
    // Edits committed locally and not yet confirmed by a relay (from the store at load time
    // plus this session's).
    qint64 pendingSyncCount() const { return pendingSync_; }
    // Whether the clip was ever shared: until then its edits are local only, not "pending".
    bool everShared() const { return everShared_; }
    void setShared();

  signals:
    void loaded();
    // Something changed in state(). notesChanged names the annotations an edit touched;
    // notesReset says every annotation may have changed (a load, another clip), and what was
    // read from the state before is gone.
    void changed();
    void notesChanged(QList<QUuid> ids);
    void notesReset();
    void error(QString message);
    void savingChanged(int saving);

  private:
    Status applyLocal(const model::Operation& op);
    std::optional<model::Annotation> current(const QUuid& id) const;
    Status undoStep();
    Status redoStep();
    void onLoaded(const QString& mediaId, const std::shared_ptr<LoadedNotes>& notes);

    StoreWorker* store_;
    QString actor_;
    model::Role role_;
    QString mediaId_;
    int64_t frameCount_ = 0;
    model::AnnotationState state_;
    model::EditHistory history_;
    int64_t nextOrder_ = 0;
    QHash<QUuid, model::Operation> saving_;  // handed to the store, not yet committed
    std::function<model::Operation(model::Operation)> prepare_;
    qint64 pendingSync_ = 0;
    bool everShared_ = false;
    // state_ holds edits not yet confirmed, at provisional order keys: an operation confirmed
    // now cannot be ranked against them here, so it makes the notes be read again.
    bool holdsUnconfirmed_ = false;
    int loads_ = 0;
};

}  // namespace framenote::review
