#pragma once
// The UI thread's end of one connection of a shared review. The SyncSession lives on the store
// thread (docs/ARCHITECTURE.md, "Threads"); this object lives on the UI thread and is the
// receiver of the session's signals, which reach it queued and carry values, and come out as
// this object's signals. Whoever listens disconnects from it on the UI thread when it leaves:
// what the old session still had in flight is then dropped here, not delivered to a newer
// connection.
//
// Lifetime: the session is built, driven and deleted by store jobs (StoreWorker::run), in order;
// the job that deletes the session deletes this object afterwards (deleteLater), so every job
// holding the link finds it alive. The object's parent deletes it if the store never ran them.
#include <QObject>
#include <QString>
#include <QUuid>
#include <optional>

#include "core/sync/participant_table.h"
#include "core/sync/presence.h"
#include "core/sync/sync_session.h"

namespace framenote::review {
class StoreWorker;
}

namespace framenote::ui {

class SessionLink : public QObject {
    Q_OBJECT
  public:
    SessionLink(review::StoreWorker& worker, QObject* parent);

    // Builds the session on the store thread and connects it (`color`: the one this user chose,
    // ARGB; none: automatic).
    // Connect to this object's signals first: the session starts at once.
    void open(const sync::SyncSession::Options& options, std::optional<uint32_t> color);
    // Stops and deletes the session on the store thread, then this object. Disconnect first.
    void close();
    // Passed to the session on the store thread (SyncSession::setPresence, setPresenceColor).
    void setPresence(const sync::Presence& presence);
    void setPresenceColor(std::optional<uint32_t> argb);
    // SyncSession::requestFloor, on the store thread.
    void requestFloor(const sync::FloorChange& change);

  signals:
    void stateChanged(framenote::sync::SyncSession::State state, qint64 pending);
    void pendingChanged(qint64 pending);
    void confirmed(QList<framenote::model::Operation> ops);
    void remoteChanged();
    void participantsChanged(framenote::sync::ParticipantTable participants, quint32 you);
    void presenceReceived(framenote::sync::Presence presence);
    void floorChanged(framenote::sync::Floor floor);
    void operationRefused(QUuid opId, int code, QString message);
    void errorOccurred(QString message, bool fatal);

  private:
    review::StoreWorker& worker_;
    sync::SyncSession* session_ = nullptr;  // touched on the store thread only
};

}  // namespace framenote::ui
