#include "ui/damage_marks.h"

#include <algorithm>

#include "core/media/media_report.h"
#include "ui/frame_view.h"
#include "ui/player_controller.h"
#include "ui/timeline_widget.h"

namespace framenote::ui {

DamageMarks::DamageMarks(PlayerController* player, FrameView* viewer, TimelineWidget* timeline,
                         QObject* parent)
    : QObject(parent),
      player_(player),
      viewer_(viewer),
      timeline_(timeline),
      banner_(new QLabel(viewer->widget())) {
    banner_->setObjectName("damageBanner");
    banner_->setStyleSheet(QStringLiteral(
        "QLabel { background: rgba(150, 20, 20, 210); color: white; padding: 4px 8px; }"));
    banner_->setAttribute(Qt::WA_TransparentForMouseEvents);
    banner_->move(8, 8);
    banner_->hide();
    connect(player, &PlayerController::mediaOpened, this, &DamageMarks::onOpened);
    connect(player, &PlayerController::mediaClosed, this, &DamageMarks::onClosed);
    connect(player, &PlayerController::frameShown, this, &DamageMarks::onFrameShown);
    connect(player, &PlayerController::frameUndecodable, this, &DamageMarks::onFrameUndecodable);
}

QString DamageMarks::bannerText() const {
    return banner_->isVisible() ? banner_->text() : QString();
}

void DamageMarks::onOpened() {
    onClosed();
    const media::OpenedMedia* media = player_->media();
    if (!media || !media->index) return;
    const media::FrameCompleteness complete = media::frameCompleteness(media->info, *media->index);
    // A sequence's gaps are known from its file names before any frame is asked for.
    for (int64_t n : media->info.missingFrames) mark(n);
    if (complete.short_)
        incomplete_ = tr("Only %1 of the %2 frames this file declares can be read: it is "
                         "truncated or damaged.")
                          .arg(complete.readable)
                          .arg(complete.declared);
    showBanner();
}

void DamageMarks::onClosed() {
    damaged_.clear();
    incomplete_.clear();
    current_.clear();
    timeline_->setDamagedFrames({});
    showBanner();
}

void DamageMarks::onFrameShown(const media::ServedFrame& frame) {
    current_.clear();
    if (!frame.frame.isNull() && frame.frame.damaged()) {
        mark(frame.number);
        current_ = tr("Frame %1 decoded with errors: the file is damaged here.")
                       .arg(player_->shownNumber(frame.number));
    }
    showBanner();
}

void DamageMarks::onFrameUndecodable(qint64 frame) {
    mark(frame);
    // A slate, not the neighbouring picture: what is on screen must be the frame named.
    const media::OpenedMedia* media = player_->media();
    const bool gap = media && std::binary_search(media->info.missingFrames.begin(),
                                                 media->info.missingFrames.end(), frame);
    viewer_->showMessage(gap ? tr("Frame %1 is missing from the sequence: there is no file for it.")
                                   .arg(player_->shownNumber(frame))
                             : tr("Frame %1 cannot be decoded: the file is damaged or ends here.")
                                   .arg(player_->shownNumber(frame)));
    current_.clear();
    showBanner();
}

void DamageMarks::mark(qint64 frame) {
    if (damaged_.contains(frame)) return;
    damaged_.insert(frame);
    timeline_->setDamagedFrames(damaged_);
}

void DamageMarks::showBanner() {
    QStringList lines;
    if (!incomplete_.isEmpty()) lines << incomplete_;
    if (!current_.isEmpty()) lines << current_;
    banner_->setText(lines.join('\n'));
    banner_->adjustSize();
    banner_->setVisible(!lines.isEmpty());
    if (banner_->isVisible()) banner_->raise();
}

}  // namespace framenote::ui
