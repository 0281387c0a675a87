#pragma once
// Presence thinning for one slow receiver (docs/PROTOCOL.md "Presence thinning"). While a
// receiver's link is backed up, the relay holds the presence updates meant for it here instead
// of queueing them, keeping only the latest per sender: presence is state, not history, so a
// newer update makes an older one worthless, and a link that cannot carry every update still
// carries the newest of each. Operations never pass through here: they stay in the send queue in
// strict sequence order. take() hands updates out as the pacer allows (presence_pacer.h), the
// sender waiting longest first, so every sender's latest gets through in turn.
#include <QByteArray>
#include <algorithm>
#include <cstdint>
#include <map>
#include <vector>

namespace framenote::sync {

class HeldPresence {
  public:
    // Holds `piece` (a serialized inner Envelope with a Presence) from participant `sender`.
    // Returns true when it replaced an update of the same sender (one update thinned out); the
    // newer update keeps the older one's place in line.
    bool hold(uint32_t sender, QByteArray piece) {
        auto [it, inserted] = latest_.try_emplace(sender);
        it->second.piece = std::move(piece);
        if (inserted) it->second.order = next_++;
        return !inserted;
    }
    // The sender left the room: its last update must not arrive after the announcement.
    void forget(uint32_t sender) { latest_.erase(sender); }
    // Held updates, longest waiting first, until they come to `bytes` (the last may go past it);
    // all of them when bytes is SIZE_MAX.
    std::vector<QByteArray> take(size_t bytes = SIZE_MAX) {
        std::vector<std::map<uint32_t, Entry>::iterator> line;
        line.reserve(latest_.size());
        for (auto it = latest_.begin(); it != latest_.end(); ++it) line.push_back(it);
        std::sort(line.begin(), line.end(),
                  [](const auto& a, const auto& b) { return a->second.order < b->second.order; });
        std::vector<QByteArray> out;
        size_t taken = 0;
        for (auto it : line) {
            if (taken >= bytes) break;
            taken += static_cast<size_t>(it->second.piece.size());
            out.push_back(std::move(it->second.piece));
            latest_.erase(it);
        }
        return out;
    }
    // The receiver left the room: nothing held is meant for it any more.
    void clear() { latest_.clear(); }
    bool empty() const { return latest_.empty(); }
    size_t size() const { return latest_.size(); }

  private:
    struct Entry {
        QByteArray piece;
        uint64_t order = 0;  // when this sender's update was first held
    };
    std::map<uint32_t, Entry> latest_;
    uint64_t next_ = 0;
};

}  // namespace framenote::sync
