#pragma once
// An annotation: a drawing or a text note bound to a frame range of one media file, with its
// comment thread. Geometry is normalized to the displayed picture (docs/PROTOCOL.md,
// "Encoding"): x and y in [0,1], origin top-left, after pixel aspect, so it is drawn right at any
// zoom or resolution.
#include <QString>
#include <QStringList>
#include <QUuid>
#include <cstdint>
#include <vector>

#include "core/model/kind_registry.h"

namespace framenote::model {

enum class Status { Open, Resolved };
enum class Role { Viewer = 0, Reviewer = 1, Admin = 2 };

struct Point {
    double x = 0;
    double y = 0;
    friend bool operator==(const Point&, const Point&) = default;
};

struct Style {
    uint32_t color = 0xffff3b30;  // ARGB
    double width = 0.004;         // stroke width as a fraction of the picture height
    bool filled = false;
    uint32_t fill = 0x40ff3b30;  // ARGB, used when filled
    friend bool operator==(const Style&, const Style&) = default;
};

struct Reply {
    QUuid id;
    QString author;
    QString text;  // rich text subset (rich_text.h)
    int64_t createdMs = 0;
    int64_t updatedMs = 0;
    bool deleted = false;
    friend bool operator==(const Reply&, const Reply&) = default;
};

struct Annotation {
    QUuid id;                // made by its creator
    QString mediaId;         // the media fingerprint
    int64_t firstFrame = 0;  // frame range [firstFrame, lastFrame], a single frame by default
    int64_t lastFrame = 0;
    Kind kind = Kind::Unknown;  // by name only where stored, exported or sent (kindName below)
    QString unknownKind;        // the name when kind is Kind::Unknown (a newer version's kind)
    std::vector<Point> points;  // meaning depends on the kind (kind_registry.h)
    Style style;
    QString text;  // rich text subset (rich_text.h)
    QString author;
    Role creatorRole = Role::Reviewer;
    int64_t createdMs = 0;
    int64_t updatedMs = 0;
    Status status = Status::Open;
    QStringList tags;
    std::vector<Reply> replies;

    bool onFrame(int64_t frame) const { return frame >= firstFrame && frame <= lastFrame; }
    friend bool operator==(const Annotation&, const Annotation&) = default;
};

// The note's kind by name, where notes are stored, exported or sent, and back: the one place
// annotations and kind names meet. A name no registered kind has is kept as it came (Kind::
// Unknown), so that validation refuses it by name and a store a newer version wrote loads.
QString kindName(const Annotation& a);
void setKindFromName(Annotation& a, const QString& name);

QString statusName(Status status);
bool parseStatus(const QString& name, Status* status);
QString roleName(Role role);
bool parseRole(const QString& name, Role* role);

}  // namespace framenote::model
