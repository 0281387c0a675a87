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
#include <optional>
#include <tuple>
#include <vector>

#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::model {

class AnnotationState {
  public:
    enum class Applied { Changed, Duplicate, NoEffect };

    AnnotationState() = default;
    // A copy indexes its own entries; a move keeps the nodes, and so the index.
    AnnotationState(const AnnotationState& other);
    AnnotationState& operator=(const AnnotationState& other);
    AnnotationState(AnnotationState&&) noexcept = default;
    AnnotationState& operator=(AnnotationState&&) noexcept = default;

    // `order` ranks the operation against the others (the sequence when confirmed).
    // O(log n) in the annotations, plus the note's own thread when a reply moves in it.
    Applied apply(const Operation& op, int64_t order);
    Applied apply(const Operation& op) { return apply(op, op.sequence); }

    // Visible annotations: created and not deleted.
    const Annotation* find(const QUuid& id) const;
    // Sorted by (firstFrame, createdMs, id), kept sorted as operations apply: O(n), no sort.
    std::vector<const Annotation*> annotations() const;
    // The ones shown on `frame`, in the same order. Notes are indexed by how many frames they
    // span, in classes of powers of two; each class is looked up only as far back as its longest
    // note could reach, so that a frame among 100,000 notes costs about the notes near it, not
    // all of them (docs/PERFORMANCE.md, "A busy room").
    std::vector<const Annotation*> onFrame(int64_t frame) const;
    bool isDeleted(const QUuid& id) const;
    bool hasApplied(const QUuid& opId) const { return applied_.contains(opId); }
    size_t size() const { return listed_.size(); }

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
        int listedClass = -1;      // the span class it is indexed under (bySpan_), or -1
    };
    // Returns true if the field at `order` wins over what the entry holds.
    static bool wins(Entry& entry, Field field, int64_t order);
    // Puts a reply that an operation just changed into value.replies: in place, at the end, or,
    // when it moves or lands mid-thread, by marking the thread stale.
    static void placeReply(Entry& entry, const Entry::ReplyEntry& reply, bool wasListed,
                           int64_t oldCreateOrder);
    static void rebuildReplies(Entry& entry);

    // Where a visible annotation sits in annotations(): (firstFrame, createdMs, id).
    using ListKey = std::tuple<int64_t, int64_t, QUuid>;
    // Span classes: 0 for a note on one frame, k for spans of 2^(k-1) to 2^k - 1 frames.
    static constexpr int kSpanClasses = 65;
    static int spanClass(const Annotation& a);
    Applied applyToEntry(Entry& entry, const Operation& op, int64_t order);
    static std::optional<ListKey> listKey(const Entry& entry);
    void relist(Entry& entry, const std::optional<ListKey>& before);

    std::map<QUuid, Entry> entries_;
    QSet<QUuid> applied_;
    std::map<ListKey, const Annotation*> listed_;  // every visible annotation
    std::array<std::map<ListKey, const Annotation*>, kSpanClasses> bySpan_;  // the same, by span
};

}  // namespace framenote::model
