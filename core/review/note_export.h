#pragma once
// A clip's notes as a file in one of the store's export formats (core/store/exporters.h), with
// the clip's own timecode. The desktop app's File > Export and `framenote-cli notes export`
// both go through exportNotes(), so the two always write the same bytes.
// Runs where the store lives (the store thread in the app).
#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <optional>

#include "core/common/result.h"
#include "core/store/exporters.h"

namespace framenote::store {
class DraftStore;
}

namespace framenote::review {

enum class NoteFormat { Json, Csv, Edl, Avid, Otio };

// "json", "csv", "edl", "avid", "otio" -> the format; nullopt for anything else.
std::optional<NoteFormat> parseNoteFormat(const QString& name);

// What colours an EDL's markers: the note's status (open blue, resolved green), the default, or
// the note's own colour as the nearest of Resolve's (store::resolveMarkerColor).
enum class EdlMarkerColors { Status, Note };
// "status", "note" -> the choice; nullopt for anything else.
std::optional<EdlMarkerColors> parseEdlMarkerColors(const QString& name);

// How exportNotes writes what a format leaves open.
struct NoteExportOptions {
    EdlMarkerColors edlColors = EdlMarkerColors::Status;
};
// The usual file suffix, without the dot: "json", "csv", "edl", "txt", "otio".
QString noteFormatSuffix(NoteFormat format);

// Timecode of a media's frames, from the probe the store remembers of it (start timecode and
// rate), else from `probe` (media_report.h: the clip at hand, when the store never opened it: a
// store filled by an import or a session), else 25 fps from 00:00:00:00.
store::TimecodeFormatter timecodeForMedia(store::DraftStore& store, const QString& mediaId,
                                          const QJsonObject& probe = {});

// The notes of `mediaId` in `format`. JSON with an empty mediaId exports every media; the other
// formats need one.
// `probe` as for timecodeForMedia.
Result<QByteArray> exportNotes(store::DraftStore& store, const QString& mediaId, NoteFormat format,
                               const QJsonObject& probe = {},
                               const NoteExportOptions& options = {});

}  // namespace framenote::review
