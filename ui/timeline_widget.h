#pragma once
// The clip's frames laid out left to right under the picture: a timecode ruler, the in/out range,
// a marker per note (its colour, wide enough to see and click), the playhead, and a readout of the
// frame and timecode under the pointer. Click or drag to jump; click a marker to go to its note.
#include <QColor>
#include <QHash>
#include <QImage>
#include <QList>
#include <QSet>
#include <QUuid>
#include <QWidget>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

class QPainter;

namespace framenote::ui {

class TimelineWidget : public QWidget {
    Q_OBJECT
  public:
    explicit TimelineWidget(QWidget* parent = nullptr);

    void setFrameCount(qint64 count);
    // How a frame is written on the ruler and in the hover readout (the clip's timecode).
    void setTimecodeFormatter(std::function<QString(qint64)> timecodeOf);
    // Ruler steps are whole seconds of this many frames (the clip's nominal rate).
    void setFrameRate(double fps) { framesPerSecond_ = fps; }
    void setPlayhead(qint64 frame);
    // A mark per note's frame range, in the note's colour; resolved notes are drawn dimmed.
    struct Marker {
        qint64 first = 0;
        qint64 last = 0;
        bool resolved = false;
        QColor color = QColor(255, 176, 32);
        QUuid id;
    };
    void setMarkers(std::vector<Marker> markers);
    // Replaces the markers of these notes (adding the new ones) and drops those of `gone`:
    // O(changes), for a busy room's stream of edits (docs/PERFORMANCE.md, "A busy room").
    void updateMarkers(const std::vector<Marker>& changed, const QList<QUuid>& gone);
    // The number frame 0 is shown as (an image sequence's first file number).
    void setFirstFrameNumber(qint64 number) { firstFrameNumber_ = number; }
    // Frames found damaged, marked in red along the bottom of the bar.
    void setDamagedFrames(const QSet<qint64>& frames);
    const QSet<qint64>& damagedFrames() const { return damaged_; }
    // The in/out range, shaded (-1: that end is not set).
    void setInOut(qint64 in, qint64 out);
    // In no particular order once updated.
    const std::vector<Marker>& markers() const { return markers_; }
    qint64 frameAt(double x) const;
    qint64 frameCountShown() const { return frameCount_; }
    // Where frame `frame` is drawn (the centre of its column), in widget coordinates.
    double xOf(qint64 frame) const;
    // The marker drawn under `x` (the nearest within a few pixels), or null.
    const Marker* markerAt(double x) const;
    // "Frame 42  01:00:01;12" for the frame under the pointer; empty when it is not over the bar.
    QString hoverText() const;
    QSize sizeHint() const override { return {600, 40}; }
    QSize minimumSizeHint() const override { return {100, 40}; }

  signals:
    void seekRequested(qint64 frame);
    void markerClicked(QUuid id, qint64 frame);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

  private:
    void paintRuler(QPainter& painter, int rulerHeight);
    // The markers drawn once into an image, redrawn only when they or the geometry change: a
    // clip of 100,000 notes must not cost each playhead move a walk over all of them. Notes that
    // land on the same pixels in the same colour are one bar, counted as they come and go, so
    // redrawing costs the bars (at most a few per pixel column), not the notes.
    const QImage& markerLayer();
    struct Bar {
        int left, right;  // quarter pixels
        QRgb colour;
        bool operator==(const Bar&) const = default;
    };
    struct BarHash {
        size_t operator()(const Bar& b) const { return qHashMulti(0, b.left, b.right, b.colour); }
    };
    Bar barOf(const Marker& m) const;
    // Where a marker is drawn and can be clicked, left to right edge: at least kMinMarkerWidth.
    std::pair<double, double> extentOf(const Marker& m) const;
    void countBar(const Marker& m, int delta);
    // Frames between ruler labels: a round number of frames or seconds, labels ~100 px apart.
    qint64 rulerStep() const;

    std::function<QString(qint64)> timecodeOf_;
    qint64 frameCount_ = 0;
    qint64 playhead_ = 0;
    qint64 hover_ = -1;
    std::vector<Marker> markers_;
    QHash<QUuid, size_t> markerIndex_;            // id -> position in markers_
    std::unordered_map<Bar, int, BarHash> bars_;  // -> markers drawn as it
    bool barsStale_ = true;                       // the geometry changed: count them all again
    QImage markerLayer_;
    bool markerLayerStale_ = true;
    qint64 in_ = -1;
    qint64 out_ = -1;
    double framesPerSecond_ = 0;
    QSet<qint64> damaged_;
    qint64 firstFrameNumber_ = 0;
};

}  // namespace framenote::ui
