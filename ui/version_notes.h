#pragma once
// The notes of the second version being compared (B): read from the store when B opens and
// painted into B's frames, read-only, so that each version shows its own notes over its own part
// of the picture (docs/ARCHITECTURE.md, "Compare"). A's notes stay on the overlay, editable.
#include <QObject>
#include <QString>
#include <memory>

#include "core/media/video_frame.h"
#include "core/review/store_worker.h"

namespace framenote::ui {

class VersionNotes : public QObject {
    Q_OBJECT
  public:
    explicit VersionNotes(review::StoreWorker* store, QObject* parent = nullptr);

    // Reads the notes of `mediaId` on the store thread; loaded() follows.
    void load(const QString& mediaId);
    void clear();
    // `frame` (B's frame `number`) with the notes on that frame painted over it, or null when it
    // has none (the frame is shown as it is).
    std::shared_ptr<const media::RgbaImage> paintedOver(const media::RgbaImage& frame,
                                                        int64_t number) const;

  signals:
    void loaded();

  private:
    review::StoreWorker* store_;
    QString mediaId_;
    std::shared_ptr<const review::LoadedNotes> notes_;
};

}  // namespace framenote::ui
