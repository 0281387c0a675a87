// Presenter-led sessions through a real relay (docs/PROTOCOL.md, "Presenter-led sessions"): the
// floor reaches every member and every late joiner; in a presenter-led room a presence that
// presents is refused from anyone but the presenter and forwarded from the presenter; the
// presentation is handed over among three participants; requests to drive are refused where the
// role does not allow them; and the floor passes on when the presenter leaves.
#include <gtest/gtest.h>

#include "core/sync/floor.h"
#include "tests/support/raw_client.h"
#include "tests/support/refusal.h"
#include "tests/support/test_relay.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;
using ::testing::HasSubstr;
using Kind = fs::FloorChange::Kind;

namespace {

class RelayFloorTest : public ft::RelayFixture<ft::InProcessRelay> {
  protected:
    static void request(ft::RawClient& c, fs::FloorChange change) {
        v1::Envelope e = fs::newEnvelope();
        *e.mutable_floor_request() = fs::floorChangeToWire(change);
        c.send(e);
    }
    static std::optional<v1::Error> refusalOf(ft::RawClient& c, fs::FloorChange change) {
        v1::Envelope e = fs::newEnvelope();
        *e.mutable_floor_request() = fs::floorChangeToWire(change);
        return c.refusalTo(e);
    }
    // The floor `c` was told last (open when never told).
    static fs::Floor floorOf(ft::RawClient& c) {
        const v1::Envelope* m = c.last([](const v1::Envelope& e) {
            return e.has_participants() && e.participants().has_floor();
        });
        if (!m) return {};
        auto floor = fs::floorFromWire(m->participants().floor());
        EXPECT_TRUE(floor.ok()) << floor.error();
        return floor ? *floor : fs::Floor{};
    }
    // Waits until every client in `all` was told `expected`.
    static bool everyoneSees(std::initializer_list<ft::RawClient*> all, const fs::Floor& expected) {
        for (ft::RawClient* c : all)
            if (!c->waitFor([&](const v1::Envelope&) { return floorOf(*c) == expected; }))
                return false;
        return true;
    }
    // Sends a presence that presents at `frame`; returns whether `watcher` received it.
    static bool presents(ft::RawClient& from, ft::RawClient& watcher, int64_t frame) {
        ft::settle(60, "past the presence rate's interval");
        fs::Presence p;
        p.presenting = true;
        p.playheadFrame = frame;
        v1::Envelope e = fs::newEnvelope();
        *e.mutable_presence() = fs::presenceToWire(p);
        const size_t errors = from.errors().size();
        from.send(e);
        const auto arrived = [&](const v1::Envelope& m) {
            return m.has_presence() && m.presence().playhead_frame() == frame &&
                   m.presence().participant() == from.you();
        };
        const size_t mark = watcher.received().size();
        EXPECT_TRUE(ft::spinUntil([&] {
            return from.errors().size() > errors || watcher.count(arrived, mark) > 0;
        })) << "neither forwarded nor refused";
        return from.errors().size() == errors;
    }
};

}  // namespace

// The host makes the room presenter-led: it presents and its playback reaches the others; a
// viewer's "follow me" is refused as forbidden and reaches nobody; the viewer may still point.
TEST_F(RelayFloorTest, APresenterLedRoomRefusesAViewersPlaybackAndForwardsThePresenters) {
    startRelay();
    ft::RawClient& hana = joined("hana", fm::Role::Admin);
    ft::RawClient& gita = joined("gita", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Viewer);
    EXPECT_EQ(floorOf(bo), fs::Floor{});  // open until the host chooses
    request(hana, {Kind::SetMode, fs::FloorMode::PresenterLed, 0});
    const fs::Floor ledByHana{fs::FloorMode::PresenterLed, hana.you(), {}};
    ASSERT_TRUE(everyoneSees({&hana, &gita, &bo}, ledByHana));

    EXPECT_TRUE(presents(hana, bo, 40));
    const size_t mark = gita.received().size();
    EXPECT_FALSE(presents(bo, gita, 41));
    EXPECT_THAT(bo.errors().back(),
                ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, HasSubstr("presence.presenting")));
    ASSERT_TRUE(gita.roundTrip());
    // Nothing of the viewer's (the host's own update may still be reaching gita meanwhile).
    const uint32_t viewer = bo.you();
    EXPECT_EQ(gita.count(
                  [&](const v1::Envelope& m) {
                      return m.has_presence() && m.presence().participant() == viewer;
                  },
                  mark),
              0u);
    // Pointing is everyone's: the viewer's laser (without presenting) is forwarded.
    ft::settle(60, "past the presence rate's interval");
    fs::Presence laser;
    laser.laser = fs::LaserTrail{{{0.5, 0.5}}, {0}, true};
    v1::Envelope e = fs::newEnvelope();
    *e.mutable_presence() = fs::presenceToWire(laser);
    bo.send(e);
    EXPECT_TRUE(gita.waitFor(
        [](const v1::Envelope& m) { return m.has_presence() && m.presence().has_laser(); }));
    // Open again: anyone may present.
    request(hana, {Kind::SetMode, fs::FloorMode::Open, 0});
    ASSERT_TRUE(everyoneSees({&hana, &gita, &bo}, fs::Floor{}));
    EXPECT_TRUE(presents(bo, gita, 42));
}

// Three participants: the reviewer asks to drive, the host hands over to her, and from then on
// her playback is forwarded and the host's refused; she hands over to the viewer; a late joiner
// is told the floor with its participant table.
TEST_F(RelayFloorTest, ThePresentationIsHandedOverAmongThreeParticipants) {
    startRelay();
    ft::RawClient& hana = joined("hana", fm::Role::Admin);
    ft::RawClient& gita = joined("gita", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Viewer);
    request(hana, {Kind::SetMode, fs::FloorMode::PresenterLed, 0});
    ASSERT_TRUE(everyoneSees({&gita}, {fs::FloorMode::PresenterLed, hana.you(), {}}));
    request(gita, {Kind::Ask, fs::FloorMode::Open, 0});
    ASSERT_TRUE(
        everyoneSees({&hana, &gita, &bo}, {fs::FloorMode::PresenterLed, hana.you(), {gita.you()}}));
    // Only who leads hands over.
    EXPECT_THAT(refusalOf(bo, {Kind::HandTo, {}, bo.you()}),
                ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, HasSubstr("hand_to")));
    request(hana, {Kind::HandTo, {}, gita.you()});
    ASSERT_TRUE(everyoneSees({&hana, &gita, &bo}, {fs::FloorMode::PresenterLed, gita.you(), {}}));
    EXPECT_TRUE(presents(gita, bo, 10));
    EXPECT_FALSE(presents(hana, bo, 11));
    EXPECT_THAT(hana.errors().back(),
                ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, HasSubstr("presence.presenting")));

    request(gita, {Kind::HandTo, {}, bo.you()});
    ASSERT_TRUE(everyoneSees({&hana, &gita, &bo}, {fs::FloorMode::PresenterLed, bo.you(), {}}));
    EXPECT_TRUE(presents(bo, hana, 12));
    EXPECT_FALSE(presents(gita, hana, 13));

    ft::RawClient& late = joined("lena", fm::Role::Reviewer);
    EXPECT_EQ(floorOf(late), (fs::Floor{fs::FloorMode::PresenterLed, bo.you(), {}}));
}

// Requests that the role or the floor does not allow are refused with the field named, and the
// floor does not change.
TEST_F(RelayFloorTest, RequestsTheRoleOrTheFloorDoesNotAllowAreRefused) {
    startRelay();
    ft::RawClient& hana = joined("hana", fm::Role::Admin);
    ft::RawClient& gita = joined("gita", fm::Role::Reviewer);
    EXPECT_THAT(refusalOf(gita, {Kind::SetMode, fs::FloorMode::PresenterLed, 0}),
                ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, HasSubstr("set_mode")));
    EXPECT_THAT(refusalOf(gita, {Kind::Ask, {}, 0}),
                ft::IsRefusal(v1::ERROR_CODE_INVALID, HasSubstr("open")));
    request(hana, {Kind::SetMode, fs::FloorMode::PresenterLed, 0});
    ASSERT_TRUE(everyoneSees({&hana, &gita}, {fs::FloorMode::PresenterLed, hana.you(), {}}));
    EXPECT_THAT(refusalOf(hana, {Kind::HandTo, {}, 77}),
                ft::IsRefusal(v1::ERROR_CODE_INVALID, HasSubstr("not in the room")));
    EXPECT_THAT(refusalOf(gita, {Kind::Decline, {}, hana.you()}),
                ft::IsRefusal(v1::ERROR_CODE_FORBIDDEN, HasSubstr("decline")));
    v1::Envelope empty = fs::newEnvelope();
    empty.mutable_floor_request();
    EXPECT_THAT(gita.refusalTo(empty),
                ft::IsRefusal(v1::ERROR_CODE_MALFORMED, HasSubstr("floor_request")));
    ASSERT_TRUE(gita.roundTrip());
    EXPECT_EQ(floorOf(gita), (fs::Floor{fs::FloorMode::PresenterLed, hana.you(), {}}));
}

// The presenter leaves: the floor goes to the admin still there; with no admin left nobody
// drives, until an admin comes back and takes it.
TEST_F(RelayFloorTest, WhenThePresenterLeavesTheFloorPassesToAnAdmin) {
    startRelay();
    ft::RawClient& hana = joined("hana", fm::Role::Admin);
    ft::RawClient& gita = joined("gita", fm::Role::Reviewer);
    ft::RawClient& bo = joined("bo", fm::Role::Viewer);
    request(hana, {Kind::SetMode, fs::FloorMode::PresenterLed, 0});
    request(hana, {Kind::HandTo, {}, gita.you()});
    ASSERT_TRUE(everyoneSees({&hana, &bo}, {fs::FloorMode::PresenterLed, gita.you(), {}}));
    gita.socket().close();
    ASSERT_TRUE(everyoneSees({&hana, &bo}, {fs::FloorMode::PresenterLed, hana.you(), {}}));
    const uint32_t hanaNumber = hana.you();
    hana.socket().close();
    ASSERT_TRUE(everyoneSees({&bo}, {fs::FloorMode::PresenterLed, 0, {}}));
    EXPECT_FALSE(presents(bo, bo, 5));  // nobody drives, not even the last one there
    ft::RawClient& back = joined("hana", fm::Role::Admin);
    EXPECT_EQ(back.you(), hanaNumber);
    ASSERT_TRUE(everyoneSees({&bo, &back}, {fs::FloorMode::PresenterLed, hanaNumber, {}}));
}

// A participant toggling "ask to drive" as fast as it can cannot make the relay flood the room:
// each change goes to every member, so floor requests have a budget of their own (2 a second,
// bursts of 5); past it they are refused as rate limited and change nothing.
TEST_F(RelayFloorTest, TogglingAskToDriveCannotFloodTheRoom) {
    startRelay();
    ft::RawClient& hana = joined("hana", fm::Role::Admin);
    ft::RawClient& bo = joined("bo", fm::Role::Viewer);
    request(hana, {Kind::SetMode, fs::FloorMode::PresenterLed, 0});
    ASSERT_TRUE(everyoneSees({&hana, &bo}, {fs::FloorMode::PresenterLed, hana.you(), {}}));
    const auto floorUpdates = [](const v1::Envelope& m) {
        return m.has_participants() && m.participants().has_floor();
    };
    const size_t mark = hana.received().size();
    const size_t errors = bo.errors().size();
    for (int i = 0; i < 50; ++i)
        request(bo, {i % 2 ? Kind::Withdraw : Kind::Ask, fs::FloorMode::Open, 0});
    ASSERT_TRUE(bo.roundTrip());
    ASSERT_TRUE(hana.roundTrip());
    EXPECT_LE(hana.count(floorUpdates, mark), static_cast<size_t>(fs::kFloorRequestBurst) + 1);
    const std::vector<v1::Error> refused = bo.errors(0);
    ASSERT_GE(refused.size() - errors, 40u);
    EXPECT_THAT(refused.back(),
                ft::IsRefusal(v1::ERROR_CODE_RATE_LIMITED, HasSubstr("floor_request")));
    EXPECT_GT(refused.back().retry_after_ms(), 0u);
}
