#pragma once
// Small builders for annotations and random operations used by the model tests.
#include <QUuid>
#include <random>

#include "core/model/operation.h"

namespace framenote::test {

inline model::Annotation sampleAnnotation(const QString& kind = "rect",
                                          const QString& author = "ana") {
    model::Annotation a;
    a.id = QUuid::createUuid();
    a.mediaId = "media-1";
    model::setKindFromName(a, kind);
    a.firstFrame = a.lastFrame = 10;
    a.points = kind == "text"       ? std::vector<model::Point>{{0.1, 0.2}}
               : kind == "freehand" ? std::vector<model::Point>{{0.1, 0.1}, {0.2, 0.25}, {0.3, 0.2}}
                                    : std::vector<model::Point>{{0.1, 0.2}, {0.5, 0.6}};
    a.text = kind == "text" ? "<b>fix</b> the flare" : "";
    a.author = author;
    a.createdMs = a.updatedMs = 1700000000000;
    return a;
}

// Random operations over a few annotations: creates, updates of every field, deletes,
// replies and reply edits, each with a distinct sequence number.
inline std::vector<model::Operation> randomOperations(std::mt19937& rng, int count,
                                                      int annotations) {
    std::vector<QUuid> ids;
    std::vector<model::Operation> ops;
    std::vector<std::pair<QUuid, QUuid>> replies;  // (annotation, reply)
    std::uniform_real_distribution<double> unit(0, 1);
    for (int i = 0; i < annotations; ++i) {
        auto a = sampleAnnotation(i % 2 ? "ellipse" : "freehand");
        ids.push_back(a.id);
        ops.push_back(model::makeCreate(a, "user" + QString::number(i), model::Role::Reviewer));
    }
    for (int i = 0; i < count; ++i) {
        const QUuid target = ids[rng() % ids.size()];
        const int kind = static_cast<int>(rng() % 10);
        model::Operation op;
        if (kind < 5) {
            model::FieldChanges c;
            switch (rng() % 5) {
                case 0:
                    c.points =
                        std::vector<model::Point>{{unit(rng), unit(rng)}, {unit(rng), unit(rng)}};
                    break;
                case 1:
                    c.text = QString("note %1").arg(i);
                    break;
                case 2:
                    c.frames = std::make_pair<int64_t, int64_t>(i, i + 3);
                    break;
                case 3:
                    c.tags = QStringList{QString("tag%1").arg(i % 3)};
                    break;
                default:
                    c.style = model::Style{0xff00ff00u + static_cast<uint32_t>(i), 0.01, false, 0};
                    break;
            }
            op = model::makeSetFields("media-1", target, c, "user", model::Role::Reviewer);
        } else if (kind < 7) {
            op = model::makeResolve("media-1", target, rng() % 2, "user", model::Role::Reviewer);
        } else if (kind < 8) {
            op = model::makeReply("media-1", target, QString("reply %1").arg(i), "user",
                                  model::Role::Reviewer);
            replies.emplace_back(target, op.reply.id);
        } else if (kind < 9 && !replies.empty()) {
            const auto& [annotation, reply] = replies[rng() % replies.size()];
            op = model::makeEditReply("media-1", annotation, reply, QString("edited %1").arg(i),
                                      "user", model::Role::Reviewer);
        } else {
            op = model::makeDelete("media-1", target, "user", model::Role::Admin);
        }
        op.timeMs = 1700000000000 + i;
        ops.push_back(op);
    }
    for (size_t i = 0; i < ops.size(); ++i) ops[i].sequence = static_cast<int64_t>(i + 1);
    return ops;
}

}  // namespace framenote::test
