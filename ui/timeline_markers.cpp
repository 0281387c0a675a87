#include "ui/timeline_markers.h"

#include "core/review/review_session.h"
#include "ui/coalesced_call.h"
#include "ui/timeline_widget.h"

namespace framenote::ui {

namespace {

TimelineWidget::Marker markerOf(const model::Annotation& a) {
    return {a.firstFrame, a.lastFrame, a.status == model::Status::Resolved,
            QColor::fromRgba(a.style.color), a.id};
}

}  // namespace

TimelineMarkers::TimelineMarkers(const review::ReviewSession& session, TimelineWidget& timeline,
                                 QObject* parent)
    : QObject(parent),
      session_(session),
      timeline_(timeline),
      refresh_(new CoalescedCall(
          100, [this] { refresh(); }, this)) {
    connect(&session, &review::ReviewSession::notesChanged, this, [this](const QList<QUuid>& ids) {
        changed_ += ids;
        refresh_->request();
    });
    connect(&session, &review::ReviewSession::notesReset, this, [this] {
        all_ = true;
        changed_.clear();
        refresh_->request();
    });
}

void TimelineMarkers::refresh() {
    if (all_) {
        all_ = false;
        std::vector<TimelineWidget::Marker> markers;
        for (const model::Annotation* a : session_.state().annotations())
            markers.push_back(markerOf(*a));
        timeline_.setMarkers(std::move(markers));
        return;
    }
    std::vector<TimelineWidget::Marker> changed;
    QList<QUuid> gone;
    for (const QUuid& id : std::as_const(changed_)) {
        if (const model::Annotation* a = session_.state().find(id))
            changed.push_back(markerOf(*a));
        else
            gone.append(id);
    }
    changed_.clear();
    timeline_.updateMarkers(changed, gone);
}

}  // namespace framenote::ui
