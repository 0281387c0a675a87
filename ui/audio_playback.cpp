#include "ui/audio_playback.h"

#include <QAudioDevice>
#include <QAudioSink>
#include <QMediaDevices>
#include <QTimer>
#include <memory>
#include <vector>

#include "core/media/audio_decoder.h"

namespace framenote::ui {

namespace {
// How often the worker tops the device up and reads its position: well under a frame.
constexpr int kFeedIntervalMs = 5;
// The device buffer: enough to ride out a few missed feeds, small enough to stop promptly.
constexpr int kBufferMs = 200;
}  // namespace

// Lives on the playback thread: owns the decoder and the sink, feeds the sink in push mode.
class AudioPlaybackWorker : public QObject {
  public:
    explicit AudioPlaybackWorker(AudioPlayback* owner) : owner_(owner) {
        feed_.setTimerType(Qt::PreciseTimer);
        connect(&feed_, &QTimer::timeout, this, &AudioPlaybackWorker::feed);
    }

    void open(const QString& path) {
        stop();
        decoder_.reset();
        const QAudioDevice device = QMediaDevices::defaultAudioOutput();
        if (device.isNull()) {
            report(AudioPlayback::State::NoDevice,
                   AudioPlayback::tr("No audio output device: playing without sound"));
            return;
        }
        format_ = outputFormat(device);
        media::AudioFormat wanted;
        wanted.sampleRate = format_.sampleRate();
        wanted.channels = format_.channelCount();
        wanted.sample = format_.sampleFormat() == QAudioFormat::Int16
                            ? media::AudioFormat::Sample::Int16
                            : media::AudioFormat::Sample::Float32;
        auto decoder = media::AudioDecoder::open(path.toStdString(), wanted);
        if (!decoder) {  // most often: the clip has no sound; nothing to say
            owner_->state_ = AudioPlayback::State::NoAudioStream;
            return;
        }
        decoder_ = std::move(decoder.value());
        device_ = device;
        owner_->state_ = AudioPlayback::State::Ready;
    }

    void play(int generation, double fileSeconds) {
        stop();
        generation_ = generation;
        if (!decoder_) return;
        if (!decoder_->seek(fileSeconds)) {
            ended_ = true;  // nothing to play from there; the player goes on with the video clock
            publish(0, true);
            return;
        }
        sink_ = std::make_unique<QAudioSink>(device_, format_);
        sink_->setBufferSize(format_.bytesForDuration(kBufferMs * 1000));
        sink_->setVolume(muted_ ? 0.0 : 1.0);
        device_io_ = sink_->start();
        if (!device_io_ || sink_->error() != QAudio::NoError) {
            sink_.reset();
            report(
                AudioPlayback::State::NoDevice,
                AudioPlayback::tr("The audio output could not be started: playing without sound"));
            return;
        }
        pending_.clear();
        pendingOffset_ = 0;
        ended_ = false;
        publish(0, false);
        feed();
        feed_.start(kFeedIntervalMs);
    }

    void stop() {
        feed_.stop();
        if (sink_) sink_->stop();
        sink_.reset();
        device_io_ = nullptr;
    }

    void setMuted(bool muted) {
        muted_ = muted;
        if (sink_) sink_->setVolume(muted ? 0.0 : 1.0);
    }

  private:
    // The device's preferred layout, in a sample type the decoder converts to.
    static QAudioFormat outputFormat(const QAudioDevice& device) {
        QAudioFormat format = device.preferredFormat();
        format.setChannelCount(std::clamp(format.channelCount(), 1, 2));
        if (format.sampleFormat() != QAudioFormat::Int16)
            format.setSampleFormat(QAudioFormat::Float);
        if (!device.isFormatSupported(format)) format.setSampleFormat(QAudioFormat::Int16);
        return format;
    }

    void feed() {
        if (!sink_) return;
        const int frameBytes = format_.bytesPerFrame();
        qint64 room = sink_->bytesFree() / frameBytes * frameBytes;
        while (room > 0 && !ended_) {
            if (pendingOffset_ >= pending_.size() && !decodeMore()) break;
            const qint64 n =
                std::min<qint64>(room, static_cast<qint64>(pending_.size() - pendingOffset_));
            const qint64 written = device_io_->write(
                reinterpret_cast<const char*>(pending_.data()) + pendingOffset_, n);
            if (written <= 0) break;
            pendingOffset_ += static_cast<size_t>(written);
            room -= written;
        }
        const bool drained =
            ended_ && pendingOffset_ >= pending_.size() && sink_->state() == QAudio::IdleState;
        publish(sink_->processedUSecs(), drained);
        if (drained) stop();
    }

    bool decodeMore() {
        auto chunk = decoder_->next();
        if (!chunk ||
            !chunk.value()) {  // the end of the stream, or a decode error: play what we have
            ended_ = true;
            return false;
        }
        pending_ = std::move(chunk.value()->data);
        pendingOffset_ = 0;
        return true;
    }

    void publish(qint64 heardUs, bool finished) {
        owner_->heardUs_ = heardUs;
        owner_->finished_ = finished;
        owner_->reported_ = generation_;
    }

    void report(AudioPlayback::State state, const QString& message) {
        owner_->state_ = state;
        QMetaObject::invokeMethod(owner_, [owner = owner_, message] {
            if (owner->warned_) return;
            owner->warned_ = true;
            emit owner->unavailable(message);
        });
    }

    AudioPlayback* owner_;
    QTimer feed_{this};
    std::unique_ptr<media::AudioDecoder> decoder_;
    QAudioDevice device_;
    QAudioFormat format_;
    std::unique_ptr<QAudioSink> sink_;
    QIODevice* device_io_ = nullptr;
    std::vector<uint8_t> pending_;
    size_t pendingOffset_ = 0;
    bool ended_ = false;
    bool muted_ = false;
    int generation_ = -1;
};

AudioPlayback::AudioPlayback(QObject* parent) : QObject(parent) {
    thread_.setObjectName("framenote-audio");
    worker_ = new AudioPlaybackWorker(this);
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    thread_.start();
}

AudioPlayback::~AudioPlayback() {
    QMetaObject::invokeMethod(
        worker_, [w = worker_] { w->stop(); }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
}

void AudioPlayback::open(const QString& path) {
    ++requested_;  // figures of an earlier play() no longer count
    QMetaObject::invokeMethod(worker_, [w = worker_, path] { w->open(path); });
}

void AudioPlayback::play(double fileSeconds) {
    const int generation = ++requested_;
    finished_ = false;
    QMetaObject::invokeMethod(
        worker_, [w = worker_, generation, fileSeconds] { w->play(generation, fileSeconds); });
}

void AudioPlayback::stop() {
    ++requested_;
    QMetaObject::invokeMethod(worker_, [w = worker_] { w->stop(); });
}

void AudioPlayback::setMuted(bool muted) {
    muted_ = muted;
    QMetaObject::invokeMethod(worker_, [w = worker_, muted] { w->setMuted(muted); });
}

std::optional<double> AudioPlayback::heardSeconds() const {
    if (reported_.load() != requested_.load()) return std::nullopt;
    return heardUs_.load() / 1e6;
}

bool AudioPlayback::finished() const {
    return reported_.load() == requested_.load() && finished_.load();
}

}  // namespace framenote::ui
