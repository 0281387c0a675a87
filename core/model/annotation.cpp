#include "core/model/annotation.h"

namespace framenote::model {

QString kindName(const Annotation& a) {
    return a.kind == Kind::Unknown ? a.unknownKind : kindName(a.kind);
}

void setKindFromName(Annotation& a, const QString& name) {
    a.kind = kindFromName(name);
    a.unknownKind = a.kind == Kind::Unknown ? name : QString();
}

QString statusName(Status status) {
    return status == Status::Resolved ? QStringLiteral("resolved") : QStringLiteral("open");
}

bool parseStatus(const QString& name, Status* status) {
    if (name == QLatin1String("open"))
        *status = Status::Open;
    else if (name == QLatin1String("resolved"))
        *status = Status::Resolved;
    else
        return false;
    return true;
}

QString roleName(Role role) {
    switch (role) {
        case Role::Viewer:
            return QStringLiteral("viewer");
        case Role::Reviewer:
            return QStringLiteral("reviewer");
        case Role::Admin:
            return QStringLiteral("admin");
    }
    return QStringLiteral("viewer");
}

bool parseRole(const QString& name, Role* role) {
    if (name == QLatin1String("viewer"))
        *role = Role::Viewer;
    else if (name == QLatin1String("reviewer"))
        *role = Role::Reviewer;
    else if (name == QLatin1String("admin"))
        *role = Role::Admin;
    else
        return false;
    return true;
}

}  // namespace framenote::model
