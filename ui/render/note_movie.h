#pragma once
// A movie of a frame range with the notes' drawings burned in (docs/ARCHITECTURE.md, "Exports
// that leave the app"): frame k of the movie is source frame first + k, decoded exactly, with
// the drawings the viewer shows on that frame; the source's sound from the same instant, in sync.
// Qt Gui only, so the desktop app (on a worker thread) and `framenote-cli notes export --format
// movie` share it.
#include <QString>
#include <cstdint>
#include <optional>
#include <string>

#include "core/common/result.h"
#include "core/media/rational.h"
#include "ui/render/review_report.h"

namespace framenote::render {

struct FrameRange {
    int64_t first = 0;
    int64_t last = 0;  // inclusive
    int64_t count() const { return last - first + 1; }
};

// The annotated range: from the first note's first frame to the last note's last frame, within
// the clip's `frameCount` frames; nullopt without notes.
std::optional<FrameRange> annotatedRange(const std::vector<model::Annotation>& notes,
                                         int64_t frameCount);

struct NoteMovieOptions {
    FrameRange range;
    media::Rational frameRate{24, 1};  // the clip's: the movie plays at it
    std::string soundFile;             // the clip, when it has sound; empty: a silent movie
    int maxWidth = 3840;               // wider clips are scaled down to this
};

struct NoteMovie {
    int64_t frames = 0;
    int width = 0;
    int height = 0;
    bool sound = false;
    std::string videoEncoder;  // "libx264" where it is present
};

// Writes the movie to `path` (replaced only once complete). Fails with a message naming the
// frame that could not be decoded or the file that could not be written; stopped by `progress`,
// it leaves nothing behind and fails with kCancelled.
Result<NoteMovie> writeNoteMovie(const ReviewReportInput& input, media::FrameSource& decoder,
                                 const QString& path, const NoteMovieOptions& options,
                                 const RenderProgress& progress = {});

}  // namespace framenote::render
