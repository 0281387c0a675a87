// Who drives a room's playback (docs/PROTOCOL.md, "Presenter-led sessions"): floor requests, and
// the floor as participants come and go. The rules are floor.h's; this file applies them.
#include "core/sync/relay_server_impl.h"

namespace framenote::sync {

void RelayServer::Impl::onFloorRequest(Connection& c, const v1::FloorRequest& request) {
    if (!c.room) {
        refuse(c, v1::ERROR_CODE_NOT_JOINED, "floor_request: join a room first");
        return;
    }
    const int64_t now = nowMs();
    if (!c.floorBucket.take(now)) {
        refuse(c, v1::ERROR_CODE_RATE_LIMITED,
               "floor_request: at most " + std::to_string(static_cast<int>(kFloorRequestBurst)) +
                   " at once and " + std::to_string(static_cast<int>(kFloorRequestsPerSecond)) +
                   " a second (each goes to the whole room)",
               QUuid(), static_cast<uint32_t>(std::max<int64_t>(1, c.floorBucket.waitMs(now))));
        return;
    }
    auto change = floorChangeFromWire(request);
    if (!change) {
        refuse(c, v1::ERROR_CODE_MALFORMED, change.error());
        return;
    }
    Room& r = *c.room;
    const auto online = [&r](uint32_t number) {
        const Participant* p = r.participants.find(number);
        return p && p->online;
    };
    FloorDecision decision = decideFloorChange(r.floor, c.participant, c.role, *change, online);
    if (!decision.floor) {
        refuse(c, decision.forbidden ? v1::ERROR_CODE_FORBIDDEN : v1::ERROR_CODE_INVALID,
               decision.why);
        return;
    }
    setFloor(r, std::move(*decision.floor));
}

void RelayServer::Impl::floorOnJoin(Room& r, uint32_t number, model::Role role) {
    setFloor(r, afterJoining(r.floor, number, role));
}

void RelayServer::Impl::floorOnLeave(Room& r, uint32_t number) {
    // The floor passes to the online admin who joined the room first, if any.
    uint32_t successor = 0;
    for (const Participant& p : r.participants.entries())
        if (p.online && p.number != number && p.role == model::Role::Admin) {
            successor = p.number;
            break;
        }
    setFloor(r, afterLeaving(r.floor, number, successor));
}

void RelayServer::Impl::setFloor(Room& r, Floor floor) {
    if (floor == r.floor) return;
    r.floor = std::move(floor);
    v1::Envelope e = newEnvelope();
    v1::Participants* update = e.mutable_participants();
    update->set_full(false);
    *update->mutable_floor() = floorToWire(r.floor);
    const QByteArray piece = innerEnvelopeBytes(e);
    for (Connection* m : r.members)
        if (!m->closing) enqueue(*m, OutPiece{OutPiece::Kind::Envelope, piece, 0});
}

}  // namespace framenote::sync
