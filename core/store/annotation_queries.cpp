#include "core/store/annotation_queries.h"

#include <algorithm>
#include <climits>
#include <tuple>

#include "core/common/try.h"
#include "core/model/annotation_state.h"
#include "core/model/id_text.h"
#include "core/store/annotation_table.h"
#include "core/store/stored_form.h"

namespace framenote::store {

namespace {

// The store's order everywhere: (first_frame, created_ms, id as text).
bool storeOrder(const model::Annotation& x, const model::Annotation& y) {
    const QString xi = model::idText(x.id);
    const QString yi = model::idText(y.id);
    return std::tie(x.firstFrame, x.createdMs, xi) < std::tie(y.firstFrame, y.createdMs, yi);
}

struct CursorKey {
    int64_t firstFrame = 0;
    int64_t createdMs = 0;
    QString id;
};

// Opaque to callers: base64url of "1:first:created:id", the last row of the previous page.
QString encodeCursor(const model::Annotation& last) {
    const QString raw = QStringLiteral("1:%1:%2:%3")
                            .arg(last.firstFrame)
                            .arg(last.createdMs)
                            .arg(model::idText(last.id));
    return QString::fromLatin1(
        raw.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Result<CursorKey> decodeCursor(const QString& cursor) {
    const auto decoded = QByteArray::fromBase64Encoding(
        cursor.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    const QStringList parts = decoded ? QString::fromUtf8(*decoded).split(':') : QStringList();
    CursorKey key;
    bool okFrame = false;
    bool okCreated = false;
    if (parts.size() == 4 && parts[0] == "1") {
        key.firstFrame = parts[1].toLongLong(&okFrame);
        key.createdMs = parts[2].toLongLong(&okCreated);
        key.id = parts[3];
    }
    if (!okFrame || !okCreated || QUuid::fromString(key.id).isNull())
        return makeError("cursor: '" + cursor.left(80).toStdString() +
                         "' is not a page cursor of this store");
    return key;
}

}  // namespace

Result<std::vector<model::Annotation>> AnnotationQueries::collect(sqlite::SqliteDb::Statement& st) {
    std::vector<model::Annotation> list;
    FRAMENOTE_TRY(st.forEachRow([&](const auto& row) -> Status {
        Result<model::Annotation> a = table_.decode(row.columnBytes(0));
        FRAMENOTE_TRY(a);
        list.push_back(std::move(a.value()));
        return Ok{};
    }));
    return list;
}

Result<std::vector<model::Annotation>> AnnotationQueries::spans(const QString& mediaId,
                                                                int64_t first, int64_t last) {
    Result<std::optional<int64_t>> key = table_.mediaKey(mediaId, false);
    FRAMENOTE_TRY(key);
    if (!*key || last < first) return std::vector<model::Annotation>();
    // The R*Tree finds the candidates; the exact 64-bit frames decide.
    Result<sqlite::SqliteDb::Statement> st = db_.cached(
        "SELECT a.state FROM annotation_spans s JOIN annotations a ON a.rid = s.rid"
        " WHERE s.media_lo <= ?1 AND s.media_hi >= ?2 AND s.first_lo <= ?4 AND s.last_hi >= ?3"
        " AND a.deleted = 0 AND a.first_frame <= ?6 AND a.last_frame >= ?5"
        " ORDER BY a.first_frame, a.created_ms, a.id");
    FRAMENOTE_TRY(st);
    // Boxes overlapping [first, last + 1) in this media's band (annotation_table.h).
    st->bindInt(1, AnnotationTable::boxMediaLo(**key))
        .bindInt(2, AnnotationTable::boxMediaHi(**key))
        .bindInt(3, AnnotationTable::boxFrame(first) + 1)
        .bindInt(4, AnnotationTable::boxFrame(last))
        .bindInt(5, first)
        .bindInt(6, last);
    return collect(*st);
}

Result<std::vector<model::Annotation>> AnnotationQueries::onFrame(const QString& mediaId,
                                                                  int64_t frame) {
    return spans(mediaId, frame, frame);
}

Result<std::vector<model::Annotation>> AnnotationQueries::inRange(const QString& mediaId,
                                                                  int64_t first, int64_t last) {
    return spans(mediaId, first, last);
}

Result<std::vector<model::Annotation>> AnnotationQueries::byAuthor(const QString& mediaId,
                                                                   const QString& author) {
    Result<sqlite::SqliteDb::Statement> st = db_.cached(
        "SELECT a.state FROM annotations a"
        " WHERE a.media_id = ?1 AND a.author = ?2 AND a.deleted = 0"
        " ORDER BY a.first_frame, a.created_ms, a.id");
    FRAMENOTE_TRY(st);
    st->bindText(1, mediaId).bindText(2, author);
    return collect(*st);
}

Result<std::vector<model::Annotation>> AnnotationQueries::byStatus(const QString& mediaId,
                                                                   model::Status status) {
    Result<sqlite::SqliteDb::Statement> st = db_.cached(
        "SELECT a.state FROM annotations a"
        " WHERE a.media_id = ?1 AND a.status = ?2 AND a.deleted = 0"
        " ORDER BY a.first_frame, a.created_ms, a.id");
    FRAMENOTE_TRY(st);
    st->bindText(1, mediaId).bindText(2, model::statusName(status));
    return collect(*st);
}

Result<std::vector<model::Annotation>> AnnotationQueries::withTag(const QString& mediaId,
                                                                  const QString& tag) {
    Result<sqlite::SqliteDb::Statement> st = db_.cached(
        "SELECT a.state FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id"
        " WHERE t.media_id = ?1 AND t.tag = ?2 AND a.deleted = 0"
        " ORDER BY a.first_frame, a.created_ms, a.id");
    FRAMENOTE_TRY(st);
    st->bindText(1, mediaId).bindText(2, tag);
    return collect(*st);
}

Result<int64_t> AnnotationQueries::count(const QString& mediaId) {
    Result<sqlite::SqliteDb::Statement> st =
        db_.cached("SELECT count(*) FROM annotations WHERE media_id = ?1 AND deleted = 0");
    FRAMENOTE_TRY(st);
    st->bindText(1, mediaId);
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    return st->columnInt(0);
}

Result<AnnotationPage> AnnotationQueries::page(const QString& mediaId, const QString& cursor,
                                               int limit) {
    if (limit <= 0) return makeError("page: limit must be positive, not " + std::to_string(limit));
    CursorKey after{INT64_MIN, INT64_MIN, QString()};
    if (!cursor.isEmpty()) {
        Result<CursorKey> key = decodeCursor(cursor);
        FRAMENOTE_TRY(key);
        after = *key;
    }
    // A row-value comparison on the index's own columns: a seek, then a walk of `limit` rows.
    Result<sqlite::SqliteDb::Statement> st = db_.cached(
        "SELECT a.state FROM annotations a WHERE a.media_id = ?1 AND a.deleted = 0"
        " AND (a.first_frame, a.created_ms, a.id) > (?2, ?3, ?4)"
        " ORDER BY a.first_frame, a.created_ms, a.id LIMIT ?5");
    FRAMENOTE_TRY(st);
    // One extra row tells whether another page follows without a second query.
    st->bindText(1, mediaId)
        .bindInt(2, after.firstFrame)
        .bindInt(3, after.createdMs)
        .bindText(4, after.id)
        .bindInt(5, limit + 1);
    Result<std::vector<model::Annotation>> rows = collect(*st);
    FRAMENOTE_TRY(rows);
    AnnotationPage page;
    page.items = std::move(rows.value());
    if (static_cast<int>(page.items.size()) > limit) {
        page.items.resize(static_cast<size_t>(limit));
        page.nextCursor = encodeCursor(page.items.back());
    }
    return page;
}

Result<std::vector<model::Annotation>> AnnotationQueries::stateAt(const QString& mediaId,
                                                                  int64_t timeMs) {
    Result<sqlite::SqliteDb::Statement> st = db_.cached(
        "SELECT payload, sequence, order_key FROM operations WHERE room = ?1 AND time_ms <= ?2"
        " AND dropped_reason IS NULL ORDER BY order_key");
    FRAMENOTE_TRY(st);
    st->bindText(1, mediaId).bindInt(2, timeMs);
    model::AnnotationState state;
    FRAMENOTE_TRY(st->forEachRow([&](const auto& row) -> Status {
        Result<model::Operation> op =
            decodeOperation(row.columnBytes(0), row.isNull(1) ? 0 : row.columnInt(1), db_.path());
        FRAMENOTE_TRY(op);
        state.apply(*op, row.columnInt(2));
        return Ok{};
    }));
    std::vector<model::Annotation> list;
    for (const model::Annotation* a : state.annotations()) list.push_back(*a);
    std::sort(list.begin(), list.end(), storeOrder);
    return list;
}

Result<std::vector<model::Annotation>> AnnotationQueries::onFrameAt(const QString& mediaId,
                                                                    int64_t frame, int64_t timeMs) {
    Result<std::vector<model::Annotation>> all = stateAt(mediaId, timeMs);
    if (!all) return all;
    std::erase_if(all.value(), [frame](const model::Annotation& a) { return !a.onFrame(frame); });
    return all;
}

}  // namespace framenote::store
