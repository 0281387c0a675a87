#pragma once
// Who may do what with an operation: the one place the relay and the local store decide whether
// an operation is admitted against the annotation it targets (docs/PROTOCOL.md, "Permissions",
// which states the whole matrix). The relay calls it for every operation a member sends, the
// store for every edit made on this machine; neither keeps rules of its own.
//
// Beyond the roles (permissions.h), every field that names a person must name the sender: a
// note is created in its author's name and role, a reply (new, edited or inside a create) is
// written in its author's name, and a reply id names one reply for good (a reply operation that
// reuses the id of an existing reply is refused, whoever wrote it).
#include <optional>
#include <string>

#include "core/model/annotation.h"
#include "core/model/operation.h"
#include "core/model/validation.h"

namespace framenote::model {

struct Refusal {
    enum class Code {
        Invalid,    // the operation is malformed or does not fit the note's state
        Forbidden,  // the actor's role or identity does not allow it
    };
    Code code = Code::Invalid;
    std::string message;  // names the operation, the field or the rule
};

// The annotation an operation targets, as the deciding side knows it.
struct AdmissionTarget {
    const Annotation* current = nullptr;  // the live annotation, null when there is none
    bool deleted = false;                 // it existed and was deleted (delete wins over updates)
};

// Nothing: admitted. An update of a deleted annotation is admitted for anyone who may write
// (it changes nothing, delete wins, and its sender's outbox drains).
std::optional<Refusal> admit(const Operation& op, const AdmissionTarget& target,
                             const Limits& limits = {});

// "operation <op_id> (<type>)", the prefix of every refusal.
std::string operationLabel(const Operation& op);

}  // namespace framenote::model
