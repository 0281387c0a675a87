#include "core/store/annotation_table.h"

#include <algorithm>
#include <climits>
#include <string>
#include <vector>

#include "core/common/try.h"
#include "core/model/id_text.h"
#include "core/model/rich_text.h"
#include "core/store/search_tokens.h"
#include "core/store/stored_form.h"

namespace framenote::store {

namespace {

struct SearchRow {
    QString replyId;  // empty: the note's own text
    QString text;
    friend bool operator==(const SearchRow&, const SearchRow&) = default;
};

std::vector<SearchRow> searchRowsOf(const model::Annotation& a) {
    std::vector<SearchRow> rows;
    const QString note = model::plainText(a.text);
    if (!note.trimmed().isEmpty()) rows.push_back({QString(), note});
    for (const model::Reply& reply : a.replies) {
        if (reply.deleted) continue;
        const QString text = model::plainText(reply.text);
        if (!text.trimmed().isEmpty()) rows.push_back({model::idText(reply.id), text});
    }
    return rows;
}

}  // namespace

int64_t AnnotationTable::boxFrame(int64_t frame) {
    return std::clamp<int64_t>(frame, 0, INT32_MAX - 1);
}

Result<std::optional<int64_t>> AnnotationTable::mediaKey(const QString& mediaId, bool create) {
    {
        Result<sqlite::SqliteDb::Statement> st =
            db_.cached("SELECT key FROM media_keys WHERE media_id = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, mediaId);
        Result<bool> row = st->step();
        FRAMENOTE_TRY(row);
        if (*row) return std::optional<int64_t>(st->columnInt(0));
    }
    if (!create) return std::optional<int64_t>();
    Result<sqlite::SqliteDb::Statement> insert =
        db_.cached("INSERT INTO media_keys(media_id) VALUES (?1)");
    FRAMENOTE_TRY(insert);
    insert->bindText(1, mediaId);
    if (Status s = insert->run(); !s) return makeError(s.error());
    return std::optional<int64_t>(db_.lastInsertRowId());
}

Status AnnotationTable::write(const model::Annotation& a, UnindexedTexts* unindexed) {
    const QString id = model::idText(a.id);
    const QByteArray state = encodeAnnotation(a);
    // writeNew: the caller checked that the id is new, so there is no row to compare or replace.
    const bool fresh = unindexed != nullptr;
    bool existed = false;  // a new row has no tags, replies or texts to replace
    if (!fresh) {
        // Refolds often produce the state already stored (an acknowledgement, a duplicate).
        Result<sqlite::SqliteDb::Statement> st =
            db_.cached("SELECT state, deleted FROM annotations WHERE id = ?1");
        FRAMENOTE_TRY(st);
        st->bindText(1, id);
        Result<bool> row = st->step();
        FRAMENOTE_TRY(row);
        if (*row && st->columnInt(1) == 0 && st->columnBytes(0) == QByteArrayView(state))
            return Ok{};
        existed = *row;
    }
    Result<std::optional<int64_t>> key = mediaKey(a.mediaId, true);
    FRAMENOTE_TRY(key);

    // The same columns and parameters either way; a note new to the store takes the plain
    // INSERT, which measured a third cheaper than the upsert with RETURNING.
    static constexpr char kInsert[] =
        "INSERT INTO annotations(id, media_id, media_key, first_frame, last_frame, kind, author,"
        " status, created_ms, updated_ms, deleted, state, plain_text)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?12)";
    static const std::string kUpsert =
        std::string(kInsert) +
        " ON CONFLICT(id) DO UPDATE SET media_id = excluded.media_id,"
        " media_key = excluded.media_key, first_frame = excluded.first_frame,"
        " last_frame = excluded.last_frame, kind = excluded.kind, author = excluded.author,"
        " status = excluded.status, created_ms = excluded.created_ms,"
        " updated_ms = excluded.updated_ms, deleted = 0, state = excluded.state,"
        " plain_text = excluded.plain_text RETURNING rid";
    Result<sqlite::SqliteDb::Statement> insert = db_.cached(fresh ? kInsert : kUpsert.c_str());
    FRAMENOTE_TRY(insert);
    insert->bindText(1, id)
        .bindText(2, a.mediaId)
        .bindInt(3, **key)
        .bindInt(4, a.firstFrame)
        .bindInt(5, a.lastFrame)
        .bindText(6, model::kindName(a))
        .bindText(7, a.author)
        .bindText(8, model::statusName(a.status))
        .bindInt(9, a.createdMs)
        .bindInt(10, a.updatedMs)
        .bindBlob(11, state)
        .bindText(12, model::plainText(a.text));
    Result<bool> row = insert->step();
    FRAMENOTE_TRY(row);
    const int64_t rid = fresh ? db_.lastInsertRowId() : insert->columnInt(0);
    if (!fresh) FRAMENOTE_TRY(insert->run());

    Result<sqlite::SqliteDb::Statement> span = db_.cached(
        "INSERT OR REPLACE INTO annotation_spans(rid, media_lo, media_hi, first_lo, last_hi)"
        " VALUES (?1, ?2, ?3, ?4, ?5)");
    FRAMENOTE_TRY(span);
    span->bindInt(1, rid)
        .bindInt(2, boxMediaLo(**key))
        .bindInt(3, boxMediaHi(**key))
        .bindInt(4, boxFrame(a.firstFrame))
        .bindInt(5, boxEnd(a.lastFrame));
    FRAMENOTE_TRY(span->run());

    FRAMENOTE_TRY(writeTagsAndReplies(a, existed));
    return writeSearchTexts(a, **key, true, existed, unindexed);
}

Status AnnotationTable::writeTagsAndReplies(const model::Annotation& a, bool existed) {
    const QString id = model::idText(a.id);
    if (existed) FRAMENOTE_TRY(clearSatellites(id));
    for (const QString& tag : a.tags) {
        Result<sqlite::SqliteDb::Statement> st = db_.cached(
            "INSERT OR IGNORE INTO annotation_tags(annotation_id, media_id, tag) VALUES (?1, ?2, "
            "?3)");
        FRAMENOTE_TRY(st);
        st->bindText(1, id).bindText(2, a.mediaId).bindText(3, tag);
        FRAMENOTE_TRY(st->run());
    }
    for (const model::Reply& reply : a.replies) {
        Result<sqlite::SqliteDb::Statement> st = db_.cached(
            "INSERT OR REPLACE INTO replies(annotation_id, id, author, text, created_ms, "
            "updated_ms, deleted)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        FRAMENOTE_TRY(st);
        st->bindText(1, id)
            .bindText(2, model::idText(reply.id))
            .bindText(3, reply.author)
            .bindText(4, reply.text)
            .bindInt(5, reply.createdMs)
            .bindInt(6, reply.updatedMs)
            .bindInt(7, reply.deleted ? 1 : 0);
        FRAMENOTE_TRY(st->run());
    }
    return Ok{};
}

Status AnnotationTable::clearSatellites(const QString& id) {
    for (const char* sql : {"DELETE FROM annotation_tags WHERE annotation_id = ?1",
                            "DELETE FROM replies WHERE annotation_id = ?1"}) {
        Result<sqlite::SqliteDb::Statement> st = db_.cached(sql);
        FRAMENOTE_TRY(st);
        st->bindText(1, id);
        FRAMENOTE_TRY(st->run());
    }
    return Ok{};
}

Status AnnotationTable::writeSearchTexts(const model::Annotation& a, int64_t mediaKey, bool visible,
                                         bool existed, UnindexedTexts* unindexed) {
    const QString id = model::idText(a.id);
    const std::vector<SearchRow> wanted = visible ? searchRowsOf(a) : std::vector<SearchRow>{};
    struct Existing {
        int64_t sid;
        SearchRow row;
    };
    std::vector<Existing> existing;
    if (existed) {
        Result<sqlite::SqliteDb::Statement> st = db_.cached(
            "SELECT sid, reply_id, text FROM search_text WHERE annotation_id = ?1 ORDER BY sid");
        FRAMENOTE_TRY(st);
        st->bindText(1, id);
        FRAMENOTE_TRY(st->forEachRow([&](const auto& row) {
            existing.push_back(
                {row.columnInt(0),
                 {row.isNull(1) ? QString() : row.columnText(1), row.columnText(2)}});
        }));
    }
    if (existing.size() == wanted.size() &&
        std::equal(existing.begin(), existing.end(), wanted.begin(),
                   [](const Existing& e, const SearchRow& w) { return e.row == w; }))
        return Ok{};  // index writes are the costly part of an edit; skip them when texts are
                      // unchanged

    // External-content and contentless FTS5 tables forget a row only when told its old text.
    for (const Existing& e : existing) {
        Result<sqlite::SqliteDb::Statement> tri = db_.cached(
            "INSERT INTO search_trigram(search_trigram, rowid, text) VALUES ('delete', ?1, ?2)");
        FRAMENOTE_TRY(tri);
        tri->bindInt(1, e.sid).bindText(2, e.row.text);
        FRAMENOTE_TRY(tri->run());
        Result<sqlite::SqliteDb::Statement> uni = db_.cached(
            "INSERT INTO search_unigram(search_unigram, rowid, text) VALUES ('delete', ?1, ?2)");
        FRAMENOTE_TRY(uni);
        uni->bindInt(1, e.sid).bindText(2, unigramText(e.row.text));
        FRAMENOTE_TRY(uni->run());
    }
    if (!existing.empty()) {
        Result<sqlite::SqliteDb::Statement> del =
            db_.cached("DELETE FROM search_text WHERE annotation_id = ?1");
        FRAMENOTE_TRY(del);
        del->bindText(1, id);
        FRAMENOTE_TRY(del->run());
    }
    for (const SearchRow& w : wanted) {
        Result<sqlite::SqliteDb::Statement> ins = db_.cached(
            "INSERT INTO search_text(sid, annotation_id, reply_id, media_id, text)"
            " VALUES ((SELECT coalesce(max(sid) + 1, ?5) FROM search_text"
            " WHERE sid BETWEEN ?5 AND ?6), ?1, ?2, ?3, ?4)");
        FRAMENOTE_TRY(ins);
        ins->bindText(1, id)
            .bindText(3, a.mediaId)
            .bindText(4, w.text)
            .bindInt(5, firstSearchRowid(mediaKey))
            .bindInt(6, lastSearchRowid(mediaKey));
        if (w.replyId.isEmpty())
            ins->bindNull(2);
        else
            ins->bindText(2, w.replyId);
        FRAMENOTE_TRY(ins->run());
        const int64_t sid = db_.lastInsertRowId();
        if (unindexed)
            unindexed->emplace_back(sid, w.text);
        else
            FRAMENOTE_TRY(indexTexts({{sid, w.text}}));
    }
    return Ok{};
}

Status AnnotationTable::indexTexts(UnindexedTexts texts) {
    // All of one index, then all of the other, in rowid order: FTS5 keeps inserts in memory
    // only while nothing opens a savepoint between them and rowids increase (a smaller rowid
    // flushes a segment; texts of many media are interleaved ranges). So each index gathers
    // the rows and writes few large segments.
    std::sort(texts.begin(), texts.end());
    Result<sqlite::SqliteDb::Statement> tri =
        db_.cached("INSERT INTO search_trigram(rowid, text) VALUES (?1, ?2)");
    FRAMENOTE_TRY(tri);
    for (const auto& [sid, text] : texts) {
        tri->bindInt(1, sid).bindText(2, text);
        FRAMENOTE_TRY(tri->run());
    }
    Result<sqlite::SqliteDb::Statement> uni =
        db_.cached("INSERT INTO search_unigram(rowid, text) VALUES (?1, ?2)");
    FRAMENOTE_TRY(uni);
    for (const auto& [sid, text] : texts) {
        uni->bindInt(1, sid).bindText(2, unigramText(text));
        FRAMENOTE_TRY(uni->run());
    }
    return Ok{};
}

Status AnnotationTable::optimizeSearchIndexes() {
    return db_.exec(
        "INSERT INTO search_trigram(search_trigram) VALUES ('optimize');"
        "INSERT INTO search_unigram(search_unigram) VALUES ('optimize');");
}

Status AnnotationTable::markDeleted(const QUuid& uuid) {
    const QString id = model::idText(uuid);
    Result<sqlite::SqliteDb::Statement> st = db_.cached(
        "UPDATE annotations SET deleted = 1 WHERE id = ?1 AND deleted = 0 RETURNING rid, media_id");
    FRAMENOTE_TRY(st);
    st->bindText(1, id);
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    if (!*row) return Ok{};  // never created here, or already a tombstone
    const int64_t rid = st->columnInt(0);
    model::Annotation gone;
    gone.id = uuid;
    gone.mediaId = st->columnText(1);
    FRAMENOTE_TRY(st->run());

    Result<sqlite::SqliteDb::Statement> span =
        db_.cached("DELETE FROM annotation_spans WHERE rid = ?1");
    FRAMENOTE_TRY(span);
    span->bindInt(1, rid);
    FRAMENOTE_TRY(span->run());
    FRAMENOTE_TRY(clearSatellites(id));
    return writeSearchTexts(gone, 0, false, true, nullptr);
}

Status AnnotationTable::erase(const QUuid& uuid) {
    FRAMENOTE_TRY(markDeleted(uuid));  // the indexes and satellites first, if it is visible
    Result<sqlite::SqliteDb::Statement> st = db_.cached("DELETE FROM annotations WHERE id = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, model::idText(uuid));
    return st->run();
}

Result<std::optional<model::Annotation>> AnnotationTable::find(const QUuid& uuid) {
    Result<sqlite::SqliteDb::Statement> st =
        db_.cached("SELECT state FROM annotations WHERE id = ?1 AND deleted = 0");
    FRAMENOTE_TRY(st);
    st->bindText(1, model::idText(uuid));
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    if (!*row) return std::optional<model::Annotation>();
    Result<model::Annotation> a = decode(st->columnBytes(0));
    FRAMENOTE_TRY(a);
    return std::optional<model::Annotation>(std::move(a.value()));
}

Result<std::optional<AnnotationTable::Row>> AnnotationTable::findRow(const QUuid& uuid) {
    Result<sqlite::SqliteDb::Statement> st =
        db_.cached("SELECT state, deleted FROM annotations WHERE id = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, model::idText(uuid));
    Result<bool> row = st->step();
    FRAMENOTE_TRY(row);
    if (!*row) return std::optional<Row>();
    Result<model::Annotation> a = decode(st->columnBytes(0));
    FRAMENOTE_TRY(a);
    return std::optional<Row>(Row{std::move(a.value()), st->columnInt(1) != 0});
}

Result<bool> AnnotationTable::exists(const QUuid& uuid) {
    Result<sqlite::SqliteDb::Statement> st = db_.cached("SELECT 1 FROM annotations WHERE id = ?1");
    FRAMENOTE_TRY(st);
    st->bindText(1, model::idText(uuid));
    return st->step();
}

Result<model::Annotation> AnnotationTable::decode(QByteArrayView state) const {
    return decodeAnnotation(state, db_.path());
}

}  // namespace framenote::store
