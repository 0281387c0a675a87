#pragma once
// A clip's notes as a file in one of the store's export formats (core/store/exporters.h), with
// the clip's own timecode. The desktop app's File > Export and `framenote-cli notes export`
// both go through exportNotes(), so the two always write the same bytes.
// Runs where the store lives (the store thread in the app).
#include <QByteArray>
#include <QString>
#include <optional>

#include "core/common/result.h"
#include "core/store/exporters.h"

namespace framenote::store {
class DraftStore;
}

namespace framenote::render {

enum class NoteFormat { Json, Csv, Edl, Avid };

// "json", "csv", "edl", "avid" -> the format; nullopt for anything else.
std::optional<NoteFormat> parseNoteFormat(const QString& name);
// The usual file suffix, without the dot: "json", "csv", "edl", "txt".
QString noteFormatSuffix(NoteFormat format);

// Timecode of a media's frames, from the probe the store remembers of it (start timecode and
// rate); 25 fps from 00:00:00:00 when the store knows nothing of the media.
store::TimecodeFormatter timecodeForMedia(store::DraftStore& store, const QString& mediaId);

// The notes of `mediaId` in `format`. JSON with an empty mediaId exports every media; the other
// formats need one.
Result<QByteArray> exportNotes(store::DraftStore& store, const QString& mediaId, NoteFormat format);

}  // namespace framenote::render
