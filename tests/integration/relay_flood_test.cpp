// framenote-relay as a process under floods one member can make: viewers who ask for a large
// room's snapshot again and again without reading. Memory stays bounded and the relay keeps
// answering everyone else. The same scene, timed, is bench/relay_flood_bench (docs/PERFORMANCE.md).
#include <gtest/gtest.h>

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <iostream>

#include "core/sync/quantization.h"
#include "tests/integration/flood_scene.h"
#include "tests/support/relay_process.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;

TEST(RelayFlood, ViewersAskingForALargeSnapshotWithoutReadingCannotStallTheRelay) {
    QTemporaryDir dir;
    ft::RelayProcess relay;
    // No byte budget, so that the room fills fast (the viewers send small messages anyway).
    ASSERT_TRUE(relay.start(dir.filePath("data"), 0, {"--byte-rate", "0"}))
        << relay.errors().toStdString();
    const QString bigRoom = ft::kRoomMedia;
    const QString otherRoom = QString(64, QLatin1Char('b'));

    // A room of 650 strokes of 10,000 points (about 40 MB of snapshot).
    ft::RawClient ana;
    ASSERT_TRUE(ana.open(relay.url()));
    ASSERT_TRUE(ana.hello(ft::issueToken(relay.dataDir(), "ana", "reviewer")));
    ASSERT_TRUE(ana.join(bigRoom));
    ASSERT_TRUE(ft::postStrokes(ana, bigRoom, "ana", 650, 10000));
    const auto [loadedKiB, loadedPeakKiB] = ft::residentKiB(relay.pid());

    ft::RawClient bo;  // a writer in another room
    ASSERT_TRUE(bo.open(relay.url()));
    ASSERT_TRUE(bo.hello(ft::issueToken(relay.dataDir(), "bo", "reviewer")));
    ASSERT_TRUE(bo.join(otherRoom));

    const std::string viewerToken = ft::issueToken(relay.dataDir(), "vic", "viewer");
    const auto stalledViewer = [&] { return ft::stalledViewer(relay.port(), viewerToken); };
    std::vector<std::unique_ptr<ft::StalledClient>> viewers;
    for (int i = 0; i < 4; ++i) viewers.push_back(stalledViewer());
    const v1::Envelope join = ft::snapshotRequest(bigRoom),
                       replay = ft::snapshotRequest(bigRoom, true);

    int acks = 0, healthAnswers = 0, newcomers = 0, rounds = 0, reconnects = 0;
    int64_t worstAckMs = 0;
    QElapsedTimer flood;
    flood.start();
    while (flood.elapsed() < 5000) {
        ++rounds;
        for (auto& v : viewers) {
            if (v->socket().state() != QAbstractSocket::ConnectedState) {  // dropped: come back
                v = stalledViewer();
                ++reconnects;
            }
            for (int k = 0; k < 20; ++k) v->send(k % 2 ? replay : join);
        }
        if (rounds % 10 == 0) {
            const auto op = ft::noteIn(otherRoom, "bo");
            QElapsedTimer t;
            t.start();
            bo.sendOperation(op);
            const v1::Envelope* answer = bo.answerTo(op.opId, 5000);
            if (answer && answer->has_ack()) ++acks;
            worstAckMs = std::max<int64_t>(worstAckMs, t.elapsed());
        }
        if (rounds % 25 == 0) {
            healthAnswers +=
                ft::httpGet(relay.metricsPort(), "/healthz", 3000).endsWith("ok\n") ? 1 : 0;
            ft::RawClient newcomer;
            newcomers += newcomer.open(relay.url(), 3000) &&
                                 newcomer.hello(ft::issueToken(relay.dataDir(), "cy", "reviewer"))
                             ? 1
                             : 0;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    const auto [rssKiB, peakKiB] = ft::residentKiB(relay.pid());
    std::cout << "[ flood    ] " << rounds << " rounds, " << reconnects
              << " reconnects; relay RSS after loading " << loadedKiB / 1024 << " MiB, peak "
              << peakKiB / 1024 << " MiB; worst ack in the other room " << worstAckMs << " ms\n";
#if !defined(__SANITIZE_ADDRESS__)
    // Not under AddressSanitizer: its shadow memory and quarantine are not the relay's.
    EXPECT_LT(peakKiB, 512 * 1024) << "peak RSS " << peakKiB / 1024 << " MiB";
#endif
    EXPECT_EQ(acks, rounds / 10) << "the writer in the other room lost acknowledgements";
    EXPECT_EQ(healthAnswers, rounds / 25) << "/healthz stopped answering";
    EXPECT_EQ(newcomers, rounds / 25) << "new connections were not served";
    // And the big room is intact for a reader who reads.
    ft::RawClient reader;
    ASSERT_TRUE(reader.open(relay.url()));
    ASSERT_TRUE(reader.hello(ft::issueToken(relay.dataDir(), "rita", "reviewer")));
    ASSERT_TRUE(reader.join(bigRoom, 0, 0, 0, 60000));  // 40 MB: slow under AddressSanitizer
    size_t annotations = 0;
    for (const v1::Envelope& e : reader.received()) {
        if (e.has_snapshot()) annotations += static_cast<size_t>(e.snapshot().annotations_size());
        if (e.has_replay()) annotations += static_cast<size_t>(e.replay().operations_size());
    }
    EXPECT_EQ(annotations, 650u);
    (void)loadedPeakKiB;
}
