#include "ui/session_link.h"

#include "core/review/store_worker.h"

namespace framenote::ui {

SessionLink::SessionLink(review::StoreWorker& worker, QObject* parent)
    : QObject(parent), worker_(worker) {}

void SessionLink::open(const sync::SyncSession::Options& options, std::optional<uint32_t> color) {
    worker_.run([this, options, color](store::DraftStore& store) {
        // Built on the store thread, where its DraftStore lives.
        auto* session = new sync::SyncSession(store, options);
        session_ = session;
        session->setPresenceColor(color);
        // Sender on the store thread, receiver here: queued, the values copied.
        using S = sync::SyncSession;
        connect(session, &S::stateChanged, this, &SessionLink::stateChanged);
        connect(session, &S::pendingChanged, this, &SessionLink::pendingChanged);
        connect(session, &S::confirmed, this, &SessionLink::confirmed);
        connect(session, &S::remoteChanged, this, &SessionLink::remoteChanged);
        connect(session, &S::participantsChanged, this, &SessionLink::participantsChanged);
        connect(session, &S::presenceReceived, this, &SessionLink::presenceReceived);
        connect(session, &S::floorChanged, this, &SessionLink::floorChanged);
        connect(session, &S::operationRefused, this, &SessionLink::operationRefused);
        connect(session, &S::errorOccurred, this, &SessionLink::errorOccurred);
        // One path for edits: what the ReviewSession committed goes out from the outbox.
        connect(&worker_, &review::StoreWorker::committed, session, &S::outboxChanged);
        session->start();
    });
}

void SessionLink::close() {
    worker_.run([this](store::DraftStore&) {
        if (session_) {
            session_->stop();
            delete session_;
            session_ = nullptr;
        }
        deleteLater();
    });
}

void SessionLink::setPresence(const sync::Presence& presence) {
    worker_.run([this, presence](store::DraftStore&) {
        if (session_) session_->setPresence(presence);
    });
}

void SessionLink::requestFloor(const sync::FloorChange& change) {
    worker_.run([this, change](store::DraftStore&) {
        if (session_) session_->requestFloor(change);
    });
}

void SessionLink::setPresenceColor(std::optional<uint32_t> argb) {
    worker_.run([this, argb](store::DraftStore&) {
        if (session_) session_->setPresenceColor(argb);
    });
}

}  // namespace framenote::ui
