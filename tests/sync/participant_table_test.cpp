// Actors travel as small per-room numbers; the table maps them back to names and roles.
#include "core/sync/participant_table.h"

#include <gtest/gtest.h>

#include "core/sync/wire_codec.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;

namespace {

TEST(ParticipantTable, NumbersAreAssignedFromOneAndStayStable) {
    fs::ParticipantTable table;
    EXPECT_EQ(table.assign("ana", fm::Role::Reviewer), 1u);
    EXPECT_EQ(table.assign("bo", fm::Role::Viewer), 2u);
    EXPECT_EQ(table.assign("ana", fm::Role::Admin), 1u);
    ASSERT_NE(table.find("ana"), nullptr);
    EXPECT_EQ(table.find("ana")->role, fm::Role::Admin);
    EXPECT_EQ(table.find(2)->name, "bo");
    EXPECT_EQ(table.find(3), nullptr);
    EXPECT_EQ(table.find("carol"), nullptr);
}

TEST(ParticipantTable, AnnouncementsReplaceEntriesByNumberAndByName) {
    fs::ParticipantTable table;
    table.set({1, "ana", fm::Role::Reviewer, true});
    table.set({2, "bo", fm::Role::Viewer, true});
    table.set({1, "carol", fm::Role::Admin, false});  // number 1 now names carol
    EXPECT_EQ(table.find("ana"), nullptr);
    EXPECT_EQ(table.find(1)->name, "carol");
    table.set({5, "bo", fm::Role::Viewer, true});  // bo moved to 5
    EXPECT_EQ(table.find(2), nullptr);
    EXPECT_EQ(table.find("bo")->number, 5u);
    EXPECT_EQ(table.size(), 2u);
}

TEST(ParticipantTable, AFullAnnouncementOnTheWireRebuildsTheClientTable) {
    fs::ParticipantTable relay;
    relay.assign("ana", fm::Role::Reviewer);
    relay.assign("王芳", fm::Role::Admin);
    fs::ParticipantTable client;
    client.set({9, "stale", fm::Role::Viewer, false});
    auto status = fs::applyParticipants(fs::participantsToWire(relay, 2, true), client);
    ASSERT_TRUE(status.ok()) << status.error();
    EXPECT_EQ(client.entries(), relay.entries());

    fs::v1::Participants bad;
    bad.add_participants()->set_name("nobody");
    status = fs::applyParticipants(bad, client);
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error(), "participants.participants[0].number: missing (numbers start at 1)");
}

}  // namespace

TEST(ParticipantTable, ColoursFromPresenceSurviveAnnouncementsAndGoWithClear) {
    fs::ParticipantTable table;
    table.set({1, "ana", fm::Role::Reviewer, true});
    EXPECT_EQ(table.color(1), std::nullopt);
    EXPECT_TRUE(table.setColor(1, 0xff34c759));
    EXPECT_FALSE(table.setColor(1, 0xff34c759));    // unchanged
    table.set({1, "ana", fm::Role::Admin, false});  // the relay announces a change
    EXPECT_EQ(table.color(1), 0xff34c759u);
    EXPECT_TRUE(table.setColor(1, std::nullopt));
    EXPECT_EQ(table.color(1), std::nullopt);
    table.setColor(1, 0xff007aff);
    table.clear();
    EXPECT_EQ(table.color(1), std::nullopt);
}
