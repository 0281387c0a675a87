// DraftStore::importAnnotations (the bulk path of imports and the benchmark) on real store files:
// it must leave what the per-edit path leaves for the same notes, and refuse like it.
#include <map>

#include "core/model/validation.h"
#include "store_fixtures.h"

namespace framenote::test {
namespace {

using model::Role;

class BulkImportTest : public StoreTest {
  protected:
    store::ImportOptions as(const QString& actor, Role role = Role::Reviewer) {
        store::ImportOptions o;
        o.actor = actor;
        o.role = role;
        return o;
    }
};

// Notes of two media with Chinese and English text, tags, threads and frame ranges.
std::vector<model::Annotation> sampleNotes() {
    std::vector<model::Annotation> notes;
    for (int i = 0; i < 40; ++i) {
        model::Annotation a =
            note(i % 2 ? "m1" : "m2", i * 3, i * 3 + i % 5,
                 i % 4 ? QString("flare on take %1").arg(i) : QString("镜头%1太暗").arg(i),
                 i % 3 ? "ana" : "bo");
        a.createdMs = a.updatedMs = kT0 + i;
        if (i % 5 == 0) a.tags = {"grade"};
        if (i % 3 == 0) {
            a.replies.push_back({QUuid::createUuid(), "cy", "agreed", kT0 + 100, kT0 + 100, false});
            a.replies.push_back({QUuid::createUuid(), "dee", "同意", kT0 + 90, kT0 + 90, false});
            a.updatedMs = kT0 + 100;
        }
        notes.push_back(a);
    }
    return notes;
}

TEST_F(BulkImportTest, LeavesTheSameNotesOutboxAndSearchAsEditByEdit) {
    const std::vector<model::Annotation> notes = sampleNotes();
    const auto counts = take(store().importAnnotations(notes, as("importer")));
    EXPECT_EQ(counts.imported, 40);
    EXPECT_EQ(counts.skipped, 0);

    // The reference: the same notes through applyLocal, one by one, each written by its author
    // (a local edit names its sender; an import keeps the file's authors).
    auto reference = take(store::DraftStore::open(path("reference.framenote")));
    for (const model::Annotation& a : notes) {
        model::Annotation bare = a;
        bare.replies.clear();
        model::Operation create = model::makeCreate(bare, a.author, Role::Reviewer);
        ASSERT_OK(reference->applyLocal(create));
        for (const model::Reply& r : a.replies) {
            model::Operation reply =
                model::makeReply(a.mediaId, a.id, r.text, r.author, Role::Reviewer);
            reply.reply = r;
            reply.timeMs = a.updatedMs;
            ASSERT_OK(reference->applyLocal(reply));
        }
    }

    reopen();
    for (const QString media : {"m1", "m2"}) {
        const auto imported = allNotes(store(), media);
        EXPECT_EQ(imported, allNotes(*reference, media));
        EXPECT_EQ(imported.size(), 20u);
        // Each reply thread kept its file order, not id order.
        for (const model::Annotation& a : imported) {
            if (a.replies.empty()) continue;
            EXPECT_EQ(a.replies[0].text, "agreed");
        }
        // The outbox holds the same operations; notes may go out in another order (the bulk
        // path writes them in id order), the operations of one note keep theirs.
        const auto typesByNote = [](const std::vector<model::Operation>& ops) {
            std::map<QUuid, std::vector<model::OpType>> byNote;
            for (const model::Operation& op : ops) byNote[op.target].push_back(op.type);
            return byNote;
        };
        const auto importedOps = take(store().pendingOperations(media));
        for (const model::Operation& op : importedOps) EXPECT_EQ(op.actor, "importer");
        EXPECT_EQ(typesByNote(importedOps), typesByNote(take(reference->pendingOperations(media))));
        EXPECT_EQ(take(store().queries().onFrame(media, 9)),
                  take(reference->queries().onFrame(media, 9)));
    }
    EXPECT_EQ(take(store().search().search("太暗")).size(), 10u);
    EXPECT_EQ(take(store().search().search("take 17")).size(), 1u);
    EXPECT_EQ(take(store().queries().withTag("m2", "grade")).size(), 4u);
    EXPECT_OK(store().checkIntegrity());
}

TEST_F(BulkImportTest, NotesAlreadyHeldAreSkippedAndLeftAsTheyAre) {
    std::vector<model::Annotation> notes = sampleNotes();
    model::Annotation held = notes[0];
    held.replies.clear();  // a create carries only its sender's replies
    ASSERT_OK(store().applyLocal(createOp(held)));
    ASSERT_OK(store().applyLocal(setText(held, "edited here", held.author)));
    notes.push_back(notes[1]);  // twice in the same list
    const auto counts = take(store().importAnnotations(notes, as("importer")));
    EXPECT_EQ(counts.imported, 39);
    EXPECT_EQ(counts.skipped, 2);
    EXPECT_EQ(take(store().annotation(notes[0].id))->text, "edited here");
    EXPECT_EQ(allNotes(store(), "m1").size() + allNotes(store(), "m2").size(), 40u);
}

TEST_F(BulkImportTest, OneBadNoteFailsTheImportByNameAndWritesNothing) {
    store::MediaRecord media;
    media.mediaId = "m1";
    media.frameCount = 50;
    ASSERT_OK(store().upsertMedia(media));
    std::vector<model::Annotation> notes = sampleNotes();  // m1 notes reach frame 120
    store::ImportOptions options = as("importer");
    options.describe = [](size_t i) { return "row " + std::to_string(i + 1); };
    const auto result = store().importAnnotations(notes, options);
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().find("row 18:"), std::string::npos) << result.error();  // frame 51
    EXPECT_NE(result.error().find("beyond the media"), std::string::npos) << result.error();
    EXPECT_EQ(take(store().pendingCount()), 0);
    EXPECT_TRUE(allNotes(store(), "m2").empty());

    const auto viewer =
        store().importAnnotations({note("m2", 1, 1, "hi")}, as("vic", Role::Viewer));
    ASSERT_FALSE(viewer.ok());
    EXPECT_NE(viewer.error().find("may not create"), std::string::npos) << viewer.error();
}

TEST_F(BulkImportTest, ImportedTextIsStoredSanitized) {
    model::Annotation a =
        note("m1", 5, 5, "<p style=\"background:url(x)\">Sky <b>too</b> cyan<img src=x></p>");
    a.replies.push_back(
        {QUuid::createUuid(), "cy", "agreed <script>x()</script>& done", kT0, kT0, false});
    model::Annotation plain = note("m1", 6, 6, "He said \"cut\" 天空偏色");
    ASSERT_EQ(take(store().importAnnotations({a, plain}, as("importer"))).imported, 2);
    const auto stored = take(store().annotation(a.id));
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->text, "<p>Sky <b>too</b> cyan</p>");
    ASSERT_EQ(stored->replies.size(), 1u);
    EXPECT_EQ(stored->replies[0].text, "agreed &amp; done");
    EXPECT_EQ(take(store().annotation(plain.id))->text, "He said \"cut\" 天空偏色");
    // What waits to be sent is what the relay accepts.
    for (const model::Operation& op : take(store().pendingOperations("m1")))
        EXPECT_OK(model::checkRichText(op));
}

TEST_F(BulkImportTest, InsideACallersTransactionAFailureLaterRollsTheImportBack) {
    const Status s = store().transaction([&]() -> Status {
        if (auto r = store().importAnnotations(sampleNotes(), as("importer")); !r)
            return makeError(r.error());
        return makeError("the caller gives up");
    });
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(take(store().pendingCount()), 0);
    EXPECT_TRUE(allNotes(store(), "m1").empty());
}

}  // namespace
}  // namespace framenote::test
