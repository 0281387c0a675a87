#include "core/store/migration_functions.h"

#include <sqlite3.h>

#include "core/store/annotation_table.h"
#include "core/store/search_tokens.h"
#include "core/store/stored_form.h"
#include "core/store/stored_json.h"

namespace framenote::store {

namespace {

QString textArg(sqlite3_value* value) {
    return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_value_text(value)),
                             sqlite3_value_bytes(value));
}

void resultText(sqlite3_context* ctx, const QString& text) {
    const QByteArray utf8 = text.toUtf8();
    sqlite3_result_text64(ctx, utf8.constData(), static_cast<sqlite3_uint64>(utf8.size()),
                          SQLITE_TRANSIENT, SQLITE_UTF8);
}

void resultBlob(sqlite3_context* ctx, const QByteArray& bytes) {
    sqlite3_result_blob64(ctx, bytes.constData(), static_cast<sqlite3_uint64>(bytes.size()),
                          SQLITE_TRANSIENT);
}

sqlite::SqliteDb& dbOf(sqlite3_context* ctx) {
    return *static_cast<sqlite::SqliteDb*>(sqlite3_user_data(ctx));
}

void annotationForm(sqlite3_context* ctx, int, sqlite3_value** args) {
    Result<model::Annotation> a = decodeAnnotationJson(textArg(args[0]), dbOf(ctx).path());
    if (!a) return sqlite3_result_error(ctx, a.error().c_str(), -1);
    resultBlob(ctx, encodeAnnotation(*a));
}

void operationForm(sqlite3_context* ctx, int, sqlite3_value** args) {
    Result<model::Operation> op = decodeOperationJson(textArg(args[0]), 0, dbOf(ctx).path());
    if (!op) return sqlite3_result_error(ctx, op.error().c_str(), -1);
    resultBlob(ctx, encodeOperation(*op));
}

void unigramTextOf(sqlite3_context* ctx, int, sqlite3_value** args) {
    resultText(ctx, unigramText(textArg(args[0])));
}

void firstSearchRowid(sqlite3_context* ctx, int, sqlite3_value** args) {
    sqlite3_result_int64(ctx, AnnotationTable::firstSearchRowid(sqlite3_value_int64(args[0])));
}

struct Function {
    const char* name;
    void (*fn)(sqlite3_context*, int, sqlite3_value**);
};

constexpr Function kFunctions[] = {
    {"framenote_annotation_form", annotationForm},
    {"framenote_operation_form", operationForm},
    {"framenote_unigram_text", unigramTextOf},
    {"framenote_first_search_rowid", firstSearchRowid},
};

}  // namespace

Result<MigrationFunctions> MigrationFunctions::install(sqlite::SqliteDb& db) {
    for (const Function& f : kFunctions)
        if (sqlite3_create_function_v2(db.handle(), f.name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
                                       &db, f.fn, nullptr, nullptr, nullptr) != SQLITE_OK)
            return db.error(std::string("registering ") + f.name);
    return MigrationFunctions(&db);
}

MigrationFunctions::~MigrationFunctions() {
    if (!db_) return;
    for (const Function& f : kFunctions)
        sqlite3_create_function_v2(db_->handle(), f.name, 1, SQLITE_UTF8, nullptr, nullptr, nullptr,
                                   nullptr, nullptr);
}

}  // namespace framenote::store
