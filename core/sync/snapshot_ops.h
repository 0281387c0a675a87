#pragma once
// A room's confirmed state (a Snapshot) as operations that rebuild it. Used where a snapshot has
// to enter something that only takes operations: the relay's own model::AnnotationState after
// compaction, and a client's DraftStore, which takes confirmed operations (applyConfirmed).
//
// For each annotation a Create without replies, then one Reply per reply in thread order (its
// text, author, times and deleted flag as they are), then one Delete per deleted id. The op ids
// are derived from the snapshot's (epoch, sequence) and the ids inside, so the same snapshot
// always gives the same operations (applying it twice changes nothing). Ranked in the order
// returned, below every sequence after the snapshot, they rebuild the state exactly, thread order
// included.
#include <QString>
#include <QUuid>
#include <cstdint>
#include <vector>

#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::sync {

struct SnapshotContent {
    std::vector<model::Annotation> annotations;
    std::vector<QUuid> deleted;
};

// The actor named by the operations of a rebuilt snapshot that have no author (deletes).
inline constexpr const char* kSnapshotActor = "snapshot";

std::vector<model::Operation> snapshotOperations(const SnapshotContent& content, uint64_t epoch,
                                                 int64_t sequence, const QString& mediaId);
// How many operations snapshotOperations() returns.
size_t snapshotOperationCount(const SnapshotContent& content);

}  // namespace framenote::sync
