#pragma once
// The transport: playhead, play/pause, J/K/L shuttle, stepping, in/out loop. It asks the
// FrameServer for frames and never decodes on the UI thread. At normal speed with sound the
// clock is the audio device (what has been heard); otherwise, and when the sound ends or the
// device stalls, it is the video clock (wall time x speed). Frames the decoder cannot deliver
// in time are skipped, never drifted.
#include <QElapsedTimer>
#include <QObject>
#include <QSize>
#include <QTimer>
#include <memory>

#include "core/media/frame_server.h"
#include "core/media/timecode.h"
#include "ui/audio_playback.h"

namespace framenote::ui {

class PlayerController : public QObject {
    Q_OBJECT
  public:
    explicit PlayerController(QObject* parent = nullptr);

    // Closes the open clip (mediaClosed) and opens `path`: mediaOpened or openFailed follow.
    void open(const QString& path);
    // No clip: playback stops, the playhead and in/out reset, frames still in flight are dropped.
    void close();
    void setNativeFormats(const QSet<int>& formats) { server_.setNativeFormats(formats); }
    // See FrameServer::setRenderer (the colour pipeline); a paused picture is rendered again.
    void setFrameRenderer(std::shared_ptr<const media::FrameRenderer> renderer);
    // See FrameServer::setDisplayLimit; a paused picture is rendered again at the new size.
    void setDisplayLimit(QSize limit);
    bool hasMedia() const { return media_ != nullptr; }
    const media::OpenedMedia* media() const { return media_.get(); }
    qint64 frameCount() const;
    qint64 playhead() const { return playhead_; }
    double speed() const { return speed_; }
    bool playing() const { return speed_ != 0.0; }
    QString timecode(qint64 frame) const;
    // The number frame `frame` (0-based) is shown as: itself for a movie, the file's number for an
    // image sequence (shot.1001.exr is 1001).
    qint64 shownNumber(qint64 frame) const;
    // Typed input: a frame number or a timecode; returns false (with a message) if invalid.
    bool jumpTo(const QString& text, QString* error);
    qint64 droppedFrames() const { return dropped_; }
    // The decoded-frame cache budget (settings): applied to the open clip and to later ones.
    void setCacheBudget(qint64 bytes);
    qint64 cacheBudget() const { return cacheBudget_; }
    // The rate image sequences play at (settings), from the next open.
    void setSequenceRate(media::Rational rate) { sequenceRate_ = rate; }
    // The budget the decoder actually runs with (applied asynchronously on the decode thread).
    qint64 decoderCacheBudget() const { return server_.cacheBudget(); }
    // The memory the decoder's frame cache holds now.
    qint64 decoderCacheBytes() const { return server_.cacheBytes(); }
    // The in/out range (-1: not set). Playback stays inside it and loops over it when looping
    // is on (the default, as in review players); without a range it covers the whole clip.
    qint64 inPoint() const { return in_; }
    qint64 outPoint() const { return out_; }
    bool looping() const { return loop_; }
    qint64 rangeStart() const { return in_ >= 0 ? in_ : 0; }
    qint64 rangeEnd() const;
    // True while playback follows the audio device's clock.
    bool audioClock() const { return audioClock_; }
    AudioPlayback& audio() { return audio_; }

    // While someone else drives playback (a presenter-led session), the user's own transport
    // commands (the slots below, jumpTo) change nothing and emit lockedOut(); mirror() is how the
    // driver's playhead reaches this player.
    void setLocked(bool locked) { locked_ = locked; }
    bool locked() const { return locked_; }
    // Follows a driver: its exact frame when paused; when it plays, play too and seek only when
    // more than `driftFrames` apart (each player keeps its own clock).
    void mirror(qint64 frame, bool playing, qint64 driftFrames);

  public slots:
    void seek(qint64 frame);
    void step(qint64 delta);
    void togglePlay();
    void pause();
    void shuttleForward();   // L: play, then 2x, 4x, 8x
    void shuttleBackward();  // J: reverse, then 2x, 4x, 8x
    void goToStart();
    void goToEnd();
    void markIn();   // I: the playhead becomes the in point
    void markOut();  // O: the playhead becomes the out point
    void clearInOut();
    void setLooping(bool on);
    void setMuted(bool muted) { audio_.setMuted(muted); }

  signals:
    void mediaOpened();
    void mediaClosed();
    // The engine's message (naming the file) and the reason's category.
    void openFailed(QString message, framenote::media::OpenProblem problem);
    void frameShown(framenote::media::ServedFrame frame);
    // Frame `frame` has no picture (damaged or missing data); errorOccurred gives the detail.
    void frameUndecodable(qint64 frame);
    void playheadChanged(qint64 frame);
    void playStateChanged(double speed);
    void errorOccurred(QString message);
    void inOutChanged(qint64 in, qint64 out);
    // A transport command was refused while locked.
    void lockedOut();

  private:
    // True (and lockedOut emitted) when the user's command must be refused now.
    bool refuseLocked();
    void moveTo(qint64 frame);  // seek() without the lock
    void stop();                // pause() without the lock
    void onOpened(std::shared_ptr<const media::OpenedMedia> media);
    void onFrameReady(const media::ServedFrame& frame);
    void tick();
    void startClock(double speed);
    // Where playback goes when the clock passes an end of the range; false: stop there.
    bool wrapAround();
    // Media seconds since the clock started at clockOrigin_ (negative in reverse).
    double clockSeconds();
    void startAudio();
    bool audioUsable() const;
    void useVideoClock();
    double fileSecondsOf(qint64 frame) const;

    media::FrameServer server_;
    AudioPlayback audio_;
    bool audioClock_ = false;
    double lastHeard_ = 0;              // the audio clock's last reading
    QElapsedTimer sinceAudioAdvanced_;  // for giving up on a device that stalls
    std::shared_ptr<const media::OpenedMedia> media_;
    media::Timecode clock_{media::TimecodeFormat{}};
    QTimer timer_;
    QElapsedTimer elapsed_;
    qint64 playhead_ = 0;
    qint64 clockOrigin_ = 0;  // frame at which the clock started
    double speed_ = 0.0;
    double fps_ = 25.0;
    qint64 dropped_ = 0;
    qint64 cacheBudget_ = 1024ll << 20;
    media::Rational sequenceRate_{24, 1};
    qint64 lastShown_ = -1;
    qint64 in_ = -1;
    qint64 out_ = -1;
    bool loop_ = true;
    bool locked_ = false;
    bool mirroring_ = false;  // in mirror(): the driver's commands pass the lock
};

}  // namespace framenote::ui
