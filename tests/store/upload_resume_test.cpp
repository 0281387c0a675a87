// Uploads waiting to resume, kept in the draft store: they outlive the connection that wrote
// them, live beside an open store on the same file, and a state too large is refused.
#include "core/store/upload_resume_table.h"
#include "store_fixtures.h"

namespace framenote::test {
namespace {

using store::UploadResumeTable;

TEST(UploadResumeTable, AStateOutlivesItsConnectionAndGoesWhenRemoved) {
    QTemporaryDir dir;
    const QString path = dir.filePath("framenote.db");
    // The app's store is open on the same file the whole time.
    auto drafts = take(store::DraftStore::open(path));
    {
        auto table = take(UploadResumeTable::open(path));
        EXPECT_OK(table->save("abc-1", R"({"parts":["/files/1"]})"));
        EXPECT_OK(table->save("abc-1", R"({"parts":["/files/2"]})"));  // replaced, not added
        EXPECT_OK(table->save("def-1", "other"));
    }
    auto again = take(UploadResumeTable::open(path));
    EXPECT_EQ(take(again->load("abc-1")), QByteArray(R"({"parts":["/files/2"]})"));
    EXPECT_EQ(take(again->load("def-1")), QByteArray("other"));
    EXPECT_TRUE(take(again->load("nothing")).isEmpty());
    EXPECT_OK(again->remove("abc-1"));
    EXPECT_TRUE(take(again->load("abc-1")).isEmpty());
    EXPECT_EQ(take(again->load("def-1")), QByteArray("other"));
}

TEST(UploadResumeTable, AStateTooLargeIsRefusedAndTheOldOneKept) {
    QTemporaryDir dir;
    auto table = take(UploadResumeTable::open(dir.filePath("framenote.db")));
    EXPECT_OK(table->save("k", "small"));
    const Status big = table->save("k", QByteArray(UploadResumeTable::kMaxStateBytes + 1, 'x'));
    ASSERT_FALSE(big);
    EXPECT_NE(big.error().find("resume state"), std::string::npos) << big.error();
    EXPECT_EQ(take(table->load("k")), QByteArray("small"));
}

}  // namespace
}  // namespace framenote::test
