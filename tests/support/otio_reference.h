#pragma once
// The media reference of an OpenTimelineIO timeline's first clip (tracks > first track > first
// clip > media_reference), as our exporter writes it; an empty object when it is not there.
#include <QJsonArray>
#include <QJsonObject>

namespace framenote::test {

inline QJsonObject otioMediaReference(const QJsonObject& timeline) {
    return timeline["tracks"]
        .toObject()["children"]
        .toArray()[0]
        .toObject()["children"]
        .toArray()[0]
        .toObject()["media_reference"]
        .toObject();
}

}  // namespace framenote::test
