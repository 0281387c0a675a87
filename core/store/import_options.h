#pragma once
// What an import of notes is told, and what it reports: the same for the bulk path
// (DraftStore::importAnnotations) and the JSON file import on top of it (exporters.h).
#include <QString>
#include <cstdint>
#include <functional>
#include <string>

#include "core/model/annotation.h"

namespace framenote::store {

struct ImportOptions {
    QString sourceName;  // named in errors, e.g. the file's path (importJson)
    QString actor;       // who imports: the actor (author) of the resulting operations
    model::Role role = model::Role::Reviewer;
    int64_t timeMs = 0;  // the operations' time (0: now)
    // Names note i in errors, e.g. "notes.json: annotations[i] (row i+1)"; importJson names the
    // rows of its file itself.
    std::function<std::string(size_t index)> describe = {};
};

struct ImportCounts {
    int64_t imported = 0;
    int64_t skipped = 0;  // the store already held the id (or the list had it twice)
};

}  // namespace framenote::store
