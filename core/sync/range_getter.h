#pragma once
// One ranged GET of a relay's media (docs/PROTOCOL.md, "Media transfer") with libcurl, its bytes
// written straight into a file at their own offsets: what lets a download run several streams
// at once into one file (media_downloader.h). Runs on the calling (worker) thread.
//
// Why libcurl and not Qt's HTTP client: Qt 6.4 hands every 16 KiB of a body across threads with
// a queued signal; one stream through it was half as fast as curl on loopback
// (docs/PERFORMANCE.md, "Media transfer").
#include <QByteArray>
#include <QString>
#include <QUrl>
#include <atomic>
#include <functional>

namespace framenote::sync {

struct RangeRequest {
    QUrl url;
    QByteArray token;  // "Authorization: Bearer"
    QByteArray etag;   // If-Range: the relay sends the whole file if it is another
    qint64 from = 0;   // the bytes [from, to) of the file
    qint64 to = 0;
    int fd = -1;                   // written with pwrite at each byte's offset
    qint64 maxBytesPerSecond = 0;  // 0: as fast as it goes
};

struct RangeResult {
    int status = 0;        // HTTP status; 0: no answer (the network)
    qint64 written = 0;    // bytes written from `from` on, in order
    QString error;         // why it stopped short: the network, the relay's reason, the disk
    bool refused = false;  // the relay answered something else than the range (final)
};

// `progress(bytes)`: more bytes were written (for the caller's counters and resume record),
// called on this thread in order. `stop` is polled: set, the transfer ends soon.
RangeResult getRange(const RangeRequest& request, const std::function<void(qint64)>& progress,
                     const std::atomic<bool>& stop);

// The size of the media at `url` (a GET of its first byte, whose Content-Range tells it), or
// the status and the relay's reason it was not told.
struct SizeAnswer {
    int status = 0;  // 200 when the size is known
    qint64 size = -1;
    QString error;
};
SizeAnswer askSize(const QUrl& url, const QByteArray& token);

}  // namespace framenote::sync
