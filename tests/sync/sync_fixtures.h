#pragma once
// Shared by the sync tests: a room with a few participants and realistic operations.
#include <QUuid>

#include "core/model/operation.h"
#include "core/sync/participant_table.h"
#include "core/sync/quantization.h"
#include "core/sync/wire_codec.h"

namespace framenote::test {

inline const QString kRoomMedia =
    "9f2c4e0b7d1a5c3e8f6b2d4a0c9e7f1b3d5a7c9e1f3b5d7a9c0e2f4b6d8a0c2e";

struct Room {
    sync::ParticipantTable table;
    sync::RoomContext context{kRoomMedia, table};
    Room() {
        table.assign("ana", model::Role::Reviewer);
        table.assign("李雷", model::Role::Admin);
        table.assign("bo", model::Role::Viewer);
    }
};

inline model::Annotation annotationOf(const QString& kind, const QString& author = "ana") {
    model::Annotation a;
    a.id = QUuid::createUuid();
    a.mediaId = kRoomMedia;
    model::setKindFromName(a, kind);
    a.firstFrame = 1234;
    a.lastFrame = 1240;
    if (kind == "text")
        a.points = {{0.1, 0.2}, {0.4, 0.3}};
    else if (kind == "freehand")
        for (int i = 0; i < 50; ++i) a.points.push_back({0.3 + 0.002 * i, 0.4 + 0.001 * (i % 7)});
    else
        a.points = {{0.12345, 0.23456}, {0.54321, 0.65432}};
    a.text = kind == "text" ? "<b>色彩</b>偏暖，请修正 the <i>flare</i>" : "";
    a.author = author;
    a.createdMs = a.updatedMs = 1732500000123;
    return a;
}

// A freehand note with a long path (`points` points, different for each `seed`): operations big
// enough to fill a socket, a replay page or a disk.
inline model::Annotation longStrokeOf(const QString& author, int points, int seed = 0) {
    model::Annotation a = annotationOf("freehand", author);
    a.points.clear();
    for (int k = 0; k < points; ++k)
        a.points.push_back({(k * 37 % 1000) / 1000.0, ((k + seed) * 91 % 1000) / 1000.0});
    return a;
}

}  // namespace framenote::test
