// Frame, range, author, status and tag queries; keyset pagination; history lookback.
#include <QDateTime>
#include <QSet>
#include <random>

#include "store_fixtures.h"

namespace framenote::test {
namespace {

using model::Role;

std::vector<QUuid> ids(const std::vector<model::Annotation>& list) {
    std::vector<QUuid> out;
    for (const auto& a : list) out.push_back(a.id);
    return out;
}

class QueriesTest : public StoreTest {
  protected:
    model::Annotation add(model::Annotation a) {
        EXPECT_OK(store().applyLocal(createOp(a)));
        return a;
    }
};

TEST_F(QueriesTest, NotesOnAFrameIncludeOnesSpanningTheWholeFilm) {
    const auto whole = add(note("m1", 0, 5000000000LL, "whole film"));  // beyond 32 bits on purpose
    const auto shot = add(note("m1", 10, 20, "shot"));
    const auto single = add(note("m1", 15, 15, "one frame"));
    const auto later = add(note("m1", 21, 30, "later"));
    add(note("m2", 15, 15, "other media"));

    EXPECT_EQ(ids(take(store().queries().onFrame("m1", 15))),
              (std::vector<QUuid>{whole.id, shot.id, single.id}));
    EXPECT_EQ(ids(take(store().queries().onFrame("m1", 21))),
              (std::vector<QUuid>{whole.id, later.id}));
    EXPECT_EQ(ids(take(store().queries().onFrame("m1", 4999999999LL))),
              (std::vector<QUuid>{whole.id}));
    EXPECT_TRUE(take(store().queries().onFrame("m1", 5000000001LL)).empty());
    EXPECT_TRUE(take(store().queries().onFrame("unknown", 15)).empty());
}

TEST_F(QueriesTest, FrameRangeReturnsEveryOverlappingNote) {
    const auto a = add(note("m1", 0, 4));
    const auto b = add(note("m1", 5, 9));
    const auto c = add(note("m1", 9, 12));
    add(note("m1", 13, 20));
    EXPECT_EQ(ids(take(store().queries().inRange("m1", 4, 9))),
              (std::vector<QUuid>{a.id, b.id, c.id}));
    EXPECT_TRUE(take(store().queries().inRange("m1", 30, 40)).empty());
}

TEST_F(QueriesTest, MovingANoteMovesItOnTheTimeline) {
    const auto a = add(note("m1", 10, 10, "moving"));
    ASSERT_OK(store().applyLocal(setFrames(a, 100, 110)));
    EXPECT_TRUE(take(store().queries().onFrame("m1", 10)).empty());
    EXPECT_EQ(ids(take(store().queries().onFrame("m1", 105))), std::vector<QUuid>{a.id});
}

TEST_F(QueriesTest, FiltersByAuthorStatusAndTag) {
    model::Annotation ana1 = note("m1", 1, 1, "a1", "ana");
    ana1.tags = {"VFX", "sound"};
    add(ana1);
    const auto bob = add(note("m1", 2, 2, "b", "bob"));
    model::Annotation ana2 = note("m1", 3, 3, "a2", "ana");
    ana2.tags = {"vfx"};
    add(ana2);
    ASSERT_OK(store().applyLocal(model::makeResolve("m1", bob.id, true, "bob", Role::Reviewer)));

    EXPECT_EQ(ids(take(store().queries().byAuthor("m1", "ana"))),
              (std::vector<QUuid>{ana1.id, ana2.id}));
    EXPECT_EQ(ids(take(store().queries().byStatus("m1", model::Status::Resolved))),
              std::vector<QUuid>{bob.id});
    EXPECT_EQ(ids(take(store().queries().byStatus("m1", model::Status::Open))),
              (std::vector<QUuid>{ana1.id, ana2.id}));
    EXPECT_EQ(ids(take(store().queries().withTag("m1", "vfx"))),
              (std::vector<QUuid>{ana1.id, ana2.id}));
    EXPECT_EQ(ids(take(store().queries().withTag("m1", "sound"))), std::vector<QUuid>{ana1.id});

    model::FieldChanges c;
    c.tags = QStringList{"grade"};
    ASSERT_OK(store().applyLocal(model::makeSetFields("m1", ana1.id, c, "ana", Role::Reviewer)));
    EXPECT_EQ(ids(take(store().queries().withTag("m1", "vfx"))), std::vector<QUuid>{ana2.id});
    EXPECT_EQ(ids(take(store().queries().withTag("m1", "grade"))), std::vector<QUuid>{ana1.id});
}

TEST_F(QueriesTest, PagesNeitherSkipNorRepeatWhenNotesAreInsertedBetweenPages) {
    std::mt19937 rng(7);
    QSet<QUuid> originals;
    for (int i = 0; i < 120; ++i) {
        model::Annotation a = note("m1", rng() % 40, 0);
        a.lastFrame = a.firstFrame;
        a.createdMs = kT0 + rng() % 3;  // ties on frame and time: the id breaks them
        originals.insert(add(a).id);
    }
    QSet<QUuid> seen;
    std::vector<model::Annotation> walked;
    QString cursor;
    int pages = 0;
    do {
        const store::AnnotationPage page = take(store().queries().page("m1", cursor, 7));
        for (const auto& a : page.items) {
            EXPECT_FALSE(seen.contains(a.id)) << "repeated on page " << pages;
            seen.insert(a.id);
            walked.push_back(a);
        }
        cursor = page.nextCursor;
        ++pages;
        // Someone adds notes meanwhile, before and after the cursor.
        for (int k = 0; k < 3; ++k) {
            model::Annotation a = note("m1", rng() % 40, 0);
            a.lastFrame = a.firstFrame;
            add(a);
        }
    } while (!cursor.isEmpty());
    for (const QUuid& id : originals)
        EXPECT_TRUE(seen.contains(id)) << "skipped " << id.toString().toStdString();
    for (size_t i = 1; i < walked.size(); ++i) {
        const auto& p = walked[i - 1];
        const auto& q = walked[i];
        EXPECT_LE(std::tie(p.firstFrame, p.createdMs), std::tie(q.firstFrame, q.createdMs));
    }
    EXPECT_GT(pages, 120 / 7);
}

TEST_F(QueriesTest, ACursorFromElsewhereIsRefused) {
    const auto r = store().queries().page("m1", "not-a-cursor", 10);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("cursor"), std::string::npos);
    EXPECT_FALSE(store().queries().page("m1", {}, 0).ok());
}

TEST_F(QueriesTest, FrameAsOfAPastTimeShowsWhatWasThere) {
    const auto a = note("m1", 10, 10, "first draft");
    model::Operation create = createOp(a);
    create.timeMs = kT0;
    ASSERT_OK(store().applyLocal(create));
    model::Operation edit = setText(a, "second draft");
    edit.timeMs = kT0 + 1000;
    ASSERT_OK(store().applyLocal(edit));
    model::Operation move = setFrames(a, 20, 20);
    move.timeMs = kT0 + 2000;
    ASSERT_OK(store().applyLocal(move));
    model::Operation del = model::makeDelete("m1", a.id, "ana", Role::Reviewer);
    del.timeMs = kT0 + 3000;
    ASSERT_OK(store().applyLocal(del));

    EXPECT_TRUE(take(store().queries().onFrameAt("m1", 10, kT0 - 1)).empty());
    auto at500 = take(store().queries().onFrameAt("m1", 10, kT0 + 500));
    ASSERT_EQ(at500.size(), 1u);
    EXPECT_EQ(at500[0].text, "first draft");
    auto at1500 = take(store().queries().onFrameAt("m1", 10, kT0 + 1500));
    ASSERT_EQ(at1500.size(), 1u);
    EXPECT_EQ(at1500[0].text, "second draft");
    EXPECT_TRUE(take(store().queries().onFrameAt("m1", 10, kT0 + 2500)).empty());
    EXPECT_EQ(take(store().queries().onFrameAt("m1", 20, kT0 + 2500)).size(), 1u);
    EXPECT_TRUE(take(store().queries().stateAt("m1", kT0 + 3000)).empty());
    EXPECT_TRUE(take(store().queries().onFrame("m1", 20)).empty());
}

TEST_F(QueriesTest, HistoryReachesBackMoreThanSevenDays) {
    const int64_t day = 24 * 3600 * 1000LL;
    const int64_t now = QDateTime::currentMSecsSinceEpoch();
    const auto a = note("m1", 1, 1, "eight days old");
    model::Operation create = createOp(a);
    create.timeMs = now - 8 * day;
    ASSERT_OK(store().applyConfirmed(confirmed(create, 1)));
    for (int i = 7; i >= 1; --i) {
        model::Operation edit = setText(a, QString("%1 days ago").arg(i));
        edit.timeMs = now - i * day;
        ASSERT_OK(store().applyConfirmed(confirmed(edit, 9 - i)));
    }
    reopen();
    const auto week = take(store().queries().stateAt("m1", now - 7 * day + 1));
    ASSERT_EQ(week.size(), 1u);
    EXPECT_EQ(week[0].text, "7 days ago");
    EXPECT_EQ(take(store().queries().stateAt("m1", now - 8 * day))[0].text, "eight days old");
    EXPECT_EQ(take(store().annotation(a.id))->text, "1 days ago");
}

}  // namespace
}  // namespace framenote::test
