#include "core/model/annotation_state.h"

#include <algorithm>
#include <bit>
#include <limits>

namespace framenote::model {

namespace {

int index(Field field) { return static_cast<int>(field); }

bool visible(bool created, bool deleted) { return created && !deleted; }

}  // namespace

AnnotationState::AnnotationState(const AnnotationState& other)
    : entries_(other.entries_), applied_(other.applied_) {
    for (auto& [id, entry] : entries_) {
        entry.listedClass = -1;
        relist(entry, std::nullopt);
    }
}

AnnotationState& AnnotationState::operator=(const AnnotationState& other) {
    if (this != &other) *this = AnnotationState(other);
    return *this;
}

bool AnnotationState::wins(Entry& entry, Field field, int64_t order) {
    const int i = index(field);
    if (entry.fieldSet[i] && order <= entry.fieldOrder[i]) return false;
    entry.fieldSet[i] = true;
    entry.fieldOrder[i] = order;
    return true;
}

void AnnotationState::rebuildReplies(Entry& entry) {
    std::vector<const Entry::ReplyEntry*> replies;
    for (const auto& [id, reply] : entry.replies)
        if (reply.created) replies.push_back(&reply);
    std::sort(replies.begin(), replies.end(), [](const auto* a, const auto* b) {
        return std::pair(a->createOrder, a->reply.id) < std::pair(b->createOrder, b->reply.id);
    });
    entry.value.replies.clear();
    entry.threadOrder.clear();
    for (const auto* reply : replies) {
        entry.value.replies.push_back(reply->reply);
        entry.threadOrder.emplace_back(reply->createOrder, reply->reply.id);
    }
    entry.threadStale = false;
}

void AnnotationState::placeReply(Entry& entry, const Entry::ReplyEntry& reply, bool wasListed,
                                 int64_t oldCreateOrder) {
    if (entry.threadStale || !reply.created) return;  // rebuilt anyway / not in the thread yet
    const std::pair key(reply.createOrder, reply.reply.id);
    std::vector<std::pair<int64_t, QUuid>>& order = entry.threadOrder;
    if (wasListed && oldCreateOrder == reply.createOrder) {  // an edit: same place
        const auto at = std::lower_bound(order.begin(), order.end(), key);
        entry.value.replies[static_cast<size_t>(at - order.begin())] = reply.reply;
        return;
    }
    if (!wasListed && (order.empty() || order.back() < key)) {  // the usual new reply: the last
        order.push_back(key);
        entry.value.replies.push_back(reply.reply);
        return;
    }
    entry.threadStale = true;  // moved or mid-thread (operations out of order): rare
}

AnnotationState::Applied AnnotationState::apply(const Operation& op, int64_t order) {
    if (applied_.contains(op.opId)) return Applied::Duplicate;
    applied_.insert(op.opId);
    Entry& entry = entries_[op.target];
    const std::optional<ListKey> before = listKey(entry);
    const Applied applied = applyToEntry(entry, op, order);
    relist(entry, before);
    return applied;
}

std::optional<AnnotationState::ListKey> AnnotationState::listKey(const Entry& entry) {
    if (!visible(entry.created, entry.deleted)) return std::nullopt;
    return ListKey(entry.value.firstFrame, entry.value.createdMs, entry.value.id);
}

int AnnotationState::spanClass(const Annotation& a) {
    const int64_t span = a.lastFrame - a.firstFrame;  // validated: not negative
    return span <= 0 ? 0 : static_cast<int>(std::bit_width(static_cast<uint64_t>(span)));
}

void AnnotationState::relist(Entry& entry, const std::optional<ListKey>& before) {
    const std::optional<ListKey> after = listKey(entry);
    const int spanNow = after ? spanClass(entry.value) : -1;
    if (before == after && spanNow == entry.listedClass) return;  // the usual edit: same place
    if (before) {
        listed_.erase(*before);
        // Under the class it had when listed: its frames may have changed since.
        if (entry.listedClass >= 0) bySpan_[static_cast<size_t>(entry.listedClass)].erase(*before);
    }
    entry.listedClass = spanNow;
    if (!after) return;
    listed_.emplace(*after, &entry.value);
    bySpan_[static_cast<size_t>(spanNow)].emplace(*after, &entry.value);
}

AnnotationState::Applied AnnotationState::applyToEntry(Entry& entry, const Operation& op,
                                                       int64_t order) {
    if (op.type == OpType::Delete) {
        const bool wasVisible = visible(entry.created, entry.deleted);
        entry.deleted = true;  // delete wins over every update, earlier or later
        return wasVisible ? Applied::Changed : Applied::NoEffect;
    }
    Annotation& value = entry.value;
    const auto setFields = [&](const FieldChanges& c) {
        if (c.points && wins(entry, Field::Points, order)) value.points = *c.points;
        if (c.style && wins(entry, Field::Style, order)) value.style = *c.style;
        if (c.frames && wins(entry, Field::Frames, order))
            std::tie(value.firstFrame, value.lastFrame) = *c.frames;
        if (c.text && wins(entry, Field::Text, order)) value.text = *c.text;
        if (c.status && wins(entry, Field::Status, order)) value.status = *c.status;
        if (c.tags && wins(entry, Field::Tags, order)) value.tags = *c.tags;
    };
    const auto applyReply = [&](const Reply& reply, bool creates) {
        Entry::ReplyEntry& r = entry.replies[reply.id];
        const bool wasListed = r.created;
        const int64_t oldCreateOrder = r.createOrder;
        if (creates && (!r.created || order < r.createOrder)) {
            r.reply.id = reply.id;
            r.reply.author = reply.author;
            r.reply.createdMs = reply.createdMs;
            r.createOrder = order;
            r.created = true;
        }
        if (!r.textSet || order > r.textOrder) {
            // A delete that names only the reply keeps its text (validation.h).
            if (!(reply.deleted && reply.text.isEmpty())) r.reply.text = reply.text;
            r.reply.deleted = reply.deleted;
            r.textOrder = order;
            r.textSet = true;
        }
        r.reply.updatedMs = std::max(r.reply.updatedMs, reply.updatedMs);
        placeReply(entry, r, wasListed, oldCreateOrder);
    };

    switch (op.type) {
        case OpType::Create: {
            const Annotation& a = op.annotation;
            if (!entry.created || order < entry.createOrder) {
                value.id = op.target;
                value.mediaId = a.mediaId;
                value.kind = a.kind;
                value.unknownKind = a.unknownKind;
                value.author = a.author;
                value.creatorRole = a.creatorRole;
                value.createdMs = a.createdMs;
                entry.createOrder = order;
            }
            entry.created = true;
            FieldChanges all;
            all.points = a.points;
            all.style = a.style;
            all.frames = std::make_pair(a.firstFrame, a.lastFrame);
            all.text = a.text;
            all.status = a.status;
            all.tags = a.tags;
            setFields(all);
            for (const Reply& reply : a.replies) applyReply(reply, true);
            value.updatedMs = std::max(value.updatedMs, a.updatedMs);
            break;
        }
        case OpType::SetFields:
        case OpType::Resolve:
        case OpType::Reopen:
            setFields(op.changes);
            value.updatedMs = std::max(value.updatedMs, op.timeMs);
            break;
        case OpType::Reply:
        case OpType::EditReply:
            applyReply(op.reply, op.type == OpType::Reply);
            value.updatedMs = std::max(value.updatedMs, op.timeMs);
            break;
        case OpType::Delete:
            break;
    }
    if (entry.threadStale) rebuildReplies(entry);
    return visible(entry.created, entry.deleted) ? Applied::Changed : Applied::NoEffect;
}

const Annotation* AnnotationState::find(const QUuid& id) const {
    auto it = entries_.find(id);
    if (it == entries_.end() || !visible(it->second.created, it->second.deleted)) return nullptr;
    return &it->second.value;
}

bool AnnotationState::isDeleted(const QUuid& id) const {
    auto it = entries_.find(id);
    return it != entries_.end() && it->second.deleted;
}

std::vector<const Annotation*> AnnotationState::annotations() const {
    std::vector<const Annotation*> list;
    list.reserve(listed_.size());
    for (const auto& [key, annotation] : listed_) list.push_back(annotation);
    return list;
}

std::vector<const Annotation*> AnnotationState::onFrame(int64_t frame) const {
    std::vector<std::pair<ListKey, const Annotation*>> shown;
    for (size_t c = 0; c < bySpan_.size(); ++c) {
        const auto& byClass = bySpan_[c];
        if (byClass.empty()) continue;
        // A note of class c spans at most 2^c - 1 frames: it starts no earlier than that.
        const int64_t reach =
            c == 0 ? 0 : (c >= 63 ? std::numeric_limits<int64_t>::max() : (int64_t{1} << c) - 1);
        const int64_t from = frame >= std::numeric_limits<int64_t>::min() + reach
                                 ? frame - reach
                                 : std::numeric_limits<int64_t>::min();
        const auto first =
            byClass.lower_bound(ListKey(from, std::numeric_limits<int64_t>::min(), QUuid()));
        for (auto it = first; it != byClass.end() && std::get<0>(it->first) <= frame; ++it)
            if (it->second->onFrame(frame)) shown.push_back(*it);
    }
    std::sort(shown.begin(), shown.end(),
              [](const auto& x, const auto& y) { return x.first < y.first; });
    std::vector<const Annotation*> list;
    list.reserve(shown.size());
    for (const auto& [key, a] : shown) list.push_back(a);
    return list;
}

bool AnnotationState::sameVisibleState(const AnnotationState& other) const {
    const auto mine = annotations();
    const auto theirs = other.annotations();
    if (mine.size() != theirs.size()) return false;
    for (size_t i = 0; i < mine.size(); ++i)
        if (!(*mine[i] == *theirs[i])) return false;
    return true;
}

}  // namespace framenote::model
