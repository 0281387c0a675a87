// Annotation overlay benchmark: how long the real window's overlay takes to repaint a frame
// crowded with notes (a review of 100+ people on the same frame repaints hundreds of strokes each
// frame; docs/PERFORMANCE.md, "Annotation overlay").
//
//   framenote-overlay-bench --clip FILE [--notes N] [--repaints R] [--strokes-only]
//
// The real main window (1920x1080, a throwaway store) opens the clip; N notes go on frame 0 through
// the session, a mix as a busy review leaves them: a third rich text notes (bold, a list; half of
// them boxed), a third freehand strokes of 200 points, a third rectangles, ellipses and arrows.
// With --strokes-only every note is a 200-point freehand stroke (a dense drawing: 500 strokes
// is the live review goal, one frame interval at 24 fps, 41.7 ms, while playing and drawing).
// Then, timing AnnotationOverlay::repaint() alone:
//  - playing over held notes: the same notes handed over again each frame (a drawing held over
//    a range), so the overlay's layer is reused;
//  - frame change: the notes of another frame handed over (here: alternately all of them and
//    all but one, as stepping between two frames), so the overlay draws them all;
//  - drawing: a pen stroke in progress over them, one repaint per mouse move (what the user waits
//    for while drawing); the notes that stay put come from the overlay's layer.
// The anchor, in the same run: the same shapes with plain QPainter calls into an image of the
// overlay's size, each text as a backdrop and a plain word-wrapped drawText (no rich text, no
// fitting). Ratios ours / anchor are printed. Goal: a drawing repaint well inside a frame at
// 60 fps (16.7 ms). A missed goal prints MISSED; the exit status stays 0 (a measurement).
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <random>
#include <vector>

#include "bench/ui_bench_support.h"
#include "framenote/version.h"
#include "ui/annotation_overlay.h"
#include "ui/main_window.h"
#include "ui/render/annotation_painter.h"

namespace fm = framenote::model;
namespace fr = framenote::render;
namespace fu = framenote::ui;

namespace {

using framenote::bench::waitFor;

std::vector<fm::Annotation> crowdedFrame(int count, bool strokesOnly) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> at(0.02, 0.8);
    std::vector<fm::Annotation> notes;
    for (int i = 0; i < count; ++i) {
        fm::Annotation a;
        a.id = QUuid::createUuid();
        a.style.color = 0xffff3b30;
        a.style.width = 0.004;
        const double x = at(rng), y = at(rng);
        switch (strokesOnly ? 2 : i % 6) {
            case 0:
            case 1:
                a.kind = fm::Kind::Text;
                a.points = {{x, y}};
                if (i % 2) a.points.push_back({x + 0.15, y + 0.1});
                a.text = QString(
                             "<p>Note %1: the sky is <b>too cyan</b> "
                             "here</p><ul><li>warmer</li><li><i>less green</i></li></ul>")
                             .arg(i);
                break;
            case 2:
            case 3:
                a.kind = fm::Kind::Freehand;
                for (int k = 0; k < 200; ++k)
                    a.points.push_back({x + 0.1 * std::sin(k * 0.05), y + 0.1 * k / 200.0});
                break;
            default:
                a.kind = i % 3 == 0 ? fm::Kind::Rect
                                    : (i % 3 == 1 ? fm::Kind::Ellipse : fm::Kind::Arrow);
                a.points = {{x, y}, {x + 0.12, y + 0.08}};
        }
        notes.push_back(a);
    }
    return notes;
}

// The same shapes with plain QPainter calls: what any overlay has to do at least.
void paintAnchor(QPainter& painter, const QRectF& picture,
                 const std::vector<fm::Annotation>& notes) {
    painter.setRenderHint(QPainter::Antialiasing);
    for (const fm::Annotation& a : notes) {
        painter.setPen(QPen(QColor::fromRgba(a.style.color), a.style.width * picture.height()));
        const auto map = [&](const fm::Point& p) { return fr::mapToPicture(picture, p); };
        if (a.kind == fm::Kind::Text) {
            const QRectF box(map(a.points[0]),
                             QSizeF(picture.width() * 0.15, picture.height() * 0.1));
            painter.fillRect(box, QColor(0, 0, 0, 150));
            painter.drawText(box, Qt::TextWordWrap,
                             QString("Note: the sky is too cyan here warmer less green"));
        } else if (a.kind == fm::Kind::Freehand) {
            QPainterPath path(map(a.points[0]));
            for (size_t k = 1; k < a.points.size(); ++k) path.lineTo(map(a.points[k]));
            painter.drawPath(path);
        } else if (a.kind == fm::Kind::Ellipse) {
            painter.drawEllipse(QRectF(map(a.points[0]), map(a.points[1])));
        } else {
            painter.drawRect(QRectF(map(a.points[0]), map(a.points[1])));
        }
    }
}

double timed(const std::function<void()>& work) {
    QElapsedTimer timer;
    timer.start();
    work();
    return timer.nsecsElapsed() / 1e6;
}

void mouse(QWidget* target, QEvent::Type type, const QPointF& at) {
    QMouseEvent event(type, at, target->mapToGlobal(at),
                      type == QEvent::MouseMove ? Qt::NoButton : Qt::LeftButton,
                      type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton,
                      Qt::NoModifier);
    QCoreApplication::sendEvent(target, &event);
}

}  // namespace

int main(int argc, char** argv) {
    // It measures QPainter, not a display: offscreen unless told otherwise.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setApplicationVersion(framenote::kVersion);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Framenote annotation overlay benchmark: repaint time of a crowded frame.");
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"clip", "the clip to open", "FILE"});
    parser.addOption({"notes", "notes on the frame (default 100)", "N", "100"});
    parser.addOption({"repaints", "repaints measured per case (default 100)", "R", "100"});
    parser.addOption({"strokes-only", "every note a 200-point freehand stroke"});
    parser.process(app);
    if (!parser.isSet("clip")) {
        std::fprintf(stderr, "framenote-overlay-bench: error: --clip FILE is required\n");
        return 2;
    }
    const int count = std::max(1, parser.value("notes").toInt());
    const int repaints = std::max(1, parser.value("repaints").toInt());
    QTemporaryDir dir;
    qputenv("FRAMENOTE_DB", dir.filePath("bench.framenote").toUtf8());
    qputenv("PULSE_SERVER", "unix:/nonexistent/framenote");  // no sound needed here

    fu::MainWindow window;
    window.resize(1920, 1080);
    window.show();
    bool shown = false;
    QObject::connect(&window.player(), &fu::PlayerController::frameShown, &window,
                     [&](const framenote::media::ServedFrame&) { shown = true; });
    window.openFile(parser.value("clip"));
    if (!waitFor([&] { return shown && !window.annotations().session().mediaId().isEmpty(); },
                 30000)) {
        std::fprintf(stderr, "framenote-overlay-bench: error: the clip did not open\n");
        return 1;
    }
    auto& session = window.annotations().session();
    auto& overlay = window.annotations().overlay();
    const bool strokesOnly = parser.isSet("strokes-only");
    for (fm::Annotation a : crowdedFrame(count, strokesOnly)) {
        a.mediaId = session.mediaId();
        a.firstFrame = a.lastFrame = window.player().playhead();
        a.author = session.actor();
        if (!session.edit(fm::makeCreate(a, session.actor(), session.role())).ok()) {
            std::fprintf(stderr, "framenote-overlay-bench: error: a note was refused\n");
            return 1;
        }
    }
    if (!waitFor([&] { return overlay.annotations().size() == static_cast<size_t>(count); },
                 30000)) {
        std::fprintf(stderr, "framenote-overlay-bench: error: the notes did not show\n");
        return 1;
    }
    const QRectF picture = window.viewer().pictureRect();
    const auto notes = overlay.annotations();

    std::vector<double> frameChange, held, drawing, anchor;
    const double first = timed([&] { overlay.repaint(); });
    for (int i = 0; i < repaints; ++i) {  // playing: the held notes again on each new frame
        overlay.setAnnotations(notes);
        held.push_back(timed([&] { overlay.repaint(); }));
    }
    // Another frame's notes: the same less one (notes handed over unchanged keep what was drawn).
    const std::vector<fm::Annotation> otherFrame(notes.begin(), notes.end() - 1);
    for (int i = 0; i < repaints; ++i) {
        overlay.setAnnotations(i % 2 ? notes : otherFrame);
        frameChange.push_back(timed([&] { overlay.repaint(); }));
    }
    window.annotations().setTool(fu::Tool::Freehand);
    mouse(&overlay, QEvent::MouseButtonPress, picture.center());
    for (int i = 0; i < repaints; ++i) {
        const QPointF at = picture.center() + QPointF(200 * std::sin(i * 0.1), i * 2.0);
        mouse(&overlay, QEvent::MouseMove, at);
        drawing.push_back(timed([&] { overlay.repaint(); }));
    }
    mouse(&overlay, QEvent::MouseButtonRelease, picture.center() + QPointF(0, repaints * 2.0));
    QImage image(overlay.size(), QImage::Format_ARGB32_Premultiplied);
    for (int i = 0; i < repaints; ++i) {
        image.fill(Qt::transparent);
        anchor.push_back(timed([&] {
            QPainter painter(&image);
            paintAnchor(painter, picture, notes);
        }));
    }

    using framenote::bench::percentile;
    const double change = percentile(frameChange, 0.5), draw = percentile(drawing, 0.5),
                 plain = percentile(anchor, 0.5), still = percentile(held, 0.5);
    std::printf(
        "framenote-overlay-bench: %d notes on one frame (%s), overlay %dx%d, picture %.0fx%.0f, "
        "%d repaints per case\n",
        count,
        strokesOnly ? "200-point freehand strokes"
                    : "a third rich text, a third 200-point strokes, a third shapes",
        overlay.width(), overlay.height(), picture.width(), picture.height(), repaints);
    std::printf("first paint: %.2f ms\n", first);
    std::printf("playing over held notes (layer reused), median: %.2f ms, p99 %.2f ms\n", still,
                percentile(held, 0.99));
    std::printf(
        "frame change (all notes drawn), median: %.2f ms; anchor (plain QPainter, plain text): "
        "%.2f ms; "
        "ratio %.2f\n",
        change, plain, change / plain);
    std::printf(
        "drawing (a stroke over them, per mouse move), median: %.2f ms; ratio to the anchor %.2f\n",
        draw, draw / plain);
    std::printf("goal: a drawing repaint under 16.7 ms (60 fps): %s\n",
                framenote::bench::verdict(draw < 16.7));
    std::printf("goal: playing and drawing each under one frame interval at 24 fps (41.7 ms): %s\n",
                framenote::bench::verdict(still < 41.7 && draw < 41.7));
    return 0;
}
