// Live stroke benchmark (docs/PERFORMANCE.md, "Live strokes"): how long a point drawn by one
// participant takes to reach another through a real framenote-relay process on loopback, and
// what a live stroke costs on the wire.
//
//   framenote-live-stroke-bench [--seconds S] [--interval-ms I] [--points-per-update N]
//
// A reviewer's protocol client draws a freehand stroke: every I ms (34 by default, just over the
// relay's presence interval of 30 a second) it adds N points (2: a 60 Hz pointer) and sends its
// presence with the whole stroke so far, as the app does (PROTOCOL.md, "Live strokes in
// presence"); after 200 points the pen lifts and a new stroke begins (a stroke of about 3.4 s).
// A viewer's client in the same room times each update from the moment it was sent to the moment
// it arrives with that many points. Printed: the delay's p50, p99 and max, updates lost, and the
// bytes a second the stroke costs the sender (each receiver gets the same). A measurement, not a
// test: the exit status is 0 unless the relay or the clients cannot start.
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

#include "bench/ui_bench_support.h"
#include "core/sync/quantization.h"
#include "core/sync/wire_codec.h"
#include "framenote/version.h"
#include "tests/support/relay_process.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;

namespace {

constexpr int kStrokePoints = 200;

std::unique_ptr<ft::RawClient> joined(ft::RelayProcess& relay, const QString& user,
                                      const QString& role) {
    auto client = std::make_unique<ft::RawClient>();
    if (!client->open(relay.url()) || !client->hello(ft::issueToken(relay.dataDir(), user, role)) ||
        !client->join(ft::kRoomMedia))
        return nullptr;
    return client;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationVersion(framenote::kVersion);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Framenote live stroke benchmark: the delay of a drawn point through a relay on "
        "loopback, and the bytes a live stroke costs.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"seconds", "how long to draw (default 10)", "S", "10"});
    parser.addOption({"interval-ms", "milliseconds between updates (default 34)", "I", "34"});
    parser.addOption({"points-per-update", "points added per update (default 2)", "N", "2"});
    parser.process(app);
    const int seconds = std::max(1, parser.value("seconds").toInt());
    const int interval = std::max(1, parser.value("interval-ms").toInt());
    const int perUpdate = std::max(1, parser.value("points-per-update").toInt());

    QTemporaryDir dir;
    ft::RelayProcess relay;
    if (!relay.start(dir.filePath("data"))) {
        std::fprintf(stderr, "framenote-live-stroke-bench: error: the relay did not start\n");
        return 1;
    }
    auto ana = joined(relay, "ana", "reviewer");
    auto bo = joined(relay, "bo", "viewer");
    if (!ana || !bo) {
        std::fprintf(stderr, "framenote-live-stroke-bench: error: a client could not join\n");
        return 1;
    }
    ft::settle(500, "both joined and announced");

    fs::Presence presence;
    presence.drawing = fs::LiveShape{};
    std::vector<double> delays;
    size_t bytes = 0;
    int updates = 0, lost = 0, strokes = 1;
    size_t seen = bo->received().size();
    QElapsedTimer clock;
    clock.start();
    const qint64 end = qint64{seconds} * 1000;
    while (clock.elapsed() < end) {
        const qint64 nextAt = clock.elapsed() + interval;
        auto& points = presence.drawing->points;
        if (points.size() >= static_cast<size_t>(kStrokePoints)) {  // the pen lifts; a new one
            points.clear();
            ++strokes;
        }
        for (int i = 0; i < perUpdate; ++i) {
            const double t = 0.05 * static_cast<double>(points.size());
            points.push_back({fs::quantizeCoordinate(0.5 + 0.3 * std::cos(t) * t / 10),
                              fs::quantizeCoordinate(0.5 + 0.3 * std::sin(t) * t / 10)});
        }
        v1::Envelope e = fs::newEnvelope();
        *e.mutable_presence() = fs::presenceToWire(presence);
        const std::string wire = fs::encodeEnvelope(e);
        bytes += wire.size();
        ++updates;
        const int want = static_cast<int>(points.size());
        const qint64 sentNs = clock.nsecsElapsed();
        ana->sendBytes(wire);
        bool arrived = false;
        QElapsedTimer wait;
        wait.start();
        while (!arrived && wait.elapsed() < 1000) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
            for (; seen < bo->received().size(); ++seen) {
                const v1::Envelope& got = bo->received()[seen];
                if (got.has_presence() && got.presence().has_drawing() &&
                    got.presence().drawing().path_size() / 2 == want) {
                    delays.push_back(static_cast<double>(clock.nsecsElapsed() - sentNs) / 1e6);
                    arrived = true;
                }
            }
        }
        lost += !arrived;
        while (clock.elapsed() < nextAt) QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    const double drawn = static_cast<double>(clock.elapsed()) / 1000.0;
    using framenote::bench::percentile;
    std::printf(
        "framenote-live-stroke-bench: %.1f s of freehand strokes of %d points (%d strokes), %d "
        "points every %d ms, through framenote-relay on loopback\n",
        drawn, kStrokePoints, strokes, perUpdate, interval);
    std::printf(
        "point drawn -> seen by the other client: p50 %.2f ms, p99 %.2f ms, max %.2f ms "
        "(%zu of %d updates; %d lost)\n",
        percentile(delays, 0.5), percentile(delays, 0.99), percentile(delays, 1.0), delays.size(),
        updates, lost);
    std::printf(
        "wire: %.1f KB/s from the drawer (the same to each receiver), %.0f bytes an "
        "update on average\n",
        static_cast<double>(bytes) / drawn / 1000.0,
        static_cast<double>(bytes) / std::max(1, updates));
    std::printf("goal: a point seen by the others in well under 200 ms (p99): %s\n",
                framenote::bench::verdict(percentile(delays, 0.99) < 200));
    return 0;
}
