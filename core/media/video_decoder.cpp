#include "core/media/video_decoder.h"

#include <algorithm>

namespace framenote::media {
namespace {

// How far ahead (in packets) sequential decoding is still preferred over a seek.
constexpr int64_t kContinueWindowPackets = 32;

enum class Progress { Got, Passed, NeedInput, Ended };

}  // namespace

VideoDecoder::VideoDecoder(std::string path, std::shared_ptr<const FrameIndex> index,
                           const DecoderOptions& options)
    : path_(std::move(path)),
      index_(std::move(index)),
      options_(options),
      packet_(av_packet_alloc()),
      decoded_(av_frame_alloc()),
      cache_(options.cacheBudgetBytes) {}

VideoDecoder::~VideoDecoder() = default;

Result<std::unique_ptr<VideoDecoder>> VideoDecoder::open(const std::string& path,
                                                         std::shared_ptr<const FrameIndex> index,
                                                         const DecoderOptions& options) {
    if (!index) return makeError(path + ": no frame index");
    std::unique_ptr<VideoDecoder> decoder(new VideoDecoder(path, std::move(index), options));
    Status status = decoder->openStreams();
    if (!status) return makeError(status.error());
    // Packets are recognised after a seek by their byte position when every one has its own.
    for (int64_t i = 0; i < static_cast<int64_t>(decoder->index_->packets().size()); ++i) {
        const int64_t pos = decoder->index_->packets()[i].pos;
        if (pos < 0 || !decoder->packetByPos_.emplace(pos, i).second) {
            decoder->packetByPos_.clear();
            break;
        }
    }
    return decoder;
}

Result<std::unique_ptr<VideoDecoder>> VideoDecoder::open(const std::string& path,
                                                         const DecoderOptions& options) {
    auto index = FrameIndex::build(path);
    if (!index) return makeError(index.error());
    return open(path, std::make_shared<const FrameIndex>(std::move(index.value())), options);
}

Status VideoDecoder::openStreams() {
    auto opened = openMediaFile(path_);
    if (!opened) return makeError(opened.error());
    format_ = std::move(opened.value());
    const int stream = index_->streamIndex();
    if (stream < 0 || stream >= static_cast<int>(format_->nb_streams) ||
        format_->streams[stream]->codecpar->codec_type != AVMEDIA_TYPE_VIDEO)
        return makeError(path_ + ": the frame index does not match this file's streams");
    for (unsigned i = 0; i < format_->nb_streams; ++i)
        if (static_cast<int>(i) != stream) format_->streams[i]->discard = AVDISCARD_ALL;
    if (!codec_) {
        auto codec = openDecoder(path_, format_->streams[stream], options_.threads);
        if (!codec) return makeError(codec.error());
        codec_ = std::move(codec.value());
    }
    positioned_ = false;
    pendingPacket_ = false;
    drained_ = false;
    nextPacket_ = 0;
    return Ok{};
}

Status VideoDecoder::reopen() {
    format_.reset();
    return openStreams();
}

Result<VideoFrame> VideoDecoder::frame(int64_t n) {
    if (n < 0 || n >= index_->frameCount())
        return makeError(path_ + ": frame " + std::to_string(n) + " is outside the clip (0.." +
                         std::to_string(index_->frameCount() - 1) + ")");
    cache_.setPlayhead(n);
    return produce(n);
}

Result<VideoFrame> VideoDecoder::produce(int64_t n) {
    if (auto cached = cache_.find(n)) {
        ++stats_.cacheHits;
        return *cached;
    }
    bool triedAStartThatWorked = false;
    int64_t start = startPacketFor(n);
    if (!canContinueTo(n, start)) {
        Status status = positionAt(start);
        if (!status) return makeError(status.error());
    }
    while (true) {
        auto reached = decodeUntil(n);
        if (!reached) return makeError(reached.error());
        if (interrupted_)
            return makeError(path_ + ": decoding of frame " + std::to_string(n) +
                             " was interrupted");
        if (reached.value() && startPacket_ > 0 && startPacketFor(n) < startPacket_) {
            // This start has just shown itself to be a recovery point (recoveryStartFor): what
            // it output may be wrong; decode again from a start that is safe.
            ++stats_.fallbacks;
            cache_.clear();
            Status status = positionAt(startPacketFor(n));
            if (!status) return makeError(status.error());
            continue;
        }
        if (reached.value()) {
            auto found = cache_.find(n);
            if (found) return *found;
            return VideoFrame(decoded_.get(), n);  // cache budget 0: the frame is still in hand
        }
        // n was passed or the stream ended without it: an earlier start may serve it (after a
        // seek FFmpeg's H.264 decoder learns the reorder depth late and drops a picture). Two
        // starts that both output pictures up to n without n itself mean n is not in the data
        // (damaged or truncated): an error then, not a decode from the start of the file.
        if (outputCount_ == 0) learnFirstOutput(INT64_MAX);
        const bool startWorked = firstOutputFrom_[startPacket_] <= n;
        if (startPacket_ <= 0 || (startWorked && triedAStartThatWorked))
            return makeError(path_ + ": frame " + std::to_string(n) +
                             " cannot be decoded (the stream is damaged or ends before it)");
        triedAStartThatWorked |= startWorked;
        ++stats_.fallbacks;
        start = startPacketFor(n, startPacket_ - 1);
        Status status = positionAt(start);
        if (!status) return makeError(status.error());
    }
}

bool VideoDecoder::prefetchBackward(int64_t n, int64_t depth,
                                    const std::function<bool()>& keepGoing) {
    if (n <= 0 || n >= index_->frameCount() || depth <= 0) return true;
    int64_t lowest = n;
    while (lowest > 0 && n - lowest < depth && cache_.contains(lowest - 1)) --lowest;
    if (lowest == 0 || n - lowest >= depth) return true;
    // Decoding up to the frame below the cached run caches its whole GOP from the keyframe; the
    // cache, told the direction, drops the frames already passed and the GOP's far end first.
    keepGoing_ = keepGoing;
    auto below = produce(lowest - 1);
    keepGoing_ = nullptr;
    if (interrupted_) {
        interrupted_ = false;
        return false;
    }
    ++stats_.prefetches;
    // A damaged frame, or a budget too small to keep it: the requests will deal with it.
    return !below || !cache_.contains(lowest - 1);
}

void VideoDecoder::setPlayDirection(int direction) { cache_.setDirection(direction); }

int64_t VideoDecoder::startPacketFor(int64_t n, int64_t limit) const {
    if (!index_->timestampsUsable()) return 0;  // frames are counted from the start
    while (true) {
        const int64_t start = index_->seekPacketFor(n, limit);
        if (start <= 0) return 0;
        auto learned = firstOutputFrom_.find(start);
        if (learned != firstOutputFrom_.end() && learned->second > n) {
            limit = start - 1;
            continue;
        }
        if (recoveryPointStarts_) return recoveryStartFor(n, start);
        return start;
    }
}

// Recovery points are not trusted on their own: FFmpeg's decoder declares a picture recovered
// once the SEI's recovery frame count has passed, yet x264's refresh wave from some refresh
// points leaves stale blocks until the next wave has passed too. So a picture is trusted when a
// whole wave (the longest stretch of withheld pictures seen) has passed since a refresh point
// that was itself decoded from the refresh point before it (docs/ARCHITECTURE.md, "Exact
// frames"). `latest` is the last usable keyframe for n.
int64_t VideoDecoder::recoveryStartFor(int64_t n, int64_t latest) const {
    int64_t refresh = latest;
    while (refresh > 0 && index_->packets()[refresh].frame + maxWithheld_ > n)
        refresh = index_->seekPacketFor(n, refresh - 1);
    if (refresh <= 0) return 0;
    return std::max<int64_t>(0, index_->seekPacketFor(n, refresh - 1));
}

int64_t VideoDecoder::trustedFromFor(int64_t start) const {
    if (!recoveryPointStarts_ || start <= 0) return -1;
    // The refresh point after `start`: its wave has passed from here on.
    const auto& keys = index_->keyPackets();
    auto next = std::upper_bound(keys.begin(), keys.end(), start);
    if (next == keys.end()) return -1;
    return index_->packets()[*next].frame + maxWithheld_;
}

void VideoDecoder::learnFirstOutput(int64_t frameNumber) {
    if (startPacket_ < 0) return;
    firstOutputFrom_.emplace(startPacket_, frameNumber);
    // A keyframe whose own picture does not come out first is a recovery point, not an entry
    // point (an IDR or open-GOP I picture comes out first, its RASL/leading pictures dropped).
    const int64_t ownFrame = index_->packets()[startPacket_].frame;
    if (startPacket_ > 0 && ownFrame >= 0 && frameNumber > ownFrame && frameNumber < INT64_MAX) {
        recoveryPointStarts_ = true;
        maxWithheld_ = std::max(maxWithheld_, frameNumber - ownFrame);
    }
}

bool VideoDecoder::canContinueTo(int64_t n, int64_t startPacket) const {
    if (!positioned_ || lastOutput_ >= n || startPacket_ > startPacket) return false;
    if (drained_) return true;  // the decoder still holds the delayed pictures of the end
    return nextPacket_ >= startPacket || startPacket - nextPacket_ <= kContinueWindowPackets;
}

int64_t VideoDecoder::identifyPacket(const AVPacket* pkt) const {
    auto it = packetByPos_.find(pkt->pos);
    return it == packetByPos_.end() ? -1 : it->second;
}

Status VideoDecoder::positionAt(int64_t target) {
    ++stats_.seeks;
    avcodec_flush_buffers(codec_.get());
    av_packet_unref(packet_.get());
    positioned_ = false;
    pendingPacket_ = false;
    drained_ = false;
    lastOutput_ = -1;
    outputCount_ = 0;
    trustedFrom_ = trustedFromFor(target);
    const int stream = index_->streamIndex();
    const auto& packets = index_->packets();

    // Fast path: a demuxer seek to the keyframe, then packets recognised by byte position.
    if (!packetByPos_.empty()) {
        const IndexedPacket& goal = packets[target];
        int64_t ts = goal.dts != AV_NOPTS_VALUE ? goal.dts : goal.pts;
        for (int attempt = 0; attempt < 3 && ts != AV_NOPTS_VALUE; ++attempt) {
            if (av_seek_frame(format_.get(), stream, ts, AVSEEK_FLAG_BACKWARD) < 0) break;
            int64_t seen = -1;
            while (av_read_frame(format_.get(), packet_.get()) >= 0) {
                if (packet_->stream_index != stream || packet_->size <= 0) {
                    av_packet_unref(packet_.get());
                    continue;
                }
                seen = identifyPacket(packet_.get());
                if (seen < 0 || seen >= target) break;
                av_packet_unref(packet_.get());
            }
            if (seen == target) {
                pendingPacket_ = true;
                positioned_ = true;
                startPacket_ = nextPacket_ = target;
                return Ok{};
            }
            av_packet_unref(packet_.get());
            if (seen < 0) break;
            // Landed after the keyframe: ask for a point well before it.
            const int64_t earlier = std::max<int64_t>(0, target - (seen - target) - 1);
            const IndexedPacket& before = packets[earlier];
            const int64_t earlierTs = before.dts != AV_NOPTS_VALUE ? before.dts : before.pts;
            ts = std::min(ts - 1, earlierTs);
        }
    }

    // Always right: read from the beginning of the file, counting video packets.
    Status status = reopen();
    if (!status) return status;
    int64_t counted = 0;
    while (true) {
        int rc = av_read_frame(format_.get(), packet_.get());
        if (rc < 0)
            return makeError(path_ + ": the file ends before packet " + std::to_string(target) +
                             " of the frame index (" + ffmpegErrorText(rc) + ")");
        if (packet_->stream_index != stream || packet_->size <= 0) {
            av_packet_unref(packet_.get());
            continue;
        }
        if (counted == target) break;
        ++counted;
        av_packet_unref(packet_.get());
    }
    pendingPacket_ = true;
    positioned_ = true;
    startPacket_ = nextPacket_ = target;
    return Ok{};
}

Result<bool> VideoDecoder::decodeUntil(int64_t n) {
    const int stream = index_->streamIndex();
    while (true) {
        auto progress = receiveFrames(n);
        if (!progress) return makeError(progress.error());
        if (progress.value()) return true;
        if (lastOutput_ > n || drained_) return false;

        if (!pendingPacket_) {
            int rc = av_read_frame(format_.get(), packet_.get());
            if (rc == AVERROR(EAGAIN)) continue;
            if (rc < 0) {
                // End of file (or an unreadable tail): drain the decoder's delayed pictures.
                avcodec_send_packet(codec_.get(), nullptr);
                drained_ = true;
                auto tail = receiveFrames(n);
                if (!tail) return makeError(tail.error());
                return tail.value();
            }
            if (packet_->stream_index != stream || packet_->size <= 0) {
                av_packet_unref(packet_.get());
                continue;
            }
            pendingPacket_ = true;
        }
        if (keepGoing_ && !keepGoing_()) {
            interrupted_ = true;  // the packet stays pending: decoding can continue from here
            return false;
        }
        int rc = avcodec_send_packet(codec_.get(), packet_.get());
        if (rc == AVERROR(EAGAIN)) continue;  // frames must be received first
        // A damaged packet is skipped, as ffmpeg does; the frames it shows never arrive and
        // the caller falls back or reports the frame as undecodable.
        av_packet_unref(packet_.get());
        pendingPacket_ = false;
        ++nextPacket_;
        ++stats_.packetsSent;
    }
}

// Receives every frame the decoder has ready. Returns true once frame n has arrived.
Result<bool> VideoDecoder::receiveFrames(int64_t n) {
    bool got = false;
    while (true) {
        int rc = avcodec_receive_frame(codec_.get(), decoded_.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return got;
        if (rc < 0) continue;  // a decode error on one picture; the next may be fine
        ++stats_.framesDecoded;
        const int64_t number = frameNumberOf(decoded_.get());
        if (outputCount_++ == 0) learnFirstOutput(number < 0 ? INT64_MAX : number);
        if (number < 0) {
            av_frame_unref(decoded_.get());
            continue;
        }
        lastOutput_ = number;
        if (number < trustedFrom_ && number != n) {
            av_frame_unref(decoded_.get());  // from the start's own refresh wave: not trusted
            continue;
        }
        if (number == n) {
            cache_.insert(VideoFrame(decoded_.get(), number));
            if (!cache_.contains(n)) return true;  // keep decoded_ as the answer
            got = true;
        } else {
            cache_.insert(VideoFrame(decoded_.get(), number));
        }
        av_frame_unref(decoded_.get());
        if (got || number > n) return got;
    }
}

int64_t VideoDecoder::frameNumberOf(const AVFrame* frame) {
    if (!index_->timestampsUsable()) return startPacket_ == 0 ? outputCount_ : -1;
    const int64_t pts = frame->pts != AV_NOPTS_VALUE ? frame->pts : frame->best_effort_timestamp;
    return index_->frameForPts(pts);
}

}  // namespace framenote::media
