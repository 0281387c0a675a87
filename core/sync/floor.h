#pragma once
// Who drives a room's playback (docs/PROTOCOL.md, "Presenter-led sessions"). In an open room
// anyone may present ("follow me"); in a presenter-led one only the presenter drives playback,
// loop, compare and the colour view, and everyone else follows; pointing with the laser and
// writing notes stay open to every role that had them. The rules live here, once: the relay
// decides every request and every presence with them, the app greys its controls with them.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/model/annotation.h"

namespace framenote::sync {

enum class FloorMode { Open, PresenterLed };

struct Floor {
    FloorMode mode = FloorMode::Open;
    uint32_t presenter = 0;        // presenter-led: the participant driving (0: nobody yet)
    std::vector<uint32_t> asking;  // presenter-led: who asked to drive, oldest first
    friend bool operator==(const Floor&, const Floor&) = default;
};

// One request about the floor, from a participant.
struct FloorChange {
    enum class Kind { SetMode, HandTo, Ask, Withdraw, Decline };
    Kind kind = Kind::Ask;
    FloorMode mode = FloorMode::Open;  // SetMode
    uint32_t participant = 0;          // HandTo, Decline
    friend bool operator==(const FloorChange&, const FloorChange&) = default;
};

// What the relay answers a FloorChange: the new floor, or why not.
struct FloorDecision {
    std::optional<Floor> floor;  // nullopt: refused
    bool forbidden = false;      // refused for who asked (else: it does not fit the floor)
    std::string why;
};

// At most this many requests to drive wait at once (docs/PROTOCOL.md, "Limits").
inline constexpr size_t kMaxFloorAsking = 64;
// Floor requests a connection may send: each change goes to the whole room, so a participant
// toggling "ask to drive" at the message rate would make the relay send the room's size times
// as many updates (docs/PROTOCOL.md, "Limits").
inline constexpr double kFloorRequestsPerSecond = 2;
inline constexpr double kFloorRequestBurst = 5;

// Whether `participant` may drive playback for the others: anyone in an open room, the
// presenter in a presenter-led one.
bool mayDrive(const Floor& floor, uint32_t participant);

// `actor` (with `role`) asks for `change`; `online(n)` tells whether participant n is in the room.
//  - set the mode: admins only; presenter-led starts with the admin who chose it presenting;
//  - hand over: the presenter or an admin, to any online participant (an admin may take it);
//  - ask to drive, withdraw: anyone but the presenter, in a presenter-led room;
//  - decline a request: the presenter or an admin.
FloorDecision decideFloorChange(const Floor& floor, uint32_t actor, model::Role role,
                                const FloorChange& change,
                                const std::function<bool(uint32_t)>& online);

// The floor once `participant` left the room: its request goes, and when it presented, the
// floor passes to `successor` (an online admin chosen by the relay; 0: nobody drives).
Floor afterLeaving(Floor floor, uint32_t participant, uint32_t successor);

// The floor once `participant` with `role` came online: an admin takes a presenter-led floor
// that nobody holds, so that a room never stays without a driver while an admin is there.
Floor afterJoining(Floor floor, uint32_t participant, model::Role role);

}  // namespace framenote::sync
