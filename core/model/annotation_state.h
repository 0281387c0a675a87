#pragma once
// The state of a room's annotations as the fold of its operations, with the merge rule of
// docs/PROTOCOL.md ("The merge rule"): each field is a last-writer-wins register ordered by the
// operation's sequence; delete wins; updates of a deleted annotation are dropped; operations are
// idempotent by opId.
//
// apply() is order-independent: applying the same set of operations (with their order keys) in
// any order gives the same state. Confirmed operations use their relay sequence as the key;
// a client's pending operations get keys above every confirmed one (rebase), in local order.
#include <QHash>
#include <QSet>
#include <QUuid>
#include <array>
#include <map>
#include <vector>

#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::model {

class AnnotationState {
  public:
    enum class Applied { Changed, Duplicate, NoEffect };

    // `order` ranks the operation against the others (the sequence when confirmed).
    Applied apply(const Operation& op, int64_t order);
    Applied apply(const Operation& op) { return apply(op, op.sequence); }

    // Visible annotations: created and not deleted.
    const Annotation* find(const QUuid& id) const;
    std::vector<const Annotation*> annotations() const;  // sorted by (firstFrame, createdMs, id)
    std::vector<const Annotation*> onFrame(int64_t frame) const;
    bool isDeleted(const QUuid& id) const;
    bool hasApplied(const QUuid& opId) const { return applied_.contains(opId); }
    size_t size() const;

    // Equal when the visible annotations are equal (what every replica must converge to).
    bool sameVisibleState(const AnnotationState& other) const;

  private:
    struct Entry {
        Annotation value;
        bool created = false;
        bool deleted = false;
        int64_t createOrder = 0;
        std::array<int64_t, kFieldCount> fieldOrder{};
        std::array<bool, kFieldCount> fieldSet{};
        struct ReplyEntry {
            Reply reply;
            bool created = false;
            int64_t createOrder = 0;
            int64_t textOrder = 0;
            bool textSet = false;
        };
        std::map<QUuid, ReplyEntry> replies;
        // The thread order of value.replies, (createOrder, id) of each, kept beside it so one
        // reply operation updates the thread in place or appends to it: rebuilding the thread
        // per operation made a note's fold quadratic in its replies (docs/PERFORMANCE.md,
        // "A note with a long thread").
        std::vector<std::pair<int64_t, QUuid>> threadOrder;
        bool threadStale = false;  // value.replies needs rebuildReplies before apply() returns
    };
    // Returns true if the field at `order` wins over what the entry holds.
    static bool wins(Entry& entry, Field field, int64_t order);
    // Puts a reply that an operation just changed into value.replies: in place, at the end, or,
    // when it moves or lands mid-thread, by marking the thread stale.
    static void placeReply(Entry& entry, const Entry::ReplyEntry& reply, bool wasListed,
                           int64_t oldCreateOrder);
    static void rebuildReplies(Entry& entry);

    std::map<QUuid, Entry> entries_;
    QSet<QUuid> applied_;
};

}  // namespace framenote::model
