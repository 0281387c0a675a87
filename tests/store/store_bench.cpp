// Measures the store against DESIGN.md's budgets at a million notes: bulk insert rate, frame
// and range queries (< 1 ms), full-text search (< 10 ms p99) in English and Chinese, and the
// short-CJK index against a LIKE scan. Run by hand:
//   build/tests/store/store_bench [notes=1000000] [dir=/tmp] [reuse]
// It prints one line per measurement; the numbers depend on the machine, compare runs side by side.
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <vector>

#include "core/model/operation.h"
#include "core/store/draft_store.h"

using namespace framenote;

namespace {

template <typename T>
T must(Result<T> r) {
    if (!r) {
        std::fprintf(stderr, "error: %s\n", r.error().c_str());
        std::exit(1);
    }
    return std::move(r).value();
}

void must(const Status& s) {
    if (!s) {
        std::fprintf(stderr, "error: %s\n", s.error().c_str());
        std::exit(1);
    }
}

struct Stats {
    double p50 = 0, p99 = 0, max = 0;
};

Stats stats(std::vector<double> us) {
    std::sort(us.begin(), us.end());
    Stats s;
    s.p50 = us[us.size() / 2];
    s.p99 = us[std::min(us.size() - 1, us.size() * 99 / 100)];
    s.max = us.back();
    return s;
}

template <typename Fn>
Stats timeEach(int n, Fn fn) {
    std::vector<double> us;
    QElapsedTimer t;
    for (int i = 0; i < n; ++i) {
        t.start();
        fn(i);
        us.push_back(t.nsecsElapsed() / 1000.0);
    }
    return stats(us);
}

void report(const char* what, const Stats& s, const size_t& hits) {
    std::printf("%-46s p50 %8.1f us  p99 %8.1f us  max %8.1f us  (last: %zu hits)\n", what, s.p50,
                s.p99, s.max, hits);
}

// Runs the measurement first, then prints the hit count it left behind.
#define reportAfter(what, measured, hits) \
    do {                                  \
        const Stats s_ = (measured);      \
        report(what, s_, hits);           \
    } while (0)

const char* kEnglish[] = {"flare", "grain",  "sky",       "noise",     "focus", "colour", "skin",
                          "tone",  "shadow", "highlight", "edge",      "wire",  "boom",   "mic",
                          "logo",  "blur",   "jitter",    "stabilize", "crop",  "frame"};
const char* kChinese[] = {"镜头", "太暗", "提亮", "焦点", "噪点", "肤色", "天空",
                          "阴影", "高光", "抖动", "稳定", "裁切", "字幕", "调色",
                          "曝光", "对比", "饱和", "锐化", "穿帮", "话筒"};

}  // namespace

int main(int argc, char** argv) {
    const int total = argc > 1 ? std::atoi(argv[1]) : 1000000;
    const QString dir = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QDir::tempPath();
    const bool reuse = argc > 3 && QString(argv[3]) == "reuse";  // query an earlier run's file
    const QString path = QDir(dir).filePath("framenote_store_bench.framenote");
    if (!reuse)
        for (const char* suffix : {"", "-wal", "-shm"}) QFile::remove(path + suffix);
    auto s = must(store::DraftStore::open(path));
    const QString media = "bench";
    const int64_t frames = 200000;
    std::mt19937 rng(1);

    // ---- Bulk insert: batches of 10,000 edits per transaction (an import, a replay).
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpuStart = std::clock();  // CPU time too: wall time lies on a busy machine
    const int batch = 10000;
    for (int done = reuse ? total : 0; done < total; done += batch) {
        must(s->transaction([&]() -> Status {
            for (int i = done; i < std::min(total, done + batch); ++i) {
                model::Annotation a;
                a.id = QUuid::createUuid();
                a.mediaId = i % 10 == 0 ? QString("other%1").arg(i % 7) : media;
                a.kind = "text";
                a.points = {{0.5, 0.5}};
                a.firstFrame = rng() % frames;
                // Most notes cover a shot or less; 1 in 100,000 is a general note on the rest
                // of the film (these are what a plain B-tree on first_frame cannot bound).
                a.lastFrame = rng() % 100000 == 0 ? frames - 1 : a.firstFrame + rng() % 48;
                a.lastFrame = std::max(a.lastFrame, a.firstFrame);
                if (i % 3 == 0)
                    a.text =
                        QString("%1%2，请%3 %4")
                            .arg(kChinese[rng() % 20], kChinese[rng() % 20], kChinese[rng() % 20])
                            .arg(i);
                else
                    a.text =
                        QString("the %1 %2 needs %3 near take %4")
                            .arg(kEnglish[rng() % 20], kEnglish[rng() % 20], kEnglish[rng() % 20])
                            .arg(i);
                a.author = QString("user%1").arg(i % 50);
                a.createdMs = a.updatedMs = 1700000000000 + i;
                model::Operation op = model::makeCreate(a, a.author, model::Role::Reviewer);
                if (Status r = s->applyLocal(op); !r) return r;
            }
            return Ok{};
        }));
        if ((done / batch) % 10 == 9)
            std::printf("  %d notes, %.0f notes/s so far\n", done + batch,
                        (done + batch) / (timer.elapsed() / 1000.0));
        std::fflush(stdout);
    }
    const double insertSeconds = timer.elapsed() / 1000.0;
    const double insertCpu = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    std::printf(
        "bulk insert (applyLocal, 10k per transaction): %d notes in %.1f s = %.0f notes/s"
        " (CPU %.1f s = %.0f notes per CPU second)\n",
        total, insertSeconds, total / insertSeconds, insertCpu, total / insertCpu);
    must(s->database().exec("PRAGMA wal_checkpoint(TRUNCATE)"));
    std::printf("file size: %.1f MB\n", QFileInfo(path).size() / 1e6);
    if (auto st = s->database().prepare(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 12")) {
        while (must(st->step()))
            std::printf("  %-40s %8.1f MB\n", st->columnText(0).toUtf8().constData(),
                        st->columnInt(1) / 1e6);
    }

    // ---- Frame and range queries.
    size_t hits = 0;
    reportAfter(
        "frame query (onFrame)",
        timeEach(2000,
                 [&](int) { hits = must(s->queries().onFrame(media, rng() % frames)).size(); }),
        hits);
    reportAfter("range query (100 frames)",
                timeEach(2000,
                         [&](int) {
                             const int64_t f = rng() % frames;
                             hits = must(s->queries().inRange(media, f, f + 99)).size();
                         }),
                hits);
    // The same frame query without decoding the notes: the index's own share.
    {
        const int64_t key = must(s->database().queryInt("SELECT key FROM media_keys WHERE media_id = 'bench'"));
        auto ids = must(s->database().prepare(
            "SELECT a.rid FROM annotation_spans s JOIN annotations a ON a.rid = s.rid"
            " WHERE s.media_lo <= ?1 AND s.media_hi >= ?2 AND s.first_lo <= ?3 AND s.last_hi >= ?4"
            " AND a.deleted = 0 AND a.first_frame <= ?3 AND a.last_frame >= ?3"));
        reportAfter("frame query, ids only (R*Tree + rows)", timeEach(2000, [&](int) {
            const int64_t f = rng() % frames;
            ids.bindInt(1, 2 * key).bindInt(2, 2 * key + 1).bindInt(3, f).bindInt(4, f + 1);
            hits = 0;
            while (must(ids.step())) ++hits;
        }), hits);
    }
    QString cursor;
    reportAfter("page of 50 (keyset)",
                timeEach(500,
                         [&](int) {
                             auto page = must(s->queries().page(media, cursor, 50));
                             cursor = page.nextCursor;
                             hits = page.items.size();
                         }),
                hits);
    reportAfter(
        "by author (all ~18k notes, decode-bound)",
        timeEach(20, [&](int) { hits = must(s->queries().byAuthor(media, "user7")).size(); }),
        hits);

    // ---- Full-text search, limit 50, one media.
    store::SearchOptions options;
    options.mediaId = media;
    options.limit = 50;
    const auto search = [&](const char* label, const std::vector<QString>& queries) {
        reportAfter(
            label,
            timeEach(400,
                     [&](int i) {
                         hits =
                             must(s->search().search(queries[i % queries.size()], options)).size();
                     }),
            hits);
    };
    std::vector<QString> english, englishRare, chinese3, chinese2, chinese1, chineseRare2, mixed;
    for (const char* w : kEnglish) english.push_back(w);
    for (int i = 0; i < 20; ++i) englishRare.push_back(QString("take %1").arg(rng() % total));
    for (int i = 0; i < 20; ++i)
        chinese3.push_back(QString(kChinese[i]) + QString(kChinese[(i + 3) % 20]).left(1));
    for (const char* w : kChinese) chinese2.push_back(w);
    for (const char* w : kChinese) chinese1.push_back(QString(w).left(1));
    for (int i = 0; i < 20; ++i)
        chineseRare2.push_back(QString(kChinese[i]).right(1) +
                               QString(kChinese[(i + 7) % 20]).left(1));
    for (int i = 0; i < 20; ++i) mixed.push_back(QString("%1 %2").arg(kEnglish[i], kChinese[i]));
    search("search english word (trigram)", english);
    search("search english phrase, rare (trigram)", englishRare);
    search("search chinese 3 chars (trigram)", chinese3);
    search("search chinese 2 chars (unigram index)", chinese2);
    search("search chinese 1 char (unigram index)", chinese1);
    search("search chinese 2 chars, rare pairs (unigram)", chineseRare2);
    search("search english + chinese, never together", mixed);

    // ---- The alternative for short CJK queries: a LIKE scan of one media's texts.
    auto like =
        must(s->database().prepare("SELECT sid FROM search_text WHERE media_id = ?1 AND text LIKE "
                                   "?2 ORDER BY sid DESC LIMIT 50"));
    reportAfter("LIKE scan, chinese 2 chars (common)",
                timeEach(20,
                         [&](int i) {
                             like.bindText(1, media).bindText(2, "%" + chinese2[i % 20] + "%");
                             hits = 0;
                             while (must(like.step())) ++hits;
                         }),
                hits);
    reportAfter("LIKE scan, chinese 2 chars (rare pairs)",
                timeEach(20,
                         [&](int i) {
                             like.bindText(1, media).bindText(2, "%" + chineseRare2[i % 20] + "%");
                             hits = 0;
                             while (must(like.step())) ++hits;
                         }),
                hits);
    return 0;
}
