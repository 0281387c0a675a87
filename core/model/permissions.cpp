#include "core/model/permissions.h"

namespace framenote::model {

bool canCreate(Role role) { return role >= Role::Reviewer; }

bool canModify(const QString& actor, Role role, const Annotation& annotation) {
    if (role == Role::Viewer) return false;
    if (annotation.creatorRole > role) return false;  // never change a higher role's note
    return role == Role::Admin || annotation.author == actor;
}

bool canReply(Role role) { return role >= Role::Reviewer; }

bool canEditReply(const QString& actor, Role role, const Reply& reply) {
    return role == Role::Admin || (role == Role::Reviewer && reply.author == actor);
}

}  // namespace framenote::model
