#include "ui/pixel_probe.h"

#include <QEvent>
#include <QMouseEvent>
#include <QSettings>
#include <algorithm>
#include <cmath>

#include "core/media/pixel_sample.h"
#include "ui/compare_control.h"

namespace framenote::ui {

namespace {

constexpr char kProbeKey[] = "pixelProbe";

QString number(double value, bool floatingPoint) {
    return floatingPoint ? QString::number(value, 'f', 4) : QString::number(std::lround(value));
}

}  // namespace

PixelProbe::PixelProbe(FrameView* viewer, QList<QWidget*> pointerAreas, PlayerController* player,
                       QWidget* window)
    : QObject(window),
      viewer_(viewer),
      areas_(std::move(pointerAreas)),
      texts_(new Retranslator(window, this)),
      action_(new QAction(window)),
      label_(new QLabel(window)) {
    label_->setObjectName("probeLabel");
    label_->hide();
    action_->setObjectName("pixelProbeAction");
    action_->setCheckable(true);
    texts_->set(action_, &QAction::setText, [] { return tr("Pi&xel Probe"); });
    connect(action_, &QAction::toggled, this, &PixelProbe::setOn);
    connect(player, &PlayerController::frameShown, this, [this](const media::ServedFrame& frame) {
        frame_ = frame;
        // The pointer still over the picture reads the new frame (stepping, playing).
        if (label_->isVisible() && !label_->text().isEmpty()) label_->setText(readout(pointer_));
    });
    connect(player, &PlayerController::mediaClosed, this, [this] { frame_ = {}; });
    action_->setChecked(QSettings().value(kProbeKey, false).toBool());
}

void PixelProbe::setOn(bool on) {
    QSettings().setValue(kProbeKey, on);
    label_->setVisible(on);
    label_->clear();
    for (QWidget* area : areas_) {
        if (on && !tracked_.contains(area)) {
            tracked_.insert(area, area->hasMouseTracking());
            area->installEventFilter(this);
            area->setMouseTracking(true);  // moves without a button pressed
        } else if (!on && tracked_.contains(area)) {
            area->removeEventFilter(this);
            area->setMouseTracking(tracked_.take(area));
        }
    }
}

bool PixelProbe::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() == QEvent::MouseMove) {
        auto* widget = static_cast<QWidget*>(watched);
        const QPointF global = widget->mapToGlobal(static_cast<QMouseEvent*>(event)->position());
        pointer_ = viewer_->widget()->mapFromGlobal(global);
        label_->setText(readout(pointer_));
    } else if (event->type() == QEvent::Leave) {
        label_->clear();
    }
    return QObject::eventFilter(watched, event);
}

QString PixelProbe::readout(QPointF viewerPoint) const {
    const QRectF picture = viewer_->pictureRect();
    if (picture.isEmpty() || !picture.contains(viewerPoint)) return {};
    const QPointF at((viewerPoint.x() - picture.left()) / picture.width(),
                     (viewerPoint.y() - picture.top()) / picture.height());
    if (compare_ && compare_->compositing()) {
        const auto probed = compare_->probe(at);
        if (!probed) return {};
        const QString values = readoutOf(probed->frame, probed->at);
        return values.isEmpty()
                   ? values
                   : (probed->fromB ? tr("B") : tr("A")) + QStringLiteral(" | ") + values;
    }
    return readoutOf(frame_, at);
}

QString PixelProbe::readoutOf(const media::ServedFrame& served, QPointF at) const {
    const media::VideoFrame& frame = served.frame;
    if (frame.isNull()) return {};
    const int x = std::clamp(static_cast<int>(at.x() * frame.width()), 0, frame.width() - 1);
    const int y = std::clamp(static_cast<int>(at.y() * frame.height()), 0, frame.height() - 1);
    auto sample = media::samplePixel(frame, x, y);
    if (!sample) return tr("x %1 y %2").arg(x).arg(y);
    QStringList parts{tr("x %1 y %2").arg(x).arg(y)};
    QStringList stored;
    for (const auto& [name, value] : sample->stored)
        stored << QStringLiteral("%1 %2").arg(QString::fromStdString(name),
                                              number(value, sample->floatingPoint));
    parts << stored.join(QLatin1Char(' '));
    if (sample->stored.front().first == "Y")  // YUV: its RGB too
        parts << tr("RGB %1 %2 %3")
                     .arg(sample->rgba[0], 0, 'f', 4)
                     .arg(sample->rgba[1], 0, 'f', 4)
                     .arg(sample->rgba[2], 0, 'f', 4);
    if (!served.rgba) {
        // Drawn from the planes by the OpenGL viewer's shader: its RGB through the transform,
        // clamped and rounded.
        std::array<double, 4>& rgb = sample->rgba;
        if (transform_) {
            const auto shown = transform_->apply({float(rgb[0]), float(rgb[1]), float(rgb[2])});
            for (int c = 0; c < 3; ++c) rgb[c] = shown[c];
        }
        const auto code = [&](int c) {
            return std::lround(std::clamp(sample->rgba[c], 0.0, 1.0) * 255);
        };
        parts << tr("shown %1 %2 %3").arg(code(0)).arg(code(1)).arg(code(2));
    } else if (served.rgba->width > 0) {
        // The rendition on screen may be smaller than the frame (the viewer's size).
        const int sx = x * served.rgba->width / frame.width();
        const int sy = y * served.rgba->height / frame.height();
        const uint8_t* shown =
            served.rgba->pixels.data() + (static_cast<size_t>(sy) * served.rgba->width + sx) * 4;
        parts << tr("shown %1 %2 %3").arg(shown[0]).arg(shown[1]).arg(shown[2]);
    }
    return parts.join(QStringLiteral(" | "));
}

}  // namespace framenote::ui
