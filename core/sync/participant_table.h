#pragma once
// A room's participant table: user name <-> small number (>= 1). Operations and presence name
// their actor by number so no name is repeated per message (docs/PROTOCOL.md "Participants").
// The relay assigns numbers on first sight and announces them; clients mirror the announcements.
#include <QHash>
#include <QString>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/model/annotation.h"

namespace framenote::sync {

struct Participant {
    uint32_t number = 0;
    QString name;
    model::Role role = model::Role::Reviewer;
    bool online = false;
    friend bool operator==(const Participant&, const Participant&) = default;
};

class ParticipantTable {
  public:
    // Relay side: the number of `name`, assigned (next free, from 1) on first sight. A later call
    // with another role updates the role.
    uint32_t assign(const QString& name, model::Role role);
    // Client side: record an announced entry (replaces one with the same number or name).
    void set(const Participant& participant);
    void setOnline(uint32_t number, bool online);
    // Client side: a participant's colour (ARGB) as its latest presence states it (presence.h).
    // Kept apart from the entries, so the relay's announcements (which know no colours) leave it
    // alone. nullopt: none chosen. Returns whether it changed.
    bool setColor(uint32_t number, std::optional<uint32_t> argb);
    std::optional<uint32_t> color(uint32_t number) const;
    void clear();

    const Participant* find(uint32_t number) const;
    const Participant* find(const QString& name) const;
    std::vector<Participant> entries() const;  // by number
    size_t size() const { return byNumber_.size(); }

  private:
    std::map<uint32_t, Participant> byNumber_;
    QHash<QString, uint32_t> byName_;
    std::map<uint32_t, uint32_t> colors_;  // number -> ARGB, for those who chose one
    uint32_t next_ = 1;
};

}  // namespace framenote::sync
