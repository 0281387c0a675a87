#include "core/store/schema.h"

#include <string>
#include <vector>

#include "core/common/try.h"
#include "core/store/migration_functions.h"
#include "core/store/search_tokens.h"

namespace framenote::store {

namespace {

// Step 1: everything the first release needs but the short-CJK search index.
constexpr const char* kStep1 = R"sql(
CREATE TABLE media (
    media_id    TEXT PRIMARY KEY,          -- the content fingerprint
    path_hints  TEXT NOT NULL DEFAULT '[]', -- JSON list, most recent first
    probe       TEXT NOT NULL DEFAULT '{}', -- JSON
    frame_count INTEGER NOT NULL DEFAULT 0,
    frame_index BLOB,                       -- media::FrameIndex::serialize(), a cache
    updated_ms  INTEGER NOT NULL
);

-- A small integer per media for the R*Tree, which only holds numbers.
CREATE TABLE media_keys (
    key      INTEGER PRIMARY KEY,
    media_id TEXT NOT NULL UNIQUE
);

-- The current (confirmed + pending) state, one row per annotation; the fold of `operations`.
CREATE TABLE annotations (
    rid         INTEGER PRIMARY KEY,        -- the R*Tree's key
    id          TEXT NOT NULL UNIQUE,
    media_id    TEXT NOT NULL,
    media_key   INTEGER NOT NULL REFERENCES media_keys(key),
    first_frame INTEGER NOT NULL,
    last_frame  INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    author      TEXT NOT NULL,
    status      TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    updated_ms  INTEGER NOT NULL,
    deleted     INTEGER NOT NULL DEFAULT 0,
    json        TEXT NOT NULL,              -- model::annotationToJson
    plain_text  TEXT NOT NULL               -- model::plainText(text)
);
-- Keyset pagination and frame ranges walk this order: (first_frame, created_ms, id).
CREATE INDEX annotations_by_frame ON annotations(media_id, first_frame, created_ms, id) WHERE deleted = 0;
CREATE INDEX annotations_by_author ON annotations(media_id, author, first_frame, created_ms, id) WHERE deleted = 0;
CREATE INDEX annotations_by_status ON annotations(media_id, status, first_frame, created_ms, id) WHERE deleted = 0;

-- Frame spans of visible annotations, 2-D boxes: media band x frames (AnnotationTable::box*).
-- "Which notes are on frame f" is a point-in-interval query a B-tree cannot bound when some
-- notes span the whole film; the R*Tree answers it in O(log n + hits). 32-bit coordinates:
-- frames are clamped on the way in and checked exactly against `annotations` on the way out.
CREATE VIRTUAL TABLE annotation_spans USING rtree_i32(rid, media_lo, media_hi, first_lo, last_hi);

-- Key columns first: SQLite 3.40's integrity_check misreads NOT NULL columns of a WITHOUT
-- ROWID table declared before its key columns.
CREATE TABLE annotation_tags (
    annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    tag           TEXT NOT NULL COLLATE NOCASE,
    media_id      TEXT NOT NULL,
    PRIMARY KEY (annotation_id, tag)
) WITHOUT ROWID;
CREATE INDEX annotation_tags_by_tag ON annotation_tags(media_id, tag);

CREATE TABLE replies (
    annotation_id TEXT NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    author        TEXT NOT NULL,
    text          TEXT NOT NULL,
    created_ms    INTEGER NOT NULL,
    updated_ms    INTEGER NOT NULL,
    deleted       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (annotation_id, id)
);

-- The history log and audit trail: every operation made here or received from the relay.
CREATE TABLE operations (
    op_id     TEXT PRIMARY KEY,
    room      TEXT NOT NULL,             -- the media_id (one room per media)
    sequence  INTEGER,                   -- the relay's; NULL until confirmed
    local_seq INTEGER,                   -- made here: its place in local order
    order_key INTEGER NOT NULL,          -- merge order: sequence, or pending base + local_seq
    actor     TEXT NOT NULL,
    time_ms   INTEGER NOT NULL,
    target    TEXT NOT NULL,
    type      TEXT NOT NULL,
    payload   TEXT NOT NULL              -- model::operationToJson
);
CREATE UNIQUE INDEX operations_by_sequence ON operations(room, sequence) WHERE sequence IS NOT NULL;
CREATE INDEX operations_by_target ON operations(target, order_key);
CREATE INDEX operations_by_time ON operations(room, time_ms);

-- Operations made here and not yet acknowledged by the relay, in local order.
CREATE TABLE outbox (
    local_seq INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id     TEXT NOT NULL UNIQUE
              REFERENCES operations(op_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    room      TEXT NOT NULL
);
CREATE INDEX outbox_by_room ON outbox(room, local_seq);

CREATE TABLE sync_state (
    room                    TEXT PRIMARY KEY,
    last_confirmed_sequence INTEGER NOT NULL DEFAULT 0
);

-- One row per searchable text: the note itself (reply_id NULL) or one reply.
CREATE TABLE search_text (
    sid           INTEGER PRIMARY KEY,
    annotation_id TEXT NOT NULL REFERENCES annotations(id),
    reply_id      TEXT,
    media_id      TEXT NOT NULL,
    text          TEXT NOT NULL
);
CREATE INDEX search_text_by_annotation ON search_text(annotation_id);
CREATE INDEX search_text_by_media ON search_text(media_id);
CREATE VIRTUAL TABLE search_trigram USING fts5(
    text, content='search_text', content_rowid='sid', tokenize='trigram');
)sql";

Status step1(sqlite::SqliteDb& db) {
    if (Status s = db.exec(kStep1); !s) return s;
    return db.exec("PRAGMA application_id = " + std::to_string(Schema::kApplicationId));
}

// Step 2: the unigram index for 1- and 2-character CJK queries (search_tokens.h), filled from
// the texts already stored. Contentless: the text lives once, in search_text.
Status step2(sqlite::SqliteDb& db) {
    if (Status s = db.exec("CREATE VIRTUAL TABLE search_unigram USING fts5("
                           "text, content='', tokenize='unicode61 remove_diacritics 2')");
        !s)
        return s;
    Result<sqlite::SqliteDb::Statement> read = db.prepare("SELECT sid, text FROM search_text");
    FRAMENOTE_TRY(read);
    Result<sqlite::SqliteDb::Statement> write =
        db.prepare("INSERT INTO search_unigram(rowid, text) VALUES (?1, ?2)");
    FRAMENOTE_TRY(write);
    FRAMENOTE_TRY(read->forEachRow([&](const auto& row) -> Status {
        write->bindInt(1, row.columnInt(0)).bindText(2, unigramText(row.columnText(1)));
        if (Status s = write->run(); !s) return s;
        return Ok{};
    }));
    return Ok{};
}

// Step 3: operations can leave the fold without leaving the log (the relay refused them, or a
// snapshot of a reset relay replaced the confirmed state they were part of), and the epoch of
// the confirmed state is kept beside its sequence (DraftStore::replaceConfirmedState).
constexpr const char* kStep3 = R"sql(
ALTER TABLE operations ADD COLUMN dropped_reason TEXT;   -- NULL: part of the fold
ALTER TABLE operations ADD COLUMN dropped_ms INTEGER;
CREATE INDEX operations_dropped ON operations(room, dropped_ms) WHERE dropped_reason IS NOT NULL;
ALTER TABLE sync_state ADD COLUMN epoch INTEGER NOT NULL DEFAULT 0;
-- Sequences up to here are the snapshot's stand-in operations (replaceConfirmedState).
ALTER TABLE sync_state ADD COLUMN snapshot_through INTEGER NOT NULL DEFAULT 0;
)sql";

Status step3(sqlite::SqliteDb& db) { return db.exec(kStep3); }

// Step 4, for speed (docs/PERFORMANCE.md "Local store"):
//  - annotations and operations are stored in the binary form of stored_form.h instead of
//    JSON (annotations.json becomes annotations.state; the declared types stay TEXT, which
//    SQLite ignores for blobs);
//  - search texts are renumbered into per-media rowid ranges (AnnotationTable::
//    firstSearchRowid), keeping their order, and both full-text indexes are rebuilt over the
//    new rowids, so a search within one media is a rowid range inside FTS5. The index by
//    media goes: the range replaces it. The unigram index gets prefix indexes of 1 and 2
//    characters for short Latin terms (text_search.h).
constexpr const char* kStep4 = R"sql(
ALTER TABLE annotations RENAME COLUMN json TO state;
UPDATE annotations SET state = framenote_annotation_form(state);
UPDATE operations SET payload = framenote_operation_form(payload);

DROP TABLE search_trigram;
DROP TABLE search_unigram;
INSERT OR IGNORE INTO media_keys(media_id) SELECT DISTINCT media_id FROM search_text;
CREATE TABLE search_text_by_media_range (
    sid           INTEGER PRIMARY KEY,       -- in the media's range (AnnotationTable)
    annotation_id TEXT NOT NULL REFERENCES annotations(id),
    reply_id      TEXT,
    media_id      TEXT NOT NULL,
    text          TEXT NOT NULL
);
INSERT INTO search_text_by_media_range(sid, annotation_id, reply_id, media_id, text)
    SELECT framenote_first_search_rowid(k.key)
               + row_number() OVER (PARTITION BY s.media_id ORDER BY s.sid) - 1,
           s.annotation_id, s.reply_id, s.media_id, s.text
    FROM search_text s JOIN media_keys k ON k.media_id = s.media_id;
DROP TABLE search_text;
ALTER TABLE search_text_by_media_range RENAME TO search_text;
CREATE INDEX search_text_by_annotation ON search_text(annotation_id);

CREATE VIRTUAL TABLE search_trigram USING fts5(
    text, content='search_text', content_rowid='sid', tokenize='trigram');
INSERT INTO search_trigram(search_trigram) VALUES ('rebuild');
CREATE VIRTUAL TABLE search_unigram USING fts5(
    text, content='', tokenize='unicode61 remove_diacritics 2', prefix='1 2');
INSERT INTO search_unigram(rowid, text) SELECT sid, framenote_unigram_text(text) FROM search_text;
)sql";

Status step4(sqlite::SqliteDb& db) {
    Result<MigrationFunctions> functions = MigrationFunctions::install(db);
    FRAMENOTE_TRY(functions);
    return db.exec(kStep4);
}

// Step 5: uploads of media to a relay that wait to resume (upload_resume_table.h).
constexpr const char* kStep5 = R"sql(
CREATE TABLE upload_resume (
    key        TEXT PRIMARY KEY,  -- the media id and the relay
    state      BLOB NOT NULL,     -- the uploader's own (JSON), read as hostile
    updated_ms INTEGER NOT NULL
);
)sql";

Status step5(sqlite::SqliteDb& db) { return db.exec(kStep5); }

struct Step {
    int version;
    const char* summary;
    Status (*apply)(sqlite::SqliteDb&);
};

const std::vector<Step>& steps() {
    static const std::vector<Step> list = {
        {1, "tables, indexes, trigram search", step1},
        {2, "short CJK search index", step2},
        {3, "dropped operations, confirmed epoch", step3},
        {4, "binary stored form, search texts in per-media ranges", step4},
        {5, "uploads waiting to resume", step5},
    };
    return list;
}

Result<int64_t> applicationId(sqlite::SqliteDb& db) { return db.queryInt("PRAGMA application_id"); }

}  // namespace

int Schema::latestVersion() { return steps().back().version; }

Result<int> Schema::version(sqlite::SqliteDb& db) {
    Result<int64_t> v = db.queryInt("PRAGMA user_version");
    FRAMENOTE_TRY(v);
    return static_cast<int>(*v);
}

Status Schema::migrate(sqlite::SqliteDb& db, int target) {
    const std::string file = db.path().toStdString();
    Result<int> current = version(db);
    FRAMENOTE_TRY(current);
    if (*current > latestVersion())
        return makeError(file + ": the store has schema version " + std::to_string(*current) +
                         ", newer than this Framenote understands (" +
                         std::to_string(latestVersion()) + "); open it with a newer Framenote");
    Result<int64_t> appId = applicationId(db);
    FRAMENOTE_TRY(appId);
    if (*appId != 0 && *appId != kApplicationId)
        return makeError(file +
                         ": is an SQLite database of another application, not a Framenote store");
    if (*current == 0) {
        Result<int64_t> objects = db.queryInt("SELECT count(*) FROM sqlite_schema");
        FRAMENOTE_TRY(objects);
        if (*objects > 0)
            return makeError(file + ": is an SQLite database but not a Framenote store");
    }
    for (const Step& step : steps()) {
        if (step.version <= *current || step.version > target) continue;
        Result<sqlite::SqliteDb::Transaction> tx = db.begin();
        FRAMENOTE_TRY(tx);
        // Another process may have migrated while we waited for the lock.
        Result<int> now = version(db);
        FRAMENOTE_TRY(now);
        if (*now >= step.version) continue;
        const std::string failed = file + ": upgrading to schema " + std::to_string(step.version) +
                                   " (" + step.summary + ") failed: ";
        if (Status s = step.apply(db); !s) return makeError(failed + s.error());
        if (Status s = db.exec("PRAGMA user_version = " + std::to_string(step.version)); !s)
            return makeError(failed + s.error());
        if (Status s = tx->commit(); !s) return makeError(failed + s.error());
    }
    return Ok{};
}

}  // namespace framenote::store
