#include "core/review/store_worker.h"

#include <QMetaObject>
#include <algorithm>

#include "core/common/try.h"
#include "core/store/draft_store.h"

namespace framenote::review {

StoreWorker::StoreWorker(QObject* parent) : QObject(parent) {
    qRegisterMetaType<std::shared_ptr<LoadedNotes>>();
    worker_ = new QObject;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.setObjectName("framenote-store");
    thread_.start();
}

StoreWorker::~StoreWorker() {
    // The store closes on its own thread, after every queued request has run.
    QMetaObject::invokeMethod(
        worker_, [this] { store_.reset(); }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
}

void StoreWorker::open(const QString& path) {
    QMetaObject::invokeMethod(worker_, [this, path] {
        store::DraftStore::Options options;
        options.backgroundCheckpoints = true;  // no commit on the store thread waits for one
        auto opened = store::DraftStore::open(path, options);
        if (!opened) return emit failed(QString::fromStdString(opened.error()));
        store_ = std::move(opened.value());
        emit this->opened(path);
    });
}

void StoreWorker::rememberMedia(const store::MediaRecord& media) {
    QMetaObject::invokeMethod(worker_, [this, media] {
        if (!store_) return;
        auto known = store_->media(media.mediaId);
        store::MediaRecord merged = media;
        if (known && known->has_value()) {
            // Keep older path hints after the newest one.
            for (const QString& hint : (*known)->pathHints)
                if (!merged.pathHints.contains(hint)) merged.pathHints << hint;
        }
        if (Status s = store_->upsertMedia(merged); !s)
            emit failed(QString::fromStdString(s.error()));
    });
}

Result<std::shared_ptr<LoadedNotes>> readNotes(store::DraftStore& store, const QString& mediaId) {
    auto log = store.loggedOperations(mediaId);
    FRAMENOTE_TRY(log);
    // The open clip's unsent edits, not every clip's (the room is the media id).
    auto pending = store.pendingCount(mediaId);
    auto shared = store.everShared(mediaId);
    auto notes = std::make_shared<LoadedNotes>();
    // Under the store's own order keys: operations confirmed later apply on top of this state
    // under their sequences and give what a fresh fold would (annotation_state.h).
    notes->lastOrder = store::DraftStore::kPendingOrderBase;
    for (const auto& [op, key] : *log) {
        notes->state.apply(op, key);
        notes->lastOrder = std::max(notes->lastOrder, key);
        notes->holdsPending |= key >= store::DraftStore::kPendingOrderBase;
    }
    notes->pending = pending ? pending.value() : 0;
    notes->everShared = shared && shared.value();
    return notes;
}

void StoreWorker::load(const QString& mediaId) {
    QMetaObject::invokeMethod(worker_, [this, mediaId] {
        if (!store_) return emit failed(tr("The local store is not open."));
        auto notes = readNotes(*store_, mediaId);
        if (!notes) return emit failed(QString::fromStdString(notes.error()));
        emit loaded(mediaId, std::move(notes.value()));
    });
}

void StoreWorker::apply(const model::Operation& op) {
    QMetaObject::invokeMethod(worker_, [this, op] {
        if (!store_) return emit rejected(op.opId, tr("The local store is not open."));
        if (Status s = store_->applyLocal(op); !s)
            return emit rejected(op.opId, QString::fromStdString(s.error()));
        emit committed(op.opId);
    });
}

void StoreWorker::run(std::function<void(store::DraftStore&)> job) {
    QMetaObject::invokeMethod(worker_, [this, job = std::move(job)] {
        if (store_) job(*store_);
    });
}

void StoreWorker::flush() {
    QMetaObject::invokeMethod(
        worker_, [] {}, Qt::BlockingQueuedConnection);
}

}  // namespace framenote::review
