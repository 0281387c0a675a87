#pragma once
// The annotations of the open clip as the reviewer sees and edits them. An edit is checked
// (shape, frame range, permission), shown at once, recorded for undo, and handed to the store
// thread, which commits it with its outbox entry; until then it counts as "saving". If the
// store refuses it, the session reloads from the store and reports why.
#include <QObject>
#include <QSet>

#include "core/common/result.h"
#include "core/model/annotation_state.h"
#include "core/model/edit_history.h"
#include "core/store/store_worker.h"

namespace framenote::store {

class ReviewSession : public QObject {
    Q_OBJECT
public:
    ReviewSession(StoreWorker* store, QString actor, model::Role role, QObject* parent = nullptr);

    // Loads the clip's notes from the store (asynchronously; loaded() follows).
    void setMedia(const QString& mediaId, int64_t frameCount);
    const QString& mediaId() const { return mediaId_; }
    const QString& actor() const { return actor_; }
    model::Role role() const { return role_; }

    // A user's edit. Returns the reason when it is refused (nothing changes then).
    Status edit(const model::Operation& op);
    bool canUndo() const { return history_.canUndo(); }
    bool canRedo() const { return history_.canRedo(); }
    Status undo();
    Status redo();

    const model::AnnotationState& state() const { return state_; }
    // Edits handed to the store and not yet committed.
    int savingCount() const { return static_cast<int>(saving_.size()); }
    // Edits committed locally and not yet confirmed by a relay (from the store at load time
    // plus this session's).
    qint64 pendingSyncCount() const { return pendingSync_; }

signals:
    void loaded();
    void changed();
    void error(QString message);
    void savingChanged(int saving);

private:
    Status applyLocal(const model::Operation& op);
    std::optional<model::Annotation> current(const QUuid& id) const;
    void onLoaded(const QString& mediaId, const std::vector<model::Operation>& log, qint64 pending);

    StoreWorker* store_;
    QString actor_;
    model::Role role_;
    QString mediaId_;
    int64_t frameCount_ = 0;
    model::AnnotationState state_;
    model::EditHistory history_;
    int64_t nextOrder_ = 0;
    QSet<QUuid> saving_;
    qint64 pendingSync_ = 0;
};

}  // namespace framenote::store
