// The relay's rooms: loading, joining, catch-up by replay or snapshot, compaction.
#include "core/sync/relay_server_impl.h"

namespace framenote::sync {

namespace {

// Folds a room's log into a state (for compaction), on whichever thread owns `log`.
Status compactRoom(RoomLog& log, const QString& key, int64_t cutoffMs, int64_t* compactedTo) {
    auto rec = log.openRoom(key);
    if (!rec) return makeError(rec.error());
    auto through = log.lastSequenceBefore(key, cutoffMs);
    if (!through) return makeError(through.error());
    *compactedTo = rec->compactedThrough;
    if (*through <= rec->compactedThrough) return Ok{};
    model::AnnotationState state;
    QSet<QUuid> deleted;
    const QString mediaId = mediaIdOfRoom(key);
    if (!rec->snapshot.empty()) {
        auto content = snapshotFromStored(rec->snapshot);
        if (!content) return makeError(content.error());
        const auto ops = snapshotOperations(*content, rec->epoch, rec->compactedThrough, mediaId);
        for (size_t i = 0; i < ops.size(); ++i)
            state.apply(ops[i], kSnapshotOrderBase + static_cast<int64_t>(i));
        for (const QUuid& id : content->deleted) deleted.insert(id);
    }
    int64_t cursor = rec->compactedThrough;
    while (cursor < *through) {
        auto page = log.read(key, cursor, *through, 5000);
        if (!page) return makeError(page.error());
        if (page->empty()) break;
        for (const LogRecord& r : *page) {
            if (r.payload.empty())
                return makeError("room " + key.toStdString() + ": sequence " +
                                 std::to_string(r.sequence) +
                                 " has no payload but lies after the last compaction");
            auto op = operationFromStored(r.payload, r.sequence);
            if (!op) return makeError(op.error());
            state.apply(*op, r.sequence);
            if (op->type == model::OpType::Delete) deleted.insert(op->target);
            cursor = r.sequence;
        }
    }
    SnapshotContent content;
    for (const model::Annotation* a : state.annotations()) content.annotations.push_back(*a);
    for (const QUuid& id : deleted) content.deleted.push_back(id);
    std::sort(content.deleted.begin(), content.deleted.end());
    if (Status s = log.compact(key, *through, storedSnapshotBytes(content, rec->epoch, *through));
        !s)
        return s;
    *compactedTo = *through;
    return Ok{};
}

}  // namespace

void applyToRoom(Room& room, const model::Operation& op, int64_t order, bool confirmedToo) {
    room.speculative.apply(op, order);
    if (op.type == model::OpType::Delete) room.speculativeDeleted.insert(op.target);
    if (confirmedToo) {
        room.confirmed.apply(op, order);
        if (op.type == model::OpType::Delete) room.confirmedDeleted.insert(op.target);
    }
}

void RelayServer::Impl::onJoin(Connection& c, const v1::Join& join) {
    const QString mediaId = QString::fromStdString(join.media_id());
    const QString project = QString::fromStdString(join.project());
    if (!isMediaId(mediaId)) {
        refuse(c, v1::ERROR_CODE_INVALID,
               "join.media_id: not a media id (64 lowercase hexadecimal digits, docs/PROTOCOL.md "
               "\"Media id\")");
        return;
    }
    if (project.size() > 200 || project.contains(QLatin1Char('@')) ||
        std::any_of(project.begin(), project.end(),
                    [](QChar ch) { return ch.category() == QChar::Other_Control; })) {
        refuse(c, v1::ERROR_CODE_INVALID,
               "join.project: at most 200 characters, without '@' or control characters");
        return;
    }
    const QString key = project.isEmpty() ? mediaId : mediaId + QLatin1Char('@') + project;
    // Joining the room being caught up with again asks for what is on its way.
    if (c.room && c.room->key == key && refuseWhileCatchingUp(c, "join")) return;
    // The token names whole rooms: one for a media does not open it under a project (or back).
    if (!c.anyRoom && !c.claims.allowsRoom(key)) {
        refuse(c, v1::ERROR_CODE_FORBIDDEN,
               "join: the token of " + c.user.toStdString() + " does not allow room " +
                   key.toStdString());
        return;
    }
    const bool writer = model::canCreate(c.role);
    if (!rooms.contains(key)) {
        auto exists = reader->hasRoom(key);
        if (!exists) {
            refuse(c, v1::ERROR_CODE_INTERNAL,
                   "join: the room log cannot be read: " + exists.error());
            return;
        }
        if (!*exists && !writer) {
            refuse(c, v1::ERROR_CODE_FORBIDDEN,
                   "join: room " + key.toStdString() +
                       " does not exist yet, and a viewer cannot create a room; "
                       "join once a reviewer or an admin has");
            return;
        }
        if (!*exists)
            if (std::optional<std::string> why = roomQuotaRefusal(c, key)) {
                refuse(c, v1::ERROR_CODE_QUOTA_EXCEEDED, "join: " + *why, QUuid(), 60000);
                return;
            }
    }
    auto loaded = room(key, c.user);
    if (!loaded) {
        refuse(c, v1::ERROR_CODE_INTERNAL, "join: the room log cannot be read: " + loaded.error());
        return;
    }
    Room& r = **loaded;
    // Only a writer's frame count counts (a viewer's is ignored), and it must agree with the room.
    if (writer && join.frame_count() > 0) {
        if (std::optional<std::string> why =
                frameCountConflict(r, static_cast<int64_t>(join.frame_count()))) {
            refuse(c, v1::ERROR_CODE_INVALID, "join.frame_count: " + *why);
            return;
        }
    }
    leaveRoom(c);
    c.room = &r;
    c.participant = r.participants.assign(c.user, c.role);
    r.participants.setOnline(c.participant, true);
    r.members.push_back(&c);
    ++metrics.joined;
    c.live = false;
    // The joiner's table first (numbers before their use), then the others learn it is online.
    v1::Envelope full = newEnvelope();
    *full.mutable_participants() = participantsToWire(r.participants, c.participant, true);
    *full.mutable_participants()->mutable_floor() = floorToWire(r.floor);
    enqueueEnvelope(c, full);
    announce(r, c.participant);
    floorOnJoin(r, c.participant, c.role);

    const uint64_t epoch = join.epoch();
    const int64_t last = static_cast<int64_t>(join.last_sequence());
    const bool noPosition = epoch == 0 && last == 0;
    const bool sameEpoch = noPosition || epoch == r.epoch;
    const bool inLog = last >= r.compactedThrough && last <= r.committedHead;
    const bool shortEnough =
        !noPosition || r.committedHead - r.compactedThrough <= config.fullReplayLimit;
    if (sameEpoch && inLog && shortEnough && !(noPosition && r.compactedThrough > 0))
        startCatchUp(c, last);
    else
        sendSnapshot(c);
}

// Why a writer's frame count cannot stand for the room, or nothing (and the room takes it, for
// good, when it had none). The count is fixed once known: the media id is a fingerprint of the
// file, so another count means another file or a client error. A room without a count takes one
// that leaves every note it holds inside the media (nobody narrows a room under its notes).
std::optional<std::string> RelayServer::Impl::frameCountConflict(Room& r, int64_t frames) {
    if (r.frameCount > 0) {
        if (frames == r.frameCount) return std::nullopt;
        return std::to_string(frames) + " frames, but room " + r.key.toStdString() + " has " +
               std::to_string(r.frameCount) + ": is this the same media file?";
    }
    int64_t lastUsed = -1;
    for (const model::AnnotationState* state : {&r.confirmed, &r.speculative})
        for (const model::Annotation* a : state->annotations())
            lastUsed = std::max(lastUsed, a->lastFrame);
    if (lastUsed >= frames)
        return std::to_string(frames) + " frames, but notes of room " + r.key.toStdString() +
               " reach frame " + std::to_string(lastUsed);
    r.frameCount = frames;
    const QString key = r.key;
    QMetaObject::invokeMethod(commitContext, [log = writer.get(), key, frames] {
        if (Status s = log->setFrameCount(key, frames); !s)
            qCWarning(lcRelay).noquote() << QString::fromStdString(s.error());
    });
    return std::nullopt;
}

void RelayServer::Impl::onReplayRequest(Connection& c, const v1::ReplayRequest& request) {
    if (!c.room) {
        refuse(c, v1::ERROR_CODE_NOT_JOINED, "replay_request: join a room first");
        return;
    }
    if (refuseWhileCatchingUp(c, "replay_request")) return;
    Room& r = *c.room;
    const int64_t after = static_cast<int64_t>(request.after_sequence());
    if (request.epoch() == r.epoch && after >= r.compactedThrough && after <= r.committedHead) {
        c.live = false;
        startCatchUp(c, after);
    } else {
        c.live = false;
        sendSnapshot(c);
    }
}

void RelayServer::Impl::leaveRoom(Connection& c) {
    Room* r = c.room;
    if (!r) return;
    std::erase(r->members, &c);
    --metrics.joined;
    c.room = nullptr;
    c.live = false;
    c.catchingUp = false;
    c.snapshot.reset();
    c.awaitingSnapshot = false;
    c.pendingPresence.clear();
    c.heldPresence.clear();
    const bool stillOnline =
        std::any_of(r->members.begin(), r->members.end(),
                    [&](const Connection* m) { return m->participant == c.participant; });
    if (!stillOnline) {
        r->participants.setOnline(c.participant, false);
        r->presence.erase(c.participant);
        for (Connection* m : r->members) m->heldPresence.forget(c.participant);
        announce(*r, c.participant);
        floorOnLeave(*r, c.participant);
    }
    if (r->members.empty()) r->emptySinceMs = nowMs();
    c.participant = 0;
}

// ---- Rooms -------------------------------------------------------------------------------------

std::optional<std::string> RelayServer::Impl::roomQuotaRefusal(const Connection& c,
                                                               const QString& key) {
    auto counts = reader->roomCounts(c.user);
    if (!counts) return "the room log cannot be read: " + counts.error();
    if (config.maxRooms > 0 && counts->total >= config.maxRooms)
        return "room " + key.toStdString() + " would be one room too many: this relay holds " +
               std::to_string(counts->total) + " rooms, its quota";
    if (config.maxRoomsPerUser > 0 && counts->byCreator >= config.maxRoomsPerUser)
        return "room " + key.toStdString() + " would be one room too many for " +
               c.user.toStdString() + ", who made " + std::to_string(counts->byCreator) +
               " rooms, the quota per user";
    return std::nullopt;
}

Result<Room*> RelayServer::Impl::room(const QString& key, const QString& creator) {
    if (auto it = rooms.find(key); it != rooms.end()) return it->second.get();
    auto rec = reader->openRoom(key, creator);
    if (!rec) return makeError(rec.error());
    auto r = std::make_unique<Room>(key);
    r->epoch = rec->epoch;
    r->compactedThrough = rec->compactedThrough;
    r->storedBytes = static_cast<int64_t>(rec->snapshot.size());
    r->frameCount = rec->frameCount;
    if (!rec->snapshot.empty()) {
        auto content = snapshotFromStored(rec->snapshot);
        if (!content) return makeError(content.error());
        const auto ops =
            snapshotOperations(*content, rec->epoch, rec->compactedThrough, r->mediaId);
        for (size_t i = 0; i < ops.size(); ++i)
            applyToRoom(*r, ops[i], kSnapshotOrderBase + static_cast<int64_t>(i), true);
        for (const model::Annotation& a : content->annotations)
            if (!a.author.isEmpty()) r->participants.assign(a.author, a.creatorRole);
    }
    auto ids = reader->operationIds(key);
    if (!ids) return makeError(ids.error());
    r->sequences.reserve(static_cast<qsizetype>(ids->size()));
    for (const auto& [id, sequence] : *ids) r->sequences.insert(id, sequence);
    int64_t cursor = rec->compactedThrough;
    for (;;) {
        auto page = reader->read(key, cursor, rec->head, 5000);
        if (!page) return makeError(page.error());
        if (page->empty()) break;
        for (const LogRecord& record : *page) {
            if (record.payload.empty())
                return makeError("room " + key.toStdString() + ": sequence " +
                                 std::to_string(record.sequence) +
                                 " has no payload after the last compaction");
            auto op = operationFromStored(record.payload, record.sequence);
            if (!op)
                return makeError("room " + key.toStdString() + ", sequence " +
                                 std::to_string(record.sequence) + ": " + op.error());
            applyToRoom(*r, *op, record.sequence, true);
            r->storedBytes += static_cast<int64_t>(record.payload.size());
            if (!op->actor.isEmpty()) r->participants.assign(op->actor, op->actorRole);
            cursor = record.sequence;
        }
    }
    r->committedHead = rec->head;
    r->nextSequence = rec->head + 1;
    r->emptySinceMs = nowMs();
    Room* raw = r.get();
    rooms.emplace(key, std::move(r));
    metrics.rooms = static_cast<int64_t>(rooms.size());
    qCDebug(lcRelay).noquote() << "room" << key << "loaded: epoch" << raw->epoch << "head"
                               << raw->committedHead;
    return raw;
}

void RelayServer::Impl::announce(Room& r, uint32_t number) {
    const Participant* p = r.participants.find(number);
    if (!p) return;
    v1::Envelope e = newEnvelope();
    v1::Participants* list = e.mutable_participants();
    v1::Participant* entry = list->add_participants();
    entry->set_number(p->number);
    entry->set_name(p->name.toStdString());
    entry->set_role(roleToWire(p->role));
    entry->set_online(p->online);
    list->set_full(false);
    const QByteArray piece = innerEnvelopeBytes(e);
    for (Connection* m : r.members)
        if (m->participant != number && !m->closing)
            enqueue(*m, OutPiece{OutPiece::Kind::Envelope, piece, 0});
}

void RelayServer::Impl::startCatchUp(Connection& c, int64_t after) {
    c.catchingUp = true;
    c.snapshot.reset();
    c.awaitingSnapshot = false;
    c.socket->watchWritten(true);
    c.live = false;
    c.cursor = after;
    pumpCatchUp(c);
}

void RelayServer::Impl::pumpCatchUp(Connection& c) {
    const size_t window = std::max<size_t>(config.pageBytes * 4, 1u << 20);
    if (c.awaitingSnapshot) return;  // its room is still encoding it
    while (c.catchingUp && !c.closing && c.room &&
           c.socket->unsentBytes() + c.queuedBytes < window) {
        Room& r = *c.room;
        if (c.snapshot) {
            const EncodedSnapshot& snap = *c.snapshot;
            enqueue(c, OutPiece{OutPiece::Kind::Envelope, snap.parts[c.snapshotPart++], 0});
            c.replyDue = true;
            if (c.snapshotPart < snap.parts.size()) continue;
            c.cursor = snap.sequence;  // what the snapshot lacks comes from the log
            c.snapshot.reset();
            if (c.cursor >= r.committedHead) {
                c.catchingUp = false;
                goLive(c);
                return;
            }
            continue;
        }
        auto page = reader->read(r.key, c.cursor, r.committedHead, config.replayPageOperations);
        if (!page) {
            qCWarning(lcRelay).noquote()
                << "replay of room" << r.key << "failed:" << QString::fromStdString(page.error());
            c.catchingUp = false;
            sendSnapshot(c);
            return;
        }
        v1::Envelope e = newEnvelope();
        v1::Replay* replay = e.mutable_replay();
        replay->set_epoch(r.epoch);
        replay->set_after_sequence(static_cast<uint64_t>(c.cursor));
        replay->set_head_sequence(static_cast<uint64_t>(r.committedHead));
        size_t bytes = 0;
        int64_t last = c.cursor;
        for (const LogRecord& record : *page) {
            if (record.payload.empty()) {  // compacted meanwhile: a snapshot instead
                c.catchingUp = false;
                sendSnapshot(c);
                return;
            }
            auto op = operationFromStored(record.payload, record.sequence);
            if (!op) {
                qCWarning(lcRelay).noquote()
                    << "room" << r.key << QString::fromStdString(op.error());
                c.catchingUp = false;
                sendSnapshot(c);
                return;
            }
            v1::Operation* w = replay->add_operations();
            *w = operationToWire(*op, r.context);
            bytes += w->ByteSizeLong();
            last = record.sequence;
            ++metrics.replayedOperations;
            if (bytes > config.pageBytes) break;
        }
        if (!page->empty() && last == c.cursor) break;  // nothing usable (cannot happen)
        c.cursor = last;
        const bool more = c.cursor < r.committedHead;
        replay->set_more(more);
        enqueueEnvelope(c, e);
        if (!more) {
            c.catchingUp = false;
            goLive(c);
        }
    }
}

void RelayServer::Impl::sendSnapshot(Connection& c) {
    if (!c.room) return;
    ++metrics.snapshotsSent;
    Room& r = *c.room;
    c.live = false;
    c.catchingUp = true;
    c.snapshot.reset();
    c.snapshotPart = 0;
    c.socket->watchWritten(true);
    if (snapshotReusable(r)) {
        c.snapshot = r.snapshotCache;
        pumpCatchUp(c);
        return;
    }
    c.awaitingSnapshot = true;
    r.awaitingSnapshot.push_back(c.id);
    scheduleEncoding(r);
}

bool RelayServer::Impl::snapshotReusable(const Room& r) const {
    const auto& cached = r.snapshotCache;
    return cached && cached->epoch == r.epoch && cached->sequence >= r.compactedThrough &&
           r.committedHead - cached->sequence <= config.snapshotReuseOps;
}

void RelayServer::Impl::scheduleEncoding(Room& r) {
    if (r.encoding) return;
    r.encoding = true;
    QTimer::singleShot(0, q, [this, key = r.key] { encodeSome(key); });
}

void RelayServer::Impl::confirmedChanged(Room& r, const model::Operation& op) {
    if (!r.encoderWarm) return;
    if (op.type == model::OpType::Delete) {
        r.encodedAnnotations.remove(op.target);
        r.staleAnnotations.remove(op.target);
    } else {
        r.staleAnnotations.insert(op.target);
    }
}

// Encodes stale annotations for at most kEncodeSliceMs, then lets the event loop run (acks,
// other rooms, /healthz) and comes back; once none is stale, assembles the snapshot and starts
// sending it to every connection parked for it.
void RelayServer::Impl::encodeSome(const QString& key) {
    const auto it = rooms.find(key);
    if (it == rooms.end()) return;
    Room& r = *it->second;
    if (!r.encoderWarm) {
        r.encoderWarm = true;
        for (const model::Annotation* a : r.confirmed.annotations())
            r.staleAnnotations.insert(a->id);
    }
    QElapsedTimer slice;
    slice.start();
    while (!r.staleAnnotations.isEmpty() && slice.elapsed() < kEncodeSliceMs) {
        const QUuid id = *r.staleAnnotations.begin();
        r.staleAnnotations.erase(r.staleAnnotations.begin());
        if (const model::Annotation* a = r.confirmed.find(id))
            r.encodedAnnotations.insert(id, annotationToWire(*a, r.context).SerializeAsString());
        else
            r.encodedAnnotations.remove(id);
    }
    if (!r.staleAnnotations.isEmpty()) {
        QTimer::singleShot(0, q, [this, key] { encodeSome(key); });
        return;
    }
    r.encoding = false;
    r.snapshotCache = assembleSnapshot(r);
    std::vector<uint64_t> parked = std::move(r.awaitingSnapshot);
    r.awaitingSnapshot.clear();
    for (uint64_t id : parked) {
        Connection* c = find(id);
        if (!c || c->closing || c->room != &r || !c->awaitingSnapshot) continue;
        c->awaitingSnapshot = false;
        c->snapshot = r.snapshotCache;
        c->snapshotPart = 0;
        pumpCatchUp(*c);
    }
}

std::shared_ptr<const EncodedSnapshot> RelayServer::Impl::assembleSnapshot(Room& r) {
    auto snap = std::make_shared<EncodedSnapshot>();
    snap->epoch = r.epoch;
    snap->sequence = r.committedHead;
    std::vector<const std::string*> annotations;
    std::vector<QUuid> deleted;
    size_t bytes = 0;
    const auto finishPart = [&](bool more) {
        snap->parts.push_back(
            snapshotPartPiece(snap->epoch, snap->sequence, annotations, deleted, more));
        annotations.clear();
        deleted.clear();
        bytes = 0;
    };
    for (const model::Annotation* a : r.confirmed.annotations()) {
        auto encoded = r.encodedAnnotations.find(a->id);
        if (encoded == r.encodedAnnotations.end())  // cannot happen: every change marks it stale
            encoded = r.encodedAnnotations.insert(
                a->id, annotationToWire(*a, r.context).SerializeAsString());
        annotations.push_back(&*encoded);
        bytes += encoded->size() + 4;
        if (bytes > config.pageBytes) finishPart(true);
    }
    std::vector<QUuid> gone(r.confirmedDeleted.begin(), r.confirmedDeleted.end());
    std::sort(gone.begin(), gone.end());
    for (const QUuid& id : gone) {
        deleted.push_back(id);
        bytes += 18;
        if (bytes > config.pageBytes) finishPart(true);
    }
    finishPart(false);
    ++metrics.snapshotsEncoded;
    return snap;
}

bool RelayServer::Impl::refuseWhileCatchingUp(Connection& c, const char* what) {
    if (!c.catchingUp) return false;
    refuse(c, v1::ERROR_CODE_RATE_LIMITED,
           std::string(what) +
               ": a catch-up is already under way on this connection; it ends with the last "
               "Replay page or Snapshot part, after which the connection is live",
           QUuid(), 1000);
    return true;
}

void RelayServer::Impl::goLive(Connection& c) {
    c.live = true;
    if (!c.room) return;
    for (const auto& [number, piece] : c.room->presence)
        if (number != c.participant) enqueue(c, OutPiece{OutPiece::Kind::Envelope, piece, 0});
}

void RelayServer::Impl::unloadIdleRooms(int64_t now) {
    for (auto it = rooms.begin(); it != rooms.end();) {
        Room& r = *it->second;
        if (r.members.empty() && r.pending.isEmpty() &&
            now - r.emptySinceMs > config.roomIdleUnloadMs)
            it = rooms.erase(it);
        else
            ++it;
    }
    metrics.rooms = static_cast<int64_t>(rooms.size());
}

void RelayServer::Impl::runCompaction(int64_t retainMs) {
    QPointer<RelayServer> owner = q;
    const int64_t cutoff = nowMs() - retainMs;
    QMetaObject::invokeMethod(commitContext, [this, owner, log = writer.get(), cutoff] {
        auto keys = log->rooms();
        if (!keys) return;
        std::vector<std::pair<QString, int64_t>> done;
        for (const QString& key : *keys) {
            int64_t through = 0;
            if (Status s = compactRoom(*log, key, cutoff, &through); !s)
                qCWarning(lcRelay).noquote() << "compaction of room" << key
                                             << "failed:" << QString::fromStdString(s.error());
            done.emplace_back(key, through);
        }
        if (!owner) return;
        QMetaObject::invokeMethod(
            owner,
            [this, done] {
                for (const auto& [key, through] : done)
                    if (auto it = rooms.find(key); it != rooms.end())
                        it->second->compactedThrough =
                            std::max(it->second->compactedThrough, through);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace framenote::sync
