// The relay under floods one member can make (docs/PERFORMANCE.md, "The relay under a snapshot
// flood"). A framenote-relay process on loopback with a large room (650 strokes of 10,000 points);
//   1. anchor: a writer in another room posts operations one at a time: ack p50/p99 alone;
//   2. flood: the same while four viewers who never read ask for the large room's snapshot as fast
//      as they can: ack p50/p99 (and the ratio to the anchor), /healthz answers, relay peak RSS;
//   3. one reviewer token sends the largest strokes as fast as it can for 10 s to a relay with
//      the default limits: what was accepted and the relay's RSS after.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "bench/bench_cli.h"
#include "core/sync/quantization.h"
#include "tests/integration/flood_scene.h"
#include "tests/support/relay_process.h"
#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;
namespace v1 = framenote::sync::v1;

namespace {

struct Options {
    int strokes = 650;
    int points = 10000;
    int seconds = 5;
    int viewers = 4;
};

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

ft::RawClient* member(std::vector<std::unique_ptr<ft::RawClient>>& keep, ft::RelayProcess& relay,
                      const QString& user, const QString& role, const QString& media) {
    keep.push_back(std::make_unique<ft::RawClient>());
    ft::RawClient& c = *keep.back();
    if (!c.open(relay.url()) || !c.hello(ft::issueToken(relay.dataDir(), user, role)) ||
        !c.join(media))
        return nullptr;
    return &c;
}

// Ack round trips of one small operation after another for `ms`, while `during` runs each round.
std::vector<double> ackTimes(ft::RawClient& writer, const QString& media, int ms,
                             const std::function<void()>& during) {
    std::vector<double> out;
    QElapsedTimer total;
    total.start();
    while (total.elapsed() < ms) {
        if (during) during();
        const auto op = ft::noteIn(media, "bo");
        QElapsedTimer t;
        t.start();
        writer.sendOperation(op);
        const v1::Envelope* answer = writer.answerTo(op.opId, 10000);
        if (answer && answer->has_ack()) out.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        ft::settle(20, "a writer's pace: fifty edits a second");
    }
    return out;
}

int snapshotFlood(const Options& o) {
    QTemporaryDir dir;
    ft::RelayProcess relay;
    if (!relay.start(dir.filePath("data"), 0, {"--byte-rate", "0"})) {
        std::fprintf(stderr, "relay-flood-bench: the relay did not start: %s\n",
                     relay.errors().constData());
        return 1;
    }
    const QString big = ft::kRoomMedia, other = QString(64, QLatin1Char('b'));
    std::vector<std::unique_ptr<ft::RawClient>> keep;
    ft::RawClient* ana = member(keep, relay, "ana", "reviewer", big);
    ft::RawClient* bo = member(keep, relay, "bo", "reviewer", other);
    if (!ana || !bo) return 1;
    if (!ft::postStrokes(*ana, big, "ana", o.strokes, o.points, 60000)) return 1;
    const auto loaded = ft::residentKiB(relay.pid());
    const std::vector<double> alone = ackTimes(*bo, other, o.seconds * 1000, {});

    const std::string token = ft::issueToken(relay.dataDir(), "vic", "viewer");
    std::vector<std::unique_ptr<ft::StalledClient>> viewers;
    const auto stalled = [&] { return ft::stalledViewer(relay.port(), token); };
    for (int i = 0; i < o.viewers; ++i) viewers.push_back(stalled());
    const v1::Envelope join = ft::snapshotRequest(big);
    int health = 0, healthAsked = 0, round = 0;
    const std::vector<double> flooded = ackTimes(*bo, other, o.seconds * 1000, [&] {
        for (auto& v : viewers) {
            if (v->socket().state() != QAbstractSocket::ConnectedState) v = stalled();
            for (int k = 0; k < 20; ++k) v->send(join);
        }
        if (++round % 10 == 0) {
            ++healthAsked;
            health += ft::httpGet(relay.metricsPort(), "/healthz", 3000).endsWith("ok\n") ? 1 : 0;
        }
    });
    const auto peak = ft::residentKiB(relay.pid());
    const double p99Alone = percentile(alone, 0.99), p99Flood = percentile(flooded, 0.99);
    std::printf("snapshot flood: room of %d strokes x %d points; %d viewers who never read, %d s\n",
                o.strokes, o.points, o.viewers, o.seconds);
    std::printf(
        "  ack in another room, alone:   p50 %.2f ms  p99 %.2f ms  (%zu acks; the anchor)\n",
        percentile(alone, 0.5), p99Alone, alone.size());
    std::printf(
        "  ack in another room, flooded: p50 %.2f ms  p99 %.2f ms  (%zu acks)  p99 ratio %.2f\n",
        percentile(flooded, 0.5), p99Flood, flooded.size(),
        p99Alone > 0 ? p99Flood / p99Alone : 0.0);
    std::printf("  /healthz answered %d of %d; relay RSS %lld MiB after loading, peak %lld MiB\n",
                health, healthAsked, static_cast<long long>(loaded.first / 1024),
                static_cast<long long>(peak.second / 1024));
    std::printf("  goal: p99 < 100 ms: %s; peak RSS < 512 MiB: %s\n",
                p99Flood < 100 ? "met" : "MISSED", peak.second < 512 * 1024 ? "met" : "MISSED");
    return 0;
}

int reviewerFlood(const Options& o) {
    QTemporaryDir dir;
    ft::RelayProcess relay;  // the default limits
    if (!relay.start(dir.filePath("data"))) return 1;
    std::vector<std::unique_ptr<ft::RawClient>> keep;
    ft::RawClient* eve = member(keep, relay, "eve", "reviewer", ft::kRoomMedia);
    if (!eve) return 1;
    const auto before = ft::residentKiB(relay.pid());
    QElapsedTimer t;
    t.start();
    int sent = 0;
    while (t.elapsed() < 10000) {
        for (int i = 0; i < 50; ++i)
            eve->sendOperation(ft::noteIn(ft::kRoomMedia, "eve", o.points, sent++));
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        ft::settle(20, "the flood's pace: 50 operations every 20 ms");
    }
    ft::settle(2000, "what is in flight lands before the answers are counted");
    const size_t acks = eve->count([](const v1::Envelope& e) { return e.has_ack(); });
    const size_t limited = eve->count([](const v1::Envelope& e) {
        return e.has_error() && e.error().code() == v1::ERROR_CODE_RATE_LIMITED;
    });
    const auto after = ft::residentKiB(relay.pid());
    std::printf(
        "one reviewer's flood, 10 s of %d-point strokes, default limits: %d sent, %zu accepted, "
        "%zu rate "
        "limited; relay RSS %lld MiB before, %lld MiB after (peak %lld MiB)\n",
        o.points, sent, acks, limited, static_cast<long long>(before.first / 1024),
        static_cast<long long>(after.first / 1024), static_cast<long long>(after.second / 1024));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (framenote::bench::printVersionIfAsked(argc, argv, "framenote-relay-flood-bench")) return 0;
    if (framenote::bench::asked(argc, argv, "--help")) {
        std::printf(
            "framenote-relay-flood-bench [--strokes N] [--points N] [--seconds N] [--viewers N]\n"
            "The relay under floods one member can make; see docs/PERFORMANCE.md.\n");
        return 0;
    }
    QCoreApplication app(argc, argv);
    Options o;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        bool ok = false;
        const int value = args[i + 1].toInt(&ok);
        if (!ok || value <= 0) {
            std::fprintf(stderr, "relay-flood-bench: %s needs a positive number\n",
                         qPrintable(args[i]));
            return 2;
        }
        if (args[i] == "--strokes")
            o.strokes = value;
        else if (args[i] == "--points")
            o.points = value;
        else if (args[i] == "--seconds")
            o.seconds = value;
        else if (args[i] == "--viewers")
            o.viewers = value;
        else {
            std::fprintf(stderr, "relay-flood-bench: unknown option %s\n", qPrintable(args[i]));
            return 2;
        }
    }
    if (int rc = snapshotFlood(o); rc != 0) return rc;
    return reviewerFlood(o);
}
