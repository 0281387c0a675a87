#pragma once
// Plays a clip's sound on the default output device (QAudioSink) and reports how much of it has
// been heard, so the player can use audio as its master clock. The sink and the decoder live on
// a thread of their own: a busy UI thread never starves the device, and the UI thread never
// decodes. Where there is no device (or no audio stream) nothing plays and the player keeps its
// video clock; the missing device is reported once.
#include <QObject>
#include <QThread>
#include <atomic>
#include <optional>

namespace framenote::ui {

class AudioPlaybackWorker;

class AudioPlayback : public QObject {
    Q_OBJECT
  public:
    enum class State { Idle, NoAudioStream, NoDevice, Ready };

    explicit AudioPlayback(QObject* parent = nullptr);
    ~AudioPlayback() override;

    // Prepares the file's first audio stream for the default device (asynchronous).
    void open(const QString& path);
    // Starts the sound at `fileSeconds` (the media's clock, as frame timestamps are).
    void play(double fileSeconds);
    void stop();
    void setMuted(bool muted);
    bool muted() const { return muted_; }

    State state() const { return state_.load(); }
    // Seconds of sound the device has played since the last play(); nullopt while that play has
    // not reached the device yet (or when nothing plays).
    std::optional<double> heardSeconds() const;
    // The stream of the last play() ran out and the device played all of it.
    bool finished() const;

  signals:
    // Said once per player: there is no output device, or it failed.
    void unavailable(QString message);

  private:
    friend class AudioPlaybackWorker;

    QThread thread_;
    AudioPlaybackWorker* worker_ = nullptr;
    std::atomic<State> state_{State::Idle};
    // Written by the worker: which play() the figures belong to, and the heard time.
    std::atomic<int> requested_{0};
    std::atomic<int> reported_{-1};
    std::atomic<qint64> heardUs_{0};
    std::atomic<bool> finished_{false};
    bool muted_ = false;
    bool warned_ = false;
};

}  // namespace framenote::ui
