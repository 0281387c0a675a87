// Schema versions: fresh files, forward migration of an old file with data, newer files refused.
#include "core/store/schema.h"

#include <QVariant>
#include <map>
#include <tuple>

#include "core/model/id_text.h"
#include "core/model/rich_text.h"
#include "core/store/search_tokens.h"
#include "core/store/stored_json.h"
#include "store_fixtures.h"

namespace framenote::test {
namespace {

using sqlite::SqliteDb;
using store::Schema;

// A store as Framenote wrote it at schema 3: notes and operations as JSON, both full-text
// indexes without the media token. Each note is pending: its create, then one reply operation
// per reply (as importAnnotations makes them). Returns the operations, in local order.
std::vector<model::Operation> writeSchemaThreeStore(const QString& path,
                                                    const std::vector<model::Annotation>& notes) {
    auto db = take(SqliteDb::open(path));
    EXPECT_OK(db->exec("PRAGMA journal_mode = WAL"));
    EXPECT_OK(Schema::migrate(*db, 3));
    EXPECT_EQ(take(Schema::version(*db)), 3);
    const auto run = [&](const char* sql, const std::vector<QVariant>& values) {
        auto st = take(db->prepare(sql));
        for (size_t i = 0; i < values.size(); ++i) {
            const int at = static_cast<int>(i + 1);
            if (values[i].isNull())
                st.bindNull(at);
            else if (values[i].typeId() == QMetaType::LongLong)
                st.bindInt(at, values[i].toLongLong());
            else
                st.bindText(at, values[i].toString());
        }
        EXPECT_OK(st.run());
        return db->lastInsertRowId();
    };
    std::map<QString, int64_t> keys;
    std::vector<model::Operation> ops;
    for (const model::Annotation& a : notes) {
        if (!keys.count(a.mediaId)) {
            run("INSERT INTO media(media_id, frame_count, updated_ms) VALUES (?1, 100000, 1)",
                {a.mediaId});
            keys[a.mediaId] = run("INSERT INTO media_keys(media_id) VALUES (?1)", {a.mediaId});
        }
        const qlonglong key = keys[a.mediaId];
        const QString id = model::idText(a.id);
        const qlonglong rid =
            run("INSERT INTO annotations(id, media_id, media_key, first_frame, last_frame, kind,"
                " author, status, created_ms, updated_ms, deleted, json, plain_text)"
                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 0, ?11, ?12)",
                {id, a.mediaId, key, qlonglong(a.firstFrame), qlonglong(a.lastFrame),
                 model::kindName(a), a.author, model::statusName(a.status), qlonglong(a.createdMs),
                 qlonglong(a.updatedMs), store::encodeAnnotationJson(a), model::plainText(a.text)});
        run("INSERT INTO annotation_spans VALUES (?1, ?2, ?3, ?4, ?5)",
            {rid, 2 * key, 2 * key + 1, qlonglong(a.firstFrame), qlonglong(a.lastFrame + 1)});
        for (const QString& tag : a.tags)
            run("INSERT INTO annotation_tags(annotation_id, media_id, tag) VALUES (?1, ?2, ?3)",
                {id, a.mediaId, tag});
        std::vector<std::pair<QVariant, QString>> texts;  // (reply id or null, plain text)
        if (!a.text.isEmpty()) texts.emplace_back(QVariant(), model::plainText(a.text));
        for (const model::Reply& r : a.replies) {
            run("INSERT INTO replies(annotation_id, id, author, text, created_ms, updated_ms,"
                " deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                {id, model::idText(r.id), r.author, r.text, qlonglong(r.createdMs),
                 qlonglong(r.updatedMs), qlonglong(r.deleted)});
            if (!r.deleted) texts.emplace_back(model::idText(r.id), model::plainText(r.text));
        }
        for (const auto& [replyId, text] : texts) {
            const qlonglong sid =
                run("INSERT INTO search_text(annotation_id, reply_id, media_id, text)"
                    " VALUES (?1, ?2, ?3, ?4)",
                    {id, replyId, a.mediaId, text});
            run("INSERT INTO search_trigram(rowid, text) VALUES (?1, ?2)", {sid, text});
            run("INSERT INTO search_unigram(rowid, text) VALUES (?1, ?2)",
                {sid, store::unigramText(text)});
        }
        model::Annotation created = a;
        created.replies.clear();
        ops.push_back(createOp(created));
        for (const model::Reply& r : a.replies) {
            ops.push_back(
                model::makeReply(a.mediaId, a.id, r.text, r.author, model::Role::Reviewer));
            ops.back().reply = r;
        }
    }
    for (const model::Operation& op : ops) {
        const QString opId = model::idText(op.opId);
        const qlonglong local =
            run("INSERT INTO outbox(op_id, room) VALUES (?1, ?2)", {opId, op.mediaId});
        run("INSERT INTO operations(op_id, room, sequence, local_seq, order_key, actor, time_ms,"
            " target, type, payload) VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            {opId, op.mediaId, local, qlonglong(store::DraftStore::kPendingOrderBase + local),
             op.actor, qlonglong(op.timeMs), model::idText(op.target), model::opTypeName(op.type),
             store::encodeOperationJson(op)});
    }
    return ops;
}

// Search results in a comparable order (stores may number their texts differently).
using HitKey = std::tuple<QString, QString, QString, int64_t, QString>;
std::vector<HitKey> hitKeys(store::DraftStore& s, const QString& query, const QString& mediaId) {
    store::SearchOptions options;
    options.mediaId = mediaId;
    options.limit = 1000;
    std::vector<HitKey> keys;
    for (const store::SearchHit& h : take(s.search().search(query, options)))
        keys.emplace_back(h.annotationId.toString(), h.replyId.toString(), h.mediaId, h.firstFrame,
                          h.marked("[", "]"));
    std::sort(keys.begin(), keys.end());
    return keys;
}

class SchemaTest : public ::testing::Test {
  protected:
    QString path() const { return dir_.filePath("old.framenote"); }
    QTemporaryDir dir_;
};

TEST_F(SchemaTest, FreshFileIsAtTheLatestSchemaWithWalForeignKeysAndBusyTimeout) {
    auto s = take(store::DraftStore::open(path()));
    SqliteDb& db = s->database();
    EXPECT_EQ(take(db.queryInt("PRAGMA user_version")), Schema::latestVersion());
    EXPECT_GE(Schema::latestVersion(), 2);
    EXPECT_EQ(take(db.queryInt("PRAGMA foreign_keys")), 1);
    EXPECT_EQ(take(db.queryInt("PRAGMA busy_timeout")), 5000);
    EXPECT_EQ(take(db.queryInt("PRAGMA application_id")), Schema::kApplicationId);
    auto mode = take(db.prepare("PRAGMA journal_mode"));
    ASSERT_TRUE(take(mode.step()));
    EXPECT_EQ(mode.columnText(0), "wal");
}

// A file written by the first release (schema 1) holds a note with Chinese text and a pending
// edit. Opening it runs the later steps: the note, the outbox and the log are intact, and the
// new short-word index was filled from the old texts.
TEST_F(SchemaTest, FileAtSchemaOneIsMigratedWithItsDataIntact) {
    model::Annotation a = note("m1", 3, 5, "镜头太暗 please brighten");
    a.tags = {"grade"};
    const model::Operation op = createOp(a);
    {
        auto db = take(SqliteDb::open(path()));
        ASSERT_OK(db->exec("PRAGMA journal_mode = WAL"));
        ASSERT_OK(Schema::migrate(*db, 1));
        ASSERT_EQ(take(Schema::version(*db)), 1);
        ASSERT_OK(
            db->exec("INSERT INTO media(media_id, path_hints, probe, frame_count, updated_ms)"
                     " VALUES ('m1', '[\"/old/path.mov\"]', '{}', 100, 1);"
                     "INSERT INTO media_keys(key, media_id) VALUES (1, 'm1');"));
        const QString id = a.id.toString(QUuid::WithoutBraces);
        auto ann = take(db->prepare(
            "INSERT INTO annotations(rid, id, media_id, media_key, first_frame, last_frame, kind, "
            "author, status,"
            " created_ms, updated_ms, deleted, json, plain_text)"
            " VALUES (1, ?1, 'm1', 1, 3, 5, 'text', 'ana', 'open', ?2, ?2, 0, ?3, ?4)"));
        ann.bindText(1, id)
            .bindInt(2, kT0)
            .bindText(3, store::encodeAnnotationJson(a))
            .bindText(4, a.text);
        ASSERT_OK(ann.run());
        auto rest = take(db->prepare("INSERT INTO annotation_spans VALUES (1, 2, 3, 3, 6);"));
        ASSERT_OK(rest.run());
        auto tag =
            take(db->prepare("INSERT INTO annotation_tags(annotation_id, media_id, tag) VALUES "
                             "(?1, 'm1', 'grade')"));
        ASSERT_OK(tag.bindText(1, id).run());
        auto text =
            take(db->prepare("INSERT INTO search_text(sid, annotation_id, reply_id, media_id, text)"
                             " VALUES (1, ?1, NULL, 'm1', ?2)"));
        ASSERT_OK(text.bindText(1, id).bindText(2, a.text).run());
        auto fts = take(db->prepare("INSERT INTO search_trigram(rowid, text) VALUES (1, ?1)"));
        ASSERT_OK(fts.bindText(1, a.text).run());
        auto outbox =
            take(db->prepare("INSERT INTO outbox(local_seq, op_id, room) VALUES (1, ?1, 'm1')"));
        ASSERT_OK(outbox.bindText(1, op.opId.toString(QUuid::WithoutBraces)).run());
        auto log =
            take(db->prepare("INSERT INTO operations(op_id, room, sequence, local_seq, order_key, "
                             "actor, time_ms, target, type, payload)"
                             " VALUES (?1, 'm1', NULL, 1, ?2, 'ana', ?3, ?4, 'create', ?5)"));
        log.bindText(1, op.opId.toString(QUuid::WithoutBraces))
            .bindInt(2, store::DraftStore::kPendingOrderBase + 1)
            .bindInt(3, op.timeMs)
            .bindText(4, id)
            .bindText(5, store::encodeOperationJson(op));
        ASSERT_OK(log.run());
    }

    auto s = take(store::DraftStore::open(path()));
    EXPECT_EQ(take(Schema::version(s->database())), Schema::latestVersion());
    EXPECT_EQ(take(s->annotation(a.id)), a);
    EXPECT_EQ(take(s->pendingOperations("m1")), std::vector<model::Operation>{op});
    EXPECT_EQ(take(s->media("m1"))->pathHints, QStringList{"/old/path.mov"});
    EXPECT_EQ(take(s->queries().onFrame("m1", 4)).size(), 1u);
    EXPECT_EQ(take(s->queries().withTag("m1", "grade")).size(), 1u);
    EXPECT_EQ(take(s->search().search("镜头")).size(), 1u);  // the index step 2 added, backfilled
    EXPECT_EQ(take(s->search().search("暗")).size(), 1u);
    EXPECT_EQ(take(s->search().search("brighten")).size(), 1u);
    EXPECT_OK(s->checkIntegrity());
    // And it keeps working: the pending edit is acknowledged, a new one is made.
    ASSERT_OK(s->markAcknowledged(op.opId, 1));
    ASSERT_OK(s->applyLocal(setText(a, "已提亮")));
    EXPECT_EQ(take(s->search().search("提亮")).size(), 1u);
    EXPECT_TRUE(take(s->search().search("镜头")).empty());
}

// A schema 3 store (JSON rows, search indexes without the media token) is upgraded on open:
// every note and operation reads back as written, and every search, within one media or over
// all, finds exactly what a store filled by this version finds for the same notes.
TEST_F(SchemaTest, FileAtSchemaThreeMovesToTheBinaryFormAndSearchesAsBefore) {
    std::vector<model::Annotation> notes;
    notes.push_back(note("m1", 3, 5, "The <b>lens flare</b> is too strong"));
    notes.back().tags = {"grade", "调色"};
    notes.back().replies = {
        {QUuid::createUuid(), "李", "镜头太暗", kT0 + 1, kT0 + 1, false},
        {QUuid::createUuid(), "bob", "flare fixed in v3", kT0 + 2, kT0 + 2, false},
        {QUuid::createUuid(), "bob", "flare gone", kT0 + 3, kT0 + 3, true}};
    notes.push_back(note("m1", 40, 90, "这个镜头的颜色太暗了，请把中间的人物提亮一点。", "李"));
    notes.push_back(note("m2", 7, 7, "lens flare again on the second clip"));
    notes.back().replies = {{QUuid::createUuid(), "ana", "同意", kT0 + 5, kT0 + 5, false}};
    notes.back().status = model::Status::Resolved;
    notes.push_back(note("m2", 0, 99));  // a drawing without text
    const std::vector<model::Operation> ops = writeSchemaThreeStore(path(), notes);

    auto s = take(store::DraftStore::open(path()));
    EXPECT_EQ(take(Schema::version(s->database())), Schema::latestVersion());
    for (const model::Annotation& a : notes) EXPECT_EQ(take(s->annotation(a.id)), a);
    std::vector<model::Operation> logged = take(s->operations("m1"));
    for (const model::Operation& op : take(s->operations("m2"))) logged.push_back(op);
    EXPECT_EQ(logged, ops);
    EXPECT_EQ(take(s->pendingCount()), static_cast<int64_t>(ops.size()));
    EXPECT_EQ(take(s->queries().onFrame("m1", 4)).size(), 1u);
    EXPECT_EQ(take(s->queries().withTag("m1", "调色")).size(), 1u);
    EXPECT_OK(s->checkIntegrity());  // both rebuilt indexes agree with their texts

    QTemporaryDir freshDir;
    auto fresh = take(store::DraftStore::open(freshDir.filePath("fresh.framenote")));
    store::ImportOptions import;
    import.actor = "ana";
    ASSERT_EQ(take(fresh->importAnnotations(notes, import)).imported, 4);
    for (const QString query : {"flare", "lens flare", "FLARE fixed", "镜头", "暗", "人物提亮",
                                "flare 镜头", "flare 同意", "gone", "second"}) {
        for (const QString media : {"", "m1", "m2", "m3"}) {
            EXPECT_EQ(hitKeys(*s, query, media), hitKeys(*fresh, query, media))
                << query.toStdString() << " in '" << media.toStdString() << "'";
        }
    }
    EXPECT_EQ(hitKeys(*s, "flare", "").size(), 3u);
    EXPECT_EQ(hitKeys(*s, "flare", "m1").size(), 2u);
    EXPECT_EQ(hitKeys(*s, "镜头", "m1").size(), 2u);
    EXPECT_TRUE(hitKeys(*s, "镜头", "m2").empty());
    EXPECT_TRUE(hitKeys(*s, "gone", "").empty());  // the deleted reply is not searchable

    // And it keeps working: edits after the upgrade are searchable in their media.
    ASSERT_OK(s->applyLocal(setText(notes[2], "新的问题 after the upgrade")));
    EXPECT_EQ(hitKeys(*s, "新的", "m2").size(), 1u);
    EXPECT_TRUE(hitKeys(*s, "新的", "m1").empty());
    EXPECT_EQ(hitKeys(*s, "flare", "m2").size(), 0u);
    EXPECT_OK(s->checkIntegrity());
}

TEST_F(SchemaTest, FileFromANewerFramenoteIsRefusedAndLeftAlone) {
    { take(store::DraftStore::open(path())); }
    const int newer = Schema::latestVersion() + 1;
    {
        auto db = take(SqliteDb::open(path()));
        ASSERT_OK(db->exec("PRAGMA user_version = " + std::to_string(newer)));
    }
    auto refused = store::DraftStore::open(path());
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().find(path().toStdString()), std::string::npos) << refused.error();
    EXPECT_NE(refused.error().find("newer than this Framenote"), std::string::npos)
        << refused.error();
    auto db = take(SqliteDb::open(path()));
    EXPECT_EQ(take(db->queryInt("PRAGMA user_version")), newer);
}

TEST_F(SchemaTest, MigratingTwiceIsHarmless) {
    auto db = take(SqliteDb::open(path()));
    ASSERT_OK(Schema::migrate(*db));
    ASSERT_OK(Schema::migrate(*db));
    EXPECT_EQ(take(Schema::version(*db)), Schema::latestVersion());
}

}  // namespace
}  // namespace framenote::test
