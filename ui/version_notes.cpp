#include "ui/version_notes.h"

#include <QImage>
#include <QPainter>
#include <QPointer>

#include "core/store/draft_store.h"
#include "ui/render/annotation_painter.h"

namespace framenote::ui {

VersionNotes::VersionNotes(review::StoreWorker* store, QObject* parent)
    : QObject(parent), store_(store) {}

void VersionNotes::load(const QString& mediaId) {
    clear();
    mediaId_ = mediaId;
    if (!store_ || mediaId.isEmpty()) return;
    QPointer<VersionNotes> self(this);
    store_->run([self, mediaId](store::DraftStore& store) {
        auto read = review::readNotes(store, mediaId);
        if (!read) return;  // B is compared without its notes; nothing else depends on them
        std::shared_ptr<const review::LoadedNotes> notes = std::move(*read);
        QMetaObject::invokeMethod(
            self.data(),
            [self, mediaId, notes] {
                if (!self || self->mediaId_ != mediaId) return;  // another B since
                self->notes_ = notes;
                emit self->loaded();
            },
            Qt::QueuedConnection);
    });
}

void VersionNotes::clear() {
    mediaId_.clear();
    notes_.reset();
}

std::shared_ptr<const media::RgbaImage> VersionNotes::paintedOver(const media::RgbaImage& frame,
                                                                  int64_t number) const {
    if (!notes_ || frame.width <= 0 || frame.height <= 0) return nullptr;
    std::vector<model::Annotation> shown;
    for (const model::Annotation* note : notes_->state.onFrame(number)) shown.push_back(*note);
    if (shown.empty()) return nullptr;
    auto painted = std::make_shared<media::RgbaImage>(frame);
    QImage image(painted->pixels.data(), painted->width, painted->height, painted->width * 4,
                 QImage::Format_RGBA8888);
    QPainter painter(&image);
    render::paintAnnotations(painter, QRectF(0, 0, image.width(), image.height()), shown);
    return painted;
}

}  // namespace framenote::ui
