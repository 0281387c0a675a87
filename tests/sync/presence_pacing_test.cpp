// Presence for a slow receiver: held latest-per-sender, handed out longest waiting first, at a
// rate that backs off when a ping's round trip shows a queue on the link (held_presence.h,
// presence_pacer.h).
#include <gtest/gtest.h>

#include "core/sync/held_presence.h"
#include "core/sync/presence_pacer.h"

namespace fs = framenote::sync;

namespace {

constexpr int64_t kMs = 1'000'000;

QByteArray update(char sender, int version, int bytes = 50) {
    QByteArray piece(bytes, sender);
    piece[1] = char('0' + version);
    return piece;
}

TEST(HeldPresence, KeepsTheLatestOfEachSenderAndHandsOutTheLongestWaitingFirst) {
    fs::HeldPresence held;
    EXPECT_FALSE(held.hold(3, update('c', 1)));
    EXPECT_FALSE(held.hold(1, update('a', 1)));
    EXPECT_FALSE(held.hold(2, update('b', 1)));
    EXPECT_TRUE(held.hold(3, update('c', 2)));  // c's newer update keeps c's place: first in line
    // 101 bytes allowed: c and a make 100, b is the update past it and goes too.
    auto first = held.take(101);
    ASSERT_EQ(first.size(), 3u);
    EXPECT_EQ(first[0], update('c', 2));
    EXPECT_EQ(first[1], update('a', 1));
    EXPECT_EQ(first[2], update('b', 1));
    EXPECT_TRUE(held.empty());

    held.hold(1, update('a', 2));
    held.hold(2, update('b', 2));
    held.hold(3, update('c', 3));
    auto one = held.take(10);  // less than one update: still one, so presence never stalls
    ASSERT_EQ(one.size(), 1u);
    EXPECT_EQ(one[0], update('a', 2));
    held.hold(1, update('a', 3));  // a goes to the back of the line now
    auto rest = held.take();
    ASSERT_EQ(rest.size(), 3u);
    EXPECT_EQ(rest[0], update('b', 2));
    EXPECT_EQ(rest[1], update('c', 3));
    EXPECT_EQ(rest[2], update('a', 3));
}

TEST(HeldPresence, ASenderWhoLeftIsForgotten) {
    fs::HeldPresence held;
    held.hold(1, update('a', 1));
    held.hold(2, update('b', 1));
    held.forget(1);
    auto out = held.take();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0], update('b', 1));
}

// Round trips as on a 2G link: 600 ms plus whatever queue sits in front of the ping.
struct Link {
    fs::PresencePacer pacer;
    int64_t now = 0;
    fs::PresencePacer::Sample roundTrip(int64_t queueMs) {
        EXPECT_TRUE(pacer.probeDue(now));
        const uint64_t probe = pacer.probeSent(now);
        EXPECT_FALSE(pacer.probeDue(now));
        now += (600 + queueMs) * kMs;
        return pacer.pongReceived(now, probe);
    }
};

TEST(PresencePacer, GrowsWhileTheRoundTripStaysLowAndHalvesWhenAQueueShows) {
    Link link;
    const double start = link.pacer.bytesPerSecond();
    link.roundTrip(0);
    EXPECT_EQ(link.roundTrip(10), fs::PresencePacer::Sample::Clear);
    link.roundTrip(20);
    const double grown = link.pacer.bytesPerSecond();
    EXPECT_GT(grown, start);
    EXPECT_EQ(link.pacer.baseRoundTripNs(), 600 * kMs);
    EXPECT_EQ(link.roundTrip(200), fs::PresencePacer::Sample::Queue);  // more than the 50 ms target
    EXPECT_EQ(link.pacer.lastQueueNs(), 200 * kMs);
    EXPECT_DOUBLE_EQ(link.pacer.bytesPerSecond(), grown / 2);
    for (int i = 0; i < 20; ++i) link.roundTrip(400);
    EXPECT_DOUBLE_EQ(link.pacer.bytesPerSecond(), fs::PresencePacer::Settings{}.minBytesPerSecond);
}

TEST(PresencePacer, AQueueFromBeforeTheFirstProbeIsNotTakenForTheLink) {
    // The first round trips come back through a queue that is still draining: the base is the
    // lowest seen, and the rate does not grow until the round trip has stopped falling.
    Link link;
    const double start = link.pacer.bytesPerSecond();
    link.roundTrip(800);
    link.roundTrip(400);
    link.roundTrip(100);
    EXPECT_DOUBLE_EQ(link.pacer.bytesPerSecond(), start);
    link.roundTrip(90);  // no longer falling: now it grows
    EXPECT_GT(link.pacer.bytesPerSecond(), start);
    EXPECT_EQ(link.pacer.baseRoundTripNs(), 690 * kMs);
    link.roundTrip(0);
    EXPECT_EQ(link.pacer.baseRoundTripNs(), 600 * kMs);
}

TEST(PresencePacer, TheBaseIsTheLowestOfTheLastMinute) {
    Link link;
    link.roundTrip(0);
    // The route changes: 300 ms longer from now on. After a minute that is the new base, and the
    // longer round trip no longer reads as a queue.
    for (int i = 0; i < 60; ++i) link.roundTrip(300);
    EXPECT_EQ(link.pacer.baseRoundTripNs(), 600 * kMs);
    EXPECT_DOUBLE_EQ(link.pacer.bytesPerSecond(), fs::PresencePacer::Settings{}.minBytesPerSecond);
    for (int i = 0; i < 10; ++i) link.roundTrip(300);
    EXPECT_EQ(link.pacer.baseRoundTripNs(), 900 * kMs);
    EXPECT_EQ(link.pacer.lastQueueNs(), 0);
}

TEST(PresencePacer, SpendsAtItsRateInSmallPortions) {
    fs::PresencePacer::Settings s;
    s.startBytesPerSecond = 2000;
    s.portionBytes = 500;
    fs::PresencePacer pacer(s);
    EXPECT_DOUBLE_EQ(pacer.allowance(0), 0);
    EXPECT_DOUBLE_EQ(pacer.allowance(100 * kMs), 200);
    pacer.spent(100 * kMs, 260);  // one update past the allowance: a debt
    EXPECT_LT(pacer.allowance(120 * kMs), 0);
    EXPECT_DOUBLE_EQ(pacer.allowance(150 * kMs), 40);
    // A long quiet spell saves up no more than one portion: no burst in front of operations.
    EXPECT_DOUBLE_EQ(pacer.allowance(10'000 * kMs), 500);
}

TEST(PresencePacer, AProbeNobodyAnswersIsGivenUpAndOnlyTheProbeInFlightCounts) {
    using Sample = fs::PresencePacer::Sample;
    fs::PresencePacer pacer;
    const double start = pacer.bytesPerSecond();
    EXPECT_EQ(pacer.pongReceived(5 * kMs, 0), Sample::NotAProbe);  // a heartbeat's pong
    const uint64_t first = pacer.probeSent(0);
    EXPECT_FALSE(pacer.probeDue(1000 * kMs));
    const int64_t givenUp = fs::PresencePacer::Settings{}.probeTimeoutNs + 1;
    EXPECT_TRUE(pacer.probeDue(givenUp));
    EXPECT_DOUBLE_EQ(pacer.bytesPerSecond(),
                     start);  // a peer that never answers keeps the start rate
    EXPECT_EQ(pacer.baseRoundTripNs(), -1);
    const uint64_t second = pacer.probeSent(givenUp);
    EXPECT_NE(first, second);
    // The first one's answer comes at last: its round trip is not the second's.
    EXPECT_EQ(pacer.pongReceived(givenUp + 5 * kMs, first), Sample::NotAProbe);
    EXPECT_EQ(pacer.baseRoundTripNs(), -1);
    EXPECT_EQ(pacer.pongReceived(givenUp + 700 * kMs, second), Sample::Clear);
    EXPECT_EQ(pacer.baseRoundTripNs(), 700 * kMs);
    EXPECT_EQ(pacer.pongReceived(givenUp + 900 * kMs, second), Sample::NotAProbe);  // once only
}

}  // namespace
