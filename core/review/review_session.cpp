#include "core/review/review_session.h"

#include "core/model/admission.h"
#include "core/model/validation.h"
#include "core/store/draft_store.h"

namespace framenote::review {

ReviewSession::ReviewSession(StoreWorker* store, QString actor, model::Role role, QObject* parent)
    : QObject(parent), store_(store), actor_(std::move(actor)), role_(role) {
    connect(store_, &StoreWorker::loaded, this, &ReviewSession::onLoaded);
    connect(store_, &StoreWorker::committed, this, [this](const QUuid& opId) {
        if (!saving_.remove(opId)) return;
        ++pendingSync_;
        emit savingChanged(savingCount());
    });
    connect(store_, &StoreWorker::rejected, this,
            [this](const QUuid& opId, const QString& message) {
                if (!saving_.remove(opId)) return;
                emit savingChanged(savingCount());
                emit error(tr("Your edit could not be saved: %1").arg(message));
                // Show what the store holds, which never includes the refused edit.
                history_.clear();
                store_->load(mediaId_);
            });
}

void ReviewSession::setIdentity(const QString& actor, model::Role role) {
    if (actor == actor_ && role == role_) return;
    actor_ = actor;
    role_ = role;
    // Undo entries were recorded under the old name; replaying them now would be refused.
    history_.clear();
}

void ReviewSession::reload() {
    if (!mediaId_.isEmpty()) store_->load(mediaId_);
}

bool ReviewSession::applyConfirmed(const QList<model::Operation>& ops) {
    if (mediaId_.isEmpty()) return true;
    if (holdsUnconfirmed_) return false;
    QList<QUuid> touched;
    for (const model::Operation& op : ops) {
        if (op.mediaId != mediaId_ || op.sequence <= 0) continue;
        if (state_.apply(op, op.sequence) != model::AnnotationState::Applied::Duplicate)
            touched.append(op.target);
    }
    if (touched.isEmpty()) return true;
    emit notesChanged(touched);
    emit changed();
    return true;
}

void ReviewSession::setPendingSyncCount(qint64 pending) {
    if (pending == pendingSync_) return;
    pendingSync_ = pending;
    emit savingChanged(savingCount());
}

void ReviewSession::setShared() {
    if (everShared_) return;
    everShared_ = true;
    emit savingChanged(savingCount());  // the save state reads differently from now on
}

void ReviewSession::setMedia(const QString& mediaId, int64_t frameCount) {
    mediaId_ = mediaId;
    frameCount_ = frameCount;
    state_ = {};
    holdsUnconfirmed_ = false;
    history_.clear();
    emit notesReset();
    store_->load(mediaId);
}

void ReviewSession::onLoaded(const QString& mediaId, const std::shared_ptr<LoadedNotes>& notes) {
    if (mediaId != mediaId_ || !notes) return;
    // Folded on the store thread, in log order (store_worker.h); this side only takes it over,
    // and the notes it had are freed there too (thousands of them take a millisecond or more).
    auto previous = std::make_shared<model::AnnotationState>(std::move(state_));
    state_ = std::move(notes->state);
    store_->run([previous](store::DraftStore&) {});
    nextOrder_ = notes->lastOrder;
    // Edits queued after this load was asked for are still on their way: keep showing them.
    for (const model::Operation& op : std::as_const(saving_))
        if (!state_.hasApplied(op.opId)) state_.apply(op, ++nextOrder_);
    holdsUnconfirmed_ = notes->holdsPending || !saving_.isEmpty();
    pendingSync_ = notes->pending;
    everShared_ = notes->everShared;
    ++loads_;
    emit notesReset();
    emit loaded();
    emit changed();
}

Status ReviewSession::applyLocal(const model::Operation& original) {
    const model::Operation op = prepare_ ? prepare_(original) : original;
    model::Limits limits;
    if (frameCount_ > 0) limits.frameCount = frameCount_;
    // The rules are the relay's and the store's (admission.h); this only words the refusal for
    // the person at the keyboard.
    const model::Annotation* target = state_.find(op.target);
    if (std::optional<model::Refusal> no = model::admit(op, {target, false}, limits)) {
        if (no->code == model::Refusal::Code::Invalid) {
            if (op.type != model::OpType::Create && !target)
                return makeError(tr("That note no longer exists.").toStdString());
            return makeError(no->message);
        }
        if (op.type == model::OpType::Create)
            return makeError(tr("Viewers cannot add notes.").toStdString());
        if (target)
            return makeError(
                tr("You may not change a note by %1.").arg(target->author).toStdString());
        return makeError(no->message);
    }
    state_.apply(op, ++nextOrder_);
    holdsUnconfirmed_ = true;
    saving_.insert(op.opId, op);
    store_->apply(op);
    emit savingChanged(savingCount());
    emit notesChanged({op.target});
    emit changed();
    return Ok{};
}

std::optional<model::Annotation> ReviewSession::current(const QUuid& id) const {
    const model::Annotation* found = state_.find(id);
    return found ? std::optional(*found) : std::nullopt;
}

Status ReviewSession::edit(const model::Operation& op) {
    const auto before = current(op.target);
    if (Status s = applyLocal(op); !s) return s;
    history_.record(op, before ? &*before : nullptr, actor_, role_);
    return Ok{};
}

Status ReviewSession::undo() {
    if (!history_.canUndo()) return makeError(tr("Nothing to undo.").toStdString());
    const uint64_t group = history_.undoGroup();
    do {
        if (Status s = undoStep(); !s) return s;
    } while (history_.canUndo() && history_.undoGroup() == group);
    return Ok{};
}

Status ReviewSession::redo() {
    if (!history_.canRedo()) return makeError(tr("Nothing to redo.").toStdString());
    const uint64_t group = history_.redoGroup();
    do {
        if (Status s = redoStep(); !s) return s;
    } while (history_.canRedo() && history_.redoGroup() == group);
    return Ok{};
}

Status ReviewSession::undoStep() {
    auto op = history_.nextUndo();
    const auto before = current(op->target);
    if (Status s = applyLocal(*op); !s) return s;
    history_.undone(before ? &*before : nullptr, actor_, role_);
    return Ok{};
}

Status ReviewSession::redoStep() {
    auto op = history_.nextRedo();
    const auto before = current(op->target);
    if (Status s = applyLocal(*op); !s) return s;
    history_.redone(before ? &*before : nullptr, actor_, role_);
    return Ok{};
}

}  // namespace framenote::review
