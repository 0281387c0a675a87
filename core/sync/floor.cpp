#include "core/sync/floor.h"

#include <algorithm>

namespace framenote::sync {

namespace {

FloorDecision refused(bool forbidden, std::string why) {
    return FloorDecision{std::nullopt, forbidden, std::move(why)};
}

bool leads(const Floor& floor, uint32_t actor, model::Role role) {
    return role == model::Role::Admin || floor.presenter == actor;
}

void withdraw(Floor& floor, uint32_t participant) { std::erase(floor.asking, participant); }

}  // namespace

bool mayDrive(const Floor& floor, uint32_t participant) {
    return floor.mode == FloorMode::Open || (participant != 0 && floor.presenter == participant);
}

FloorDecision decideFloorChange(const Floor& floor, uint32_t actor, model::Role role,
                                const FloorChange& change,
                                const std::function<bool(uint32_t)>& online) {
    using Kind = FloorChange::Kind;
    Floor next = floor;
    if (change.kind == Kind::SetMode) {
        if (role != model::Role::Admin)
            return refused(true,
                           "floor_request.set_mode: only an admin chooses between an open "
                           "and a presenter-led session");
        if (change.mode == floor.mode) return FloorDecision{next, false, {}};
        next = Floor{change.mode, change.mode == FloorMode::PresenterLed ? actor : 0u, {}};
        return FloorDecision{next, false, {}};
    }
    if (floor.mode != FloorMode::PresenterLed)
        return refused(false,
                       "floor_request: the session is open (anyone may present); an admin "
                       "makes it presenter-led first");
    switch (change.kind) {
        case Kind::HandTo:
            if (!leads(floor, actor, role))
                return refused(true,
                               "floor_request.hand_to: only the presenter or an admin hands "
                               "the presentation over");
            if (change.participant == 0 || !online(change.participant))
                return refused(false, "floor_request.hand_to: participant " +
                                          std::to_string(change.participant) +
                                          " is not in the room");
            next.presenter = change.participant;
            withdraw(next, change.participant);
            return FloorDecision{next, false, {}};
        case Kind::Ask:
            if (floor.presenter == actor)
                return refused(false, "floor_request.ask: participant " + std::to_string(actor) +
                                          " presents already");
            if (std::find(next.asking.begin(), next.asking.end(), actor) == next.asking.end()) {
                if (next.asking.size() >= kMaxFloorAsking)
                    return refused(false, "floor_request.ask: " + std::to_string(kMaxFloorAsking) +
                                              " requests wait already; try again later");
                next.asking.push_back(actor);
            }
            return FloorDecision{next, false, {}};
        case Kind::Withdraw:
            withdraw(next, actor);
            return FloorDecision{next, false, {}};
        case Kind::Decline:
            if (!leads(floor, actor, role))
                return refused(true,
                               "floor_request.decline: only the presenter or an admin "
                               "answers a request to drive");
            withdraw(next, change.participant);
            return FloorDecision{next, false, {}};
        case Kind::SetMode:
            break;
    }
    return refused(false, "floor_request: no change");
}

Floor afterLeaving(Floor floor, uint32_t participant, uint32_t successor) {
    withdraw(floor, participant);
    if (floor.mode == FloorMode::PresenterLed && floor.presenter == participant) {
        floor.presenter = successor;
        withdraw(floor, successor);
    }
    return floor;
}

Floor afterJoining(Floor floor, uint32_t participant, model::Role role) {
    if (floor.mode == FloorMode::PresenterLed && floor.presenter == 0 &&
        role == model::Role::Admin) {
        floor.presenter = participant;
        withdraw(floor, participant);
    }
    return floor;
}

}  // namespace framenote::sync
