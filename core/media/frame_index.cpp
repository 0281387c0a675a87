#include "core/media/frame_index.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/media/entry_point.h"
#include "core/media/ffmpeg_util.h"
#include "core/media/field_pairing.h"

namespace framenote::media {
namespace {

constexpr char kMagic[4] = {'F', 'N', 'I', 'X'};

template <typename T>
void put(std::string& out, T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.append(bytes, sizeof(T));
}

// Reads fixed-size values from a byte string, remembering whether it ran past the end.
class Reader {
  public:
    explicit Reader(const std::string& bytes) : bytes_(bytes) {}
    template <typename T>
    T get() {
        T value{};
        if (offset_ + sizeof(T) > bytes_.size()) {
            overrun_ = true;
            return value;
        }
        std::memcpy(&value, bytes_.data() + offset_, sizeof(T));
        offset_ += sizeof(T);
        return value;
    }
    bool overrun() const { return overrun_; }
    size_t remaining() const { return bytes_.size() - std::min(offset_, bytes_.size()); }

  private:
    const std::string& bytes_;
    size_t offset_ = 0;
    bool overrun_ = false;
};

constexpr size_t kPacketBytes = 8 * 5 + 4 + 1;

}  // namespace

Result<FrameIndex> FrameIndex::build(const std::string& path,
                                     const std::function<void(double)>& progress) {
    auto opened = openMediaFile(path);
    if (!opened) return makeError(opened.error());
    AVFormatContext* ctx = opened->get();
    const int stream = findVideoStream(ctx);
    if (stream < 0) return makeError(path + ": contains no video stream");
    for (unsigned i = 0; i < ctx->nb_streams; ++i)
        if (static_cast<int>(i) != stream) ctx->streams[i]->discard = AVDISCARD_ALL;

    FrameIndex index;
    index.streamIndex_ = stream;
    index.timeBase_ = {ctx->streams[stream]->time_base.num, ctx->streams[stream]->time_base.den};
    index.fileSize_ = ctx->pb ? avio_size(ctx->pb) : 0;

    PacketPtr pkt(av_packet_alloc());
    int64_t lastReport = 0;
    bool firstIsEntryPoint = false;
    const AVCodecID codec = ctx->streams[stream]->codecpar->codec_id;
    const auto fields = FieldPairing::forStream(*ctx->streams[stream]->codecpar);
    while (true) {
        int rc = av_read_frame(ctx, pkt.get());
        if (rc == AVERROR_EOF) break;
        if (rc == AVERROR(EAGAIN)) continue;
        if (rc < 0) {
            // A damaged tail ends the index where the readable data ends; a file that yields
            // nothing at all is an error.
            if (index.packets_.empty())
                return makeError(path + ": cannot read video packets (" + ffmpegErrorText(rc) +
                                 ")");
            break;
        }
        if (pkt->stream_index == stream && pkt->size > 0) {
            IndexedPacket p;
            p.pts = pkt->pts;
            p.dts = pkt->dts;
            p.pos = pkt->pos;
            p.duration = pkt->duration;
            p.size = pkt->size;
            p.keyframe = (pkt->flags & AV_PKT_FLAG_KEY) != 0;
            p.discard = (pkt->flags & AV_PKT_FLAG_DISCARD) != 0;
            p.secondField = fields && fields->isSecondField(*pkt);
            if (index.packets_.empty())
                firstIsEntryPoint =
                    p.keyframe &&
                    packetIsEntryPoint(*ctx->streams[stream]->codecpar, pkt->data, pkt->size);
            index.packets_.push_back(p);
        }
        if (progress && index.fileSize_ > 0 && pkt->pos > lastReport + (1 << 24)) {
            lastReport = pkt->pos;
            progress(static_cast<double>(pkt->pos) / static_cast<double>(index.fileSize_));
        }
        av_packet_unref(pkt.get());
    }
    opened->reset();
    index.finalize();
    if (index.openingNeedsDecode(codec, firstIsEntryPoint)) index.dropPicturesNeverOutput(path);
    if (index.frameCount() == 0) return makeError(path + ": the video stream has no frames");
    if (progress) progress(1.0);
    return index;
}

// Only a stream whose opening could hide pictures is decoded: one that opens on an H.264 or
// HEVC picture that is not an IDR/IRAP (a recovery point), or on a keyframe with leading
// pictures. Most open on an IDR with nothing before it, and reading its header is enough.
bool FrameIndex::openingNeedsDecode(int codecId, bool firstIsEntryPoint) const {
    if (packets_.empty() || !timestampsUsable_) return false;
    const bool intraOnly = keyPackets_.size() == packets_.size();
    if (intraOnly) return false;
    const IndexedPacket& first = packets_.front();
    if (!first.keyframe) return true;
    for (const IndexedPacket& p : packets_)
        if (!p.discard && p.pts < first.pts) return true;  // leading pictures (open GOP, RASL)
    const bool hasRecoveryPoints = codecId == AV_CODEC_ID_H264 || codecId == AV_CODEC_ID_HEVC;
    return hasRecoveryPoints && !firstIsEntryPoint;
}

// A stream that opens on a recovery point rather than an IDR (a cut of an intra-refresh stream)
// or on a CRA with RASL pictures: FFmpeg's decoder withholds the pictures before it has
// recovered, so they are not frames of the clip. Only the opening matters (after a seek the
// decoder learns the same per start point); one decode from the first packet finds it.
void FrameIndex::dropPicturesNeverOutput(const std::string& path) {
    // Most streams output their first picture within a few packets; a stream that shows nothing
    // within this many is left as the container describes it (the decoder reports the rest).
    constexpr int64_t kMaxPackets = 1024;
    if (!timestampsUsable_ || packets_.empty()) return;
    auto opened = openMediaFile(path);
    if (!opened) return;
    AVFormatContext* ctx = opened->get();
    if (streamIndex_ >= static_cast<int>(ctx->nb_streams)) return;
    auto codec = openDecoder(path, ctx->streams[streamIndex_], 1);
    if (!codec) return;
    PacketPtr pkt(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    int64_t firstPts = AV_NOPTS_VALUE;
    for (int64_t sent = 0; sent < kMaxPackets && firstPts == AV_NOPTS_VALUE;) {
        const int rc = av_read_frame(ctx, pkt.get());
        if (rc < 0) {
            avcodec_send_packet(codec->get(), nullptr);  // drain: short streams end here
        } else if (pkt->stream_index != streamIndex_ || pkt->size <= 0) {
            av_packet_unref(pkt.get());
            continue;
        } else {
            avcodec_send_packet(codec->get(), pkt.get());
            av_packet_unref(pkt.get());
            ++sent;
        }
        while (avcodec_receive_frame(codec->get(), frame.get()) == 0) {
            const int64_t pts =
                frame->pts != AV_NOPTS_VALUE ? frame->pts : frame->best_effort_timestamp;
            av_frame_unref(frame.get());
            if (pts != AV_NOPTS_VALUE && frameForPts(pts) >= 0) {
                firstPts = pts;
                break;
            }
        }
        if (rc < 0) break;
    }
    if (firstPts == AV_NOPTS_VALUE || firstPts == framePts(0)) return;
    for (IndexedPacket& p : packets_)
        if (!p.discard && p.pts < firstPts) p.discard = true;
    finalize();
}

bool FrameIndex::hasFieldPairs() const {
    return std::any_of(packets_.begin(), packets_.end(),
                       [](const IndexedPacket& p) { return p.secondField; });
}

Rational FrameIndex::frameRateFromTimestamps() const {
    if (!timestampsUsable_ || frameCount() < 2 || !timeBase_.valid()) return {};
    const int64_t span = framePts(frameCount() - 1) - framePts(0);
    if (span <= 0) return {};
    const double rate = static_cast<double>(frameCount() - 1) * timeBase_.den /
                        (static_cast<double>(span) * timeBase_.num);
    const AVRational q = av_d2q(rate, 1001000);  // 1001000: keeps 30000/1001 exact
    return {q.num, q.den};
}

FrameIndex FrameIndex::ofStills(int64_t count, Rational timeBase) {
    FrameIndex index;
    index.timeBase_ = timeBase;
    index.packets_.resize(static_cast<size_t>(std::max<int64_t>(count, 0)));
    for (int64_t n = 0; n < count; ++n) {
        IndexedPacket& p = index.packets_[n];
        p.pts = p.dts = n;
        p.duration = 1;
        p.keyframe = true;
    }
    index.finalize();
    return index;
}

void FrameIndex::finalize() {
    framePackets_.clear();
    keyPackets_.clear();
    frameByPts_.clear();
    dataEnd_ = 0;
    bool allPts = true;
    for (int64_t i = 0; i < static_cast<int64_t>(packets_.size()); ++i) {
        IndexedPacket& p = packets_[i];
        p.frame = -1;
        if (p.pos >= 0) dataEnd_ = std::max(dataEnd_, p.pos + p.size);
        if (p.keyframe) keyPackets_.push_back(i);
        if (p.discard || p.secondField) continue;
        if (p.pts == AV_NOPTS_VALUE) allPts = false;
        framePackets_.push_back(i);
    }
    if (allPts) {
        // Presentation order is pts order; ties keep decode order.
        std::stable_sort(framePackets_.begin(), framePackets_.end(), [this](int64_t a, int64_t b) {
            return packets_[a].pts < packets_[b].pts;
        });
    }
    timestampsUsable_ = allPts;
    for (int64_t n = 0; n < static_cast<int64_t>(framePackets_.size()); ++n) {
        IndexedPacket& p = packets_[framePackets_[n]];
        p.frame = n;
        if (allPts && !frameByPts_.emplace(p.pts, n).second) timestampsUsable_ = false;
    }
    if (!timestampsUsable_) frameByPts_.clear();
}

int64_t FrameIndex::frameForPts(int64_t pts) const {
    auto it = frameByPts_.find(pts);
    return it == frameByPts_.end() ? -1 : it->second;
}

int64_t FrameIndex::frameAtOrAfterPts(int64_t pts) const {
    if (framePackets_.empty()) return -1;
    auto it = std::lower_bound(
        framePackets_.begin(), framePackets_.end(), pts,
        [this](int64_t packet, int64_t value) { return packets_[packet].pts < value; });
    if (it == framePackets_.end()) return frameCount() - 1;
    return it - framePackets_.begin();
}

std::vector<int64_t> FrameIndex::keyframeFrames() const {
    std::vector<int64_t> frames;
    for (int64_t packet : keyPackets_)
        if (packets_[packet].frame >= 0) frames.push_back(packets_[packet].frame);
    std::sort(frames.begin(), frames.end());
    return frames;
}

int64_t FrameIndex::seekPacketFor(int64_t n, int64_t notAfterPacket) const {
    const int64_t target = packetOfFrame(n);
    const int64_t limit = std::min(target, notAfterPacket);
    auto it = std::upper_bound(keyPackets_.begin(), keyPackets_.end(), limit);
    while (it != keyPackets_.begin()) {
        --it;
        // A keyframe shown after n means n is a leading picture of that GOP (open GOP): its
        // references come from the GOP before, so decoding must start earlier.
        if (!timestampsUsable_ || packets_[*it].pts <= packets_[target].pts) return *it;
    }
    return 0;
}

double FrameIndex::secondsOfFrame(int64_t n) const {
    if (framePackets_.empty() || !timeBase_.valid() || !timestampsUsable_) return 0.0;
    return static_cast<double>(framePts(n) - framePts(0)) * timeBase_.num / timeBase_.den;
}

std::string FrameIndex::serialize() const {
    std::string out;
    out.reserve(64 + packets_.size() * kPacketBytes);
    out.append(kMagic, sizeof(kMagic));
    put<uint32_t>(out, kFormatVersion);
    put<int32_t>(out, streamIndex_);
    put<int32_t>(out, timeBase_.num);
    put<int32_t>(out, timeBase_.den);
    put<int64_t>(out, fileSize_);
    put<uint64_t>(out, packets_.size());
    for (const IndexedPacket& p : packets_) {
        put<int64_t>(out, p.pts);
        put<int64_t>(out, p.dts);
        put<int64_t>(out, p.pos);
        put<int64_t>(out, p.duration);
        put<int64_t>(out, 0);  // reserved
        put<int32_t>(out, p.size);
        put<uint8_t>(out, static_cast<uint8_t>((p.keyframe ? 1 : 0) | (p.discard ? 2 : 0) |
                                               (p.secondField ? 4 : 0)));
    }
    return out;
}

Result<FrameIndex> FrameIndex::deserialize(const std::string& bytes) {
    if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
        return makeError("frame index: not a Framenote frame index (bad magic)");
    Reader reader(bytes);
    reader.get<uint32_t>();  // magic, checked above
    const auto version = reader.get<uint32_t>();
    if (version != kFormatVersion)
        return makeError("frame index: unsupported version " + std::to_string(version));
    FrameIndex index;
    index.streamIndex_ = reader.get<int32_t>();
    index.timeBase_.num = reader.get<int32_t>();
    index.timeBase_.den = reader.get<int32_t>();
    index.fileSize_ = reader.get<int64_t>();
    const auto count = reader.get<uint64_t>();
    if (reader.overrun() || count != reader.remaining() / kPacketBytes ||
        reader.remaining() % kPacketBytes != 0)
        return makeError("frame index: truncated or corrupt data");
    index.packets_.resize(count);
    for (IndexedPacket& p : index.packets_) {
        p.pts = reader.get<int64_t>();
        p.dts = reader.get<int64_t>();
        p.pos = reader.get<int64_t>();
        p.duration = reader.get<int64_t>();
        reader.get<int64_t>();
        p.size = reader.get<int32_t>();
        const auto flags = reader.get<uint8_t>();
        p.keyframe = flags & 1;
        p.discard = flags & 2;
        p.secondField = flags & 4;
    }
    index.finalize();
    if (index.frameCount() == 0) return makeError("frame index: holds no frames");
    return index;
}

Status FrameIndex::saveTo(const std::string& path) const {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        const std::string bytes = serialize();
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (!out.good()) return makeError(path + ": cannot write the frame index");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        return makeError(path + ": cannot write the frame index (rename failed)");
    return Ok{};
}

Result<FrameIndex> FrameIndex::loadFrom(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(path + ": cannot open the frame index");
    std::stringstream buffer;
    buffer << in.rdbuf();
    auto index = deserialize(buffer.str());
    if (!index) return makeError(path + ": " + index.error());
    return index;
}

}  // namespace framenote::media
