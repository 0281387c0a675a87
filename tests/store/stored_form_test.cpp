// The binary form notes and operations are stored in (stored_form.h): every field of every kind
// and operation type comes back exactly, and a damaged value is refused with the file's name.
#include "core/store/stored_form.h"

#include <limits>
#include <random>
#include <set>

#include "store_fixtures.h"
#include "tests/model/model_fixtures.h"

namespace framenote::test {
namespace {

const QString kFile = "/profiles/ana.framenote";

model::Annotation richNote(const QString& kind) {
    model::Annotation a = sampleAnnotation(kind, "李明");
    a.text =
        "<b>色彩</b>偏暖，<span style=\"color:#ff0000\">请修正</span><ul><li>sky "
        "<i>too</i> warm</li><li>😀 emoji, \"quotes\" &amp; a\ttab</li></ul>";
    a.tags = QStringList{"调色", "vfx", ""};
    a.points = {{0.123456789012345, 0.987654321098765}, {0.0, 1.0}, {1e-300, 0.5}};
    a.style = {0xffffffffu, 0.0123456789, true, 0x00000000u};
    a.firstFrame = 0;
    a.lastFrame = std::numeric_limits<int64_t>::max();
    a.createdMs = std::numeric_limits<int64_t>::min();
    a.updatedMs = -1;
    a.status = model::Status::Resolved;
    a.creatorRole = model::Role::Admin;
    a.replies.push_back({QUuid::createUuid(), "李", "好的，<b>已修改</b>", 1, 2, false});
    a.replies.push_back({QUuid::createUuid(), "bob", "", 3, 4, true});
    a.replies.push_back({QUuid(), "", "a reply with a null id", 0, 0, false});
    return a;
}

TEST(StoredForm, EveryKindWithRichChineseTextTagsAndRepliesRoundTripsExactly) {
    for (const QString kind : {"rect", "ellipse", "arrow", "line", "freehand", "text"}) {
        for (const model::Annotation& a : {sampleAnnotation(kind), richNote(kind)}) {
            auto back = store::decodeAnnotation(store::encodeAnnotation(a), kFile);
            ASSERT_TRUE(back.ok()) << back.error();
            EXPECT_EQ(*back, a) << kind.toStdString();
        }
    }
    model::Annotation empty;  // every field at its default, empty strings and lists
    auto back = store::decodeAnnotation(store::encodeAnnotation(empty), kFile);
    ASSERT_TRUE(back.ok()) << back.error();
    EXPECT_EQ(*back, empty);
}

TEST(StoredForm, EveryOperationTypeRoundTripsWithTheSequenceFromItsColumn) {
    std::mt19937 rng(11);
    std::vector<model::Operation> ops = randomOperations(rng, 400, 6);
    const model::Annotation a = richNote("freehand");
    ops.push_back(model::makeCreate(a, "李明", model::Role::Admin));
    model::FieldChanges every;  // all six fields at once
    every.points = a.points;
    every.style = a.style;
    every.frames = std::make_pair(int64_t{-5}, std::numeric_limits<int64_t>::max());
    every.text = a.text;
    every.status = model::Status::Resolved;
    every.tags = a.tags;
    ops.push_back(model::makeSetFields("m", a.id, every, "ana", model::Role::Reviewer));
    model::FieldChanges cleared;  // set to empty, which is not the same as not set
    cleared.text = QString();
    cleared.tags = QStringList();
    cleared.points = std::vector<model::Point>{};
    ops.push_back(model::makeSetFields("m", a.id, cleared, "ana", model::Role::Reviewer));
    ops.push_back(model::makeReply("m", a.id, "回复 <i>reply</i>", "bob", model::Role::Viewer));
    ops.push_back(
        model::makeEditReply("m", a.id, a.replies[0].id, "改了", "李", model::Role::Reviewer));
    ops.push_back(model::makeResolve("m", a.id, false, "ana", model::Role::Reviewer));
    ops.push_back(model::makeDelete("m", a.id, "admin", model::Role::Admin));
    std::set<model::OpType> types;
    for (const model::Operation& op : ops) {
        types.insert(op.type);
        auto back = store::decodeOperation(store::encodeOperation(op), op.sequence, kFile);
        ASSERT_TRUE(back.ok()) << back.error();
        EXPECT_EQ(*back, op) << model::opTypeName(op.type).toStdString();
        auto pending = store::decodeOperation(store::encodeOperation(op), 0, kFile);
        ASSERT_TRUE(pending.ok()) << pending.error();
        EXPECT_EQ(pending->sequence, 0);
    }
    EXPECT_EQ(types.size(), 7u);  // create, set fields, delete, reply, edit reply, resolve, reopen
}

TEST(StoredForm, DamagedValuesAreRefusedWithTheFileNamedAndNeverReadPastTheEnd) {
    const QByteArray note = store::encodeAnnotation(richNote("text"));
    const QByteArray op =
        store::encodeOperation(model::makeCreate(richNote("arrow"), "ana", model::Role::Reviewer));
    // Every truncation fails cleanly (ASan builds check that nothing reads past the end).
    for (qsizetype n = 0; n < note.size(); ++n) {
        auto bad = store::decodeAnnotation(QByteArrayView(note.constData(), n), kFile);
        ASSERT_FALSE(bad.ok()) << n;
        EXPECT_NE(bad.error().find(kFile.toStdString() + ": a stored annotation is unreadable"),
                  std::string::npos)
            << bad.error();
    }
    for (qsizetype n = 0; n < op.size(); ++n)
        ASSERT_FALSE(store::decodeOperation(QByteArrayView(op.constData(), n), 0, kFile).ok()) << n;

    EXPECT_FALSE(store::decodeAnnotation(note + QByteArray(1, '\0'), kFile).ok());  // trailing
    EXPECT_FALSE(store::decodeAnnotation(op, kFile).ok());  // an operation is not a note
    EXPECT_FALSE(store::decodeOperation(note, 0, kFile).ok());
    auto json = store::decodeAnnotation(QByteArray("{\"id\":\"x\"}"), kFile);  // the old form
    ASSERT_FALSE(json.ok());
    EXPECT_NE(json.error().find("form"), std::string::npos) << json.error();

    // An out-of-range enum (the status byte is the last byte before the tags and replies).
    model::Annotation plain = sampleAnnotation("rect");
    QByteArray badStatus = store::encodeAnnotation(plain);
    ASSERT_EQ(badStatus.at(badStatus.size() - 3), char(model::Status::Open));
    badStatus[badStatus.size() - 3] = char(7);
    auto status = store::decodeAnnotation(badStatus, kFile);
    ASSERT_FALSE(status.ok());
    EXPECT_NE(status.error().find("status"), std::string::npos) << status.error();
}

}  // namespace
}  // namespace framenote::test
