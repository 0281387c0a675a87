#pragma once
// Presence thinning for one slow receiver (docs/PROTOCOL.md "Presence thinning"). While a
// receiver's connection is backed up, the relay holds the presence updates meant for it here
// instead of queueing them, keeping only the latest per sender: presence is state, not history,
// so a newer update makes an older one worthless, and a link that cannot carry every update
// still carries the newest of each. Operations never pass through here: they stay in the send
// queue in strict sequence order. When the connection drains, take() hands out one update per
// sender.
#include <QByteArray>
#include <cstdint>
#include <map>
#include <vector>

namespace framenote::sync {

class HeldPresence {
  public:
    // Holds `piece` (a serialized inner Envelope with a Presence) from participant `sender`.
    // Returns true when it replaced an update of the same sender (one update thinned out).
    bool hold(uint32_t sender, QByteArray piece) {
        auto [it, inserted] = latest_.insert_or_assign(sender, std::move(piece));
        return !inserted;
    }
    // The sender left the room: its last update must not arrive after the announcement.
    void forget(uint32_t sender) { latest_.erase(sender); }
    // The held updates, by sender number; leaves nothing held.
    std::vector<QByteArray> take() {
        std::vector<QByteArray> out;
        out.reserve(latest_.size());
        for (auto& [sender, piece] : latest_) out.push_back(std::move(piece));
        latest_.clear();
        return out;
    }
    // The receiver left the room: nothing held is meant for it any more.
    void clear() { latest_.clear(); }
    bool empty() const { return latest_.empty(); }
    size_t size() const { return latest_.size(); }

  private:
    std::map<uint32_t, QByteArray> latest_;
};

}  // namespace framenote::sync
