#pragma once
// The notes as pictures beside a spreadsheet (docs/ARCHITECTURE.md, "Exports that leave the
// app"): in a folder, one JPEG per note (the exact first frame with the note burned in) and
// notes.csv, the CSV export's columns plus `image` naming each note's picture. The names sort in
// frame order: the frame zero-padded to the clip's digits, then the note's place on that frame
// (`000010_01.jpg`, `000010_02.jpg`, `000123_01.jpg`). Qt Gui only, so the desktop app (on a
// worker thread) and `framenote-cli notes export --format csv-jpeg` share it.
#include <QString>

#include "core/common/result.h"
#include "ui/render/review_report.h"

namespace framenote::render {

// The file name of each note's picture, in sortedByFrame order; `frameCount` sets the padding
// (at least six digits).
std::vector<QString> notePictureNames(const std::vector<model::Annotation>& sortedNotes,
                                      int64_t frameCount);

// Writes the pictures (at most `maxWidth` pixels wide, JPEG quality 90) and notes.csv into
// `folder` (made if missing; files of the same names replaced). Returns the number of pictures,
// or a message naming the file that could not be written or the frame that could not be decoded.
// Stopped by `progress`, it removes the pictures it wrote and fails with kCancelled.
Result<int> writeNotePictures(const ReviewReportInput& input, media::FrameSource& decoder,
                              const QString& folder, const RenderProgress& progress = {},
                              int maxWidth = 1920);

}  // namespace framenote::render
