#include "ui/player_controller.h"

#include <QRegularExpression>
#include <cmath>
#include <cstdlib>

namespace framenote::ui {

namespace {
constexpr double kMaxShuttle = 8.0;
// A device that has not played anything new for this long is given up for this playback.
constexpr qint64 kAudioStallMs = 1000;
}  // namespace

PlayerController::PlayerController(QObject* parent) : QObject(parent) {
    connect(&server_, &media::FrameServer::opened, this, &PlayerController::onOpened);
    connect(&server_, &media::FrameServer::openFailed, this, &PlayerController::openFailed);
    connect(&server_, &media::FrameServer::frameReady, this, &PlayerController::onFrameReady);
    connect(&server_, &media::FrameServer::frameFailed, this,
            [this](qint64 frame, const QString& message) {
                if (!media_) return;  // a late answer about a clip closed since
                emit frameUndecodable(frame);
                emit errorOccurred(message);
            });
    timer_.setTimerType(Qt::PreciseTimer);
    connect(&timer_, &QTimer::timeout, this, &PlayerController::tick);
    connect(&audio_, &AudioPlayback::unavailable, this, &PlayerController::errorOccurred);
}

void PlayerController::open(const QString& path) {
    // The previous clip goes first: should this one fail, nothing of the old one is left to play.
    close();
    server_.open(path, cacheBudget_, sequenceRate_);
    audio_.open(path);
}

void PlayerController::close() {
    stop();
    audio_.stop();
    if (!media_) return;
    media_.reset();
    playhead_ = 0;
    lastShown_ = -1;
    in_ = out_ = -1;
    emit inOutChanged(in_, out_);
    emit playheadChanged(playhead_);
    emit mediaClosed();
}

void PlayerController::setCacheBudget(qint64 bytes) {
    cacheBudget_ = bytes;
    server_.setCacheBudget(bytes);
}

void PlayerController::setDisplayLimit(QSize limit) {
    server_.setDisplayLimit(limit.width(), limit.height());
    if (media_ && !playing()) server_.request(playhead_);
}

void PlayerController::setFrameRenderer(std::shared_ptr<const media::FrameRenderer> renderer) {
    server_.setRenderer(std::move(renderer));
    if (media_ && !playing()) server_.request(playhead_);
}

qint64 PlayerController::frameCount() const { return media_ ? media_->index->frameCount() : 0; }

qint64 PlayerController::rangeEnd() const { return out_ >= 0 ? out_ : frameCount() - 1; }

void PlayerController::markIn() {
    if (!media_ || refuseLocked()) return;
    in_ = playhead_;
    if (out_ >= 0 && out_ < in_) out_ = -1;  // an out before the new in makes no range
    emit inOutChanged(in_, out_);
}

void PlayerController::markOut() {
    if (!media_ || refuseLocked()) return;
    out_ = playhead_;
    if (in_ > out_) in_ = -1;
    emit inOutChanged(in_, out_);
}

void PlayerController::clearInOut() {
    if (refuseLocked()) return;
    in_ = out_ = -1;
    emit inOutChanged(in_, out_);
}

void PlayerController::setLooping(bool on) {
    if (on != loop_ && refuseLocked()) return;
    loop_ = on;
}

void PlayerController::onOpened(std::shared_ptr<const media::OpenedMedia> media) {
    media_ = std::move(media);
    const auto& info = media_->info;
    media::Rational rate = media_->frameRate();
    if (!rate.valid()) rate = {25, 1};
    fps_ = rate.toDouble();
    auto format = media::TimecodeFormat::forRate(rate, info.dropFrameTimecode);
    if (!format) format = media::TimecodeFormat::forRate(rate, false);
    clock_ = media::Timecode(format ? *format : media::TimecodeFormat{});
    if (!info.startTimecode.empty() && format) {
        auto start = media::Timecode::fromStart(*format, info.startTimecode);
        if (start) clock_ = *start;
    }
    playhead_ = 0;
    lastShown_ = -1;
    dropped_ = 0;
    in_ = out_ = -1;
    emit inOutChanged(in_, out_);
    moveTo(0);
    emit mediaOpened();  // after seek(0), so a handler's own seek wins
}

QString PlayerController::timecode(qint64 frame) const {
    return QString::fromStdString(clock_.toString(frame));
}

qint64 PlayerController::shownNumber(qint64 frame) const {
    return media_ ? frame + media_->info.firstFrameNumber : frame;
}

bool PlayerController::jumpTo(const QString& text, QString* error) {
    if (!media_) return false;
    if (refuseLocked()) {
        if (error) *error = tr("Cannot go there: the presenter drives playback");
        return false;
    }
    // A bare number is a frame as shown: a sequence's file number.
    bool isNumber = false;
    const qlonglong typed = text.trimmed().toLongLong(&isNumber);
    if (isNumber && media_->info.firstFrameNumber != 0) {
        const qint64 first = media_->info.firstFrameNumber;
        if (typed < first || typed >= first + frameCount()) {
            if (error)
                *error = tr("Cannot go there: frame %1 is outside the sequence (%2 to %3)")
                             .arg(typed)
                             .arg(first)
                             .arg(first + frameCount() - 1);
            return false;
        }
        moveTo(typed - first);
        return true;
    }
    // Malformed, before the clip's start or past its end: the reason quotes what was typed.
    auto frame = clock_.toFrame(text.trimmed().toStdString(), frameCount());
    if (!frame) {
        if (error) *error = tr("Cannot go there: %1").arg(QString::fromStdString(frame.error()));
        return false;
    }
    moveTo(*frame);
    return true;
}

bool PlayerController::refuseLocked() {
    if (!locked_ || mirroring_) return false;
    emit lockedOut();
    return true;
}

void PlayerController::mirror(qint64 frame, bool playing, qint64 driftFrames) {
    if (!media_) return;
    mirroring_ = true;
    if (playing) {
        if (!this->playing()) {
            moveTo(frame);
            startClock(1.0);
        } else if (std::abs(playhead_ - frame) > driftFrames) {
            moveTo(frame);
        }
    } else {
        stop();
        if (playhead_ != frame) moveTo(frame);
    }
    mirroring_ = false;
}

void PlayerController::seek(qint64 frame) {
    if (refuseLocked()) return;
    moveTo(frame);
}

void PlayerController::moveTo(qint64 frame) {
    if (!media_) return;
    playhead_ = std::clamp<qint64>(frame, 0, frameCount() - 1);
    if (playing()) startClock(speed_);
    server_.request(playhead_);
    emit playheadChanged(playhead_);
}

void PlayerController::step(qint64 delta) {
    if (refuseLocked()) return;
    stop();
    moveTo(playhead_ + delta);
}

void PlayerController::goToStart() { step(-playhead_); }
void PlayerController::goToEnd() { step(frameCount() - 1 - playhead_); }

void PlayerController::togglePlay() {
    if (refuseLocked()) return;
    if (playing())
        stop();
    else
        startClock(1.0);
}

void PlayerController::pause() {
    if (refuseLocked()) return;
    stop();
}

void PlayerController::stop() {
    if (!playing()) return;
    timer_.stop();
    useVideoClock();
    speed_ = 0.0;
    server_.setPlayDirection(0);
    emit playStateChanged(speed_);
}

void PlayerController::shuttleForward() {
    if (refuseLocked()) return;
    startClock(speed_ <= 0 ? 1.0 : std::min(speed_ * 2, kMaxShuttle));
}

void PlayerController::shuttleBackward() {
    if (refuseLocked()) return;
    startClock(speed_ >= 0 ? -1.0 : std::max(speed_ * 2, -kMaxShuttle));
}

void PlayerController::startClock(double speed) {
    if (!media_) return;
    // Play again from the top of the range when starting at (or past) its end, as players do.
    if (speed > 0 && (playhead_ >= rangeEnd() || playhead_ < rangeStart()))
        playhead_ = rangeStart();
    if (speed < 0 && (playhead_ <= rangeStart() || playhead_ > rangeEnd())) playhead_ = rangeEnd();
    speed_ = speed;
    server_.setPlayDirection(speed > 0 ? 1 : -1);
    clockOrigin_ = playhead_;
    elapsed_.start();
    startAudio();
    timer_.start(std::max(1, static_cast<int>(500.0 / (fps_ * std::abs(speed)))));
    emit playStateChanged(speed_);
}

double PlayerController::fileSecondsOf(qint64 frame) const {
    return static_cast<double>(media_->index->framePts(frame)) *
           media_->index->timeBase().toDouble();
}

bool PlayerController::audioUsable() const {
    // Idle: the clip's sound is still being opened on the audio thread; it may well play.
    const auto state = audio_.state();
    return state == AudioPlayback::State::Ready || state == AudioPlayback::State::Idle;
}

void PlayerController::startAudio() {
    // Sound plays at normal speed only; shuttling and reverse run silent on the video clock.
    audioClock_ = speed_ == 1.0 && audioUsable();
    if (!audioClock_) {
        audio_.stop();
        return;
    }
    lastHeard_ = 0;
    sinceAudioAdvanced_.start();
    audio_.play(fileSecondsOf(clockOrigin_));
}

void PlayerController::useVideoClock() {
    if (!audioClock_) return;
    audioClock_ = false;
    audio_.stop();
    // Go on from the frame on screen, at the same cadence.
    clockOrigin_ = playhead_;
    elapsed_.start();
}

double PlayerController::clockSeconds() {
    if (audioClock_) {
        if (!audioUsable() || audio_.finished()) {
            useVideoClock();  // no sound after all, or it ended before the picture
        } else if (const auto heard = audio_.heardSeconds(); heard && *heard > lastHeard_) {
            lastHeard_ = *heard;
            sinceAudioAdvanced_.start();
            return lastHeard_;
        } else if (sinceAudioAdvanced_.elapsed() > kAudioStallMs) {
            useVideoClock();
            emit errorOccurred(tr("The audio output stopped responding: playing without sound"));
        } else {
            return lastHeard_;  // the device has not moved on yet: hold the picture with it
        }
    }
    return elapsed_.nsecsElapsed() / 1e9 * speed_;
}

void PlayerController::tick() {
    const double frames = clockSeconds() * fps_;
    const qint64 target = clockOrigin_ + static_cast<qint64>(std::floor(frames));
    if ((target > rangeEnd() || target < rangeStart()) && !wrapAround()) {
        playhead_ = std::clamp<qint64>(target, rangeStart(), rangeEnd());
        server_.request(playhead_);
        stop();
        emit playheadChanged(playhead_);
        return;
    }
    if (target == playhead_ || target > rangeEnd() || target < rangeStart()) return;
    playhead_ = target;
    server_.request(playhead_);
    emit playheadChanged(playhead_);
}

bool PlayerController::wrapAround() {
    if (!loop_) return false;
    // Restart the clock at the other end so that the loop keeps the frame cadence.
    playhead_ = speed_ > 0 ? rangeStart() : rangeEnd();
    clockOrigin_ = playhead_;
    elapsed_.start();
    startAudio();     // the sound starts over with the picture (also after it ran out last pass)
    lastShown_ = -1;  // the jump back is not a dropped frame
    server_.request(playhead_);
    emit playheadChanged(playhead_);
    return true;
}

void PlayerController::onFrameReady(const media::ServedFrame& frame) {
    if (!media_) return;  // a late frame of a clip closed since
    if (playing() && lastShown_ >= 0) {
        const qint64 expected =
            lastShown_ + (speed_ > 0 ? 1 : -1) * static_cast<qint64>(std::abs(speed_));
        if ((speed_ > 0 && frame.number > expected) || (speed_ < 0 && frame.number < expected))
            dropped_ += std::abs(frame.number - expected);
    }
    lastShown_ = frame.number;
    emit frameShown(frame);
}

}  // namespace framenote::ui
