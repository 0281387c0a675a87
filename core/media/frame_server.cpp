#include "core/media/frame_server.h"

#include <QMetaObject>
#include <algorithm>
#include <utility>

namespace framenote::media {

FrameServer::FrameServer(QObject* parent) : QObject(parent) {
    qRegisterMetaType<ServedFrame>();
    qRegisterMetaType<OpenProblem>();
    qRegisterMetaType<std::shared_ptr<const OpenedMedia>>();
    worker_ = new QObject;
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.setObjectName("framenote-decode");
    thread_.start();
}

FrameServer::~FrameServer() {
    pending_ = -1;
    thread_.quit();
    thread_.wait();
}

void FrameServer::open(const QString& path, qint64 cacheBudgetBytes, Rational sequenceRate) {
    pending_ = -1;
    direction_ = 0;  // no decoding ahead keeps the worker from the open
    lastServed_ = -1;
    QMetaObject::invokeMethod(worker_, [this, path, cacheBudgetBytes, sequenceRate] {
        doOpen(path, cacheBudgetBytes, sequenceRate);
    });
}

void FrameServer::request(qint64 frame) {
    pending_ = frame;
    // One serve() call drains the latest request; more are queued only when none is running.
    if (!serving_.exchange(true)) QMetaObject::invokeMethod(worker_, [this] { serve(); });
}

void FrameServer::setNativeFormats(const QSet<int>& formats) {
    std::lock_guard lock(viewMutex_);
    nativeFormats_ = formats;
}

void FrameServer::setRenderer(std::shared_ptr<const FrameRenderer> renderer) {
    std::lock_guard lock(viewMutex_);
    renderer_ = std::move(renderer);
}

void FrameServer::setCacheBudget(qint64 bytes) {
    QMetaObject::invokeMethod(worker_, [this, bytes] {
        if (!decoder_) return;
        decoder_->cache().setBudget(bytes);
        cacheBudget_ = bytes;
    });
}

void FrameServer::doOpen(const QString& path, qint64 cacheBudgetBytes, Rational sequenceRate) {
    decoder_.reset();
    const std::string file = path.toStdString();
    SourceOptions options;
    options.decoder.cacheBudgetBytes = cacheBudgetBytes;
    options.sequenceRate = sequenceRate;
    auto media = openSource(file, options);
    if (!media) {
        emit openFailed(QString::fromStdString(media.error()), diagnoseOpenFailure(file));
        return;
    }
    decoder_ = std::move(media->source);
    cacheBudget_ = cacheBudgetBytes;
    emit opened(std::make_shared<OpenedMedia>(std::move(media->media)));
}

void FrameServer::setDisplayLimit(int width, int height) {
    displayLimit_ = width > 0 && height > 0 ? (static_cast<qint64>(width) << 32) | height : 0;
}

namespace {
// The frame's size shrunk (never enlarged) to fit within the limit, keeping its proportions.
std::pair<int, int> scaledToFit(int width, int height, int maxWidth, int maxHeight) {
    if (maxWidth <= 0 || maxHeight <= 0 || (width <= maxWidth && height <= maxHeight))
        return {width, height};
    const double scale =
        std::min(static_cast<double>(maxWidth) / width, static_cast<double>(maxHeight) / height);
    return {std::max(2, static_cast<int>(width * scale + 0.5)),
            std::max(2, static_cast<int>(height * scale + 0.5))};
}
}  // namespace

void FrameServer::setPlayDirection(int direction) {
    direction_ = direction;
    QMetaObject::invokeMethod(worker_, [this, direction] {
        if (decoder_) decoder_->setPlayDirection(direction);
    });
    // A paused picture is rendered again as a still (FrameRenderer::renderStill).
    bool rendered = false;
    {
        std::lock_guard lock(viewMutex_);
        rendered = renderer_ != nullptr;
    }
    if (direction == 0 && rendered && lastServed_.load() >= 0 && pending_.load() < 0)
        request(lastServed_.load());
    // Wakes an idle worker to decode ahead.
    if (direction < 0 && !serving_.exchange(true))
        QMetaObject::invokeMethod(worker_, [this] { serve(); });
}

bool FrameServer::prefetchBackward() {
    const qint64 playhead = lastServed_.load();
    if (direction_.load() >= 0 || !decoder_ || playhead <= 0 || lastFrameBytes_ <= 0) return true;
    // Half the budget for the frames below the playhead: the other half holds the run being
    // shown while the GOP below it decodes.
    const qint64 depth = std::max<qint64>(1, decoder_->cache().budget() / lastFrameBytes_ / 2);
    return decoder_->prefetchBackward(
        playhead, depth, [this] { return pending_.load() < 0 && direction_.load() < 0; });
}

void FrameServer::serve() {
    while (true) {
        const qint64 n = pending_.exchange(-1);
        if (decoder_) cacheBytes_ = decoder_->cache().bytes();
        if (n < 0 && !prefetchBackward()) continue;
        if (n < 0 || !decoder_) {
            serving_ = false;
            // A request may have slipped in between the exchange and the flag.
            if (pending_.load() >= 0 && !serving_.exchange(true)) continue;
            return;
        }
        auto frame = decoder_->frame(n);
        if (!frame) {
            emit frameFailed(n, QString::fromStdString(frame.error()));
            continue;
        }
        lastServed_ = n;
        lastFrameBytes_ = frame->memoryBytes();
        ServedFrame served;
        served.number = n;
        served.frame = *frame;
        bool native = false;
        std::shared_ptr<const FrameRenderer> renderer;
        {
            std::lock_guard lock(viewMutex_);
            renderer = renderer_;
            native = nativeFormats_.contains(frame->pixelFormat());
        }
        if (!native) {
            const qint64 limit = displayLimit_.load();
            const auto [width, height] =
                scaledToFit(frame->width(), frame->height(), static_cast<int>(limit >> 32),
                            static_cast<int>(limit & 0xffffffff));
            auto rgba = !renderer ? frame->toRgba(width, height, VideoFrame::RgbaQuality::Display)
                        : direction_.load() == 0 ? renderer->renderStill(*frame, width, height)
                                                 : renderer->render(*frame, width, height);
            if (!rgba) {
                emit frameFailed(n, QString::fromStdString(rgba.error()));
                continue;
            }
            served.rgba = std::make_shared<const RgbaImage>(std::move(rgba.value()));
        }
        emit frameReady(served);
    }
}

}  // namespace framenote::media
