// Media engine benchmark (docs/PERFORMANCE.md, "Media engine"). For one clip: the sequential decode
// rate against the ffmpeg CLI measured in the same run, exact random seeks against decoding one
// GOP, and back-step latency with a warm and a cold cache; for a long clip, the frame index build
// time.
//
//   framenote-media-bench --clip FILE --threads N [--long-clip FILE] [--seeks K]
//
// A missed goal is marked MISSED, but the exit status stays 0: this is a measurement, not a
// test. A frame that cannot be decoded, or comes back with the wrong number, is an error (exit 1):
// figures from a wrong decoder mean nothing.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <memory>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_cli.h"
#include "bench/process_stats.h"
#include "core/media/frame_index.h"
#include "core/media/video_decoder.h"

namespace fm = framenote::media;

namespace {

using Clock = std::chrono::steady_clock;

constexpr int kRepeats = 3;           // best-of for throughput figures
constexpr uint32_t kSeed = 20240603;  // random seek targets are the same on every run
constexpr int64_t kWarmRegionFrames = 60;
constexpr int kMinColdSamples = 10;

constexpr double kGoalDecodeRatio = 0.95;   // ours / ffmpeg
constexpr double kGoalSeekRatio = 1.1;      // seek mean / GOP mean
constexpr double kGoalBackStepRatio = 1.0;  // warm back-step p95 / frame interval (strictly below)

struct Options {
    std::string clip;
    std::string longClip;
    std::string ffmpeg = "ffmpeg";
    int threads = 0;
    int seeks = 100;
    int64_t cacheMiB = 1024;  // enough for ~60 frames of 4K yuv420p (~12.5 MiB each)
};

[[noreturn]] void fail(const std::string& message) {
    std::fflush(stdout);
    std::fprintf(stderr, "framenote-media-bench: error: %s\n", message.c_str());
    std::exit(1);
}

void usage(FILE* out) {
    std::fputs(
        "usage: framenote-media-bench --clip FILE --threads N [--long-clip FILE] [--seeks K]\n"
        "                             [--cache-mib M] [--ffmpeg PATH]\n"
        "  --clip FILE       clip for decode, seek and back-step figures\n"
        "  --threads N       decoder threads, for us and for the ffmpeg anchor\n"
        "  --long-clip FILE  long clip for the frame index build time (skipped without it)\n"
        "  --seeks K         random seek samples (default 100)\n"
        "  --cache-mib M     frame cache budget of the warm back-step (default 1024)\n"
        "  --ffmpeg PATH     ffmpeg executable of the anchor (default: ffmpeg from PATH)\n",
        out);
}

int64_t parseInt(const std::string& flag, const std::string& text, int64_t min) {
    size_t used = 0;
    int64_t value = 0;
    try {
        value = std::stoll(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || value < min)
        fail(flag + " needs an integer >= " + std::to_string(min) + ", got '" + text + "'");
    return value;
}

Options parseArgs(int argc, char** argv) {
    if (framenote::bench::printVersionIfAsked(argc, argv, "framenote-media-bench")) std::exit(0);
    Options options;
    bool haveThreads = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "-h" || arg == "--help") {
            usage(stdout);
            std::exit(0);
        }
        if (i + 1 >= argc) {
            usage(stderr);
            fail("unknown option or missing value: " + arg);
        }
        const std::string value = argv[++i];
        if (arg == "--clip") {
            options.clip = value;
        } else if (arg == "--long-clip") {
            options.longClip = value;
        } else if (arg == "--ffmpeg") {
            options.ffmpeg = value;
        } else if (arg == "--threads") {
            options.threads = static_cast<int>(parseInt(arg, value, 0));
            haveThreads = true;
        } else if (arg == "--seeks") {
            options.seeks = static_cast<int>(parseInt(arg, value, 1));
        } else if (arg == "--cache-mib") {
            options.cacheMiB = parseInt(arg, value, 1);
        } else {
            usage(stderr);
            fail("unknown option: " + arg);
        }
    }
    if (options.clip.empty() || !haveThreads) {
        usage(stderr);
        fail("--clip and --threads are required");
    }
    return options;
}

double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Summary {
    size_t count = 0;
    double mean = 0;
    double p95 = 0;
    double max = 0;
};

// Nearest-rank percentile, so p95 is always a time that was actually measured.
Summary summarize(std::vector<double> ms) {
    Summary s;
    if (ms.empty()) return s;
    std::sort(ms.begin(), ms.end());
    s.count = ms.size();
    s.mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
    const auto rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(ms.size())));
    s.p95 = ms[std::max<size_t>(rank, 1) - 1];
    s.max = ms.back();
    return s;
}

const char* mark(bool met) { return met ? "" : "  MISSED"; }

using framenote::bench::shellQuote;

std::shared_ptr<const fm::FrameIndex> buildIndex(const std::string& path) {
    auto built = fm::FrameIndex::build(path);
    if (!built) fail(built.error());
    return std::make_shared<const fm::FrameIndex>(std::move(built.value()));
}

std::unique_ptr<fm::VideoDecoder> openDecoder(const Options& options,
                                              std::shared_ptr<const fm::FrameIndex> index,
                                              int64_t cacheBytes) {
    fm::DecoderOptions decoderOptions;
    decoderOptions.threads = options.threads;
    decoderOptions.cacheBudgetBytes = cacheBytes;
    auto opened = fm::VideoDecoder::open(options.clip, std::move(index), decoderOptions);
    if (!opened) fail(opened.error());
    return std::move(opened.value());
}

fm::VideoFrame decodeFrame(fm::VideoDecoder& decoder, int64_t n) {
    auto frame = decoder.frame(n);
    if (!frame) fail(frame.error());
    if (frame->number() != n)
        fail("asked for frame " + std::to_string(n) + ", got " + std::to_string(frame->number()));
    return std::move(frame.value());
}

// User + system CPU milliseconds of this process or of its waited-for children.
double cpuMs(int who) { return 1000.0 * framenote::bench::cpuSeconds(who); }

// Milliseconds between frames, from the index's timestamps (0 when they are unusable).
double frameIntervalMs(const fm::FrameIndex& index) {
    const int64_t count = index.frameCount();
    if (count < 2) return 0;
    return index.secondsOfFrame(count - 1) * 1000.0 / static_cast<double>(count - 1);
}

// Keyframes in presentation order; GOP g covers frames [keys[g], keys[g + 1]).
struct Gops {
    std::vector<int64_t> keys;
    int64_t count = 0;

    int64_t of(int64_t n) const {
        return (std::upper_bound(keys.begin(), keys.end(), n) - keys.begin()) - 1;
    }
    int64_t end(size_t g) const { return g + 1 < keys.size() ? keys[g + 1] : count; }
};

// a + b: sequential decode, ours and the ffmpeg CLI alternately so drift hits both alike.
void benchDecodeRate(const Options& options, const std::shared_ptr<const fm::FrameIndex>& index) {
    const int64_t count = index->frameCount();
    const std::string command = shellQuote(options.ffmpeg) + " -nostdin -v error -threads " +
                                std::to_string(options.threads) + " -i " +
                                shellQuote(options.clip) + " -map 0:v:0 -an -f null -";
    std::printf("ffmpeg_anchor: %s\n", command.c_str());

    double oursBest = std::numeric_limits<double>::infinity();
    double ffmpegBest = oursBest;
    double oursCpu = oursBest;
    double ffmpegCpu = oursBest;
    fm::DecoderStats stats;
    for (int rep = 0; rep < kRepeats; ++rep) {
        // Opening the decoder is timed like ffmpeg's own open; the index is prebuilt, as the
        // app keeps it cached (its build time is figure e).
        const double cpuStart = cpuMs(RUSAGE_SELF);
        const auto start = Clock::now();
        auto decoder = openDecoder(options, index, 0);
        for (int64_t n = 0; n < count; ++n) decodeFrame(*decoder, n);
        oursBest = std::min(oursBest, msSince(start));
        oursCpu = std::min(oursCpu, cpuMs(RUSAGE_SELF) - cpuStart);
        stats = decoder->stats();

        const double ffCpuStart = cpuMs(RUSAGE_CHILDREN);
        const auto ffStart = Clock::now();
        const int rc = std::system(command.c_str());
        if (rc != 0) fail("the ffmpeg anchor failed (status " + std::to_string(rc) + ")");
        ffmpegBest = std::min(ffmpegBest, msSince(ffStart));
        ffmpegCpu = std::min(ffmpegCpu, cpuMs(RUSAGE_CHILDREN) - ffCpuStart);
    }
    const double ours = static_cast<double>(count) * 1000.0 / oursBest;
    const double ffmpeg = static_cast<double>(count) * 1000.0 / ffmpegBest;
    const double ratio = ours / ffmpeg;
    std::printf("decode_fps ours=%.1f ffmpeg=%.1f ratio=%.3f (goal >= %.2f)%s\n", ours, ffmpeg,
                ratio, kGoalDecodeRatio, mark(ratio >= kGoalDecodeRatio));
    std::printf(
        "  best of %d: ours %.0f ms (open + frame(0..%lld)), ffmpeg %.0f ms (process wall"
        " time); per pass: seeks=%lld frames_decoded=%lld packets_sent=%lld\n",
        kRepeats, oursBest, static_cast<long long>(count - 1), ffmpegBest,
        static_cast<long long>(stats.seeks), static_cast<long long>(stats.framesDecoded),
        static_cast<long long>(stats.packetsSent));
    // CPU time hardly depends on other load: when the wall-time ratio moves between runs and
    // this one does not, the machine was busy.
    std::printf("  cpu (user+sys, least of %d): ours %.0f ms, ffmpeg %.0f ms, ffmpeg/ours=%.3f\n",
                kRepeats, oursCpu, ffmpegCpu, ffmpegCpu / oursCpu);
}

// c: random exact seeks against decoding one GOP, and d (cold): back-steps across a GOP
// boundary. Both use one long-lived decoder with no cache, as the app's decode thread has.
void benchSeeks(const Options& options, const std::shared_ptr<const fm::FrameIndex>& index,
                const Gops& gops) {
    const int64_t count = index->frameCount();
    auto decoder = openDecoder(options, index, 0);
    // Warm up: buffer pools and threads exist before the first timed call. After the last frame,
    // every target is behind the decoder, so the first sample seeks too.
    decodeFrame(*decoder, count - 1);

    // The baseline: whole GOPs from a seek, interleaved with the random seeks so that other
    // load on the machine weighs on both sides of the ratio alike.
    const size_t gopCount = gops.keys.size();
    const size_t gopsUsed = std::min<size_t>(gopCount, 10);
    const size_t gopDecodes = kRepeats * gopsUsed;
    std::vector<double> gopMs;
    std::vector<std::vector<double>> gopByIndexMs(gopCount);
    int64_t gopFrames = 0;
    int64_t previous = count - 1;  // the last frame output
    auto decodeGop = [&](size_t g) {
        // Only a GOP start behind the last output is sure to need a seek.
        if (previous < gops.keys[g]) decodeFrame(*decoder, count - 1);  // untimed
        const int64_t seeksBefore = decoder->stats().seeks;
        const auto start = Clock::now();
        for (int64_t n = gops.keys[g]; n < gops.end(g); ++n) decodeFrame(*decoder, n);
        const double ms = msSince(start);
        if (decoder->stats().seeks == seeksBefore) fail("a GOP decode did not start with a seek");
        gopMs.push_back(ms);
        gopByIndexMs[g].push_back(ms);
        gopFrames += gops.end(g) - gops.keys[g];
        previous = gops.end(g) - 1;
    };
    auto nextGop = [&] { return (gopMs.size() % gopsUsed) * gopCount / gopsUsed; };

    // Targets ahead in the GOP already being decoded are skipped: decoding would just continue
    // to them. Samples that continued anyway (the next GOP, within the decoder's read-ahead
    // window) are caught by the seek counter and discarded.
    std::mt19937 rng(kSeed);
    std::vector<double> seekMs, firstGopMs, laterGopMs;
    int64_t continued = 0;
    fm::DecoderStats total;
    const size_t seeks = static_cast<size_t>(options.seeks);
    const int64_t maxAttempts = 1000ll * options.seeks;
    for (int64_t attempt = 0; attempt < maxAttempts && seekMs.size() < seeks; ++attempt) {
        const int64_t target = static_cast<int64_t>(rng() % static_cast<uint64_t>(count));
        if (target > previous && gops.of(target) == gops.of(previous)) continue;
        const fm::DecoderStats before = decoder->stats();
        const auto start = Clock::now();
        decodeFrame(*decoder, target);
        const double ms = msSince(start);
        const fm::DecoderStats& after = decoder->stats();
        previous = target;
        if (after.seeks == before.seeks) {
            ++continued;
            continue;
        }
        seekMs.push_back(ms);
        (gops.of(target) <= 0 ? firstGopMs : laterGopMs).push_back(ms);
        total.seeks += after.seeks - before.seeks;
        total.fallbacks += after.fallbacks - before.fallbacks;
        total.framesDecoded += after.framesDecoded - before.framesDecoded;
        total.packetsSent += after.packetsSent - before.packetsSent;
        while (gopMs.size() * seeks < seekMs.size() * gopDecodes) decodeGop(nextGop());
    }
    const Summary seek = summarize(seekMs);
    if (seek.count == 0) fail("no random target needed a seek");
    while (gopMs.size() < gopDecodes) decodeGop(nextGop());
    const Summary gop = summarize(gopMs);

    const double ratio = seek.mean / gop.mean;
    const double perSeek = 1.0 / static_cast<double>(total.seeks);
    std::printf("seek_ms mean=%.1f p95=%.1f max=%.1f (%zu seeks, seed %u)\n", seek.mean, seek.p95,
                seek.max, seek.count, kSeed);
    std::printf("gop_ms mean=%.1f max=%.1f (%zu GOP decodes from a seek, %.1f frames each)\n",
                gop.mean, gop.max, gop.count,
                static_cast<double>(gopFrames) / static_cast<double>(gop.count));
    std::printf("seek_ratio mean/gop_mean=%.3f (goal <= %.2f)%s\n", ratio, kGoalSeekRatio,
                mark(ratio <= kGoalSeekRatio));
    std::printf("seek_ratio p95/gop_full=%.3f (info: gop_full = mean full-GOP decode)\n",
                seek.p95 / gop.mean);
    std::printf(
        "  per seek: %.1f frames decoded, %.1f packets sent, %.2f demuxer seeks,"
        " %lld fallbacks; %lld samples continued without a seek (discarded)\n",
        static_cast<double>(total.framesDecoded) * perSeek,
        static_cast<double>(total.packetsSent) * perSeek,
        static_cast<double>(total.seeks) / static_cast<double>(seek.count),
        static_cast<long long>(total.fallbacks), static_cast<long long>(continued));
    // A seek into the first GOP starts at packet 0, which the decoder reaches differently.
    if (!firstGopMs.empty() && !laterGopMs.empty()) {
        std::printf("  seek mean by target GOP: first %.1f ms (%zu samples), later %.1f ms (%zu)\n",
                    summarize(firstGopMs).mean, firstGopMs.size(), summarize(laterGopMs).mean,
                    laterGopMs.size());
    }
    std::printf("  GOP decode mean by GOP:");
    for (size_t g = 0; g < gopByIndexMs.size() && g < 8; ++g)
        std::printf(" %zu=%.1f", g, summarize(gopByIndexMs[g]).mean);
    std::printf(" ms (the last GOP needs no packet of a next one to flush its B-frames)\n");

    if (gops.keys.size() < 2) {
        std::printf("backstep_cold skipped (the clip has a single GOP)\n");
        return;
    }

    // The cheapest possible seek, to a keyframe itself: what positioning costs by itself, for
    // the first GOP (start packet 0) and the others.
    std::vector<double> firstKeyMs, laterKeyMs;
    for (int pass = 0; pass < kMinColdSamples; ++pass) {
        decodeFrame(*decoder, count - 1);  // untimed: every keyframe is behind the decoder
        for (size_t g = gops.keys.size(); g-- > 0;) {
            const auto start = Clock::now();
            decodeFrame(*decoder, gops.keys[g]);
            (g == 0 ? firstKeyMs : laterKeyMs).push_back(msSince(start));
        }
    }
    std::printf(
        "  seek to a keyframe (1 frame out): first GOP mean %.1f ms, later GOPs mean %.1f"
        " ms\n",
        summarize(firstKeyMs).mean, summarize(laterKeyMs).mean);

    // d (cold): the frame before a keyframe, reached from the keyframe. Not in the cache, so
    // it costs a seek and most of the previous GOP.
    std::vector<double> coldMs;
    while (static_cast<int>(coldMs.size()) < kMinColdSamples) {
        for (size_t g = 1; g < gops.keys.size(); ++g) {
            decodeFrame(*decoder, gops.keys[g]);
            const auto start = Clock::now();
            decodeFrame(*decoder, gops.keys[g] - 1);
            coldMs.push_back(msSince(start));
        }
    }
    const Summary cold = summarize(coldMs);
    const double interval = frameIntervalMs(*index);
    std::printf(
        "backstep_cold_ms p95=%.1f max=%.1f mean=%.1f (%zu steps across a GOP boundary,"
        " cache empty; info)",
        cold.p95, cold.max, cold.mean, cold.count);
    if (interval > 0) std::printf(" p95/frame_interval=%.2f", cold.p95 / interval);
    std::printf("\n");
}

// d (warm): play a region forward with a cache large enough to hold it, then step back.
void benchWarmBackStep(const Options& options, const std::shared_ptr<const fm::FrameIndex>& index) {
    const int64_t region = std::min<int64_t>(index->frameCount(), kWarmRegionFrames);
    auto decoder = openDecoder(options, index, options.cacheMiB << 20);
    for (int64_t n = 0; n < region; ++n) decodeFrame(*decoder, n);
    const size_t cached = decoder->cache().size();
    const int64_t cachedBytes = decoder->cache().bytes();

    const int64_t hitsBefore = decoder->stats().cacheHits;
    std::vector<double> stepMs;
    for (int64_t n = region - 1; n > 0; --n) {
        const auto start = Clock::now();
        decodeFrame(*decoder, n - 1);
        stepMs.push_back(msSince(start));
    }
    const int64_t hits = decoder->stats().cacheHits - hitsBefore;
    const Summary step = summarize(stepMs);
    const double interval = frameIntervalMs(*index);
    if (step.count == 0) {
        std::printf("backstep_warm skipped (the clip has a single frame)\n");
        return;
    }
    if (interval > 0) {
        const double ratio = step.p95 / interval;
        std::printf(
            "backstep_warm_ms p95=%.4f max=%.4f frame_interval=%.2f ratio=%.5f"
            " (goal < %.0f)%s\n",
            step.p95, step.max, interval, ratio, kGoalBackStepRatio,
            mark(ratio < kGoalBackStepRatio));
    } else {
        std::printf(
            "backstep_warm_ms p95=%.4f max=%.4f (no usable timestamps: no frame interval)\n",
            step.p95, step.max);
    }
    // What the player adds to every served frame, cached or not: FrameServer converts it to
    // full-size RGBA. Not part of the engine's goal, but it bounds a back-step on screen.
    std::vector<double> rgbaMs;
    for (int64_t n = 0; n < std::min<int64_t>(region, 10); ++n) {
        const fm::VideoFrame frame = decodeFrame(*decoder, n);
        const auto start = Clock::now();
        auto rgba = frame.toRgba();
        rgbaMs.push_back(msSince(start));
        if (!rgba) fail(rgba.error());
    }
    const Summary rgba = summarize(rgbaMs);
    std::printf(
        "  to_rgba_ms (full size, as FrameServer serves each frame; info) mean=%.1f max=%.1f\n",
        rgba.mean, rgba.max);
    std::printf(
        "  %zu steps back over frames 0..%lld; %lld cache hits; cache held %zu frames,"
        " %.0f MiB (budget %lld MiB)\n",
        step.count, static_cast<long long>(region - 1), static_cast<long long>(hits), cached,
        static_cast<double>(cachedBytes) / (1 << 20), static_cast<long long>(options.cacheMiB));
}

// e: the demux-only scan that opening a file costs before its first frame.
void benchIndexBuild(const Options& options) {
    if (options.longClip.empty()) {
        std::printf("index_build skipped (no --long-clip)\n");
        return;
    }
    double firstMs = 0;
    double bestMs = std::numeric_limits<double>::infinity();
    std::shared_ptr<const fm::FrameIndex> index;
    for (int rep = 0; rep < kRepeats; ++rep) {
        index.reset();
        const auto start = Clock::now();
        index = buildIndex(options.longClip);
        const double ms = msSince(start);
        if (rep == 0) firstMs = ms;
        bestMs = std::min(bestMs, ms);
    }
    const int64_t count = index->frameCount();
    const int64_t packets = static_cast<int64_t>(index->packets().size());
    // Up to the end of the last frame, not its start.
    const double seconds =
        index->secondsOfFrame(count - 1) +
        static_cast<double>(index->frame(count - 1).duration) * index->timeBase().toDouble();
    const double bestS = bestMs / 1000.0;
    std::printf(
        "index_build s=%.3f per_hour_of_media=%.3f s packets_per_s=%.0f (best of %d;"
        " first %.3f s)\n",
        bestS, seconds > 0 ? bestS * 3600.0 / seconds : 0.0, static_cast<double>(packets) / bestS,
        kRepeats, firstMs / 1000.0);
    std::printf("  %s: %lld packets, %lld frames, %.1f s of media, %.1f MiB\n",
                options.longClip.c_str(), static_cast<long long>(packets),
                static_cast<long long>(count), seconds,
                static_cast<double>(index->fileSize()) / (1 << 20));
}

std::string loadAverage() {
    double load = 0;
    return getloadavg(&load, 1) == 1 ? std::to_string(load).substr(0, 4) : "?";
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parseArgs(argc, argv);
    const std::string startLoad = loadAverage();  // other work on the machine skews the figures
    // Line-buffered even into a pipe or file, so progress shows while the slow parts run.
    std::setvbuf(stdout, nullptr, _IOLBF, 0);

    const auto index = buildIndex(options.clip);
    Gops gops{index->keyframeFrames(), index->frameCount()};
    {
        auto decoder = openDecoder(options, index, 0);
        const fm::VideoFrame first = decodeFrame(*decoder, 0);
        std::printf(
            "clip %s: %dx%d %s, %lld frames, %zu GOPs, frame interval %.2f ms,"
            " threads %d\n",
            options.clip.c_str(), first.width(), first.height(), first.pixelFormatName().c_str(),
            static_cast<long long>(index->frameCount()), gops.keys.size(), frameIntervalMs(*index),
            options.threads);
    }
    if (gops.keys.empty()) fail(options.clip + ": the frame index has no keyframe");

    benchDecodeRate(options, index);
    benchSeeks(options, index, gops);
    benchWarmBackStep(options, index);
    benchIndexBuild(options);

    rusage self{};
    rusage children{};
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    std::printf("loadavg start=%s end=%s (1-min; the bench itself adds about --threads)\n",
                startLoad.c_str(), loadAverage().c_str());
    std::printf("peak_rss self=%.0f MiB (ffmpeg children max=%.0f MiB)\n",
                static_cast<double>(self.ru_maxrss) / 1024.0,
                static_cast<double>(children.ru_maxrss) / 1024.0);
    return 0;
}
