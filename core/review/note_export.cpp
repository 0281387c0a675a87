#include "core/review/note_export.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>
#include <algorithm>
#include <cstdint>

#include "core/media/media_report.h"
#include "core/media/sequence_name.h"
#include "core/store/draft_store.h"
#include "core/store/otio_markers.h"

namespace framenote::review {

std::optional<NoteFormat> parseNoteFormat(const QString& name) {
    if (name == "json") return NoteFormat::Json;
    if (name == "csv") return NoteFormat::Csv;
    if (name == "edl") return NoteFormat::Edl;
    if (name == "avid") return NoteFormat::Avid;
    if (name == "otio") return NoteFormat::Otio;
    return std::nullopt;
}

std::optional<EdlMarkerColors> parseEdlMarkerColors(const QString& name) {
    if (name == "status") return EdlMarkerColors::Status;
    if (name == "note") return EdlMarkerColors::Note;
    return std::nullopt;
}

QString noteFormatSuffix(NoteFormat format) {
    switch (format) {
        case NoteFormat::Json:
            return "json";
        case NoteFormat::Csv:
            return "csv";
        case NoteFormat::Edl:
            return "edl";
        case NoteFormat::Avid:
            return "txt";  // Media Composer imports marker lists as .txt
        case NoteFormat::Otio:
            return "otio";
    }
    return {};
}

namespace {

// The probe the store remembers of the media, else `probe` (the clip at hand).
QJsonObject mediaReport(store::DraftStore& store, const QString& mediaId,
                        const QJsonObject& probe) {
    auto record = store.media(mediaId);
    if (record && record->has_value() && !(*record)->probe.isEmpty()) return (*record)->probe;
    return probe;
}

}  // namespace

store::TimecodeFormatter timecodeForMedia(store::DraftStore& store, const QString& mediaId,
                                          const QJsonObject& probe) {
    const QJsonObject report = mediaReport(store, mediaId, probe);
    const auto clock = media::timecodeFromReport(report);
    return [clock](int64_t frame) { return QString::fromStdString(clock.toString(frame)); };
}

namespace {

// The clip an OTIO timeline holds, from the probe the store remembers of the media (else `probe`).
store::OtioClip otioClip(store::DraftStore& store, const QString& mediaId,
                         const QJsonObject& probe) {
    const QJsonObject report = mediaReport(store, mediaId, probe);
    store::OtioClip clip;
    clip.path = report["path"].toString();
    clip.name = QFileInfo(clip.path).fileName();
    clip.mediaId = mediaId;
    const QStringList rate = report["video"].toObject()["frame_rate"].toString().split('/');
    if (rate.size() == 2 && rate[0].toInt() > 0 && rate[1].toInt() > 0) {
        clip.rateNum = rate[0].toInt();
        clip.rateDen = rate[1].toInt();
    }
    clip.frameCount = report["frame_count"].toInteger();
    clip.startFrame = media::timecodeFromReport(report).startFrame();
    // An image sequence's path is its pattern ("shot.%04d.exr"): the reference names its files.
    const QFileInfo file(clip.path);
    const auto pattern = media::parseNamePattern(file.fileName().toStdString());
    if (report["container"].toString() == QLatin1String("image sequence") && pattern && *pattern) {
        clip.name = QString::fromStdString((*pattern)->prefix) +
                    QString(std::max(1, (*pattern)->padding), '#') +
                    QString::fromStdString((*pattern)->suffix);  // "shot.####.exr"
        clip.sequence = store::OtioSequence{file.absolutePath(),
                                            QString::fromStdString((*pattern)->prefix),
                                            QString::fromStdString((*pattern)->suffix),
                                            (*pattern)->padding,
                                            report["first_frame_number"].toInteger(),
                                            !report["missing_frames"].toArray().isEmpty()};
    }
    return clip;
}

}  // namespace

Result<QByteArray> exportNotes(store::DraftStore& store, const QString& mediaId, NoteFormat format,
                               const QJsonObject& probe, const NoteExportOptions& exportOptions) {
    if (format == NoteFormat::Json) return store::exportJson(store, mediaId);
    if (mediaId.isEmpty()) return makeError("this export format needs a media (a clip)");
    auto all = store.queries().inRange(mediaId, 0, INT64_MAX / 2);
    if (!all) return makeError(all.error());
    const auto timecode = timecodeForMedia(store, mediaId, probe);
    switch (format) {
        case NoteFormat::Csv: {
            store::CsvOptions options;
            options.timecode = timecode;
            return store::csvFromAnnotations(*all, options);
        }
        case NoteFormat::Edl: {
            store::EdlOptions options;
            options.timecode = timecode;
            options.dropFrame = timecode(0).contains(';');
            if (exportOptions.edlColors == EdlMarkerColors::Note)
                options.color = [](const model::Annotation& a) {
                    return store::resolveMarkerColor(a.style.color);
                };
            return store::edlFromAnnotations(*all, options);
        }
        case NoteFormat::Avid: {
            store::AvidMarkerOptions options;
            options.timecode = timecode;
            return store::avidMarkersFromAnnotations(*all, options);
        }
        case NoteFormat::Otio:
            return store::otioFromAnnotations(*all, otioClip(store, mediaId, probe));
        case NoteFormat::Json:
            break;
    }
    return makeError("unknown export format");
}

}  // namespace framenote::review
