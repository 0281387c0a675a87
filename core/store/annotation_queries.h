#pragma once
// Read-only queries over a store's visible annotations, each backed by an index that keeps it
// fast at a million rows, and history lookback over the operation log. Results are ordered by
// (first_frame, created_ms, id), the order of the timeline and of pagination.
#include <QString>
#include <QUuid>
#include <cstdint>
#include <vector>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/sqlite/sqlite_db.h"

namespace framenote::store {

class AnnotationTable;

struct AnnotationPage {
    std::vector<model::Annotation> items;
    QString nextCursor;  // empty on the last page
};

class AnnotationQueries {
  public:
    AnnotationQueries(sqlite::SqliteDb& db, AnnotationTable& table) : db_(db), table_(table) {}

    // Notes visible on `frame` (first_frame <= frame <= last_frame): the R*Tree.
    Result<std::vector<model::Annotation>> onFrame(const QString& mediaId, int64_t frame);
    // Notes overlapping [first, last]: the R*Tree.
    Result<std::vector<model::Annotation>> inRange(const QString& mediaId, int64_t first,
                                                   int64_t last);
    Result<std::vector<model::Annotation>> byAuthor(const QString& mediaId, const QString& author);
    Result<std::vector<model::Annotation>> byStatus(const QString& mediaId, model::Status status);
    // Tags match without regard to ASCII case.
    Result<std::vector<model::Annotation>> withTag(const QString& mediaId, const QString& tag);
    Result<int64_t> count(const QString& mediaId);

    // Keyset pagination over a media's notes. `cursor` is empty for the first page, then the
    // previous page's nextCursor. A cursor names a position, not an offset, so notes inserted
    // or deleted between pages never make a note appear twice or be skipped; notes inserted
    // before the cursor are simply not on later pages.
    Result<AnnotationPage> page(const QString& mediaId, const QString& cursor, int limit);

    // History lookback: the notes as they were at `timeMs` (operations made at or before it,
    // folded in merge order). The log is kept whole, so any time in the store's life works.
    Result<std::vector<model::Annotation>> stateAt(const QString& mediaId, int64_t timeMs);
    Result<std::vector<model::Annotation>> onFrameAt(const QString& mediaId, int64_t frame,
                                                     int64_t timeMs);

  private:
    // Runs `st` whose column 0 is annotations.state and decodes every row.
    Result<std::vector<model::Annotation>> collect(sqlite::SqliteDb::Statement& st);
    Result<std::vector<model::Annotation>> spans(const QString& mediaId, int64_t first,
                                                 int64_t last);

    sqlite::SqliteDb& db_;
    AnnotationTable& table_;
};

}  // namespace framenote::store
