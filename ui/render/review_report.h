#pragma once
// The PDF review report: a title page (clip, date, counts, a summary of the notes), then one
// page per note sorted by frame: the exact frame with the note's drawing burned in, frame
// number, timecode, author, status, the note's rich text and its replies.
// Qt Gui only (QPdfWriter, QPainter, QTextDocument), so the desktop app (on a worker thread)
// and `framenote-cli notes report` share it.
#include <QDateTime>
#include <QImage>
#include <QJsonObject>
#include <QString>
#include <functional>
#include <vector>

#include "core/common/result.h"
#include "core/media/video_frame.h"
#include "core/model/annotation.h"
#include "core/store/exporters.h"

namespace framenote::media {
class FrameSource;
}
namespace framenote::store {
class DraftStore;
}

namespace framenote::render {

struct ReviewReportInput {
    QString clipName;  // shown in the title and page headers
    QString mediaId;
    double pixelAspect = 1.0;              // the stream's sample aspect (anamorphic clips)
    std::vector<model::Annotation> notes;  // any order: the report sorts them by frame
    store::TimecodeFormatter timecode;     // frame -> timecode text
    QDateTime generated = QDateTime::currentDateTime();
};

// The notes and timecode of `mediaId` from the store (run it where the store lives).
// `probe`: the clip's probe, for its timecode when the store never opened it
// (core/review/note_export.h).
Result<ReviewReportInput> loadReviewReportInput(store::DraftStore& store, const QString& mediaId,
                                                const QJsonObject& probe = {});

// `frame` shown at its display aspect, scaled to at most maxWidth pixels wide, with
// `annotations` painted over it by the overlay's own painter (annotation_painter.h).
QImage burnIn(const media::RgbaImage& frame, double pixelAspect,
              const std::vector<model::Annotation>& annotations, int maxWidth);

// The exact frame `frameNumber`, decoded by `decoder`, with `drawings` burned in.
Result<QImage> frameImage(media::FrameSource& decoder, int64_t frameNumber,
                          const std::vector<model::Annotation>& drawings, double pixelAspect,
                          int maxWidth);

// `notes` in frame order, then creation order (then id): the order of the report's pages and of
// the exported pictures.
std::vector<model::Annotation> sortedByFrame(std::vector<model::Annotation> notes);

// The report's pages after the title: one per annotated frame, its notes (in frame, then
// creation order) written under a picture with every drawing shown on that frame; a note that
// spans a range gets a page of its own, at its first frame.
struct ReportPage {
    int64_t frame = 0;
    bool range = false;
    std::vector<model::Annotation> notes;     // written on the page
    std::vector<model::Annotation> drawings;  // drawn on its picture
};
std::vector<ReportPage> reportPages(const std::vector<model::Annotation>& notes);

// The exact first frame of `note`, decoded by `decoder`, with the note burned in.
Result<QImage> noteFrameImage(media::FrameSource& decoder, const model::Annotation& note,
                              double pixelAspect, int maxWidth);

// Told how many of the frames to paint are done (before each and once at the end); returns
// false to stop the work, which then fails with kCancelled and leaves nothing half-written.
using RenderProgress = std::function<bool(int done, int total)>;
inline constexpr const char* kCancelled = "cancelled";

// Writes the report to `pdfPath` (overwritten). Fails with a message naming the path when it
// cannot be written, or the frame when a frame cannot be decoded.
Status writeReviewReport(const ReviewReportInput& input, media::FrameSource& decoder,
                         const QString& pdfPath, const RenderProgress& progress = {});

}  // namespace framenote::render
