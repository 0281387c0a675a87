#pragma once
// The rows that mirror one annotation's current state: the annotations row, its frame span in
// the R*Tree, its tags, its replies and its searchable texts (both full-text indexes). Keeps
// them consistent with each other; DraftStore decides what the state is (the fold of the
// operations), this class only writes and reads it. Callers hold the transaction.
#include <QUuid>
#include <optional>
#include <utility>
#include <vector>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/store/sqlite_db.h"

namespace framenote::store {

class AnnotationTable {
public:
    explicit AnnotationTable(SqliteDb& db) : db_(db) {}

    // Search texts stored but not yet in the full-text indexes: (search_text.sid, text).
    using UnindexedTexts = std::vector<std::pair<int64_t, QString>>;

    // Makes `annotation` the visible state of its row (inserting the row if needed).
    Status write(const model::Annotation& annotation) { return write(annotation, nullptr); }
    // The same for a note new to the store, with its search texts collected in `unindexed`
    // instead of indexed: bulk imports index them all at the end (indexTexts), because FTS5
    // flushes its in-memory index at every statement savepoint, and the other writes of a note
    // (upserts, R*Tree) open one per statement: indexed note by note, every note became a tiny
    // index segment to merge.
    Status writeNew(const model::Annotation& annotation, UnindexedTexts& unindexed) {
        return write(annotation, &unindexed);
    }
    // Puts texts collected by writeNew into both full-text indexes, one statement each.
    Status indexTexts(const UnindexedTexts& texts);
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

    // Decodes a stored annotations.json value; the error names the annotation and the file.
    Result<model::Annotation> decode(const QString& json) const;
    // The media's small integer key for the R*Tree (created on first use when `create`).
    Result<std::optional<int64_t>> mediaKey(const QString& mediaId, bool create);

    static QString idText(const QUuid& id) { return id.toString(QUuid::WithoutBraces); }

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

private:
    Status write(const model::Annotation& annotation, UnindexedTexts* unindexed);
    Status writeSearchTexts(const model::Annotation& annotation, bool visible, bool existed,
                            UnindexedTexts* unindexed);
    Status writeTagsAndReplies(const model::Annotation& annotation, bool existed);
    Status clearSatellites(const QString& id);

    SqliteDb& db_;
};

}  // namespace framenote::store
