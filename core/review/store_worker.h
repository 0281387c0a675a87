#pragma once
// The draft store on its own thread: the UI never waits on disk. Requests
// are queued to the store thread; results come back as queued signals.
#include <QObject>
#include <QThread>
#include <memory>
#include <vector>

#include "core/common/result.h"
#include "core/model/annotation_state.h"
#include "core/model/operation.h"
#include "core/store/media_record.h"

namespace framenote::store {
class DraftStore;
}

namespace framenote::review {

// A clip's notes as the store holds them: its operation log folded in merge order under the
// store's order keys (DraftStore::operations).
struct LoadedNotes {
    model::AnnotationState state;
    int64_t lastOrder = 0;      // the highest order key, at least DraftStore::kPendingOrderBase
    bool holdsPending = false;  // unconfirmed operations are folded in (at provisional keys)
    qint64 pending = 0;         // the clip's operations no relay has confirmed yet
    bool everShared = false;    // the clip was in a shared session once (else "local only")
};

// Reads a clip's notes from the store and folds them: what load() does on the store thread (and
// what a busy room's reload cost every edit before edits applied in place).
Result<std::shared_ptr<LoadedNotes>> readNotes(store::DraftStore& store, const QString& mediaId);

class StoreWorker : public QObject {
    Q_OBJECT
  public:
    explicit StoreWorker(QObject* parent = nullptr);
    ~StoreWorker() override;

    // All thread-safe and asynchronous.
    void open(const QString& path);
    void rememberMedia(const store::MediaRecord& media);
    // Loads the clip's operation log in merge order (confirmed by sequence, then pending) and
    // folds it into notes, on the store thread: a log of 100,000 operations takes about 0.2 s to
    // fold, which must not hold up the UI of a busy session.
    void load(const QString& mediaId);
    void apply(const model::Operation& op);
    // Runs `job` on the store thread with the open store (for exports, search, queries).
    void run(std::function<void(store::DraftStore&)> job);
    // Blocks until every request queued so far has been handled (tests, shutdown).
    void flush();

  signals:
    void opened(QString path);
    void failed(QString message);
    // For one receiver, which may take the notes over (the ReviewSession).
    void loaded(QString mediaId, std::shared_ptr<framenote::review::LoadedNotes> notes);
    void committed(QUuid opId);
    void rejected(QUuid opId, QString message);

  private:
    QThread thread_;
    QObject* worker_ = nullptr;                 // lives on thread_
    std::unique_ptr<store::DraftStore> store_;  // touched only on thread_
};

}  // namespace framenote::review

Q_DECLARE_METATYPE(std::shared_ptr<framenote::review::LoadedNotes>)
