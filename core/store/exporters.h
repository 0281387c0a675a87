#pragma once
// Getting notes out of (and back into) a store:
//  - JSON: lossless (model::annotationToJson per note, replies, tags and times included), and
//    deterministic, so export -> import into a fresh store -> export is byte-identical.
//  - CSV: one row per note for spreadsheets (RFC 4180: CRLF, quotes doubled; text that a
//    spreadsheet would run as a formula is neutralized, see csvCell).
//  - EDL: a CMX3600 marker list that DaVinci Resolve imports as timeline markers
//    ("Timelines > Import > Timeline Markers from EDL"), one event per note.
//  - Avid marker list: the tab-separated text Media Composer's Markers window imports.
// Timecode comes from the caller (a std::function), so core/store needs no core/media.
#include <QByteArray>
#include <QString>
#include <functional>
#include <vector>

#include "core/common/result.h"
#include "core/model/annotation.h"
#include "core/store/import_options.h"

namespace framenote::store {

class DraftStore;

// Frame -> "HH:MM:SS:FF" (or "HH:MM:SS;FF" drop-frame), e.g. from media::Timecode.
using TimecodeFormatter = std::function<QString(int64_t frame)>;

// ---- JSON ----

// The notes of `mediaId` (empty: every media), sorted by (media, first_frame, created_ms, id).
Result<QByteArray> exportJson(DraftStore& store, const QString& mediaId);

// Imports every note as local operations (a create, then one reply operation per reply, so
// reply order survives), all in one transaction through DraftStore::importAnnotations (the bulk
// path): a bad row fails the whole import with an error naming the row, and the store is left
// exactly as it was.
Result<ImportCounts> importJson(DraftStore& store, const QByteArray& json,
                                const ImportOptions& options);

// ---- CSV ----

struct CsvOptions {
    TimecodeFormatter timecode;  // empty: the timecode column repeats the frame number
    bool excelBom = false;       // a UTF-8 BOM, so Excel reads Chinese text right
    // Set: a last column, `image`, naming each note's picture (ui/render/note_pictures.h).
    std::function<QString(const model::Annotation&)> image;
};
// Who wrote a cell's text, which decides whether it may start a spreadsheet formula.
enum class CsvCellSource {
    Produced,  // written by Framenote itself: frame numbers, timecode, status, the header
    User,      // typed by someone: note and reply text, authors, tags
};
// One RFC 4180 cell: quoted when it holds a comma, a quote or a line break, quotes doubled.
// A User cell that a spreadsheet would run as a formula (Excel, LibreOffice and Google Sheets
// evaluate a cell starting with = + - @, and some a tab or CR before one) is neutralized the
// OWASP way: a single quote goes first and the cell is quoted, the rest kept as it was. This
// covers a cell starting with = + - @ tab or CR, or with whitespace and then = + - @ (spreadsheets
// may trim the spaces). Produced cells are left alone: a frame number of ours stays a number.
// Every CSV writer goes through this function (the rule is in docs/USER_GUIDE.md, "Exporting
// notes").
QString csvCell(const QString& value, CsvCellSource source);

// Columns: frame, last_frame, timecode, author, status, kind, text, tags, replies. kind is the
// kind's stored name (model::kindName: "rect", "freehand"...), which names a note without text;
// text stays the note's own text, empty when it has none. author, kind (a newer version's kind
// keeps the name it came with), text, tags and replies are User cells (csvCell).
QByteArray csvFromAnnotations(const std::vector<model::Annotation>& notes,
                              const CsvOptions& options);

// ---- EDL (DaVinci Resolve markers) ----

struct EdlOptions {
    QString title = QStringLiteral("Framenote notes");
    bool dropFrame = false;      // the FCM line
    TimecodeFormatter timecode;  // record timecode of a frame (required)
    // Resolve's marker colour for a note; empty: open notes ResolveColorBlue, resolved Green.
    // resolveMarkerColor gives the one nearest the note's own colour.
    std::function<QString(const model::Annotation&)> color;
};
// The one of Resolve's 16 marker colours ("ResolveColorBlue", "ResolveColorCyan", ... "Cream")
// nearest `argb` (alpha ignored), as the timeline draws them.
QString resolveMarkerColor(uint32_t argb);
// TITLE and FCM lines, then per note:
//   001  001      V     C        01:00:00:00 01:00:00:01 01:00:00:00 01:00:00:01
//    |C:ResolveColorBlue |M:note text |D:1
// where D is the note's length in frames. '|' and line breaks in the text become '/' and spaces.
Result<QByteArray> edlFromAnnotations(const std::vector<model::Annotation>& notes,
                                      const EdlOptions& options);

// ---- Avid marker list ----

struct AvidMarkerOptions {
    TimecodeFormatter timecode;  // required
    QString track = QStringLiteral("V1");
};
// One line per note: author TAB timecode TAB track TAB colour TAB text TAB duration.
Result<QByteArray> avidMarkersFromAnnotations(const std::vector<model::Annotation>& notes,
                                              const AvidMarkerOptions& options);

}  // namespace framenote::store
