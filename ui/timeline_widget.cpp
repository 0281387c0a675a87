#include "ui/timeline_widget.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <tuple>

namespace framenote::ui {

namespace {
constexpr int kRulerHeight = 15;
constexpr double kMinMarkerWidth = 6.0;  // wide enough to see and to click
constexpr double kMarkerGrab = 4.0;      // pixels either side that still pick a marker
constexpr int kLabelSpacing = 100;       // pixels between ruler labels, at least
}  // namespace

TimelineWidget::TimelineWidget(QWidget* parent) : QWidget(parent) {
    setObjectName("timeline");
    setMinimumHeight(40);
    setCursor(Qt::PointingHandCursor);
    setMouseTracking(true);
}

void TimelineWidget::setFrameCount(qint64 count) {
    frameCount_ = count;
    hover_ = -1;
    barsStale_ = true;
    update();
}

void TimelineWidget::setDamagedFrames(const QSet<qint64>& frames) {
    damaged_ = frames;
    update();
}

void TimelineWidget::setTimecodeFormatter(std::function<QString(qint64)> timecodeOf) {
    timecodeOf_ = std::move(timecodeOf);
    update();
}

void TimelineWidget::setMarkers(std::vector<Marker> markers) {
    markers_ = std::move(markers);
    markerIndex_.clear();
    markerIndex_.reserve(static_cast<qsizetype>(markers_.size()));
    for (size_t i = 0; i < markers_.size(); ++i) markerIndex_.insert(markers_[i].id, i);
    barsStale_ = true;
    update();
}

void TimelineWidget::updateMarkers(const std::vector<Marker>& changed, const QList<QUuid>& gone) {
    for (const QUuid& id : gone) {
        const auto it = markerIndex_.constFind(id);
        if (it == markerIndex_.constEnd()) continue;
        const size_t at = *it;
        markerIndex_.erase(it);
        countBar(markers_[at], -1);
        if (at + 1 != markers_.size()) {  // the last one fills the hole
            markers_[at] = std::move(markers_.back());
            markerIndex_[markers_[at].id] = at;
        }
        markers_.pop_back();
    }
    for (const Marker& m : changed) {
        const auto it = markerIndex_.constFind(m.id);
        if (it != markerIndex_.constEnd()) {
            countBar(markers_[*it], -1);
            markers_[*it] = m;
        } else {
            markerIndex_.insert(m.id, markers_.size());
            markers_.push_back(m);
        }
        countBar(m, +1);
    }
    update();
}

void TimelineWidget::resizeEvent(QResizeEvent* event) {
    barsStale_ = true;
    QWidget::resizeEvent(event);
}

std::pair<double, double> TimelineWidget::extentOf(const Marker& m) const {
    const double left = xOf(m.first) - kMinMarkerWidth / 2;
    return {left, std::max(xOf(m.last) + kMinMarkerWidth / 2, left + kMinMarkerWidth)};
}

TimelineWidget::Bar TimelineWidget::barOf(const Marker& m) const {
    const auto [left, right] = extentOf(m);
    QColor colour = m.color;
    if (m.resolved) colour.setAlpha(110);
    // Quarter pixels: notes that land on the same ones in the same colour are one bar.
    return {static_cast<int>(std::floor(left * 4)), static_cast<int>(std::ceil(right * 4)),
            colour.rgba()};
}

void TimelineWidget::countBar(const Marker& m, int delta) {
    markerLayerStale_ = true;
    if (barsStale_) return;  // counted again, all of them, before the next paint
    const auto it = bars_.try_emplace(barOf(m), 0).first;
    it->second += delta;
    if (it->second <= 0) bars_.erase(it);
}

const QImage& TimelineWidget::markerLayer() {
    const qreal ratio = devicePixelRatioF();
    const QSize size = (QSizeF(width(), height() - kRulerHeight) * ratio).toSize();
    if (!markerLayerStale_ && !barsStale_ && markerLayer_.size() == size) return markerLayer_;
    if (barsStale_) {
        bars_.clear();
        barsStale_ = false;
        for (const Marker& m : markers_) ++bars_[barOf(m)];
    }
    markerLayerStale_ = false;
    markerLayer_ = QImage(size.expandedTo({1, 1}), QImage::Format_ARGB32_Premultiplied);
    markerLayer_.setDevicePixelRatio(ratio);
    markerLayer_.fill(Qt::transparent);
    // Long ranges first, so a note on a single frame inside a held range stays visible on top.
    std::vector<Bar> byLength;
    byLength.reserve(bars_.size());
    for (const auto& [bar, notes] : bars_) byLength.push_back(bar);
    std::sort(byLength.begin(), byLength.end(), [](const Bar& a, const Bar& b) {
        return std::tuple(b.right - b.left, a.left, a.colour) <
               std::tuple(a.right - a.left, b.left, b.colour);
    });
    const double track = height() - kRulerHeight;
    QPainter painter(&markerLayer_);
    for (const Bar& bar : byLength) {
        const QRectF box(bar.left / 4.0, track * 0.45, (bar.right - bar.left) / 4.0, track * 0.55);
        painter.fillRect(box, QColor::fromRgba(bar.colour));
        painter.setPen(QPen(QColor(0, 0, 0, 140), 1));
        painter.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
    }
    return markerLayer_;
}

void TimelineWidget::setInOut(qint64 in, qint64 out) {
    in_ = in;
    out_ = out;
    update();
}

void TimelineWidget::setPlayhead(qint64 frame) {
    if (frame == playhead_) return;
    playhead_ = frame;
    update();
}

double TimelineWidget::xOf(qint64 frame) const {
    if (frameCount_ <= 0) return 0;
    // Each frame owns a column of equal width; its centre is where it is drawn.
    return (static_cast<double>(frame) + 0.5) * width() / static_cast<double>(frameCount_);
}

qint64 TimelineWidget::frameAt(double x) const {
    if (frameCount_ <= 1 || width() <= 1) return 0;
    const auto frame = static_cast<qint64>(std::floor(x * frameCount_ / width()));
    return std::clamp<qint64>(frame, 0, frameCount_ - 1);
}

const TimelineWidget::Marker* TimelineWidget::markerAt(double x) const {
    const Marker* best = nullptr;
    double bestDistance = kMarkerGrab + 1;
    for (const Marker& m : markers_) {
        const auto [left, right] = extentOf(m);
        const double distance = x < left ? left - x : (x > right ? x - right : 0.0);
        // The nearest; among markers under the pointer, the shortest (drawn on top).
        const bool shorter = best && m.last - m.first < best->last - best->first;
        if (distance <= kMarkerGrab &&
            (distance < bestDistance || (distance == bestDistance && shorter))) {
            best = &m;
            bestDistance = distance;
        }
    }
    return best;
}

QString TimelineWidget::hoverText() const {
    if (hover_ < 0 || frameCount_ <= 0) return {};
    QString text = tr("Frame %1").arg(hover_ + firstFrameNumber_);
    if (timecodeOf_) text += QStringLiteral("  ") + timecodeOf_(hover_);
    if (damaged_.contains(hover_)) text += QStringLiteral("  ") + tr("(damaged)");
    return text;
}

qint64 TimelineWidget::rulerStep() const {
    if (frameCount_ <= 0 || width() <= 0) return 0;
    const double framesPerPixel = static_cast<double>(frameCount_) / width();
    const double wanted = framesPerPixel * kLabelSpacing;
    const qint64 fps = std::max<qint64>(1, std::llround(framesPerSecond_));
    for (qint64 frames : {1, 2, 5, 10})
        if (frames < fps && frames >= wanted) return frames;
    for (qint64 seconds : {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600})
        if (seconds * fps >= wanted) return seconds * fps;
    return 7200 * fps;
}

void TimelineWidget::paintRuler(QPainter& painter, int rulerHeight) {
    painter.fillRect(QRect(0, 0, width(), rulerHeight), QColor(30, 30, 33));
    const qint64 step = rulerStep();
    if (step <= 0) return;
    QFont font = painter.font();
    font.setPixelSize(10);
    painter.setFont(font);
    const QColor tick(150, 150, 158);
    for (qint64 frame = 0; frame < frameCount_; frame += step) {
        const double x = xOf(frame);
        painter.setPen(tick);
        painter.drawLine(QPointF(x, rulerHeight - 5), QPointF(x, rulerHeight));
        const QString label = timecodeOf_ ? timecodeOf_(frame) : QString::number(frame);
        painter.drawText(QRectF(x + 3, 0, kLabelSpacing, rulerHeight - 2),
                         Qt::AlignLeft | Qt::AlignVCenter, label);
    }
}

void TimelineWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), QColor(40, 40, 44));
    if (frameCount_ <= 0) return;
    paintRuler(painter, kRulerHeight);
    const QRectF track(0, kRulerHeight, width(), height() - kRulerHeight);
    painter.fillRect(QRectF(0, track.top(), xOf(playhead_), track.height()), QColor(62, 78, 104));
    if (in_ >= 0 || out_ >= 0) {
        const double left = in_ >= 0 ? xOf(in_) - 0.5 * width() / frameCount_ : 0;
        const double right = out_ >= 0 ? xOf(out_) + 0.5 * width() / frameCount_ : width();
        painter.fillRect(QRectF(left, track.top(), right - left, track.height() * 0.3),
                         QColor(120, 170, 255, 160));
        painter.setPen(QPen(QColor(150, 190, 255), 2));
        if (in_ >= 0) painter.drawLine(QPointF(left, track.top()), QPointF(left, height()));
        if (out_ >= 0) painter.drawLine(QPointF(right, track.top()), QPointF(right, height()));
    }
    painter.drawImage(QPointF(0, track.top()), markerLayer());
    // Damaged frames: a red mark at least 2 px wide along the bottom, so one in an hour shows.
    const double column = std::max(2.0, static_cast<double>(width()) / frameCount_);
    for (qint64 frame : damaged_)
        painter.fillRect(QRectF(xOf(frame) - column / 2, height() - 4, column, 4),
                         QColor(230, 40, 40));
    if (hover_ >= 0) {
        painter.setPen(QPen(QColor(255, 255, 255, 110), 1));
        painter.drawLine(QPointF(xOf(hover_), track.top()), QPointF(xOf(hover_), height()));
    }
    painter.setPen(QPen(QColor(255, 200, 40), 2));
    painter.drawLine(QPointF(xOf(playhead_), 0), QPointF(xOf(playhead_), height()));
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
    if (frameCount_ <= 0) return;
    const double x = event->position().x();
    if (const Marker* marker = markerAt(x)) {
        emit markerClicked(marker->id, marker->first);
        return;
    }
    emit seekRequested(frameAt(x));
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
    if (frameCount_ <= 0) return;
    const double x = event->position().x();
    hover_ = frameAt(x);
    if (event->buttons() & Qt::LeftButton) emit seekRequested(hover_);
    QToolTip::showText(event->globalPosition().toPoint(), hoverText(), this);
    update();
}

void TimelineWidget::leaveEvent(QEvent* event) {
    hover_ = -1;
    update();
    QWidget::leaveEvent(event);
}

}  // namespace framenote::ui
