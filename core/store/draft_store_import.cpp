// DraftStore::importAnnotations: many notes in one pass (imports, the benchmark's fill).
//
// Why it is faster than applyLocal per operation while giving the same rows:
//  - one transaction and one existence check per note; no refold: each note is folded in
//    memory from its own create and replies (model::AnnotationState, the same merge code) and
//    its state row is written once instead of once per reply;
//  - notes are written media by media in frame order, so a note's row lands beside the rows of
//    the notes around it on the timeline: a frame or range query then reads a few pages instead
//    of one page per note it returns (at a million notes, frame query p99 0.7 -> 0.4 ms). The
//    import's op ids are time-ordered (UUID version 7 layout), so the operation log and outbox
//    still fill front to back. (Writing in note id order instead, which fills the B-trees keyed
//    by note id front to back, measured no faster once the import's cache holds them.)
//  - the full-text indexes are filled at the end, all rows of one index after another
//    (AnnotationTable::writeNew says why that is many times faster), and merged into one
//    segment each after a large import (writeImport);
//  - a bigger page cache for the duration of the import (dirty pages that do not fit would be
//    spilled to the WAL mid-transaction and read back).
#include <QDateTime>
#include <QHash>
#include <QRandomGenerator>
#include <QScopeGuard>
#include <QSet>
#include <algorithm>
#include <tuple>

#include "core/common/try.h"
#include "core/model/annotation_state.h"
#include "core/model/id_text.h"
#include "core/model/permissions.h"
#include "core/model/validation.h"
#include "core/store/draft_store.h"

namespace framenote::store {

namespace {

// Time-ordered op ids: 48 bits of milliseconds, then a counter, then random bits (RFC 9562
// version 7). Increasing within an import and across imports, so they append to the op_id index.
class OrderedIds {
  public:
    // A random start keeps two imports in the same millisecond apart.
    explicit OrderedIds(int64_t ms)
        : ms_(static_cast<uint64_t>(ms)),
          counter_(QRandomGenerator::global()->generate64() & ((uint64_t{1} << 38) - 1)) {}
    QUuid next() {
        const uint64_t counter = counter_++;
        const uint64_t high = (ms_ << 16) | 0x7000 | ((counter >> 30) & 0x0fff);
        const uint64_t low = (uint64_t{0x2} << 62) | ((counter & 0x3fffffff) << 32) |
                             QRandomGenerator::global()->generate();
        uchar bytes[16];
        for (int i = 0; i < 8; ++i) {
            bytes[i] = static_cast<uchar>(high >> (56 - 8 * i));
            bytes[8 + i] = static_cast<uchar>(low >> (56 - 8 * i));
        }
        return QUuid::fromRfc4122(QByteArrayView(bytes, 16));
    }

  private:
    uint64_t ms_;
    uint64_t counter_;
};

model::Operation importOp(const model::Annotation& a, const ImportOptions& options,
                          int64_t timeMs) {
    model::Operation op;
    op.actor = options.actor;
    op.actorRole = options.role;
    op.timeMs = timeMs;
    op.mediaId = a.mediaId;
    op.target = a.id;
    op.opId = a.id;  // a stand-in for the checks; writeImport gives each its own
    return op;
}

model::Operation createOf(const model::Annotation& a, const ImportOptions& options,
                          int64_t timeMs) {
    model::Operation op = importOp(a, options, timeMs);
    op.type = model::OpType::Create;
    op.annotation = a;
    op.annotation.replies.clear();  // one operation each, below: a create orders replies by id
    model::sanitizeTexts(op);       // a file is input: its text may hold any HTML
    return op;
}

model::Operation replyOf(const model::Annotation& a, size_t r, const ImportOptions& options) {
    // A reply operation bumps updated_ms to its time; the note's own keeps the file's value.
    model::Operation op = importOp(a, options, a.updatedMs);
    op.type = model::OpType::Reply;
    op.reply = a.replies[r];
    model::sanitizeTexts(op);
    return op;
}

}  // namespace

Result<ImportCounts> DraftStore::importAnnotations(const std::vector<model::Annotation>& notes,
                                                   const ImportOptions& options) {
    const auto describe = [&](size_t i) {
        return options.describe ? options.describe(i) : "note " + std::to_string(i);
    };
    const int64_t timeMs = options.timeMs ? options.timeMs : QDateTime::currentMSecsSinceEpoch();
    if (!model::canCreate(options.role))
        return makeError(path().toStdString() + ": " + options.actor.toStdString() + " (" +
                         model::roleName(options.role).toStdString() + ") may not create notes");
    ImportCounts counts;
    Status s = inTransaction([&]() -> Status {
        // Checks first, writes after: a refused note leaves no trace (as applyLocal).
        QHash<QString, int64_t> frameCounts;
        QSet<QUuid> seen;
        std::vector<const model::Annotation*> fresh;
        fresh.reserve(notes.size());
        for (size_t i = 0; i < notes.size(); ++i) {
            const model::Annotation& a = notes[i];
            if (a.mediaId.isEmpty()) return makeError(describe(i) + ": media_id: missing");
            if (!frameCounts.contains(a.mediaId)) {
                Result<sqlite::SqliteDb::Statement> st =
                    db_->cached("SELECT frame_count FROM media WHERE media_id = ?1");
                FRAMENOTE_TRY(st);
                st->bindText(1, a.mediaId);
                Result<bool> row = st->step();
                FRAMENOTE_TRY(row);
                frameCounts.insert(a.mediaId, *row ? st->columnInt(0) : 0);
            }
            model::Limits limits;
            if (const int64_t frames = frameCounts.value(a.mediaId); frames > 0)
                limits.frameCount = frames;
            if (Status v = model::validateOperation(createOf(a, options, timeMs), limits); !v)
                return makeError(describe(i) + ": " + v.error());
            if (!a.replies.empty() && !model::canReply(options.role))
                return makeError(describe(i) + ": " + options.actor.toStdString() + " (" +
                                 model::roleName(options.role).toStdString() + ") may not reply");
            for (size_t r = 0; r < a.replies.size(); ++r)
                if (Status v = model::validateOperation(replyOf(a, r, options), limits); !v)
                    return makeError(describe(i) + ": replies[" + std::to_string(r) +
                                     "]: " + v.error());
            if (seen.contains(a.id)) {
                ++counts.skipped;
                continue;
            }
            seen.insert(a.id);
            Result<bool> exists = table_.exists(a.id);
            FRAMENOTE_TRY(exists);
            if (*exists) {
                ++counts.skipped;
                continue;
            }
            fresh.push_back(&a);
        }
        std::sort(fresh.begin(), fresh.end(),
                  [](const model::Annotation* x, const model::Annotation* y) {
                      return std::tie(x->mediaId, x->firstFrame, x->id) <
                             std::tie(y->mediaId, y->firstFrame, y->id);
                  });
        counts.imported = static_cast<int64_t>(fresh.size());
        return writes([&] { return writeImport(fresh, options, timeMs); });
    });
    FRAMENOTE_TRY(s);
    return counts;
}

Status DraftStore::writeImport(const std::vector<const model::Annotation*>& notes,
                               const ImportOptions& options, int64_t timeMs) {
    // About 1 GiB of cache while the import runs (the default is 64 MiB), back after it.
    Result<int64_t> cacheBefore = db_->queryInt("PRAGMA cache_size");
    FRAMENOTE_TRY(cacheBefore);
    FRAMENOTE_TRY(db_->exec("PRAGMA cache_size = -1048576"));
    const auto restore = qScopeGuard(
        [&] { (void)db_->exec("PRAGMA cache_size = " + std::to_string(*cacheBefore)); });
    OrderedIds ids(timeMs);
    AnnotationTable::UnindexedTexts texts;
    for (const model::Annotation* a : notes) {
        model::AnnotationState state;
        model::Operation create = createOf(*a, options, timeMs);
        create.opId = ids.next();
        Result<int64_t> order = logLocal(create);
        FRAMENOTE_TRY(order);
        state.apply(create, *order);
        for (size_t r = 0; r < a->replies.size(); ++r) {
            model::Operation reply = replyOf(*a, r, options);
            reply.opId = ids.next();
            order = logLocal(reply);
            FRAMENOTE_TRY(order);
            state.apply(reply, *order);
        }
        const model::Annotation* folded = state.find(a->id);  // a create: always there
        if (!folded)
            return makeError(path().toStdString() + ": import of " +
                             model::idText(a->id).toStdString() + " folded to nothing");
        FRAMENOTE_TRY(table_.writeNew(*folded, texts));
    }
    const auto indexed = static_cast<int64_t>(texts.size());
    FRAMENOTE_TRY(table_.indexTexts(std::move(texts)));
    // A search looks every term up once per index segment, and an import leaves dozens of them
    // (FTS5 flushes its memory every few MB): at a million notes, merging them took a search
    // within one media from about 3 ms to 0.5 ms. Merging rewrites the whole index (about 3 s
    // per million texts here), so only an import that adds a tenth of the texts or more pays
    // for it, and only a large one (kOptimizeTexts): below that FTS5 leaves few segments and
    // its own incremental merging keeps up, while the merge took 15 % of importing a note with
    // 40,000 replies (PERFORMANCE.md, "A note with a long thread").
    constexpr int64_t kOptimizeTexts = 100000;
    Result<int64_t> total = db_->queryInt("SELECT count(*) FROM search_text");
    FRAMENOTE_TRY(total);
    if (indexed >= kOptimizeTexts && indexed * 10 >= *total)
        FRAMENOTE_TRY(table_.optimizeSearchIndexes());
    return Ok{};
}

}  // namespace framenote::store
