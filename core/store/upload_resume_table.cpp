#include "core/store/upload_resume_table.h"

#include <QDateTime>

#include "core/common/try.h"
#include "core/store/schema.h"

namespace framenote::store {

Result<std::unique_ptr<UploadResumeTable>> UploadResumeTable::open(const QString& path) {
    auto db = sqlite::SqliteDb::open(path);
    FRAMENOTE_TRY(db);
    FRAMENOTE_TRY(Schema::migrate(**db));
    return std::unique_ptr<UploadResumeTable>(new UploadResumeTable(std::move(*db)));
}

Result<QByteArray> UploadResumeTable::load(const QString& key) {
    auto select = db_->cached("SELECT state FROM upload_resume WHERE key = ?1");
    FRAMENOTE_TRY(select);
    select->bindText(1, key);
    auto row = select->step();
    FRAMENOTE_TRY(row);
    return *row ? select->columnBlob(0) : QByteArray();
}

Status UploadResumeTable::save(const QString& key, const QByteArray& state) {
    if (state.size() > kMaxStateBytes)
        return makeError("an upload's resume state of " + std::to_string(state.size()) +
                         " bytes is more than kept");
    auto upsert = db_->cached(
        "INSERT INTO upload_resume(key, state, updated_ms) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(key) DO UPDATE SET state = excluded.state, updated_ms = excluded.updated_ms");
    FRAMENOTE_TRY(upsert);
    upsert->bindText(1, key).bindBlob(2, state).bindInt(3, QDateTime::currentMSecsSinceEpoch());
    return upsert->run();
}

Status UploadResumeTable::remove(const QString& key) {
    auto erase = db_->cached("DELETE FROM upload_resume WHERE key = ?1");
    FRAMENOTE_TRY(erase);
    erase->bindText(1, key);
    return erase->run();
}

}  // namespace framenote::store
