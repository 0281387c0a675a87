#include "core/sync/snapshot_ops.h"

#include <QCryptographicHash>

namespace framenote::sync {

namespace {

// A name-based (version 5 style) UUID from the snapshot position and the ids it names.
QUuid derivedId(uint64_t epoch, int64_t sequence, const QUuid& a, const QUuid& b, char kind) {
    QByteArray seed;
    seed.reserve(48);
    seed.append("framenote-snapshot");
    seed.append(kind);
    seed.append(reinterpret_cast<const char*>(&epoch), sizeof epoch);
    seed.append(reinterpret_cast<const char*>(&sequence), sizeof sequence);
    seed.append(a.toRfc4122());
    seed.append(b.toRfc4122());
    QByteArray hash = QCryptographicHash::hash(seed, QCryptographicHash::Sha1).left(16);
    hash[6] = static_cast<char>((hash[6] & 0x0f) | 0x50);
    hash[8] = static_cast<char>((hash[8] & 0x3f) | 0x80);
    return QUuid::fromRfc4122(hash);
}

}  // namespace

size_t snapshotOperationCount(const SnapshotContent& content) {
    size_t count = content.annotations.size() + content.deleted.size();
    for (const model::Annotation& a : content.annotations) count += a.replies.size();
    return count;
}

std::vector<model::Operation> snapshotOperations(const SnapshotContent& content, uint64_t epoch,
                                                 int64_t sequence, const QString& mediaId) {
    std::vector<model::Operation> ops;
    ops.reserve(snapshotOperationCount(content));
    for (const model::Annotation& a : content.annotations) {
        model::Operation create;
        create.opId = derivedId(epoch, sequence, a.id, QUuid(), 'c');
        create.type = model::OpType::Create;
        create.actor = a.author;
        create.actorRole = a.creatorRole;
        create.timeMs = a.updatedMs;
        create.mediaId = a.mediaId.isEmpty() ? mediaId : a.mediaId;
        create.target = a.id;
        create.annotation = a;
        create.annotation.replies.clear();
        ops.push_back(std::move(create));
        for (const model::Reply& r : a.replies) {
            model::Operation reply;
            reply.opId = derivedId(epoch, sequence, a.id, r.id, 'r');
            reply.type = model::OpType::Reply;
            reply.actor = r.author.isEmpty() ? QString::fromLatin1(kSnapshotActor) : r.author;
            reply.actorRole = model::Role::Reviewer;
            reply.timeMs = a.updatedMs;  // never moves the note's updated time
            reply.mediaId = ops.back().mediaId;
            reply.target = a.id;
            reply.reply = r;
            ops.push_back(std::move(reply));
        }
    }
    for (const QUuid& id : content.deleted) {
        model::Operation del;
        del.opId = derivedId(epoch, sequence, id, QUuid(), 'd');
        del.type = model::OpType::Delete;
        del.actor = QString::fromLatin1(kSnapshotActor);
        del.actorRole = model::Role::Admin;
        del.mediaId = mediaId;
        del.target = id;
        ops.push_back(std::move(del));
    }
    return ops;
}

}  // namespace framenote::sync
