// The rules of the floor (core/sync/floor.h): who may make a session presenter-led, hand the
// presentation over, ask to drive and answer; and where the floor goes when people come and go.
// The relay decides with these same functions (relay_floor_test.cpp runs them through a relay).
#include "core/sync/floor.h"

#include <gtest/gtest.h>

#include <set>

namespace fs = framenote::sync;
using framenote::model::Role;
using Kind = fs::FloorChange::Kind;

namespace {

constexpr uint32_t kAdmin = 1, kReviewer = 2, kViewer = 3, kGone = 9;

const auto kOnline = [](uint32_t n) { return std::set<uint32_t>{1, 2, 3}.count(n) > 0; };

fs::Floor led(uint32_t presenter, std::vector<uint32_t> asking = {}) {
    return fs::Floor{fs::FloorMode::PresenterLed, presenter, std::move(asking)};
}

fs::FloorDecision decide(const fs::Floor& floor, uint32_t actor, Role role, fs::FloorChange c) {
    return fs::decideFloorChange(floor, actor, role, c, kOnline);
}

}  // namespace

TEST(Floor, OnlyAnAdminChoosesTheModeAndBecomesThePresenter) {
    const fs::FloorChange toLed{Kind::SetMode, fs::FloorMode::PresenterLed, 0};
    auto byAdmin = decide({}, kAdmin, Role::Admin, toLed);
    ASSERT_TRUE(byAdmin.floor) << byAdmin.why;
    EXPECT_EQ(*byAdmin.floor, led(kAdmin));
    for (auto [actor, role] : {std::pair{kReviewer, Role::Reviewer}, {kViewer, Role::Viewer}}) {
        auto refused = decide({}, actor, role, toLed);
        EXPECT_FALSE(refused.floor);
        EXPECT_TRUE(refused.forbidden);
        EXPECT_NE(refused.why.find("set_mode"), std::string::npos) << refused.why;
    }
    // Back to open: nobody holds the floor, nobody waits.
    auto open = decide(led(kReviewer, {kViewer}), kAdmin, Role::Admin,
                       {Kind::SetMode, fs::FloorMode::Open, 0});
    ASSERT_TRUE(open.floor);
    EXPECT_EQ(*open.floor, fs::Floor{});
}

TEST(Floor, ThePresenterOrAnAdminHandsOverToAnyoneOnline) {
    // The presenter (a reviewer) to a viewer, who asked: the request is answered.
    auto handed =
        decide(led(kReviewer, {kViewer}), kReviewer, Role::Reviewer, {Kind::HandTo, {}, kViewer});
    ASSERT_TRUE(handed.floor) << handed.why;
    EXPECT_EQ(*handed.floor, led(kViewer));
    // An admin takes it back without being the presenter.
    auto taken = decide(led(kViewer), kAdmin, Role::Admin, {Kind::HandTo, {}, kAdmin});
    ASSERT_TRUE(taken.floor);
    EXPECT_EQ(taken.floor->presenter, kAdmin);
    // A reviewer who does not present cannot hand it over, not even to itself.
    auto grab = decide(led(kAdmin), kReviewer, Role::Reviewer, {Kind::HandTo, {}, kReviewer});
    EXPECT_FALSE(grab.floor);
    EXPECT_TRUE(grab.forbidden);
    // Nor can it go to someone who is not in the room, or to nobody.
    for (uint32_t target : {kGone, 0u}) {
        auto nobody = decide(led(kAdmin), kAdmin, Role::Admin, {Kind::HandTo, {}, target});
        EXPECT_FALSE(nobody.floor);
        EXPECT_FALSE(nobody.forbidden);
    }
}

TEST(Floor, AnyoneButThePresenterAsksOnceAndMayWithdraw) {
    auto asked = decide(led(kAdmin), kViewer, Role::Viewer, {Kind::Ask, {}, 0});
    ASSERT_TRUE(asked.floor) << asked.why;
    auto again = decide(*asked.floor, kViewer, Role::Viewer, {Kind::Ask, {}, 0});
    ASSERT_TRUE(again.floor);
    EXPECT_EQ(again.floor->asking, std::vector<uint32_t>{kViewer});
    auto second = decide(*again.floor, kReviewer, Role::Reviewer, {Kind::Ask, {}, 0});
    ASSERT_TRUE(second.floor);
    EXPECT_EQ(second.floor->asking, (std::vector<uint32_t>{kViewer, kReviewer}));
    auto withdrawn = decide(*second.floor, kViewer, Role::Viewer, {Kind::Withdraw, {}, 0});
    ASSERT_TRUE(withdrawn.floor);
    EXPECT_EQ(withdrawn.floor->asking, std::vector<uint32_t>{kReviewer});
    // The presenter has nothing to ask for; nobody asks in an open session.
    EXPECT_FALSE(decide(led(kAdmin), kAdmin, Role::Admin, {Kind::Ask, {}, 0}).floor);
    auto open = decide({}, kViewer, Role::Viewer, {Kind::Ask, {}, 0});
    EXPECT_FALSE(open.floor);
    EXPECT_NE(open.why.find("open"), std::string::npos) << open.why;
}

TEST(Floor, OnlyWhoLeadsDeclinesARequest) {
    auto declined =
        decide(led(kReviewer, {kViewer}), kReviewer, Role::Reviewer, {Kind::Decline, {}, kViewer});
    ASSERT_TRUE(declined.floor);
    EXPECT_TRUE(declined.floor->asking.empty());
    auto meddling = decide(led(kAdmin, {kViewer, kReviewer}), kReviewer, Role::Reviewer,
                           {Kind::Decline, {}, kViewer});
    EXPECT_FALSE(meddling.floor);
    EXPECT_TRUE(meddling.forbidden);
}

TEST(Floor, TheWaitingRequestsAreBounded) {
    fs::Floor floor = led(kAdmin);
    for (uint32_t n = 100; floor.asking.size() < fs::kMaxFloorAsking; ++n)
        floor.asking.push_back(n);
    auto full = decide(floor, kViewer, Role::Viewer, {Kind::Ask, {}, 0});
    EXPECT_FALSE(full.floor);
    EXPECT_FALSE(full.forbidden);
}

TEST(Floor, OnlyThePresenterDrivesAPresenterLedSessionAndAnyoneAnOpenOne) {
    EXPECT_TRUE(fs::mayDrive({}, kViewer));
    EXPECT_TRUE(fs::mayDrive(led(kViewer), kViewer));
    EXPECT_FALSE(fs::mayDrive(led(kViewer), kAdmin));
    EXPECT_FALSE(fs::mayDrive(led(0), kAdmin));
    EXPECT_FALSE(fs::mayDrive(led(0), 0));
}

TEST(Floor, WhenThePresenterLeavesTheFloorPassesOnAndAnAdminTakesAnEmptyOne) {
    EXPECT_EQ(fs::afterLeaving(led(kReviewer, {kViewer, kAdmin}), kReviewer, kAdmin),
              led(kAdmin, {kViewer}));
    EXPECT_EQ(fs::afterLeaving(led(kReviewer), kReviewer, 0), led(0));
    // Someone else leaving only withdraws its request.
    EXPECT_EQ(fs::afterLeaving(led(kAdmin, {kViewer}), kViewer, kAdmin), led(kAdmin));
    EXPECT_EQ(fs::afterLeaving({}, kAdmin, 0), fs::Floor{});
    // Nobody presenting: the next admin to come takes it; a reviewer does not.
    EXPECT_EQ(fs::afterJoining(led(0), kReviewer, Role::Reviewer), led(0));
    EXPECT_EQ(fs::afterJoining(led(0, {kAdmin}), kAdmin, Role::Admin), led(kAdmin));
    EXPECT_EQ(fs::afterJoining(led(kReviewer), kAdmin, Role::Admin), led(kReviewer));
    EXPECT_EQ(fs::afterJoining({}, kAdmin, Role::Admin), fs::Floor{});
}
