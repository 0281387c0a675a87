#pragma once
// Who may change what (docs/PROTOCOL.md, "Permissions"): viewers read; reviewers annotate and
// change their own notes; admins change all. No one changes or deletes a note made by a higher
// role.
#include "core/model/annotation.h"
#include "core/model/operation.h"

namespace framenote::model {

bool canCreate(Role role);
// May `actor` with `role` change (set fields, delete, resolve) `annotation`?
bool canModify(const QString& actor, Role role, const Annotation& annotation);
// Replies: anyone who may annotate may reply; a reply is edited by its author or an admin.
bool canReply(Role role);
bool canEditReply(const QString& actor, Role role, const Reply& reply);

}  // namespace framenote::model
