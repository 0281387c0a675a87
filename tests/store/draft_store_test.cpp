// Edits, the outbox, confirmations and the merge rule, on a real store file.
#include <QCoreApplication>
#include <QFileInfo>
#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include "core/model/annotation_state.h"
#include "core/model/validation.h"
#include "core/sqlite/sqlite_db.h"
#include "core/store/annotation_table.h"
#include "core/store/stored_form.h"
#include "store_fixtures.h"
#include "tests/model/model_fixtures.h"

namespace framenote::test {
namespace {

using model::Role;

class DraftStoreTest : public StoreTest {};

TEST_F(DraftStoreTest, EditAndItsOutboxEntryCommitTogether) {
    const model::Annotation a = note("m1", 10, 12, "fix the flare");
    const model::Operation op = createOp(a);
    ASSERT_OK(store().applyLocal(op));

    reopen();  // what is committed is on disk, not in a cache
    const auto stored = take(store().annotation(a.id));
    ASSERT_TRUE(stored.has_value());
    EXPECT_EQ(stored->text, "fix the flare");
    const auto pending = take(store().pendingOperations("m1"));
    ASSERT_EQ(pending.size(), 1u);
    EXPECT_EQ(pending[0], op);
    const auto logged = take(store().operation(op.opId));
    ASSERT_TRUE(logged.has_value());
    EXPECT_EQ(logged->sequence, 0);
}

TEST_F(DraftStoreTest, RejectedEditLeavesNoTrace) {
    model::Annotation a = note("m1", 10, 12);
    a.points = {{0.1, 0.2}, {1.5, 0.6}};  // outside the picture
    const Status s = store().applyLocal(createOp(a));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("points[1]"), std::string::npos) << s.error();
    EXPECT_FALSE(take(store().annotationExists(a.id)));
    EXPECT_EQ(take(store().pendingCount()), 0);
    EXPECT_FALSE(take(store().operation(createOp(a).opId)).has_value());
}

TEST_F(DraftStoreTest, TextOutsideTheRichTextSubsetIsRefusedByName) {
    const model::Annotation a = note("m1", 10, 12, "fine");
    model::Operation op = createOp(a);
    op.annotation.text = "see <img src=http://evil.example/x.png>";  // made without the builder
    const Status s = store().applyLocal(op);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("annotation.text: not in the rich-text subset"), std::string::npos)
        << s.error();
    EXPECT_FALSE(take(store().annotationExists(a.id)));
    EXPECT_EQ(take(store().pendingCount()), 0);
    // Through the builder the same words are stored sanitized.
    model::Annotation same = a;
    same.text = "see <img src=http://evil.example/x.png>& <b>this";
    ASSERT_OK(store().applyLocal(createOp(same)));
    EXPECT_EQ(take(store().annotation(a.id))->text, "see &amp; <b>this</b>");
}

TEST_F(DraftStoreTest, AnEditSavedBeforeTextWasSanitizedIsSentSanitized) {
    // An outbox entry from a version that stored the reply box's text as typed: the relay would
    // refuse it now, and an edit never acknowledged must not be lost to an upgrade.
    const model::Annotation a = note("m1", 10, 12, "fine");
    ASSERT_OK(store().applyLocal(createOp(a)));
    model::Operation reply = model::makeReply("m1", a.id, "ok", "bo", Role::Reviewer);
    ASSERT_OK(store().applyLocal(reply));
    model::Operation legacy = reply;
    legacy.reply.text = "1 < 2 & \"so\" <script>x()</script>";
    store_.reset();
    {
        auto db = take(sqlite::SqliteDb::open(path()));
        auto st = take(db->prepare("UPDATE operations SET payload = ?1 WHERE op_id = ?2"));
        st.bindBlob(1, store::encodeOperation(legacy))
            .bindText(2, reply.opId.toString(QUuid::WithoutBraces));
        ASSERT_OK(st.step());
        EXPECT_EQ(take(db->queryInt("SELECT changes()")), 1);
    }
    reopen();
    const auto pending = take(store().pendingOperations("m1"));
    ASSERT_EQ(pending.size(), 2u);
    EXPECT_EQ(pending[1].opId, reply.opId);
    EXPECT_EQ(pending[1].reply.text, "1 &lt; 2 &amp; \"so\" ");
    EXPECT_OK(model::checkRichText(pending[1]));
}

TEST_F(DraftStoreTest, ReapplyingTheSameEditChangesNothing) {
    const model::Annotation a = note("m1", 1, 1, "once");
    const model::Operation op = createOp(a);
    ASSERT_OK(store().applyLocal(op));
    ASSERT_OK(store().applyLocal(op));
    EXPECT_EQ(take(store().pendingOperations("m1")).size(), 1u);
    EXPECT_EQ(take(store().queries().count("m1")), 1);
}

TEST_F(DraftStoreTest, EditOfMissingOrDeletedNoteIsRefused) {
    const model::Annotation a = note("m1", 1, 1, "gone soon");
    const Status missing = store().applyLocal(setText(a, "x"));
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.error().find("does not exist"), std::string::npos) << missing.error();

    ASSERT_OK(store().applyLocal(createOp(a)));
    ASSERT_OK(store().applyLocal(model::makeDelete("m1", a.id, "ana", Role::Reviewer)));
    EXPECT_FALSE(store().applyLocal(setText(a, "too late")).ok());
    EXPECT_FALSE(take(store().annotation(a.id)).has_value());
}

TEST_F(DraftStoreTest, PermissionsDecideWhoMayChangeANote) {
    const model::Annotation byAdmin = note("m1", 1, 1, "admin's note", "boss");
    ASSERT_OK(store().applyLocal(createOp(byAdmin, Role::Admin)));
    const model::Annotation byAna = note("m1", 2, 2, "ana's note", "ana");
    ASSERT_OK(store().applyLocal(createOp(byAna)));

    const Status viewer = store().applyLocal(createOp(note("m1", 3, 3, "hi", "vic"), Role::Viewer));
    ASSERT_FALSE(viewer.ok());
    EXPECT_NE(viewer.error().find("may not create"), std::string::npos) << viewer.error();
    const Status reviewerOnAdmin =
        store().applyLocal(setText(byAdmin, "hijack", "ana", Role::Reviewer));
    ASSERT_FALSE(reviewerOnAdmin.ok());
    EXPECT_NE(reviewerOnAdmin.error().find("may not change a note by boss"), std::string::npos)
        << reviewerOnAdmin.error();
    EXPECT_FALSE(store().applyLocal(setText(byAna, "not mine", "bob", Role::Reviewer)).ok());
    EXPECT_OK(store().applyLocal(setText(byAna, "admin may", "boss", Role::Admin)));
    EXPECT_EQ(take(store().annotation(byAna.id))->text, "admin may");
}

TEST_F(DraftStoreTest, FramesBeyondTheMediaAreRejectedOnceItsLengthIsKnown) {
    store::MediaRecord media;
    media.mediaId = "m1";
    media.frameCount = 100;
    ASSERT_OK(store().upsertMedia(media));
    const Status s = store().applyLocal(createOp(note("m1", 90, 150)));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("beyond the media (100 frames)"), std::string::npos) << s.error();
    EXPECT_OK(store().applyLocal(createOp(note("m1", 90, 99))));
}

TEST_F(DraftStoreTest, AcknowledgementRecordsSequenceAndEmptiesOutbox) {
    const model::Annotation a = note("m1", 5, 5, "ack me");
    const model::Operation op = createOp(a);
    ASSERT_OK(store().applyLocal(op));
    ASSERT_OK(store().markAcknowledged(op.opId, 1));
    EXPECT_TRUE(take(store().pendingOperations("m1")).empty());
    EXPECT_EQ(take(store().operation(op.opId))->sequence, 1);
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 1);
    EXPECT_OK(store().markAcknowledged(op.opId, 1));  // a repeated ack is harmless
    EXPECT_FALSE(store().markAcknowledged(op.opId, 2).ok());
    EXPECT_FALSE(store().markAcknowledged(QUuid::createUuid(), 3).ok());
}

TEST_F(DraftStoreTest, RelayEchoOfOwnEditTakesItOutOfOutbox) {
    const model::Operation op = createOp(note("m1", 5, 5, "echo"));
    ASSERT_OK(store().applyLocal(op));
    ASSERT_OK(store().applyConfirmed(confirmed(op, 1)));
    EXPECT_EQ(take(store().pendingCount()), 0);
    EXPECT_EQ(take(store().operation(op.opId))->sequence, 1);
}

TEST_F(DraftStoreTest, ConfirmedOperationIsAppliedOnceHoweverOftenItArrives) {
    const model::Annotation a = note("m1", 5, 5, "from bob", "bob");
    const model::Operation op = confirmed(createOp(a), 1);
    ASSERT_OK(store().applyConfirmed(op));
    ASSERT_OK(store().applyConfirmed(op));
    ASSERT_OK(store().applyConfirmed(confirmed(setText(a, "edited", "bob"), 2)));
    ASSERT_OK(store().applyConfirmed(op));  // a late replay of the create changes nothing
    EXPECT_EQ(take(store().operations("m1")).size(), 2u);
    EXPECT_EQ(take(store().annotation(a.id))->text, "edited");
    EXPECT_EQ(take(store().pendingCount()), 0);
}

// Others' confirmed edits skip the WAL sync (the relay holds them); a local edit, and anything
// after a confirmed one, commits with synchronous FULL again: the user's work is on disk when
// the commit returns (docs/ARCHITECTURE.md, "Storage").
TEST_F(DraftStoreTest, LocalEditsStaySyncedToDiskAfterConfirmedOnes) {
    const auto synchronous = [&] {
        auto st = store().database().prepare("PRAGMA synchronous");
        EXPECT_TRUE(st.ok());
        EXPECT_TRUE(st.ok() && take(st->step()));
        return st.ok() ? st->columnInt(0) : -1;
    };
    constexpr int kFull = 2;
    EXPECT_EQ(synchronous(), kFull);
    const model::Annotation a = note("m1", 5, 5, "from bob", "bob");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(a), 1)));
    EXPECT_EQ(synchronous(), kFull);
    // Even a refused one restores it.
    EXPECT_FALSE(store().applyConfirmed(confirmed(createOp(note("m1", 6, 6)), 1)).ok());
    EXPECT_EQ(synchronous(), kFull);
    // As does a transaction of what the relay sent (how a sync session stores a message).
    const model::Annotation b = note("m1", 7, 7, "from cleo", "cleo");
    ASSERT_OK(store().transaction([&] { return store().applyConfirmed(confirmed(createOp(b), 2)); },
                                  store::DraftStore::Durability::RelayHeld));
    EXPECT_EQ(synchronous(), kFull);
    reopen();
    EXPECT_EQ(take(store().annotation(a.id))->text, "from bob");
    EXPECT_EQ(take(store().annotation(b.id))->text, "from cleo");
}

// The app's store checkpoints its WAL on a thread of its own: commits never do (autocheckpoint
// off), and what they wrote still reaches the database file within the interval.
TEST_F(DraftStoreTest, BackgroundCheckpointsCopyTheWalWithoutACommitDoingIt) {
    // The checkpointer's thread runs an event loop, as in the app and the relay.
    int argc = 1;
    char name[] = "store_tests";
    char* argv[] = {name, nullptr};
    QCoreApplication app(argc, argv);
    store_.reset();
    store::DraftStore::Options options;
    options.backgroundCheckpoints = true;
    store_ = take(store::DraftStore::open(path(), options));
    auto st = store().database().prepare("PRAGMA wal_autocheckpoint");
    ASSERT_TRUE(st.ok());
    ASSERT_TRUE(take(st->step()));
    EXPECT_EQ(st->columnInt(0), 0);
    st->reset();
    const qint64 before = QFileInfo(path()).size();
    for (int i = 0; i < 300; ++i)
        ASSERT_OK(store().applyConfirmed(
            confirmed(createOp(note("m1", i, i, QString("note %1").arg(i), "bob")), i + 1)));
    // Nothing but the checkpointer copies the WAL into the file now.
    const auto grown = [&] { return QFileInfo(path()).size() > before + 100000; };
    for (int waited = 0; waited < 5000 && !grown(); waited += 50)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_TRUE(grown()) << "the database file stayed at " << QFileInfo(path()).size() << " bytes ("
                         << before << " before)";
    reopen();
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 300);
}

TEST_F(DraftStoreTest, SequenceTakenByAnotherOperationIsAnError) {
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(note("m1", 1, 1, "a")), 1)));
    const Status s = store().applyConfirmed(confirmed(createOp(note("m1", 2, 2, "b")), 1));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("already belongs to operation"), std::string::npos) << s.error();
}

TEST_F(DraftStoreTest, PendingEditShowsOverConcurrentConfirmedEdit) {
    const model::Annotation a = note("m1", 5, 5, "base", "ana");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(a), 1)));
    const model::Operation mine = setText(a, "mine", "ana");
    ASSERT_OK(store().applyLocal(mine));
    // Someone else's edit of the same field reaches the relay first.
    ASSERT_OK(store().applyConfirmed(confirmed(setText(a, "theirs", "ana", Role::Admin), 2)));
    EXPECT_EQ(take(store().annotation(a.id))->text, "mine");  // pending re-applied on top

    ASSERT_OK(store().markAcknowledged(mine.opId, 3));  // ours came later: it wins for good
    EXPECT_EQ(take(store().annotation(a.id))->text, "mine");
}

TEST_F(DraftStoreTest, AcknowledgedEarlierThanAConfirmedEditLosesToIt) {
    const model::Annotation a = note("m1", 5, 5, "base", "ana");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(a), 1)));
    const model::Operation mine = setText(a, "mine", "ana");
    ASSERT_OK(store().applyLocal(mine));
    ASSERT_OK(store().applyConfirmed(confirmed(setText(a, "theirs", "ana", Role::Admin), 3)));
    EXPECT_EQ(take(store().annotation(a.id))->text, "mine");
    // The relay had ordered ours before theirs: the merge re-folds and theirs wins.
    ASSERT_OK(store().markAcknowledged(mine.opId, 2));
    EXPECT_EQ(take(store().annotation(a.id))->text, "theirs");
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 3);
}

TEST_F(DraftStoreTest, DeleteWinsOverAConcurrentUpdate) {
    const model::Annotation a = note("m1", 5, 5, "base", "ana");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(a), 1)));
    ASSERT_OK(
        store().applyConfirmed(confirmed(model::makeDelete("m1", a.id, "ana", Role::Reviewer), 3)));
    ASSERT_OK(store().applyConfirmed(confirmed(setText(a, "late edit", "ana"), 2)));
    EXPECT_FALSE(take(store().annotation(a.id)).has_value());
    EXPECT_TRUE(take(store().queries().onFrame("m1", 5)).empty());
    EXPECT_TRUE(take(store().search().search("edit")).empty());
}

TEST_F(DraftStoreTest, UpdateArrivingBeforeItsCreateAppearsWithIt) {
    const model::Annotation a = note("m1", 5, 5, "first words", "ana");
    ASSERT_OK(store().applyConfirmed(confirmed(setText(a, "second words"), 2)));
    EXPECT_FALSE(take(store().annotation(a.id)).has_value());
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(a), 1)));
    EXPECT_EQ(take(store().annotation(a.id))->text, "second words");
}

TEST_F(DraftStoreTest, LastConfirmedSequenceAdvancesOnlyWhileContiguous) {
    const model::Annotation a = note("m1", 1, 1, "x");
    ASSERT_OK(store().applyConfirmed(confirmed(createOp(a), 1)));
    ASSERT_OK(store().applyConfirmed(confirmed(setText(a, "y"), 2)));
    ASSERT_OK(store().applyConfirmed(confirmed(setText(a, "w"), 4)));
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 2);  // 3 is missing: replay from 2
    ASSERT_OK(store().applyConfirmed(confirmed(setText(a, "z"), 3)));
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 4);
    EXPECT_EQ(take(store().annotation(a.id))->text, "w");
    ASSERT_OK(store().setLastConfirmedSequence("m1", 100));  // after a snapshot
    EXPECT_EQ(take(store().lastConfirmedSequence("m1")), 100);
    EXPECT_EQ(take(store().lastConfirmedSequence("other")), 0);
}

TEST_F(DraftStoreTest, TransactionCommitsAllEditsOrNone) {
    const model::Annotation a = note("m1", 1, 1, "a");
    const model::Annotation b = note("m1", 2, 2, "b");
    const Status failed = store().transaction([&]() -> Status {
        if (Status s = store().applyLocal(createOp(a)); !s) return s;
        if (Status s = store().applyLocal(createOp(b)); !s) return s;
        return makeError("user cancelled");
    });
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(take(store().queries().count("m1")), 0);
    EXPECT_EQ(take(store().pendingCount()), 0);

    // A rejected edit inside a transaction leaves no trace, and the others still commit.
    model::Annotation bad = note("m1", 3, 3);
    bad.points.clear();
    ASSERT_OK(store().transaction([&]() -> Status {
        if (Status s = store().applyLocal(createOp(a)); !s) return s;
        EXPECT_FALSE(store().applyLocal(createOp(bad)).ok());
        return store().applyLocal(createOp(b));
    }));
    EXPECT_EQ(take(store().queries().count("m1")), 2);
    EXPECT_EQ(take(store().pendingCount()), 2);
}

// The app's save state: one clip's unsent edits, and whether that clip was ever shared.
TEST_F(DraftStoreTest, PendingIsCountedPerClipAndSharingIsRemembered) {
    ASSERT_OK(store().applyLocal(createOp(note("m1", 1, 1))));
    ASSERT_OK(store().applyLocal(createOp(note("m1", 2, 2))));
    ASSERT_OK(store().applyLocal(createOp(note("m2", 3, 3))));
    EXPECT_EQ(take(store().pendingCount()), 3);
    EXPECT_EQ(take(store().pendingCount("m1")), 2);
    EXPECT_EQ(take(store().pendingCount("m2")), 1);
    EXPECT_EQ(take(store().pendingCount("m3")), 0);
    EXPECT_FALSE(take(store().everShared("m1")));
    ASSERT_OK(store().setLastConfirmedSequence("m1", 0));
    EXPECT_TRUE(take(store().everShared("m1")));
    EXPECT_FALSE(take(store().everShared("m2")));
}

TEST_F(DraftStoreTest, OutOfOrderDeliveryConvergesToSequenceOrder) {
    for (unsigned seed = 1; seed <= 4; ++seed) {
        std::mt19937 rng(seed);
        std::vector<model::Operation> ops = randomOperations(rng, 150, 6);
        std::vector<std::pair<model::Operation, int64_t>> reference;
        for (const auto& op : ops) reference.emplace_back(op, op.sequence);
        std::shuffle(ops.begin(), ops.end(), rng);
        auto s = take(store::DraftStore::open(path(QString("seed%1.db").arg(seed))));
        for (const auto& op : ops) ASSERT_OK(s->applyConfirmed(op));
        EXPECT_EQ(allNotes(*s, "media-1"), fold(reference)) << "seed " << seed;
        EXPECT_EQ(take(s->lastConfirmedSequence("media-1")), static_cast<int64_t>(ops.size()));
    }
}

// Local edits, remote edits and acknowledgements interleaved at random: at every step the store
// shows the fold of the confirmed operations by sequence with the pending ones on top in local
// order, and in the end exactly what the relay's order gives.
TEST_F(DraftStoreTest, RebaseMatchesFoldOfConfirmedThenPending) {
    for (unsigned seed = 1; seed <= 3; ++seed) {
        std::mt19937 rng(seed);
        auto s = take(store::DraftStore::open(path(QString("rebase%1.db").arg(seed))));
        // Notes made by "user" so that local edits by "user" are allowed.
        std::vector<model::Annotation> notes;
        for (int i = 0; i < 4; ++i)
            notes.push_back(note("media-1", i, i + 2, QString("note %1").arg(i), "user"));
        int64_t sequence = 0;
        std::vector<std::pair<model::Operation, int64_t>> confirmedOps;  // with their sequence
        for (const auto& n : notes) {
            model::Operation op = confirmed(createOp(n), ++sequence);
            ASSERT_OK(s->applyConfirmed(op));
            confirmedOps.emplace_back(op, op.sequence);
        }
        std::vector<model::Operation> pending;   // local order
        std::vector<model::Operation> inFlight;  // made remotely, not yet delivered
        for (int step = 0; step < 120; ++step) {
            const int what = static_cast<int>(rng() % 4);
            const model::Annotation& target = notes[rng() % notes.size()];
            model::FieldChanges c;
            switch (rng() % 3) {
                case 0:
                    c.text = QString("t%1").arg(step);
                    break;
                case 1:
                    c.frames = std::make_pair<int64_t, int64_t>(step, step + 1);
                    break;
                default:
                    c.tags = QStringList{QString("k%1").arg(step % 3)};
                    break;
            }
            if (what == 0) {
                const model::Operation op =
                    model::makeSetFields("media-1", target.id, c, "user", Role::Reviewer);
                ASSERT_OK(s->applyLocal(op));
                pending.push_back(op);
            } else if (what == 1) {
                inFlight.push_back(
                    model::makeSetFields("media-1", target.id, c, "other", Role::Admin));
            } else if (what == 2 && !inFlight.empty()) {
                // The relay orders a remote edit now.
                const size_t pick = rng() % inFlight.size();
                const model::Operation op = confirmed(inFlight[pick], ++sequence);
                inFlight.erase(inFlight.begin() + static_cast<long>(pick));
                ASSERT_OK(s->applyConfirmed(op));
                confirmedOps.emplace_back(op, op.sequence);
            } else if (what == 3 && !pending.empty()) {
                // The relay orders our oldest pending edit now.
                const model::Operation op = pending.front();
                pending.erase(pending.begin());
                ASSERT_OK(s->markAcknowledged(op.opId, ++sequence));
                confirmedOps.emplace_back(op, sequence);
            }
            auto expected = confirmedOps;
            for (size_t i = 0; i < pending.size(); ++i)
                expected.emplace_back(
                    pending[i], store::DraftStore::kPendingOrderBase + static_cast<int64_t>(i));
            ASSERT_EQ(allNotes(*s, "media-1"), fold(expected))
                << "seed " << seed << " step " << step;
        }
        EXPECT_EQ(take(s->pendingOperations("media-1")), pending);
    }
}

// Edits on top of a long history take the fast path (the stored state plus the new operation);
// the result must be exactly the fold of the whole log.
TEST_F(DraftStoreTest, LongEditHistoryGivesTheFoldOfTheWholeLog) {
    std::mt19937 rng(11);
    const model::Annotation a = note("m1", 1, 2, "start");
    ASSERT_OK(store().applyLocal(createOp(a)));
    std::vector<QUuid> replyIds;
    for (int i = 0; i < 300; ++i) {
        model::Operation op;
        switch (rng() % 5) {
            case 0:
                op = setText(a, QString("text %1").arg(i));
                break;
            case 1:
                op = setFrames(a, i, i + static_cast<int>(rng() % 9));
                break;
            case 2:
                op =
                    model::makeReply("m1", a.id, QString("reply %1").arg(i), "ana", Role::Reviewer);
                replyIds.push_back(op.reply.id);
                break;
            case 3:
                if (replyIds.empty()) continue;
                op = model::makeEditReply("m1", a.id, replyIds[rng() % replyIds.size()],
                                          QString("edited %1").arg(i), "ana", Role::Reviewer);
                op.reply.deleted = rng() % 3 == 0;  // a withdrawn reply keeps its place
                break;
            default:
                op = model::makeResolve("m1", a.id, rng() % 2, "ana", Role::Reviewer);
                break;
        }
        op.timeMs = kT0 + i;
        ASSERT_OK(store().applyLocal(op));
        if (i % 7 == 0) {  // some get acknowledged along the way
            const auto pending = take(store().pendingOperations("m1"));
            const int64_t next = take(store().lastConfirmedSequence("m1")) + 1;
            ASSERT_OK(store().markAcknowledged(pending.front().opId, next));
        }
    }
    std::vector<std::pair<model::Operation, int64_t>> log;
    for (const auto& op : take(store().operations("m1")))
        log.emplace_back(op, static_cast<int64_t>(log.size()));
    EXPECT_EQ(allNotes(store(), "m1"), fold(log));
    EXPECT_OK(store().checkIntegrity());
}

TEST_F(DraftStoreTest, MediaRecordKeepsItsFrameIndexBlob) {
    store::MediaRecord m;
    m.mediaId = "sha256:abc";
    m.pathHints = {"/footage/a.mov", "/mnt/b/a.mov"};
    m.probe = QJsonObject{{"codec", "h264"}, {"width", 3840}};
    m.frameCount = 1234;
    m.frameIndex = QByteArray("\x00\x01\x02\xff binary", 11);
    m.updatedMs = kT0;
    ASSERT_OK(store().upsertMedia(m));
    reopen();
    auto got = take(store().media(m.mediaId));
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(*got, m);

    m.frameIndex.clear();
    m.pathHints = {"/new/place.mov"};
    ASSERT_OK(store().upsertMedia(m));
    EXPECT_EQ(*take(store().media(m.mediaId)), m);
    EXPECT_FALSE(take(store().media("unknown")).has_value());
}

TEST_F(DraftStoreTest, RepliesAreKeptInTheOrderTheyWereMade) {
    const model::Annotation a = note("m1", 1, 1, "question?");
    ASSERT_OK(store().applyLocal(createOp(a)));
    std::vector<model::Operation> replies;
    for (int i = 0; i < 5; ++i) {
        replies.push_back(
            model::makeReply("m1", a.id, QString("answer %1").arg(i), "bob", Role::Reviewer));
        ASSERT_OK(store().applyLocal(replies.back()));
    }
    ASSERT_OK(store().applyLocal(model::makeEditReply("m1", a.id, replies[2].reply.id,
                                                      "answer 2, edited", "bob", Role::Reviewer)));
    EXPECT_FALSE(store()
                     .applyLocal(model::makeEditReply("m1", a.id, replies[1].reply.id, "not yours",
                                                      "eve", Role::Reviewer))
                     .ok());
    const auto stored = take(store().annotation(a.id));
    ASSERT_EQ(stored->replies.size(), 5u);
    for (int i = 0; i < 5; ++i) EXPECT_EQ(stored->replies[i].id, replies[i].reply.id);
    EXPECT_EQ(stored->replies[2].text, "answer 2, edited");
}

}  // namespace
}  // namespace framenote::test
