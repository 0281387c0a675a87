#pragma once
// Helpers for tests with SyncSession clients: a client (DraftStore + SyncSession) in a temporary
// directory, the state a store shows, the state a relay's log holds, random edits.
#include <QDir>
#include <QTemporaryDir>
#include <memory>
#include <random>

#include "core/model/annotation_state.h"
#include "core/model/permissions.h"
#include "core/store/draft_store.h"
#include "core/sync/relay_auth.h"
#include "core/sync/relay_codec.h"
#include "core/sync/relay_sqlite_log.h"
#include "core/sync/snapshot_ops.h"
#include "core/sync/sync_session.h"

namespace framenote::test {

// The state a store shows for a room: confirmed operations by sequence, pending ones after.
inline model::AnnotationState storeState(store::DraftStore& store, const QString& room) {
    model::AnnotationState state;
    auto ops = store.operations(room);
    if (!ops) return state;
    int64_t pending = 0;
    for (const model::Operation& op : *ops)
        state.apply(
            op, op.sequence > 0 ? op.sequence : store::DraftStore::kPendingOrderBase + ++pending);
    return state;
}

// The confirmed state a relay's log holds (snapshot + operations), and every op id it committed.
struct RelayLogState {
    model::AnnotationState state;
    QHash<QUuid, int64_t> sequences;
    int64_t head = 0;
    bool ok = false;
    std::string error;
};

inline RelayLogState relayLogState(const QString& dataDir, const QString& room) {
    RelayLogState out;
    sync::SqliteRoomLog::Options options;
    options.create = false;
    auto log =
        sync::SqliteRoomLog::open(QDir(dataDir).filePath(sync::SqliteRoomLog::kFileName), options);
    if (!log) {
        out.error = log.error();
        return out;
    }
    auto rec = (*log)->openRoom(room);
    if (!rec) {
        out.error = rec.error();
        return out;
    }
    out.head = rec->head;
    if (!rec->snapshot.empty()) {
        auto content = sync::snapshotFromStored(rec->snapshot);
        if (!content) {
            out.error = content.error();
            return out;
        }
        const auto ops =
            sync::snapshotOperations(*content, rec->epoch, rec->compactedThrough, room);
        for (size_t i = 0; i < ops.size(); ++i)
            out.state.apply(ops[i], INT64_MIN / 4 + static_cast<int64_t>(i));
    }
    auto ids = (*log)->operationIds(room);
    if (ids)
        for (const auto& [id, seq] : *ids) out.sequences.insert(id, seq);
    auto page = (*log)->read(room, rec->compactedThrough, INT64_MAX, INT32_MAX);
    if (!page) {
        out.error = page.error();
        return out;
    }
    for (const sync::LogRecord& r : *page) {
        auto op = sync::operationFromStored(r.payload, r.sequence);
        if (!op) {
            out.error = op.error();
            return out;
        }
        out.state.apply(*op, r.sequence);
    }
    out.ok = true;
    return out;
}

// A client: its own store file and a session to the relay.
struct TestClient {
    QString user;
    model::Role role = model::Role::Reviewer;
    QString storePath;
    std::unique_ptr<store::DraftStore> store;
    std::unique_ptr<sync::SyncSession> session;
    QHash<QUuid, int64_t> acks;  // every acknowledgement it saw
    std::vector<QUuid> mine;     // annotations it created
    QStringList errors;
    int refused = 0;

    TestClient(const QString& dir, const QString& name, model::Role r,
               sync::SyncSession::Options options)
        : user(name), role(r), storePath(QDir(dir).filePath(name + ".framenote")) {
        auto opened = store::DraftStore::open(storePath);
        if (!opened) {
            errors << QString::fromStdString(opened.error());
            return;
        }
        store = std::move(opened.value());
        session = std::make_unique<sync::SyncSession>(*store, options);
        QObject::connect(session.get(), &sync::SyncSession::acknowledged,
                         [this](const QUuid& id, qint64 seq) { acks.insert(id, seq); });
        QObject::connect(session.get(), &sync::SyncSession::errorOccurred,
                         [this](const QString& m) { errors << m; });
        QObject::connect(session.get(), &sync::SyncSession::operationRefused,
                         [this](const QUuid&, int, const QString& m) {
                             ++refused;
                             errors << "refused: " + m;
                         });
    }
    bool online() const { return session && session->state() == sync::SyncSession::State::Online; }
    model::AnnotationState state(const QString& room) { return storeState(*store, room); }
};

inline sync::SyncSession::Options sessionOptions(const QString& url, const QString& room,
                                                 const std::string& token) {
    sync::SyncSession::Options o;
    o.url = QUrl(url);
    o.mediaId = room;
    o.token = QString::fromStdString(token);
    o.backoffInitialMs = 50;
    o.backoffMaxMs = 1000;
    return o;
}

// A random edit `user` may make on the state it sees (nullopt when there is nothing to do).
inline std::optional<model::Operation> randomEdit(std::mt19937& rng,
                                                  const model::AnnotationState& state,
                                                  const QString& room, const QString& user,
                                                  model::Role role) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const auto point = [&] { return model::Point{unit(rng), unit(rng)}; };
    std::vector<const model::Annotation*> editable;
    for (const model::Annotation* a : state.annotations())
        if (model::canModify(user, role, *a)) editable.push_back(a);
    const int dice = static_cast<int>(rng() % 100);
    if (editable.empty() || dice < 25) {
        model::Annotation a;
        a.id = QUuid::createUuid();
        a.mediaId = room;
        const int kind = static_cast<int>(rng() % 3);
        a.kind = kind == 0   ? model::Kind::Rect
                 : kind == 1 ? model::Kind::Freehand
                             : model::Kind::Text;
        a.points = {point(), point()};
        if (kind == 1)
            for (int i = 0; i < 10 + static_cast<int>(rng() % 40); ++i) a.points.push_back(point());
        if (kind == 2) a.text = QString("note %1 by %2 色彩").arg(rng() % 1000).arg(user);
        a.firstFrame = static_cast<int64_t>(rng() % 500);
        a.lastFrame = a.firstFrame + static_cast<int64_t>(rng() % 24);
        return model::makeCreate(a, user, role);
    }
    const model::Annotation& target = *editable[rng() % editable.size()];
    if (dice < 60) {
        model::FieldChanges c;
        switch (rng() % 4) {
            case 0:
                c.points = target.kind == model::Kind::Freehand
                               ? std::vector<model::Point>{point(), point(), point()}
                               : std::vector<model::Point>{point(), point()};
                break;
            case 1:
                c.text = QString("edit %1").arg(rng() % 10000);
                break;
            case 2:
                c.tags = QStringList{QString("t%1").arg(rng() % 5)};
                break;
            default: {
                model::Style s;
                s.color = 0xff000000u | static_cast<uint32_t>(rng() & 0xffffff);
                s.width = 0.002 + unit(rng) * 0.01;
                c.style = s;
            }
        }
        return model::makeSetFields(room, target.id, c, user, role);
    }
    if (dice < 75)
        return model::makeReply(room, target.id, QString("reply %1").arg(rng() % 1000), user, role);
    if (dice < 85) return model::makeResolve(room, target.id, rng() % 2, user, role);
    if (dice < 92 && !target.replies.empty()) {
        const model::Reply& r = target.replies[rng() % target.replies.size()];
        if (model::canEditReply(user, role, r))
            return model::makeEditReply(room, target.id, r.id,
                                        QString("edited %1").arg(rng() % 100), user, role);
    }
    return model::makeDelete(room, target.id, user, role);
}

// Human-readable difference of two states (first few annotations), for test failures.
inline std::string describeDifference(const model::AnnotationState& a,
                                      const model::AnnotationState& b) {
    const auto x = a.annotations(), y = b.annotations();
    std::string out = std::to_string(x.size()) + " vs " + std::to_string(y.size()) + " annotations";
    for (size_t i = 0; i < std::min(x.size(), y.size()); ++i)
        if (!(*x[i] == *y[i])) {
            out += "; first difference at " + x[i]->id.toString().toStdString() + " / " +
                   y[i]->id.toString().toStdString() + " (text '" + x[i]->text.toStdString() +
                   "' vs '" + y[i]->text.toStdString() + "')";
            break;
        }
    return out;
}

}  // namespace framenote::test
