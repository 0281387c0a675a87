#pragma once
// A private PulseAudio server with a null sink: a real audio output device for machines without
// a sound card. The null sink consumes sound in real time like a card would, and its monitor
// source lets a test record exactly what the application played.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <cmath>
#include <vector>

#include "tests/support/wait.h"

namespace framenote::test {

class PulseNullSink {
  public:
    static constexpr const char* kSinkName = "framenote_test";
    static constexpr int kRecordRate = 48000;

    ~PulseNullSink() {
        stopRecording();
        for (QProcess* p : {&keepAlive_, &server_}) {
            p->kill();
            p->waitForFinished(3000);
        }
    }

    // Starts the server and points this process's PulseAudio clients at it (call before anything
    // touches Qt Multimedia). Returns an empty string or why it could not start.
    QString start() {
        if (QStandardPaths::findExecutable("pulseaudio").isEmpty() ||
            QStandardPaths::findExecutable("parec").isEmpty())
            return "pulseaudio and pulseaudio-utils are not installed (scripts/install-deps "
                   "installs them)";
        if (!dir_.isValid()) return "no temporary folder";
        const QString runtime = dir_.path() + "/run";
        QDir().mkpath(runtime);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("PULSE_RUNTIME_PATH", runtime);
        env.insert("HOME", dir_.path());
        env.remove("PULSE_SERVER");
        server_.setProcessEnvironment(env);
        server_.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server_.start("pulseaudio",
                      {"-n", "--daemonize=no", "--exit-idle-time=-1", "--use-pid-file=no",
                       "--disable-shm=yes", "--load=module-native-protocol-unix",
                       QString("--load=module-null-sink sink_name=%1").arg(kSinkName)});
        if (!server_.waitForStarted(5000))
            return "pulseaudio did not start: " + server_.errorString();
        QElapsedTimer waited;
        waited.start();
        while (!QFile::exists(runtime + "/native")) {
            if (waited.elapsed() > 10000 || server_.state() != QProcess::Running)
                return "pulseaudio did not open its socket";
            QThread::msleep(20);
        }
        qputenv("PULSE_RUNTIME_PATH", runtime.toLocal8Bit());
        qunsetenv("PULSE_SERVER");
        env_ = env;
        // A null sink that has been idle takes a second or more to start consuming a new stream;
        // a silent stream keeps it running, as a sound card always runs.
        keepAlive_.setProcessEnvironment(env);
        keepAlive_.setStandardInputFile("/dev/zero");
        keepAlive_.start("pacat", {"--raw", "--volume=0", "--latency-msec=20", "-d", kSinkName});
        if (!keepAlive_.waitForStarted(5000)) return "pacat did not start";
        settle(300, "pacat's stream reaches the sink and wakes it");
        return {};
    }

    // Records the sink's monitor: mono 16-bit at kRecordRate.
    void startRecording() {
        recorder_.setProcessEnvironment(env_);
        recorder_.start(
            "parec", {"-d", QString(kSinkName) + ".monitor", "--raw", "--format=s16le",
                      QString("--rate=%1").arg(kRecordRate), "--channels=1", "--latency-msec=10"});
        recorder_.waitForStarted(5000);
        // parec connects to the server after its process starts, which took over 150 ms at times:
        // sound played before that was never recorded, and a test saw its start cut short. The
        // monitor of the running sink sends silence at once, so its first bytes mean "recording".
        QElapsedTimer connecting;
        connecting.start();
        while (recorder_.bytesAvailable() == 0 && recorder_.state() == QProcess::Running &&
               connecting.elapsed() < 5000)
            recorder_.waitForReadyRead(50);
    }

    std::vector<float> stopRecording() {
        if (recorder_.state() == QProcess::NotRunning) return {};
        recorder_.terminate();
        recorder_.waitForFinished(3000);
        const QByteArray raw = recorder_.readAllStandardOutput();
        std::vector<float> samples(static_cast<size_t>(raw.size() / 2));
        const auto* s16 = reinterpret_cast<const qint16*>(raw.constData());
        for (size_t i = 0; i < samples.size(); ++i) samples[i] = s16[i] / 32768.0f;
        return samples;
    }

  private:
    QTemporaryDir dir_;
    QProcess server_;
    QProcess keepAlive_;
    QProcess recorder_;
    QProcessEnvironment env_;
};

// The power of one frequency in a window of samples (Goertzel), normalized by window length.
inline double tonePower(const std::vector<float>& s, size_t from, size_t count, double hz,
                        int rate) {
    const double w = 2.0 * M_PI * hz / rate;
    const double coeff = 2.0 * std::cos(w);
    double q1 = 0, q2 = 0;
    for (size_t i = from; i < from + count && i < s.size(); ++i) {
        const double q0 = coeff * q1 - q2 + s[i];
        q2 = q1;
        q1 = q0;
    }
    return (q1 * q1 + q2 * q2 - coeff * q1 * q2) / (static_cast<double>(count) * count);
}

inline double rms(const std::vector<float>& s, size_t from, size_t count) {
    double sum = 0;
    size_t n = 0;
    for (size_t i = from; i < from + count && i < s.size(); ++i, ++n) sum += double(s[i]) * s[i];
    return n ? std::sqrt(sum / n) : 0.0;
}

}  // namespace framenote::test
