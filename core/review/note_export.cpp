#include "core/review/note_export.h"

#include <QJsonObject>
#include <cstdint>

#include "core/media/media_report.h"
#include "core/store/draft_store.h"

namespace framenote::review {

std::optional<NoteFormat> parseNoteFormat(const QString& name) {
    if (name == "json") return NoteFormat::Json;
    if (name == "csv") return NoteFormat::Csv;
    if (name == "edl") return NoteFormat::Edl;
    if (name == "avid") return NoteFormat::Avid;
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
    }
    return {};
}

store::TimecodeFormatter timecodeForMedia(store::DraftStore& store, const QString& mediaId,
                                          const QJsonObject& probe) {
    auto record = store.media(mediaId);
    QJsonObject report = probe;
    if (record && record->has_value() && !(*record)->probe.isEmpty()) report = (*record)->probe;
    const auto clock = media::timecodeFromReport(report);
    return [clock](int64_t frame) { return QString::fromStdString(clock.toString(frame)); };
}

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
        case NoteFormat::Json:
            break;
    }
    return makeError("unknown export format");
}

}  // namespace framenote::review
