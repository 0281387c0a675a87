// Notes as an OpenTimelineIO timeline: the output holds only the objects and fields OTIO's
// published serialized schema lists for their schema versions (Timeline.1, Stack.1, Track.1,
// Clip.1, ExternalReference.1, Marker.2, TimeRange.1, RationalTime.1), every time in the clip's
// media time; and it reads back through our own reader to the same notes. Hostile files get a
// clear error.
#include "core/store/otio_markers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <cmath>
#include <map>

#include "core/model/rich_text.h"
#include "store_fixtures.h"
#include "tests/support/otio_reference.h"

namespace framenote::test {
namespace {

// The fields of each schema, as OTIO's docs/tutorials/otio-serialized-schema.md lists them.
const std::map<QString, QSet<QString>>& publishedFields() {
    static const std::map<QString, QSet<QString>> fields{
        {"Timeline.1", {"OTIO_SCHEMA", "global_start_time", "metadata", "name", "tracks"}},
        {"Stack.1",
         {"OTIO_SCHEMA", "children", "effects", "markers", "metadata", "name", "source_range"}},
        {"Track.1",
         {"OTIO_SCHEMA", "children", "effects", "kind", "markers", "metadata", "name",
          "source_range"}},
        {"Clip.1",
         {"OTIO_SCHEMA", "effects", "markers", "media_reference", "metadata", "name",
          "source_range"}},
        {"ExternalReference.1",
         {"OTIO_SCHEMA", "available_range", "metadata", "name", "target_url"}},
        {"ImageSequenceReference.1",
         {"OTIO_SCHEMA", "available_range", "frame_step", "frame_zero_padding", "metadata",
          "missing_frame_policy", "name", "name_prefix", "name_suffix", "rate", "start_frame",
          "target_url_base"}},
        {"Marker.2", {"OTIO_SCHEMA", "color", "marked_range", "metadata", "name"}},
        {"TimeRange.1", {"OTIO_SCHEMA", "duration", "start_time"}},
        {"RationalTime.1", {"OTIO_SCHEMA", "rate", "value"}},
    };
    return fields;
}

const QSet<QString> kMarkerColours{"PINK", "RED",    "ORANGE",  "YELLOW", "GREEN", "CYAN",
                                   "BLUE", "PURPLE", "MAGENTA", "BLACK",  "WHITE"};

// Checks `value` and everything under it against the published schema; appends what is wrong.
void validate(const QJsonValue& value, const QString& where, QStringList* problems) {
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            validate(array[i], QStringLiteral("%1[%2]").arg(where).arg(i), problems);
        return;
    }
    if (!value.isObject()) return;
    const QJsonObject object = value.toObject();
    if (!object.contains("OTIO_SCHEMA")) {  // a metadata dictionary: free-form
        return;
    }
    const QString schema = object["OTIO_SCHEMA"].toString();
    const auto known = publishedFields().find(schema);
    if (known == publishedFields().end()) {
        *problems << where + ": unknown schema " + schema;
        return;
    }
    const QStringList keys = object.keys();
    const QSet<QString> present(keys.begin(), keys.end());
    if (present != known->second)
        *problems << where + " (" + schema + "): fields " + QStringList(keys).join(',');
    if (schema == "RationalTime.1" &&
        (!object["rate"].isDouble() || object["rate"].toDouble() <= 0 ||
         !object["value"].isDouble()))
        *problems << where + ": a RationalTime needs a positive rate and a value";
    if (schema == "Marker.2" && !kMarkerColours.contains(object["color"].toString()))
        *problems << where + ": colour " + object["color"].toString();
    if (schema == "Track.1" && object["kind"].toString() != "Video" &&
        object["kind"].toString() != "Audio")
        *problems << where + ": kind " + object["kind"].toString();
    if (schema == "ExternalReference.1" && !object["target_url"].toString().startsWith("file:///"))
        *problems << where + ": target_url " + object["target_url"].toString();
    if (schema == "ImageSequenceReference.1") {
        const QString base = object["target_url_base"].toString();
        if (!base.startsWith("file:///") || !base.endsWith('/'))
            *problems << where + ": target_url_base " + base;
        if (!QSet<QString>{"error", "hold", "black"}.contains(
                object["missing_frame_policy"].toString()))
            *problems << where + ": missing_frame_policy";
        for (const char* number : {"start_frame", "frame_step", "frame_zero_padding", "rate"})
            if (!object[number].isDouble()) *problems << where + ": " + number + " not a number";
    }
    for (const QString& key : keys)
        if (key != "metadata") validate(object[key], where + "." + key, problems);
}

store::OtioClip clip2397() {
    store::OtioClip clip;
    clip.name = "shot_010.mov";
    clip.path = "/shows/demo/shot 010.mov";
    clip.mediaId = "m1";
    clip.rateNum = 24000;
    clip.rateDen = 1001;
    clip.frameCount = 240;
    clip.startFrame = 86400;  // 01:00:00:00
    return clip;
}

std::vector<model::Annotation> someNotes() {
    model::Annotation red = note("m1", 10, 20, QString::fromUtf8("<b>Sky</b> too cyan, 镜头太暗"));
    red.style.color = 0xffe0301e;
    red.author = "ana";
    red.replies.push_back({QUuid::createUuid(), "bob", "agreed", kT0, kT0, false});
    red.replies.push_back({QUuid::createUuid(), "bob", "gone", kT0, kT0, true});
    model::Annotation green = note("m1", 0, 0);
    green.kind = model::Kind::Rect;
    green.style.color = 0xff10d010;
    green.status = model::Status::Resolved;
    model::Annotation last = note("m1", 239, 239, "the last frame");
    last.style.color = 0xff2060ff;
    return {red, green, last};
}

// An image sequence is one ImageSequenceReference whose files are the sequence's: the URL base,
// prefix, number padded as the files are, suffix; frame n of the clip is file first + n.
TEST(OtioMarkers, AnImageSequenceIsReferencedAsASequenceOfItsFiles) {
    store::OtioClip clip = clip2397();
    clip.name = "shot.####.exr";
    clip.path = "/shows/demo/plates v2/shot.%04d.exr";
    clip.rateNum = 24;
    clip.rateDen = 1;
    clip.startFrame = 0;
    clip.sequence = store::OtioSequence{"/shows/demo/plates v2", "shot.", ".exr", 4, 1001, true};
    const QJsonDocument document =
        QJsonDocument::fromJson(take(store::otioFromAnnotations(someNotes(), clip)));
    QStringList problems;
    validate(document.object(), "timeline", &problems);
    EXPECT_TRUE(problems.isEmpty()) << problems.join('\n').toStdString();
    const QJsonObject reference = framenote::test::otioMediaReference(document.object());
    EXPECT_EQ(reference["OTIO_SCHEMA"].toString(), QString("ImageSequenceReference.1"));
    EXPECT_EQ(reference["target_url_base"].toString(), QString("file:///shows/demo/plates%20v2/"));
    EXPECT_EQ(reference["name_prefix"].toString(), QString("shot."));
    EXPECT_EQ(reference["name_suffix"].toString(), QString(".exr"));
    EXPECT_EQ(reference["start_frame"].toInteger(), 1001);
    EXPECT_EQ(reference["frame_zero_padding"].toInt(), 4);
    EXPECT_EQ(reference["rate"].toDouble(), 24.0);
    EXPECT_EQ(reference["missing_frame_policy"].toString(), QString("black"));  // a gap
    // The markers read back as for a movie.
    const auto markers = take(store::markersFromOtio(document.toJson()));
    ASSERT_EQ(markers.size(), 3u);
    EXPECT_EQ(markers[0].firstFrame, 10);
}

TEST(OtioMarkers, TheTimelineHasOnlyThePublishedSchemasAndFields) {
    const QByteArray otio = take(store::otioFromAnnotations(someNotes(), clip2397()));
    const QJsonDocument document = QJsonDocument::fromJson(otio);
    ASSERT_TRUE(document.isObject());
    QStringList problems;
    validate(document.object(), "timeline", &problems);
    EXPECT_TRUE(problems.isEmpty()) << problems.join('\n').toStdString();

    const QJsonObject timeline = document.object();
    EXPECT_EQ(timeline["OTIO_SCHEMA"].toString(), QString("Timeline.1"));
    EXPECT_DOUBLE_EQ(timeline["global_start_time"].toObject()["rate"].toDouble(), 24000.0 / 1001);
    EXPECT_EQ(timeline["global_start_time"].toObject()["value"].toDouble(), 86400);
    const QJsonObject track = timeline["tracks"].toObject()["children"].toArray()[0].toObject();
    EXPECT_EQ(track["kind"].toString(), QString("Video"));
    const QJsonObject clip = track["children"].toArray()[0].toObject();
    EXPECT_EQ(clip["media_reference"].toObject()["target_url"].toString(),
              QString("file:///shows/demo/shot%20010.mov"));
    EXPECT_EQ(clip["source_range"].toObject()["duration"].toObject()["value"].toDouble(), 240);
    // Markers in the clip's media time: the note on frame 10 starts at 86410, 11 frames long.
    const QJsonObject marker = clip["markers"].toArray()[0].toObject();
    EXPECT_EQ(marker["marked_range"].toObject()["start_time"].toObject()["value"].toDouble(),
              86410);
    EXPECT_EQ(marker["marked_range"].toObject()["duration"].toObject()["value"].toDouble(), 11);
    EXPECT_EQ(marker["color"].toString(), QString("RED"));
    EXPECT_EQ(marker["name"].toString(), QString::fromUtf8("Sky too cyan, 镜头太暗"));
}

TEST(OtioMarkers, MarkersReadBackToTheSameNotes) {
    const std::vector<model::Annotation> notes = someNotes();
    const std::vector<store::OtioMarker> markers =
        take(store::markersFromOtio(take(store::otioFromAnnotations(notes, clip2397()))));
    ASSERT_EQ(markers.size(), notes.size());
    const char* colours[] = {"RED", "GREEN", "BLUE"};
    for (size_t i = 0; i < notes.size(); ++i) {
        EXPECT_EQ(markers[i].firstFrame, notes[i].firstFrame) << i;
        EXPECT_EQ(markers[i].lastFrame, notes[i].lastFrame) << i;
        EXPECT_EQ(markers[i].noteId, notes[i].id.toString(QUuid::WithoutBraces)) << i;
        EXPECT_EQ(markers[i].text, model::plainText(notes[i].text)) << i;
        EXPECT_EQ(markers[i].author, notes[i].author) << i;
        EXPECT_EQ(markers[i].status, model::statusName(notes[i].status)) << i;
        EXPECT_EQ(markers[i].color, colours[i]) << i;
    }
    EXPECT_EQ(markers[1].name, "rect");  // a note without text is named by its kind
    EXPECT_EQ(markers[0].replies, QStringList{"agreed"});  // deleted replies stay out
}

TEST(OtioMarkers, AnotherToolsRateAndStartAreFollowed) {
    // A marker written at another rate (seconds at 1 fps) lands on the clip's frames.
    QByteArray otio = take(store::otioFromAnnotations({}, clip2397()));
    QJsonObject timeline = QJsonDocument::fromJson(otio).object();
    QJsonObject stack = timeline["tracks"].toObject();
    QJsonArray tracks = stack["children"].toArray();
    QJsonObject track = tracks[0].toObject();
    QJsonArray clips = track["children"].toArray();
    QJsonObject clip = clips[0].toObject();
    const double rate = 24000.0 / 1001;
    clip["markers"] = QJsonArray{QJsonObject{
        {"OTIO_SCHEMA", "Marker.2"},
        {"name", "from another tool"},
        {"color", "RED"},
        {"metadata", QJsonObject()},
        {"marked_range", QJsonObject{{"OTIO_SCHEMA", "TimeRange.1"},
                                     {"start_time", QJsonObject{{"OTIO_SCHEMA", "RationalTime.1"},
                                                                {"rate", 1.0},
                                                                {"value", (86400 + 48) / rate}}},
                                     {"duration", QJsonObject{{"OTIO_SCHEMA", "RationalTime.1"},
                                                              {"rate", 1.0},
                                                              {"value", 2 / rate}}}}}}};
    clips[0] = clip;
    track["children"] = clips;
    tracks[0] = track;
    stack["children"] = tracks;
    timeline["tracks"] = stack;
    const auto markers = take(store::markersFromOtio(QJsonDocument(timeline).toJson()));
    ASSERT_EQ(markers.size(), 1u);
    EXPECT_EQ(markers[0].firstFrame, 48);
    EXPECT_EQ(markers[0].lastFrame, 49);
    EXPECT_EQ(markers[0].name, "from another tool");
}

TEST(OtioMarkers, FilesThatAreNotTimelinesAreRefusedClearly) {
    const auto refusal = [](const QByteArray& bytes) {
        auto markers = store::markersFromOtio(bytes);
        return markers ? std::string("accepted") : markers.error();
    };
    EXPECT_NE(refusal("{ not json").find("not JSON"), std::string::npos);
    EXPECT_NE(refusal(R"({"OTIO_SCHEMA": "Clip.1"})").find("not an OpenTimelineIO timeline"),
              std::string::npos);
    EXPECT_NE(refusal(R"({"OTIO_SCHEMA": "Timeline.1", "tracks": {}})").find("no clip"),
              std::string::npos);
    QByteArray noRange = take(store::otioFromAnnotations(someNotes(), clip2397()));
    noRange.replace("\"marked_range\"", "\"unmarked_range\"");
    EXPECT_NE(refusal(noRange).find("marker 1 has no marked range"), std::string::npos);
    const QByteArray huge(65 << 20, ' ');
    EXPECT_NE(refusal(huge).find("over 64 MiB"), std::string::npos);
}

}  // namespace
}  // namespace framenote::test
