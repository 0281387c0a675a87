#pragma once
// The rows that mirror one annotation's current state: the annotations row, its frame span in
// the R*Tree, its tags, its replies and its searchable texts (both full-text indexes). Keeps
// them consistent with each other; DraftStore decides what the state is (the fold of the
// operations), this class only writes and reads it. Callers hold the transaction.
#include <QByteArrayView>
#include <QUuid>
#include <optional>
#include <utility>
#include <vector>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/sqlite/sqlite_db.h"

namespace framenote::store {

class AnnotationTable {
  public:
    explicit AnnotationTable(sqlite::SqliteDb& db) : db_(db) {}

    // Search texts stored but not yet in the full-text indexes: (search_text.sid, text).
    using UnindexedTexts = std::vector<std::pair<int64_t, QString>>;

    // Makes `annotation` the visible state of its row (inserting the row if needed).
    Status write(const model::Annotation& annotation) { return write(annotation, nullptr); }
    // The same for a note whose id the store does not hold yet (the caller checked; no row is
    // read or replaced), with its search texts collected in `unindexed` instead of indexed:
    // bulk imports index them all at the end (indexTexts), because FTS5 flushes its in-memory
    // index at every statement savepoint, and the other writes of a note (upserts, R*Tree) open
    // one per statement: indexed note by note, every note became a tiny index segment to merge.
    Status writeNew(const model::Annotation& annotation, UnindexedTexts& unindexed) {
        return write(annotation, &unindexed);
    }
    // Puts texts collected by writeNew into both full-text indexes, one statement each, in
    // rowid order.
    Status indexTexts(UnindexedTexts texts);
    // Merges each full-text index into one segment (FTS5 'optimize'), after a large import:
    // every search term is looked up once per segment, and imports leave dozens of them.
    Status optimizeSearchIndexes();
    // Keeps the row as a tombstone (deleted = 1) and drops it from every index.
    Status markDeleted(const QUuid& id);
    // Removes every trace of the note, tombstone included, as if it had never been created here
    // (its create left the fold). Nothing to do when there is no row.
    Status erase(const QUuid& id);

    // The visible annotation, or nothing if it does not exist or was deleted.
    Result<std::optional<model::Annotation>> find(const QUuid& id);
    // Whether a row exists at all, deleted or not.
    Result<bool> exists(const QUuid& id);
    // The row's last visible state and whether it is a tombstone now.
    struct Row {
        model::Annotation annotation;
        bool deleted = false;
    };
    Result<std::optional<Row>> findRow(const QUuid& id);

    // Decodes a stored annotations.state value (stored_form.h); the error names the file.
    Result<model::Annotation> decode(QByteArrayView state) const;
    // The media's small integer key for the R*Tree (created on first use when `create`).
    Result<std::optional<int64_t>> mediaKey(const QString& mediaId, bool create);

    // How a note is boxed in the R*Tree (annotation_spans). Every box has extent in both
    // dimensions, [2k, 2k+1] for media key k and [first, last + 1) for frames, because the
    // R*Tree's insert heuristics compare areas: with zero-width boxes every area is 0, the tree
    // degenerates, and a few whole-film notes make every frame query visit most leaves.
    // Frames are clamped to 32 bits (rtree_i32); the clamp keeps containment, and queries
    // re-check the exact frames in `annotations`.
    static int64_t boxMediaLo(int64_t key) { return 2 * key; }
    static int64_t boxMediaHi(int64_t key) { return 2 * key + 1; }
    static int64_t boxFrame(int64_t frame);  // a frame as a box start
    static int64_t boxEnd(int64_t lastFrame) { return boxFrame(lastFrame) + 1; }

    // Where a media's search texts live: search_text.sid (the full-text indexes' rowid) in
    // [key << 40, ((key + 1) << 40) - 1], new texts after the media's newest. A search within one
    // media is then a rowid range FTS5 seeks to in every posting list, instead of a filter on
    // the matches of every media (about 100 read per hit kept, at 100 media), and "newest first"
    // is rowid order within the range. 2^40 texts per media, 2^23 media keys.
    static int64_t firstSearchRowid(int64_t key) { return key << 40; }
    static int64_t lastSearchRowid(int64_t key) { return ((key + 1) << 40) - 1; }

  private:
    Status write(const model::Annotation& annotation, UnindexedTexts* unindexed);
    // `mediaKey` places new texts in the media's rowid range (unused when !visible).
    Status writeSearchTexts(const model::Annotation& annotation, int64_t mediaKey, bool visible,
                            bool existed, UnindexedTexts* unindexed);
    Status writeTagsAndReplies(const model::Annotation& annotation, bool existed);
    Status clearSatellites(const QString& id);

    sqlite::SqliteDb& db_;
};

}  // namespace framenote::store
