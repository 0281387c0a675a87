#include "ui/laser_trails.h"

#include <QPen>
#include <algorithm>

#include "core/sync/protocol_limits.h"
#include "ui/render/annotation_painter.h"

namespace framenote::ui {

namespace {

constexpr int kTickMs = 33;              // the fade's frame rate
const QColor kLocalColour(255, 40, 40);  // a laser's red
constexpr double kCorePixels = 3.0;      // the bright line
constexpr double kGlowPixels = 12.0;     // the halo around it

}  // namespace

LaserTrails::LaserTrails(QObject* parent) : QObject(parent) {
    clock_.start();
    tick_.setInterval(kTickMs);
    connect(&tick_, &QTimer::timeout, this, [this] {
        prune();
        emit changed();
    });
}

void LaserTrails::press(const model::Point& at) {
    Trail& trail = trails_[kLocal];
    trail.colour = kLocalColour;
    trail.down = true;
    add(at);
}

void LaserTrails::move(const model::Point& at) {
    if (!trails_.count(kLocal) || !trails_[kLocal].down) return;
    add(at);
}

void LaserTrails::lift() {
    auto it = trails_.find(kLocal);
    if (it == trails_.end()) return;
    it->second.down = false;
    emit changed();
}

void LaserTrails::add(const model::Point& at) {
    Trail& trail = trails_[kLocal];
    trail.points.push_back({at, now()});
    if (trail.points.size() > static_cast<size_t>(sync::kMaxLaserPoints))
        trail.points.erase(trail.points.begin(), trail.points.end() - sync::kMaxLaserPoints);
    if (!tick_.isActive()) tick_.start();
    emit changed();
}

std::optional<sync::LaserTrail> LaserTrails::localTrail() const {
    const auto it = trails_.find(kLocal);
    if (it == trails_.end()) return std::nullopt;
    sync::LaserTrail trail;
    trail.down = it->second.down;
    const qint64 t = now();
    for (const Point& p : it->second.points) {
        const qint64 age = t - p.bornMs;
        if (age > static_cast<qint64>(sync::kLaserFadeMs)) continue;
        trail.points.push_back(p.at);
        trail.agesMs.push_back(static_cast<uint32_t>(std::max<qint64>(0, age)));
    }
    if (trail.points.empty() && !trail.down) return std::nullopt;
    return trail;
}

void LaserTrails::setRemote(uint32_t participant, const sync::LaserTrail& trail,
                            const QColor& colour) {
    if (participant == kLocal) return;
    Trail& mine = trails_[participant];
    mine.colour = colour;
    mine.down = trail.down;
    mine.points.clear();
    const qint64 t = now();
    for (size_t i = 0; i < trail.points.size() && i < trail.agesMs.size(); ++i)
        mine.points.push_back({trail.points[i], t - static_cast<qint64>(trail.agesMs[i])});
    if (!tick_.isActive()) tick_.start();
    emit changed();
}

void LaserTrails::forget(uint32_t participant) {
    if (trails_.erase(participant)) emit changed();
}

bool LaserTrails::hasTrail(uint32_t participant) const {
    const auto it = trails_.find(participant);
    return it != trails_.end() && !it->second.points.empty();
}

void LaserTrails::prune() {
    const qint64 oldest = now() - static_cast<qint64>(sync::kLaserFadeMs);
    for (auto it = trails_.begin(); it != trails_.end();) {
        auto& points = it->second.points;
        std::erase_if(points, [&](const Point& p) { return p.bornMs < oldest; });
        if (points.empty() && !it->second.down)
            it = trails_.erase(it);
        else
            ++it;
    }
    if (trails_.empty()) tick_.stop();
}

void LaserTrails::paint(QPainter& painter, const QRectF& picture) const {
    const qint64 t = now();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const auto& [participant, trail] : trails_) {
        const auto& points = trail.points;
        const auto strength = [&](const Point& p) {
            return std::clamp(1.0 - double(t - p.bornMs) / sync::kLaserFadeMs, 0.0, 1.0);
        };
        for (const double width : {kGlowPixels, kCorePixels}) {
            for (size_t i = 0; i < points.size(); ++i) {
                const double alpha = strength(points[i]) * (width == kGlowPixels ? 0.35 : 1.0);
                if (alpha <= 0) continue;
                QColor colour = width == kCorePixels && i + 1 == points.size()
                                    ? trail.colour.lighter(130)
                                    : trail.colour;
                colour.setAlphaF(alpha);
                painter.setPen(QPen(colour, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
                const QPointF to = render::mapToPicture(picture, points[i].at);
                const QPointF from = i > 0 ? render::mapToPicture(picture, points[i - 1].at) : to;
                painter.drawLine(from, to);
            }
        }
    }
    painter.restore();
}

}  // namespace framenote::ui
