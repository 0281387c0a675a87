#include "app/framenote-cli/transfer_commands.h"

#include <unistd.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QStandardPaths>
#include <cstdio>
#include <functional>
#include <iostream>
#include <optional>

#include "core/common/exit_status.h"
#include "core/media/image_sequence.h"
#include "core/media/media_source.h"
#include "core/media/sequence_fingerprint.h"
#include "core/sync/media_downloader.h"
#include "core/sync/media_kind.h"
#include "core/sync/media_uploader.h"
#include "core/sync/sequence_transfer.h"

namespace {

int usage(const std::string& message) {
    return framenote::reportUsageError("framenote-cli", message);
}

// "--server URL --token T": the relay's media port and a token; the usage error, or nothing.
std::optional<std::string> readServer(const QCommandLineParser& parser, QUrl* server,
                                      QString* token) {
    *server = QUrl(parser.value("server"));
    if (!server->isValid() || (server->scheme() != "http" && server->scheme() != "https") ||
        server->host().isEmpty())
        return "--server needs the relay's media port as http(s)://HOST:PORT";
    *token = parser.value("token");
    if (token->isEmpty()) *token = qEnvironmentVariable("FRAMENOTE_TOKEN");
    return std::nullopt;
}

// Progress on stderr: one line rewritten on a terminal, a line every 10 % otherwise.
class ProgressLine {
  public:
    explicit ProgressLine(const char* what) : what_(what), tty_(isatty(STDERR_FILENO)) {
        clock_.start();
    }
    void show(qint64 done, qint64 total, qint64 startedAt) {
        if (total <= 0) return;
        const int percent = static_cast<int>(100 * done / total);
        if (tty_ ? clock_.elapsed() - lastMs_ < 250 : percent < nextPercent_) return;
        lastMs_ = clock_.elapsed();
        nextPercent_ = percent / 10 * 10 + 10;
        const double seconds = std::max(0.001, clock_.elapsed() / 1000.0);
        const double rate = (done - startedAt) / seconds;
        const double left = rate > 0 ? (total - done) / rate : 0;
        std::fprintf(stderr, "%s%s: %3d%%  %.1f of %.1f MB  %.1f MB/s  %.0f s left%s",
                     tty_ ? "\r" : "", what_, percent, done / 1e6, total / 1e6, rate / 1e6, left,
                     tty_ ? "" : "\n");
        std::fflush(stderr);
    }
    void done(qint64 bytes, qint64 resumed) {
        const double seconds = std::max(0.001, clock_.elapsed() / 1000.0);
        std::fprintf(stderr, "%s%s: done, %lld bytes (%lld already there) in %.1f s, %.1f MB/s\n",
                     tty_ ? "\r" : "", what_, static_cast<long long>(bytes),
                     static_cast<long long>(resumed), seconds, (bytes - resumed) / seconds / 1e6);
    }

  private:
    const char* what_;
    bool tty_;
    QElapsedTimer clock_;
    qint64 lastMs_ = -1000;
    int nextPercent_ = 0;
};

// "500K", "20M", "1G" or plain bytes (curl's --limit-rate), at least 1 KiB a second.
std::optional<qint64> parseByteRate(const QString& text) {
    QString digits = text.trimmed().toUpper();
    int shift = 0;
    if (digits.endsWith('K')) shift = 10;
    if (digits.endsWith('M')) shift = 20;
    if (digits.endsWith('G')) shift = 30;
    if (shift) digits.chop(1);
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    if (!ok || n <= 0 || n > (qint64{1} << (62 - shift))) return std::nullopt;
    const qint64 rate = n << shift;
    return rate >= 1024 ? std::optional(rate) : std::nullopt;
}

// --limit-rate into `rate` (left as it is when not given); what is wrong with it otherwise.
std::optional<std::string> readLimitRate(const QCommandLineParser& parser, qint64* rate) {
    if (!parser.isSet("limit-rate")) return std::nullopt;
    const auto parsed = parseByteRate(parser.value("limit-rate"));
    if (!parsed) return "--limit-rate needs a rate such as 500K, 20M or 1G";
    *rate = *parsed;
    return std::nullopt;
}

// Runs `transfer` (an uploader or a downloader of a file or a sequence) in the event loop with
// progress on stderr; `onSuccess` tells what to print when it ends well. The exit status.
// `resumed`: the bytes that were there before this run, for the closing line.
template <typename Transfer>
int runTransfer(Transfer& transfer, const char* what, const std::function<qint64()>& resumed,
                const std::function<void()>& onSuccess) {
    ProgressLine line(what);
    qint64 startedAt = -1, bytes = 0;
    QObject::connect(&transfer, &Transfer::progress, [&](qint64 done, qint64 total) {
        if (startedAt < 0) startedAt = done;
        bytes = total;
        line.show(done, total, startedAt);
    });
    int code = 0;
    QObject::connect(&transfer, &Transfer::finished, [&](bool ok, const QString& message) {
        if (ok) {
            onSuccess();
            line.done(bytes, std::max<qint64>(0, resumed()));
        } else
            code = framenote::reportFailure("framenote-cli",
                                            std::string(what) + ": " + message.toStdString());
        QCoreApplication::quit();
    });
    // Started from the event loop: a failure at once must find exec() running to quit it.
    QMetaObject::invokeMethod(
        &transfer, [&] { transfer.start(); }, Qt::QueuedConnection);
    QCoreApplication::exec();
    return code;
}

// Whether the relay's media `id` is an image sequence's (media_kind.h), waited for; nullopt with
// `error` set when the relay cannot say.
std::optional<bool> isSequenceOnRelay(const QUrl& server, const QString& token, const QString& id,
                                      QString* error) {
    QNetworkAccessManager network;
    QEventLoop loop;
    std::optional<bool> answer;
    framenote::sync::askMediaKind(network, server, token, id,
                                  [&](const framenote::sync::MediaKind& kind) {
                                      answer = kind.isSequence;
                                      *error = kind.why;
                                      loop.quit();
                                  });
    loop.exec();
    return answer;
}

}  // namespace

int runUploadCommand(const QCommandLineParser& parser, const QStringList& args) {
    if (args.size() != 2) return usage("upload needs one FILE");
    framenote::sync::MediaUploadOptions options;
    if (auto bad = readServer(parser, &options.server, &options.token)) return usage(*bad);
    if (parser.isSet("chunk-mib")) {
        bool ok = false;
        const int mib = parser.value("chunk-mib").toInt(&ok);
        if (!ok || mib < 1 || mib > 4096) return usage("--chunk-mib needs 1 to 4096");
        options.chunkBytes = qint64{mib} << 20;
        options.patchBytes = std::min(options.patchBytes, options.chunkBytes);
    }
    if (parser.isSet("parallel")) {
        bool ok = false;
        options.parallel = parser.value("parallel").toInt(&ok);
        if (!ok || options.parallel < 1 || options.parallel > 64)
            return usage("--parallel needs 1 to 64");
    }
    if (auto bad = readLimitRate(parser, &options.maxBytesPerSecond)) return usage(*bad);
    // The resume states live in the user's cache, one per media id and relay.
    options.resumeStates = framenote::sync::UploadResumeStates::inFolder(
        QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
        QStringLiteral("/uploads"));
    const QString path = args[1];
    if (framenote::media::isSequenceInput(path.toStdString())) {
        // An image sequence: its manifest, then each file (sequence_transfer.h).
        auto sequence = framenote::media::ImageSequence::discover(path.toStdString());
        if (!sequence) return framenote::reportFailure("framenote-cli", sequence.error());
        auto manifest = framenote::media::sequenceManifest(*sequence);
        if (!manifest) return framenote::reportFailure("framenote-cli", manifest.error());
        framenote::sync::SequenceUploader uploader(
            std::move(*manifest), QString::fromStdString(sequence->directory), options);
        return runTransfer(
            uploader, "upload", [&] { return uploader.resumedBytes(); },
            [&] { std::cout << uploader.mediaId().toStdString() << "\n"; });
    }
    framenote::sync::MediaUploader uploader(path, options);
    return runTransfer(
        uploader, "upload", [&] { return uploader.resumedBytes(); },
        [&] { std::cout << uploader.mediaId().toStdString() << "\n"; });
}

int runDownloadCommand(const QCommandLineParser& parser, const QStringList& args) {
    if (args.size() != 2) return usage("download needs one MEDIA_ID");
    QUrl server;
    QString token;
    if (auto bad = readServer(parser, &server, &token)) return usage(*bad);
    const QString out = parser.value("output");
    if (out.isEmpty()) return usage("download needs -o FILE");
    qint64 rate = 0;
    if (auto bad = readLimitRate(parser, &rate)) return usage(*bad);
    QString error;
    const auto sequence = isSequenceOnRelay(server, token, args[1], &error);
    if (!sequence)
        return framenote::reportFailure("framenote-cli", "download: " + error.toStdString());
    if (*sequence) {
        // An image sequence: -o names the folder its files go into.
        framenote::sync::SequenceDownloader downloader(args[1], out, server, token);
        downloader.setMaxBytesPerSecond(rate);
        return runTransfer(
            downloader, "download", [&] { return downloader.resumedBytes(); }, [] {});
    }
    framenote::sync::MediaDownloader downloader(args[1], out, server, token);
    downloader.setMaxBytesPerSecond(rate);
    return runTransfer(
        downloader, "download", [&] { return downloader.resumedFrom(); }, [] {});
}
