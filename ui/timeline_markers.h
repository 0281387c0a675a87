#pragma once
// Keeps the timeline's note markers in step with the review session: the notes an edit touched
// are updated (at most ten times a second), a load replaces them all.
#include <QList>
#include <QObject>
#include <QUuid>

namespace framenote::review {
class ReviewSession;
}

namespace framenote::ui {

class CoalescedCall;
class TimelineWidget;

class TimelineMarkers : public QObject {
    Q_OBJECT
  public:
    TimelineMarkers(const review::ReviewSession& session, TimelineWidget& timeline,
                    QObject* parent);

  private:
    void refresh();

    const review::ReviewSession& session_;
    TimelineWidget& timeline_;
    CoalescedCall* refresh_;
    QList<QUuid> changed_;
    bool all_ = true;
};

}  // namespace framenote::ui
