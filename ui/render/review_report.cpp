#include "ui/render/review_report.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSet>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>

#include "core/media/frame_source.h"
#include "core/model/rich_text.h"
#include "core/review/note_export.h"
#include "core/store/draft_store.h"
#include "ui/render/annotation_painter.h"
#include "ui/render/note_text.h"

namespace framenote::render {

namespace {

// tr() for a file without a QObject: the context lupdate and AppTranslator see is "ReviewReport".
struct ReportText {
    Q_DECLARE_TR_FUNCTIONS(ReviewReport)
};

constexpr int kDpi = 150;              // device pixels per inch of the PDF pages
constexpr int kFrameMaxWidth = 1600;   // frame images: sharp on paper, not megabytes each
constexpr int kSummaryRows = 40;       // title page rows before "and N more"
constexpr double kHeadingHeight = 44;  // the frame/timecode line under the picture (14 pt at kDpi)

QSize displaySize(int width, int height, double pixelAspect, int maxWidth) {
    const double aspect = pixelAspect > 0 && std::isfinite(pixelAspect) ? pixelAspect : 1.0;
    double w = width * aspect;
    double h = height;
    if (maxWidth > 0 && w > maxWidth) {
        h = h * maxWidth / w;
        w = maxWidth;
    }
    return {std::max(1, static_cast<int>(std::lround(w))),
            std::max(1, static_cast<int>(std::lround(h)))};
}

QString statusText(model::Status status) {
    return status == model::Status::Resolved ? ReportText::tr("Resolved") : ReportText::tr("Open");
}

QString dateText(int64_t ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString frameText(const ReviewReportInput& input, const model::Annotation& note) {
    if (note.lastFrame > note.firstFrame)
        return ReportText::tr("Frames %1-%2  |  %3 - %4")
            .arg(note.firstFrame)
            .arg(note.lastFrame)
            .arg(input.timecode(note.firstFrame), input.timecode(note.lastFrame));
    return ReportText::tr("Frame %1  |  %2")
        .arg(note.firstFrame)
        .arg(input.timecode(note.firstFrame));
}

constexpr double kBodyTop = 50;  // below the page header, in device pixels

// Text laid out for the page width and cut into pages between lines, never through one: the
// first page has `firstHeight` for it (below a frame image), the others `height`.
class PagedText {
  public:
    PagedText(QPaintDevice& device, const QString& html, double width, double firstHeight,
              double height) {
        doc_.documentLayout()->setPaintDevice(&device);  // fonts measured at the PDF's resolution
        QFont font = doc_.defaultFont();
        font.setPointSizeF(10.5);
        doc_.setDefaultFont(font);
        doc_.setDocumentMargin(0);
        doc_.setTextWidth(width);
        doc_.setHtml(html);
        starts_.push_back(0);
        double room = firstHeight;
        for (QTextBlock block = doc_.begin(); block.isValid(); block = block.next()) {
            const double blockTop = doc_.documentLayout()->blockBoundingRect(block).top();
            const QTextLayout* layout = block.layout();
            for (int i = 0; i < layout->lineCount(); ++i) {
                const QTextLine line = layout->lineAt(i);
                const double top = blockTop + line.y();
                if (top + line.height() - starts_.back() > room && top > starts_.back()) {
                    starts_.push_back(top);
                    room = height;
                }
            }
        }
        starts_.push_back(doc_.size().height());
    }

    int pageCount() const { return static_cast<int>(starts_.size()) - 1; }

    // Paints page `page` with its top at `top`.
    void paintPage(QPainter& painter, int page, double top) {
        const double from = starts_[page];
        painter.save();
        painter.translate(0, top - from);
        // Up to just above the next page's first line: a line touching the clip would still be
        // written into the PDF's text (invisible, but found twice by search and copy).
        doc_.drawContents(&painter, QRectF(0, from, doc_.textWidth(),
                                           std::max(0.0, starts_[page + 1] - from - 1)));
        painter.restore();
    }

  private:
    QTextDocument doc_;
    std::vector<double> starts_;  // document y where each page starts, then the end
};

QString titlePageHtml(const ReviewReportInput& input, const std::vector<model::Annotation>& notes) {
    int open = 0;
    int replies = 0;
    QStringList authors;
    for (const model::Annotation& n : notes) {
        if (n.status == model::Status::Open) ++open;
        for (const model::Reply& r : n.replies) replies += r.deleted ? 0 : 1;
        if (!authors.contains(n.author)) authors << n.author;
    }
    const int count = static_cast<int>(notes.size());
    QString html = QStringLiteral("<h1>%1</h1><h2>%2</h2>")
                       .arg(ReportText::tr("Review report"), input.clipName.toHtmlEscaped());
    html += QStringLiteral("<p>%1<br>%2<br>%3<br>%4<br>%5</p>")
                .arg(ReportText::tr("Generated: %1")
                         .arg(input.generated.toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                     ReportText::tr("Media ID: %1").arg(input.mediaId.toHtmlEscaped()),
                     ReportText::tr("%n note(s): %1 open, %2 resolved", nullptr, count)
                         .arg(open)
                         .arg(count - open),
                     ReportText::tr("%n reply(s)", nullptr, replies),
                     ReportText::tr("Authors: %1")
                         .arg(authors.join(QStringLiteral(", ")).toHtmlEscaped()));
    if (notes.empty()) return html;
    html += QStringLiteral(
                "<table cellspacing='0' cellpadding='4' border='1' width='98%'><tr>"
                "<th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                .arg(ReportText::tr("Frame"), ReportText::tr("Timecode"), ReportText::tr("Author"),
                     ReportText::tr("Status"), ReportText::tr("Note"));
    for (int i = 0; i < std::min(count, kSummaryRows); ++i) {
        const model::Annotation& n = notes[static_cast<size_t>(i)];
        QString line = n.text.isEmpty() ? QStringLiteral("(%1)").arg(noteKindName(n))
                                        : model::plainText(n.text).section('\n', 0, 0);
        if (line.size() > 70) line = line.left(69) + QChar(0x2026);
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                    .arg(n.firstFrame)
                    .arg(input.timecode(n.firstFrame), n.author.toHtmlEscaped(),
                         statusText(n.status), line.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    if (count > kSummaryRows)
        html += QStringLiteral("<p>%1</p>")
                    .arg(ReportText::tr("... and %n more", nullptr, count - kSummaryRows));
    return html;
}

// Note text and replies, in the rich-text subset (model/rich_text.h), sanitized again and with
// colours made to read on paper (noteHtmlForPaper): text stored before it was sanitized on input
// (an old store, an old relay's log) may hold more.
QString noteHtml(const model::Annotation& note) {
    const QString tags = note.tags.isEmpty()
                             ? QString()
                             : QStringLiteral(" &nbsp; ") +
                                   ReportText::tr("Tags: %1")
                                       .arg(note.tags.join(QStringLiteral(", ")).toHtmlEscaped());
    QString html =
        QStringLiteral("<p><b>%1</b> &nbsp; %2 &nbsp; <span style='color:#666666'>%3</span>%4</p>")
            .arg(note.author.toHtmlEscaped(), statusText(note.status), dateText(note.createdMs),
                 tags);
    html += note.text.isEmpty()
                ? QStringLiteral("<p><i>%1</i></p>").arg(ReportText::tr("(drawing only, no text)"))
                : QStringLiteral("<div>%1</div>").arg(noteHtmlForPaper(note.text));
    QString replies;
    for (const model::Reply& r : note.replies) {
        if (r.deleted) continue;
        replies +=
            QStringLiteral("<p><b>%1</b> <span style='color:#666666'>%2</span><br>%3</p>")
                .arg(r.author.toHtmlEscaped(), dateText(r.createdMs), noteHtmlForPaper(r.text));
    }
    if (!replies.isEmpty())
        html += QStringLiteral("<h3>%1</h3>").arg(ReportText::tr("Replies")) + replies;
    return html;
}

void paintPageHeader(QPainter& painter, const QString& left, const QString& right, double width) {
    painter.save();
    QFont font = painter.font();
    font.setPointSizeF(8);
    painter.setFont(font);
    painter.setPen(QColor(0x66, 0x66, 0x66));
    const QRectF line(0, 0, width, 30);
    painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, left);
    painter.drawText(line, Qt::AlignRight | Qt::AlignVCenter, right);
    painter.drawLine(QPointF(0, 34), QPointF(width, 34));
    painter.restore();
}

}  // namespace

std::vector<model::Annotation> sortedByFrame(std::vector<model::Annotation> notes) {
    std::sort(notes.begin(), notes.end(),
              [](const model::Annotation& a, const model::Annotation& b) {
                  if (a.firstFrame != b.firstFrame) return a.firstFrame < b.firstFrame;
                  if (a.createdMs != b.createdMs) return a.createdMs < b.createdMs;
                  return a.id.toString() < b.id.toString();
              });
    return notes;
}

Result<ReviewReportInput> loadReviewReportInput(store::DraftStore& store, const QString& mediaId,
                                                const QJsonObject& probe) {
    auto notes = store.queries().inRange(mediaId, 0, INT64_MAX / 2);
    if (!notes) return makeError(notes.error());
    ReviewReportInput input;
    input.mediaId = mediaId;
    input.notes = std::move(*notes);
    input.timecode = review::timecodeForMedia(store, mediaId, probe);
    return input;
}

QImage burnIn(const media::RgbaImage& frame, double pixelAspect,
              const std::vector<model::Annotation>& annotations, int maxWidth) {
    if (frame.width <= 0 || frame.height <= 0) return {};
    const QImage raw(frame.pixels.data(), frame.width, frame.height, frame.width * 4,
                     QImage::Format_RGBA8888);
    const QSize size = displaySize(frame.width, frame.height, pixelAspect, maxWidth);
    QImage image =
        (size == raw.size() ? raw.copy()
                            : raw.scaled(size, Qt::IgnoreAspectRatio, Qt::SmoothTransformation))
            .convertToFormat(QImage::Format_ARGB32_Premultiplied);
    QPainter painter(&image);
    paintAnnotations(painter, QRectF(QPointF(0, 0), QSizeF(image.size())), annotations);
    return image;
}

Result<QImage> frameImage(media::FrameSource& decoder, int64_t frameNumber,
                          const std::vector<model::Annotation>& drawings, double pixelAspect,
                          int maxWidth) {
    auto frame = decoder.frame(frameNumber);
    if (!frame) return makeError("frame " + std::to_string(frameNumber) + ": " + frame.error());
    // Scale while converting (swscale), then burn in at the size that goes on the page.
    const QSize size = displaySize(frame->width(), frame->height(), pixelAspect, maxWidth);
    auto rgba = frame->toRgba(size.width(), size.height());
    if (!rgba) return makeError("frame " + std::to_string(frameNumber) + ": " + rgba.error());
    return burnIn(*rgba, 1.0, drawings, maxWidth);
}

Result<QImage> noteFrameImage(media::FrameSource& decoder, const model::Annotation& note,
                              double pixelAspect, int maxWidth) {
    return frameImage(decoder, note.firstFrame, {note}, pixelAspect, maxWidth);
}

std::vector<ReportPage> reportPages(const std::vector<model::Annotation>& notes) {
    const std::vector<model::Annotation> sorted = sortedByFrame(notes);
    std::vector<ReportPage> pages;
    for (const model::Annotation& note : sorted) {
        const bool range = note.lastFrame > note.firstFrame;
        if (!range && !pages.empty() && !pages.back().range &&
            pages.back().frame == note.firstFrame) {
            pages.back().notes.push_back(note);
            continue;
        }
        pages.push_back({note.firstFrame, range, {note}, {}});
    }
    // On each page's picture: every drawing shown on that frame, its own notes' and those held
    // over it from a range, as the viewer shows them.
    for (ReportPage& page : pages)
        for (const model::Annotation& note : sorted)
            if (note.firstFrame <= page.frame && page.frame <= note.lastFrame)
                page.drawings.push_back(note);
    return pages;
}

Status writeReviewReport(const ReviewReportInput& input, media::FrameSource& decoder,
                         const QString& pdfPath, const RenderProgress& progress) {
    // QSaveFile: a failed report never leaves a truncated PDF where a good one was.
    QSaveFile file(pdfPath);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(
            QStringLiteral("cannot write %1: %2").arg(pdfPath, file.errorString()).toStdString());
    QPdfWriter writer(&file);
    writer.setResolution(kDpi);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    writer.setTitle(ReportText::tr("Review report: %1").arg(input.clipName));
    writer.setCreator(QStringLiteral("Framenote"));

    const std::vector<model::Annotation> notes = sortedByFrame(input.notes);
    const std::vector<ReportPage> reportPageList = reportPages(input.notes);
    QPainter painter;
    if (!painter.begin(&writer))
        return makeError(QStringLiteral("cannot write %1").arg(pdfPath).toStdString());
    const double width = writer.width();
    const double height = writer.height();
    const QSizeF body(width, height - kBodyTop);

    const auto abandon = [&](const std::string& error) -> Status {
        painter.end();
        file.cancelWriting();
        return makeError(error);
    };

    // The first note's frame sets the picture's box: frames of a clip share one size. It fills
    // the width, or 55% of the page height for tall pictures.
    std::optional<QImage> firstImage;
    double imageBoxHeight = 0;
    if (!reportPageList.empty()) {
        const ReportPage& first = reportPageList.front();
        auto image =
            frameImage(decoder, first.frame, first.drawings, input.pixelAspect, kFrameMaxWidth);
        if (!image) return abandon(image.error());
        imageBoxHeight = QSizeF(image->size())
                             .scaled(QSizeF(width, height * 0.55), Qt::KeepAspectRatio)
                             .height();
        firstImage = std::move(*image);
    }
    const double headingTop = kBodyTop + imageBoxHeight + 24;
    const double textTop = headingTop + kHeadingHeight;

    // Lay everything out first: a long thread runs on over further pages, and every page
    // header says "Page N of M".
    PagedText title(writer, titlePageHtml(input, notes), width, body.height(), body.height());
    std::vector<std::unique_ptr<PagedText>> texts;
    int pages = title.pageCount();
    for (const ReportPage& reportPage : reportPageList) {
        QString html;
        for (const model::Annotation& note : reportPage.notes)
            html += (html.isEmpty() ? QString() : QStringLiteral("<hr/>")) + noteHtml(note);
        texts.push_back(
            std::make_unique<PagedText>(writer, html, width, height - textTop, body.height()));
        pages += texts.back()->pageCount();
    }
    int page = 0;
    const auto header = [&](const QString& left) {
        if (page > 0) writer.newPage();
        ++page;
        paintPageHeader(painter, left, ReportText::tr("Page %1 of %2").arg(page).arg(pages), width);
    };

    for (int p = 0; p < title.pageCount(); ++p) {
        header(input.clipName);
        title.paintPage(painter, p, kBodyTop);
    }
    const int total = static_cast<int>(reportPageList.size());
    for (size_t i = 0; i < reportPageList.size(); ++i) {
        if (progress && !progress(static_cast<int>(i), total)) return abandon(kCancelled);
        const ReportPage& reportPage = reportPageList[i];
        const model::Annotation& note = reportPage.notes.front();  // names the frame (or range)
        auto image = i == 0 ? Result<QImage>(std::move(*firstImage))
                            : frameImage(decoder, reportPage.frame, reportPage.drawings,
                                         input.pixelAspect, kFrameMaxWidth);
        if (!image) return abandon(image.error());
        header(input.clipName);
        QSizeF shown =
            QSizeF(image->size()).scaled(QSizeF(width, imageBoxHeight), Qt::KeepAspectRatio);
        const QRectF target(QPointF((width - shown.width()) / 2, kBodyTop), shown);
        painter.drawImage(target, *image);
        QFont heading = painter.font();
        heading.setPointSizeF(14);
        heading.setBold(true);
        painter.save();
        painter.setFont(heading);
        const QRectF headingBox(0, headingTop, width, kHeadingHeight);
        painter.drawText(headingBox, Qt::AlignLeft | Qt::AlignTop, frameText(input, note));
        painter.restore();
        texts[i]->paintPage(painter, 0, textTop);
        for (int p = 1; p < texts[i]->pageCount(); ++p) {
            header(
                ReportText::tr("%1 - %2 (continued)").arg(input.clipName, frameText(input, note)));
            texts[i]->paintPage(painter, p, kBodyTop);
        }
    }
    if (!painter.end() || !file.commit())
        return makeError(
            QStringLiteral("cannot write %1: %2").arg(pdfPath, file.errorString()).toStdString());
    if (progress) progress(total, total);
    return Ok{};
}

}  // namespace framenote::render
