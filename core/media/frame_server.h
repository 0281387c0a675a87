#pragma once
// Serves frames to the UI from a worker thread: the UI asks for frame n and gets it back as a
// queued signal, already converted for display. Requests coalesce: while the worker is busy,
// only the latest request is kept, so scrubbing never queues up stale work.
#include <QObject>
#include <QSet>
#include <QThread>
#include <atomic>
#include <memory>
#include <mutex>

#include "core/media/frame_index.h"
#include "core/media/frame_renderer.h"
#include "core/media/media_probe.h"
#include "core/media/media_source.h"
#include "core/media/open_problem.h"

namespace framenote::media {

// A displayable frame: its number, native frame and an RGBA rendition.
struct ServedFrame {
    int64_t number = -1;
    VideoFrame frame;
    std::shared_ptr<const RgbaImage> rgba;
};

class FrameServer : public QObject {
    Q_OBJECT
  public:
    explicit FrameServer(QObject* parent = nullptr);
    ~FrameServer() override;

    // Thread-safe: may be called from any thread. Results arrive as signals.
    // `sequenceRate`: the frames per second of an image sequence (they carry none).
    void open(const QString& path, qint64 cacheBudgetBytes, Rational sequenceRate = {24, 1});
    void request(qint64 frame);
    // Pixel formats (AVPixelFormat) the viewer draws itself: frames in them skip the RGBA
    // conversion on the decode thread.
    void setNativeFormats(const QSet<int>& formats);
    // Renders the frames not in a native format through `renderer` (the colour pipeline)
    // instead of the plain RGBA conversion (renderStill while paused, and the shown frame again
    // on pausing); null: back to the plain conversion. The viewer draws native formats itself,
    // so a caller whose viewer cannot apply the renderer's colours sets no native formats.
    // Thread-safe; the caller asks for the shown frame again to see the change.
    void setRenderer(std::shared_ptr<const FrameRenderer> renderer);
    // The largest RGBA rendition worth making: the viewer's size in device pixels while the
    // picture is fitted (an empty size: full resolution, e.g. when zoomed in). Converting a 4K
    // frame at full size costs several frame intervals; at the viewer's size it costs a fraction.
    void setDisplayLimit(int width, int height);
    // Changes the open decoder's frame-cache budget (open() names the next one's), on the
    // decode thread.
    void setCacheBudget(qint64 bytes);
    // The budget the decoder runs with now (0 before the first open).
    qint64 cacheBudget() const { return cacheBudget_.load(); }
    // The bytes the decoder's frame cache holds (updated after each frame and prefetch step).
    qint64 cacheBytes() const { return cacheBytes_.load(); }

    // +1 playing forward, -1 backwards, 0 paused. Backwards, the worker decodes the frames below
    // the playhead while no request waits (docs/ARCHITECTURE.md, "Reverse play").
    void setPlayDirection(int direction);

    // Frames waiting in the worker are dropped when a newer request arrives.
    qint64 pendingRequest() const { return pending_.load(); }

  signals:
    void opened(std::shared_ptr<const framenote::media::OpenedMedia> media);
    // `message`: the engine's, naming the file; `problem`: its category (open_problem.h).
    void openFailed(QString message, framenote::media::OpenProblem problem);
    void frameReady(framenote::media::ServedFrame frame);
    void frameFailed(qint64 frame, QString message);

  private:
    void doOpen(const QString& path, qint64 cacheBudgetBytes, Rational sequenceRate);
    void serve();
    // One step of decoding ahead of reverse play; true when there is nothing (more) to do.
    bool prefetchBackward();

    QThread thread_;
    QObject* worker_ = nullptr;             // lives on thread_; runs open and serve
    std::unique_ptr<FrameSource> decoder_;  // the open clip's frames
    std::atomic<qint64> pending_{-1};
    std::atomic<bool> serving_{false};
    std::atomic<int> direction_{0};
    std::atomic<qint64> lastServed_{-1};
    qint64 lastFrameBytes_ = 0;  // decode thread only
    std::atomic<qint64> cacheBudget_{0};
    std::atomic<qint64> cacheBytes_{0};
    std::atomic<qint64> displayLimit_{0};  // width << 32 | height; 0: none
    std::mutex viewMutex_;
    QSet<int> nativeFormats_;
    std::shared_ptr<const FrameRenderer> renderer_;  // guarded by viewMutex_, as nativeFormats_
};

}  // namespace framenote::media

Q_DECLARE_METATYPE(framenote::media::ServedFrame)
Q_DECLARE_METATYPE(framenote::media::OpenProblem)
Q_DECLARE_METATYPE(std::shared_ptr<const framenote::media::OpenedMedia>)
