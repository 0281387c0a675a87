// Media through a relay (docs/PERFORMANCE.md, "Media transfer"): framenote-cli upload and
// download of one large file against the relay binary's media port on loopback, beside a plain
// copy of the same file in the same run (the anchor); the relay's peak memory (VmHWM) and CPU;
// and the cost of a resume: the bytes sent again after the upload is killed at 50 %. Each timed
// phase starts after sync(2): no phase pays for the writeback of the one before, so the anchor
// and the transfers are measured alike (the page cache holds the source throughout).
//   framenote-media-transfer-bench [--mib 2048] [--dir DIR]
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>

#include "core/media/media_fingerprint.h"

namespace {

qint64 procStatus(qint64 pid, const QByteArray& key) {  // kB
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith(key))
            return line.mid(key.size() + 1).simplified().split(' ')[0].toLongLong();
    return -1;
}

// User + system CPU seconds of process `pid` so far (/proc/PID/stat, fields 14 and 15).
double processCpu(qint64 pid) {
    QFile f(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!f.open(QIODevice::ReadOnly)) return 0;
    const QByteArray stat = f.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return (fields.value(11).toDouble() + fields.value(12).toDouble()) / sysconf(_SC_CLK_TCK);
}

struct Run {
    double seconds = 0;
    int code = -1;
    QByteArray err;
    QByteArray out;
};

Run cli(const QStringList& args, int killAtPercent = -1) {
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(FRAMENOTE_CLI_BINARY, args);
    p.waitForStarted();
    Run run;
    const QByteArray mark = QByteArray::number(killAtPercent) + "%";
    while (!p.waitForFinished(20)) {
        run.err += p.readAllStandardError();
        if (killAtPercent >= 0 && run.err.contains(mark)) {
            p.kill();
            p.waitForFinished();
            break;
        }
    }
    run.err += p.readAllStandardError();
    run.out = p.readAllStandardOutput();
    run.seconds = t.elapsed() / 1000.0;
    run.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return run;
}

// An image sequence (the folder of `first`) up and down through the relay, beside a copy of
// its files: with small files the cost is per file (docs/PERFORMANCE.md, "An image sequence").
struct SequenceRun {
    int files = 0;
    qint64 bytes = 0;
    double copySeconds = 0;
    Run up, down;
    bool same = false;
};

SequenceRun sequenceRun(const QString& first, const QTemporaryDir& dir, const QStringList& auth) {
    SequenceRun run;
    const QFileInfo info(first);
    const QFileInfoList files = info.dir().entryInfoList({"*." + info.suffix()}, QDir::Files);
    run.files = static_cast<int>(files.size());
    for (const QFileInfo& f : files) run.bytes += f.size();
    ::sync();
    QDir().mkpath(dir.filePath("sequence-copy"));
    QElapsedTimer t;
    t.start();
    for (const QFileInfo& f : files)
        QFile::copy(f.filePath(), dir.filePath("sequence-copy/" + f.fileName()));
    run.copySeconds = t.elapsed() / 1000.0;
    ::sync();
    run.up = cli(QStringList{"upload", first} + auth);
    const QString id = QString::fromLatin1(run.up.out.trimmed().split('\n').last());
    ::sync();
    run.down = cli(QStringList{"download", id, "-o", dir.filePath("sequence-back")} + auth);
    run.same = run.up.code == 0 && run.down.code == 0;
    for (const QFileInfo& f : files)
        run.same &= QFileInfo(dir.filePath("sequence-back/" + f.fileName())).size() == f.size();
    return run;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    qint64 mib = 2048;
    QString base = QDir::tempPath();
    QString sequence;  // a file of an image sequence: the sequence goes up and down too
    const QStringList a = app.arguments();
    for (qsizetype i = 1; i + 1 < a.size(); ++i) {
        if (a[i] == "--mib") mib = a[i + 1].toLongLong();
        if (a[i] == "--dir") base = a[i + 1];
        if (a[i] == "--sequence") sequence = a[i + 1];
    }
    QTemporaryDir dir(base + "/framenote-transfer-bench-XXXXXX");
    const qint64 size = mib << 20;
    const QString file = dir.filePath("clip.bin");
    {
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly)) return 1;
        QByteArray block(8 << 20, Qt::Uninitialized);
        QRandomGenerator gen(7);
        for (qint64 done = 0; done < size; done += block.size()) {
            gen.fillRange(reinterpret_cast<quint32*>(block.data()), block.size() / 4);
            f.write(block.constData(), std::min<qint64>(block.size(), size - done));
        }
    }
    const QString id =
        QString::fromStdString(*framenote::media::mediaFingerprint(file.toStdString()));

    // The anchor: a plain copy of the same file on the same disk.
    ::sync();
    QElapsedTimer t;
    t.start();
    QFile::copy(file, dir.filePath("copy.bin"));
    const double copySeconds = t.elapsed() / 1000.0;
    QFile::remove(dir.filePath("copy.bin"));

    QProcess relay;
    relay.start(FRAMENOTE_RELAY_BINARY, {"--data-dir", dir.filePath("data"), "--address",
                                         "127.0.0.1", "--port", "0", "--media-port", "0"});
    QByteArray out;
    while (!out.contains("media on port") && relay.waitForReadyRead(10000))
        out += relay.readAllStandardOutput();
    const qsizetype at = out.indexOf("media on port ");
    if (at < 0) {
        std::fprintf(stderr, "the relay did not start\n");
        return 1;
    }
    const QString server = "http://127.0.0.1:" + out.mid(at + 14).split(' ').first();
    QProcess token;
    token.start(FRAMENOTE_RELAY_BINARY, {"token", "--data-dir", dir.filePath("data"), "--user",
                                         "bench", "--role", "reviewer", "--room", "*"});
    token.waitForFinished();
    const QString tok = QString::fromLatin1(token.readAllStandardOutput()).trimmed();
    const QStringList auth{"--server", server, "--token", tok};
    qputenv("XDG_CACHE_HOME", dir.filePath("cache").toUtf8());

    const double cpu0 = processCpu(relay.processId());
    ::sync();
    const Run up = cli(QStringList{"upload", file} + auth);
    const double upCpu = processCpu(relay.processId()) - cpu0;
    const qint64 rssUp = procStatus(relay.processId(), "VmHWM:");
    ::sync();
    const Run down = cli(QStringList{"download", id, "-o", dir.filePath("back.bin")} + auth);
    const double downCpu = processCpu(relay.processId()) - cpu0 - upCpu;
    const bool same = QFileInfo(dir.filePath("back.bin")).size() == size;
    QFile::remove(dir.filePath("back.bin"));

    // The resume: a second file (another id), killed at 50 %, then finished.
    QFile::remove(dir.filePath("data/media/" + id));
    {
        QFile f(file);
        f.open(QIODevice::ReadWrite);
        f.seek(0);
        f.write("another file");
    }
    const QString id2 =
        QString::fromStdString(*framenote::media::mediaFingerprint(file.toStdString()));
    const Run killed = cli(QStringList{"upload", file} + auth, 50);
    const QByteArray lastLine = killed.err.trimmed().split('\n').last();
    const double sentBeforeKill =
        lastLine.split(' ').value(lastLine.split(' ').indexOf("of") - 1).toDouble() * 1e6;
    const Run resumed = cli(QStringList{"upload", file} + auth);
    const qsizetype there = resumed.err.indexOf(" already there");
    const qint64 already =
        resumed.err.mid(resumed.err.lastIndexOf('(', there) + 1).split(' ').first().toLongLong();
    const double resent = sentBeforeKill - already;
    const SequenceRun seq = sequence.isEmpty() ? SequenceRun{} : sequenceRun(sequence, dir, auth);
    const qint64 rssEnd = procStatus(relay.processId(), "VmHWM:");
    relay.terminate();
    relay.waitForFinished();

    const double mb = size / 1e6;
    std::printf("media transfer on loopback, %lld MiB, 16 MiB chunks, 8 in flight\n",
                static_cast<long long>(mib));
    std::printf("  plain copy (anchor)      %8.1f MB/s  (%.2f s)\n", mb / copySeconds, copySeconds);
    std::printf(
        "  upload  (framenote-cli)  %8.1f MB/s  (%.2f s)  %.2fx the copy  relay CPU %.2f s%s\n",
        mb / up.seconds, up.seconds, copySeconds / up.seconds, upCpu, up.code ? "  FAILED" : "");
    std::printf(
        "  download (framenote-cli) %8.1f MB/s  (%.2f s)  %.2fx the copy  relay CPU %.2f s%s\n",
        mb / down.seconds, down.seconds, copySeconds / down.seconds, downCpu,
        down.code || !same ? "  FAILED" : "");
    std::printf("  relay peak RSS           %8.1f MiB after the transfers (%.1f MiB at the end)\n",
                rssUp / 1024.0, rssEnd / 1024.0);
    std::printf(
        "  resume after a kill at 50 %%: %.1f MB sent before the kill, %.1f MB on the relay, "
        "%.1f MB sent again (bound: 8 x 4 MiB = 33.6 MB)%s\n",
        sentBeforeKill / 1e6, already / 1e6, std::max(0.0, resent) / 1e6,
        resumed.code || id2 == id ? "  FAILED" : "");
    if (!sequence.isEmpty())
        std::printf(
            "  image sequence: %d files, %.1f MB; copy %.3f s, upload %.3f s (%.1f ms a file), "
            "download %.3f s (%.1f ms a file), %.2fx the copy%s\n",
            seq.files, seq.bytes / 1e6, seq.copySeconds, seq.up.seconds,
            1000 * seq.up.seconds / std::max(1, seq.files), seq.down.seconds,
            1000 * seq.down.seconds / std::max(1, seq.files),
            seq.copySeconds / std::max(1e-9, seq.down.seconds), seq.same ? "" : "  FAILED");
    return up.code || down.code || resumed.code || (!sequence.isEmpty() && !seq.same) ? 1 : 0;
}
