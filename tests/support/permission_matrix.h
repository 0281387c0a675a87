#pragma once
// The permission matrix of docs/PROTOCOL.md ("Permissions") as a table, with the operations that
// set up and try each cell. The store's and the relay's tests walk the same table, so the two
// sides cannot drift from each other or from the document.
#include <QString>
#include <QUuid>
#include <string>
#include <vector>

#include "core/model/operation.h"

namespace framenote::test {

// Whose note (or, for editing and deleting a reply, whose reply) the operation touches.
enum class Whose { Own, SameRole, HigherRole };
enum class Attempt { Create, SetFields, Delete, Resolve, Reopen, Reply, EditReply, DeleteReply };

struct Person {
    QString name;
    model::Role role = model::Role::Reviewer;
};

struct MatrixCell {
    Attempt attempt;
    model::Role role;  // the actor's
    Whose whose;
    bool allowed;
};

inline std::string attemptName(Attempt a) {
    static const char* names[] = {"create", "set_fields", "delete",     "resolve",
                                  "reopen", "reply",      "edit_reply", "delete_reply"};
    return names[static_cast<int>(a)];
}
inline std::string whoseName(Whose w) {
    static const char* names[] = {"own", "same_role", "higher_role"};
    return names[static_cast<int>(w)];
}
inline std::string cellName(const MatrixCell& c) {
    return attemptName(c.attempt) + "/" + model::roleName(c.role).toStdString() + "/" +
           whoseName(c.whose);
}

// Every cell. Viewers write nothing. Reviewers create, reply anywhere, and change, resolve,
// delete only their own notes and replies. Admins change everything; no role is above theirs.
// "Own" for a viewer is a note the same person made with a reviewer's token; a viewer's
// "same role" note does not exist (viewers cannot create), so its cells use a reviewer's.
inline std::vector<MatrixCell> permissionMatrix() {
    using model::Role;
    std::vector<MatrixCell> cells;
    const Attempt all[] = {Attempt::Create,    Attempt::SetFields,  Attempt::Delete,
                           Attempt::Resolve,   Attempt::Reopen,     Attempt::Reply,
                           Attempt::EditReply, Attempt::DeleteReply};
    for (Attempt a : all)
        for (Role role : {Role::Viewer, Role::Reviewer, Role::Admin})
            for (Whose w : {Whose::Own, Whose::SameRole, Whose::HigherRole}) {
                if (role == Role::Admin && w == Whose::HigherRole)
                    continue;  // nothing is above an admin
                if (a == Attempt::Create && w != Whose::Own)
                    continue;  // a create is always one's own
                bool allowed = false;
                if (role == Role::Admin)
                    allowed = true;
                else if (role == Role::Reviewer)
                    allowed = a == Attempt::Create || a == Attempt::Reply || w == Whose::Own;
                cells.push_back({a, role, w, allowed});
            }
    return cells;
}

// The people of a cell: who acts, and who owns the note or reply the operation touches.
inline Person actorOf(const MatrixCell& c) { return {"actor-" + model::roleName(c.role), c.role}; }
inline Person ownerOf(const MatrixCell& c) {
    const Person actor = actorOf(c);
    const model::Role writerRole = c.role == model::Role::Viewer ? model::Role::Reviewer : c.role;
    switch (c.whose) {
        case Whose::Own:
            return {actor.name, writerRole};
        case Whose::SameRole:
            return {"peer-" + model::roleName(writerRole), writerRole};
        case Whose::HigherRole:
            return {c.role == model::Role::Viewer ? QString("boss") : QString("admin-boss"),
                    model::Role::Admin};
    }
    return actor;
}

struct MatrixScenario {
    std::vector<std::pair<Person, model::Operation>> setup;  // sent first, each by its person
    Person actor;
    model::Operation attempt;
};

// The operations of one cell on `mediaId`, with a note made for it alone. `note` is a note of
// that media whose id, author and role are set here.
inline MatrixScenario scenarioFor(const MatrixCell& c, model::Annotation note) {
    using model::OpType;
    MatrixScenario s;
    s.actor = actorOf(c);
    const Person owner = ownerOf(c);
    const QString media = note.mediaId;
    const model::Role role = s.actor.role;
    const QString me = s.actor.name;
    note.id = QUuid::createUuid();
    if (c.attempt == Attempt::Create) {
        note.author = me;
        s.attempt = model::makeCreate(note, me, role);
        return s;
    }
    note.author = owner.name;
    s.setup.emplace_back(owner, model::makeCreate(note, owner.name, owner.role));
    QUuid replyId;
    if (c.attempt == Attempt::EditReply || c.attempt == Attempt::DeleteReply) {
        model::Operation reply =
            model::makeReply(media, note.id, "first thoughts", owner.name, owner.role);
        replyId = reply.reply.id;
        s.setup.emplace_back(owner, reply);
    }
    if (c.attempt == Attempt::Reopen)
        s.setup.emplace_back(owner,
                             model::makeResolve(media, note.id, true, owner.name, owner.role));
    switch (c.attempt) {
        case Attempt::Create:
            break;
        case Attempt::SetFields: {
            model::FieldChanges changes;
            changes.text = "moved by " + me;
            changes.points = std::vector<model::Point>{{0.2, 0.2}, {0.3, 0.3}};
            s.attempt = model::makeSetFields(media, note.id, changes, me, role);
            break;
        }
        case Attempt::Delete:
            s.attempt = model::makeDelete(media, note.id, me, role);
            break;
        case Attempt::Resolve:
            s.attempt = model::makeResolve(media, note.id, true, me, role);
            break;
        case Attempt::Reopen:
            s.attempt = model::makeResolve(media, note.id, false, me, role);
            break;
        case Attempt::Reply:
            s.attempt = model::makeReply(media, note.id, "a reply by " + me, me, role);
            break;
        case Attempt::EditReply:
            s.attempt =
                model::makeEditReply(media, note.id, replyId, "rewritten by " + me, me, role);
            break;
        case Attempt::DeleteReply:
            // A delete names only the reply (docs/PROTOCOL.md, "Operations").
            s.attempt = model::makeEditReply(media, note.id, replyId, QString(), me, role);
            s.attempt.reply.deleted = true;
            break;
    }
    return s;
}

}  // namespace framenote::test
