#include "core/sync/participant_table.h"

namespace framenote::sync {

uint32_t ParticipantTable::assign(const QString& name, model::Role role) {
    if (auto it = byName_.find(name); it != byName_.end()) {
        byNumber_[*it].role = role;
        return *it;
    }
    while (byNumber_.count(next_)) ++next_;
    const uint32_t number = next_++;
    byNumber_[number] = Participant{number, name, role, true};
    byName_.insert(name, number);
    return number;
}

void ParticipantTable::set(const Participant& participant) {
    if (auto it = byNumber_.find(participant.number); it != byNumber_.end())
        byName_.remove(it->second.name);
    if (auto it = byName_.find(participant.name); it != byName_.end()) {
        byNumber_.erase(*it);
        byName_.erase(it);
    }
    byNumber_[participant.number] = participant;
    byName_.insert(participant.name, participant.number);
}

void ParticipantTable::setOnline(uint32_t number, bool online) {
    if (auto it = byNumber_.find(number); it != byNumber_.end()) it->second.online = online;
}

bool ParticipantTable::setColor(uint32_t number, std::optional<uint32_t> argb) {
    if (color(number) == argb) return false;
    if (argb)
        colors_[number] = *argb;
    else
        colors_.erase(number);
    return true;
}

std::optional<uint32_t> ParticipantTable::color(uint32_t number) const {
    auto it = colors_.find(number);
    return it == colors_.end() ? std::nullopt : std::optional<uint32_t>(it->second);
}

void ParticipantTable::clear() {
    byNumber_.clear();
    byName_.clear();
    colors_.clear();
    next_ = 1;
}

const Participant* ParticipantTable::find(uint32_t number) const {
    auto it = byNumber_.find(number);
    return it == byNumber_.end() ? nullptr : &it->second;
}

const Participant* ParticipantTable::find(const QString& name) const {
    auto it = byName_.find(name);
    return it == byName_.end() ? nullptr : find(*it);
}

std::vector<Participant> ParticipantTable::entries() const {
    std::vector<Participant> list;
    list.reserve(byNumber_.size());
    for (const auto& [number, participant] : byNumber_) list.push_back(participant);
    return list;
}

}  // namespace framenote::sync
