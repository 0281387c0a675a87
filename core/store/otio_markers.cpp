#include "core/store/otio_markers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <cmath>

#include "core/model/rich_text.h"
#include "core/store/nearest_colour.h"

namespace framenote::store {

namespace {

constexpr qsizetype kMaxFileBytes = qsizetype{64} << 20;
constexpr qsizetype kMaxMarkers = 1'000'000;
constexpr qsizetype kMaxNameChars = 80;

// OpenTimelineIO's MarkerColor enum, with the colours its viewers draw them in.
constexpr NamedColour kMarkerColours[] = {
    {"RED", 0xff0000},     {"PINK", 0xffc0cb},  {"ORANGE", 0xffa500}, {"YELLOW", 0xffff00},
    {"GREEN", 0x00ff00},   {"CYAN", 0x00ffff},  {"BLUE", 0x0000ff},   {"PURPLE", 0x800080},
    {"MAGENTA", 0xff00ff}, {"BLACK", 0x000000}, {"WHITE", 0xffffff},
};

QJsonObject rationalTime(double value, double rate) {
    return {{"OTIO_SCHEMA", "RationalTime.1"}, {"rate", rate}, {"value", value}};
}

QJsonObject timeRange(double start, double duration, double rate) {
    return {{"OTIO_SCHEMA", "TimeRange.1"},
            {"start_time", rationalTime(start, rate)},
            {"duration", rationalTime(duration, rate)}};
}

// The fields every Item (Clip, Track, Stack) carries, as the schema lists them.
QJsonObject item(const char* schema, const QString& name) {
    return {{"OTIO_SCHEMA", schema},     {"name", name},
            {"metadata", QJsonObject()}, {"source_range", QJsonValue::Null},
            {"effects", QJsonArray()},   {"markers", QJsonArray()}};
}

QJsonObject marker(const model::Annotation& note, const OtioClip& clip, double rate) {
    const QString text = model::plainText(note.text);
    QString name = text.simplified();
    if (name.size() > kMaxNameChars) name = name.left(kMaxNameChars - 3) + QStringLiteral("...");
    if (name.isEmpty()) name = model::kindName(note);
    QJsonArray replies;
    for (const model::Reply& reply : note.replies)
        if (!reply.deleted)
            replies.append(
                QJsonObject{{"author", reply.author}, {"text", model::plainText(reply.text)}});
    const QJsonObject framenote{{"note_id", note.id.toString(QUuid::WithoutBraces)},
                                {"text", text},
                                {"author", note.author},
                                {"status", model::statusName(note.status)},
                                {"kind", model::kindName(note)},
                                {"first_frame", static_cast<qint64>(note.firstFrame)},
                                {"last_frame", static_cast<qint64>(note.lastFrame)},
                                {"replies", replies}};
    return {{"OTIO_SCHEMA", "Marker.2"},
            {"name", name},
            {"color", QLatin1String(nearestColourName(note.style.color, kMarkerColours))},
            {"marked_range", timeRange(double(clip.startFrame + note.firstFrame),
                                       double(note.lastFrame - note.firstFrame + 1), rate)},
            {"metadata", QJsonObject{{"framenote", framenote}}}};
}

}  // namespace

Result<QByteArray> otioFromAnnotations(const std::vector<model::Annotation>& notes,
                                       const OtioClip& clip) {
    if (clip.rateNum <= 0 || clip.rateDen <= 0)
        return makeError("OTIO export: the clip has no frame rate");
    const double rate = double(clip.rateNum) / clip.rateDen;
    QJsonArray markers;
    for (const model::Annotation& note : notes) markers.append(marker(note, clip, rate));

    QJsonObject reference{
        {"name", clip.name},
        {"available_range", timeRange(double(clip.startFrame), double(clip.frameCount), rate)},
        {"metadata", QJsonObject()}};
    if (const auto& sequence = clip.sequence) {
        // The available range's start is the first file's time: file number firstNumber + n is
        // the range's frame n.
        reference["OTIO_SCHEMA"] = QStringLiteral("ImageSequenceReference.1");
        reference["target_url_base"] =
            QUrl::fromLocalFile(sequence->directory + '/').toString(QUrl::FullyEncoded);
        reference["name_prefix"] = sequence->prefix;
        reference["name_suffix"] = sequence->suffix;
        reference["start_frame"] = static_cast<qint64>(sequence->firstNumber);
        reference["frame_step"] = 1;
        reference["rate"] = rate;
        reference["frame_zero_padding"] = sequence->padding;
        reference["missing_frame_policy"] =
            sequence->gaps ? QStringLiteral("black") : QStringLiteral("error");
    } else {
        reference["OTIO_SCHEMA"] = QStringLiteral("ExternalReference.1");
        reference["target_url"] = QUrl::fromLocalFile(clip.path).toString(QUrl::FullyEncoded);
    }
    QJsonObject clipItem = item("Clip.1", clip.name);
    clipItem["media_reference"] = reference;
    clipItem["source_range"] = timeRange(double(clip.startFrame), double(clip.frameCount), rate);
    clipItem["markers"] = markers;

    QJsonObject track = item("Track.1", QStringLiteral("V1"));
    track["kind"] = QStringLiteral("Video");
    track["children"] = QJsonArray{clipItem};
    QJsonObject stack = item("Stack.1", QStringLiteral("tracks"));
    stack["children"] = QJsonArray{track};

    const QJsonObject timeline{
        {"OTIO_SCHEMA", "Timeline.1"},
        {"name", clip.name},
        {"global_start_time", rationalTime(double(clip.startFrame), rate)},
        {"metadata",
         QJsonObject{
             {"framenote",
              QJsonObject{{"media_id", clip.mediaId},
                          {"rate", QStringLiteral("%1/%2").arg(clip.rateNum).arg(clip.rateDen)}}}}},
        {"tracks", stack}};
    return QJsonDocument(timeline).toJson(QJsonDocument::Indented);
}

namespace {

bool isSchema(const QJsonValue& value, const char* name) {
    return value.toObject()["OTIO_SCHEMA"].toString().startsWith(QLatin1String(name) + '.');
}

// A RationalTime's value in frames at `rate`; false if it is not one.
bool framesAt(const QJsonValue& time, double rate, double* frames) {
    if (!isSchema(time, "RationalTime")) return false;
    const QJsonObject t = time.toObject();
    const double ownRate = t["rate"].toDouble();
    const QJsonValue value = t["value"];
    if (!value.isDouble() || !(ownRate > 0) || !std::isfinite(value.toDouble())) return false;
    *frames = value.toDouble() * rate / ownRate;
    return std::abs(*frames) < 1e15;
}

}  // namespace

Result<std::vector<OtioMarker>> markersFromOtio(const QByteArray& json) {
    if (json.size() > kMaxFileBytes)
        return makeError("the OpenTimelineIO file is over 64 MiB, larger than a notes timeline");
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (document.isNull())
        return makeError("not JSON: " + parseError.errorString().toStdString() + " at byte " +
                         std::to_string(parseError.offset));
    if (!isSchema(document.object(), "Timeline"))
        return makeError("not an OpenTimelineIO timeline (no Timeline OTIO_SCHEMA at the top)");
    QJsonObject clip;
    for (const QJsonValue track : document.object()["tracks"].toObject()["children"].toArray()) {
        if (!isSchema(track, "Track")) continue;
        for (const QJsonValue child : track.toObject()["children"].toArray())
            if (isSchema(child, "Clip")) {
                clip = child.toObject();
                break;
            }
        if (!clip.isEmpty()) break;
    }
    if (clip.isEmpty()) return makeError("the timeline holds no clip");
    const QJsonObject range = clip["source_range"].toObject();
    const double rate = range["start_time"].toObject()["rate"].toDouble();
    double clipStart = 0;
    if (!(rate > 0) || !framesAt(range["start_time"], rate, &clipStart))
        return makeError("the clip has no source range with a frame rate");
    const QJsonArray markers = clip["markers"].toArray();
    if (markers.size() > kMaxMarkers)
        return makeError("the clip has " + std::to_string(markers.size()) +
                         " markers, more than 1,000,000");
    std::vector<OtioMarker> result;
    for (qsizetype i = 0; i < markers.size(); ++i) {
        const QJsonObject m = markers[i].toObject();
        const std::string where = "marker " + std::to_string(i + 1);
        if (!isSchema(m, "Marker")) return makeError(where + " is not a Marker");
        const QJsonObject marked = m["marked_range"].toObject();
        double start = 0, duration = 0;
        if (!framesAt(marked["start_time"], rate, &start) ||
            !framesAt(marked["duration"], rate, &duration))
            return makeError(where + " has no marked range");
        OtioMarker out;
        out.name = m["name"].toString();
        out.color = m["color"].toString();
        out.firstFrame = std::llround(start - clipStart);
        out.lastFrame = out.firstFrame + std::max<int64_t>(1, std::llround(duration)) - 1;
        const QJsonObject framenote = m["metadata"].toObject()["framenote"].toObject();
        out.noteId = framenote["note_id"].toString();
        out.text = framenote["text"].toString();
        out.author = framenote["author"].toString();
        out.status = framenote["status"].toString();
        for (const QJsonValue reply : framenote["replies"].toArray())
            out.replies << reply.toObject()["text"].toString();
        result.push_back(std::move(out));
    }
    return result;
}

}  // namespace framenote::store
