#pragma once
// What a client's Join was served (snapshot parts and replay pages): the notes by id, and the
// room's head. For the cluster tests' "everything acknowledged is there" checks.
#include <QByteArray>
#include <QSet>
#include <algorithm>
#include <cstdint>

#include "tests/support/raw_client.h"

namespace framenote::test {

inline QSet<QByteArray> notesServed(RawClient& client, uint64_t* head) {
    QSet<QByteArray> there;
    for (const auto& e : client.received()) {
        if (e.has_snapshot()) {
            *head = std::max<uint64_t>(*head, e.snapshot().sequence());
            for (const auto& a : e.snapshot().annotations())
                there.insert(QByteArray::fromStdString(a.id()));
        }
        if (e.has_replay()) {
            *head = std::max<uint64_t>(*head, e.replay().head_sequence());
            for (const auto& op : e.replay().operations())
                there.insert(QByteArray::fromStdString(op.annotation().id()));
        }
    }
    return there;
}

}  // namespace framenote::test
