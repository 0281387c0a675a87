// Schema versions: fresh files, forward migration of an old file with data, newer files refused.
#include "core/store/schema.h"

#include "core/store/stored_json.h"
#include "store_fixtures.h"

namespace framenote::test {
namespace {

using store::Schema;
using store::SqliteDb;

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
            .bindText(3, store::encodeAnnotation(a))
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
            .bindText(5, store::encodeOperation(op));
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
