#pragma once
// The frame index: every video packet of the file, found by a demux-only scan (decoding only the
// opening pictures, to find those the decoder never outputs), with the frames they produce
// numbered in presentation order (frames, not seconds, are the unit of truth). Frame N is the
// N-th picture FFmpeg's decoder outputs, never seconds x fps.
#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/common/result.h"
#include "core/media/rational.h"

namespace framenote::media {

// One video packet in decode (file) order.
struct IndexedPacket {
    int64_t pts = 0;
    int64_t dts = 0;
    int64_t pos = -1;  // byte position in the file, -1 when the demuxer does not know it
    int64_t duration = 0;
    int32_t size = 0;
    bool keyframe = false;
    bool discard = false;  // outside the edit list: decoded for reference, never shown
    // The second field of a frame coded as two field pictures, a packet each: decoded, and the
    // frame is its first field's (field_pairing.h).
    bool secondField = false;
    int64_t frame = -1;  // the frame it shows, or -1 when discarded
};

class FrameIndex {
  public:
    // 2: pictures the decoder never outputs at the stream's opening are marked discarded.
    // 3: second fields of field-coded frames are marked.
    static constexpr uint32_t kFormatVersion = 3;

    // Scans the file's packets. `progress` (optional) receives the fraction of bytes read.
    static Result<FrameIndex> build(const std::string& path,
                                    const std::function<void(double)>& progress = {});

    // The index of `count` stills, each its own keyframe with pts n in `timeBase`: an image
    // sequence's frames (one file each, no demuxing).
    static FrameIndex ofStills(int64_t count, Rational timeBase);

    int64_t frameCount() const { return static_cast<int64_t>(framePackets_.size()); }
    const std::vector<IndexedPacket>& packets() const { return packets_; }
    // The packet that shows frame n (n in [0, frameCount())).
    const IndexedPacket& frame(int64_t n) const { return packets_[framePackets_[n]]; }
    int64_t packetOfFrame(int64_t n) const { return framePackets_[n]; }
    int64_t framePts(int64_t n) const { return frame(n).pts; }
    // The frame whose presentation timestamp is pts, or -1.
    int64_t frameForPts(int64_t pts) const;
    // The first frame whose pts is >= pts (clamped to the last frame): seconds -> frame for
    // audio sync and time-based UI, never for naming a frame.
    int64_t frameAtOrAfterPts(int64_t pts) const;

    // Decode indices of the keyframes' packets, ascending.
    const std::vector<int64_t>& keyPackets() const { return keyPackets_; }
    // Frames whose packet is a keyframe, in presentation order.
    std::vector<int64_t> keyframeFrames() const;
    // The decode index of the keyframe to start decoding from so that frame n is output:
    // the last keyframe at or before n's packet whose pts is not after n's pts (so open-GOP
    // leading pictures start from the keyframe before). `skipPacketsFrom` excludes keyframes
    // known not to work, by decode index (see VideoDecoder's fallback).
    int64_t seekPacketFor(int64_t n, int64_t notAfterPacket = INT64_MAX) const;

    // True when some frame is coded as two field pictures in two packets (field_pairing.h).
    bool hasFieldPairs() const;
    // Frames per second from the first and last frames' timestamps, as a fraction (invalid
    // with fewer than two frames or no timestamps). For field-paired streams, where FFmpeg's
    // guess (r_frame_rate) counts fields.
    Rational frameRateFromTimestamps() const;

    // True when every shown packet has a distinct pts, so decoded frames can be named by pts.
    bool timestampsUsable() const { return timestampsUsable_; }

    int streamIndex() const { return streamIndex_; }
    Rational timeBase() const { return timeBase_; }
    int64_t fileSize() const { return fileSize_; }
    // The byte just past the last video packet read: where the readable data ends.
    int64_t dataEnd() const { return dataEnd_; }
    // Seconds from the first frame to frame n, for display and audio sync.
    double secondsOfFrame(int64_t n) const;

    // Binary form for the store's cache and for --index files; load() validates everything.
    std::string serialize() const;
    static Result<FrameIndex> deserialize(const std::string& bytes);
    Status saveTo(const std::string& path) const;
    static Result<FrameIndex> loadFrom(const std::string& path);

  private:
    void finalize();
    bool openingNeedsDecode(int codecId, bool firstIsEntryPoint) const;
    void dropPicturesNeverOutput(const std::string& path);

    std::vector<IndexedPacket> packets_;
    std::vector<int64_t> framePackets_;  // frame -> packet decode index
    std::vector<int64_t> keyPackets_;    // decode indices of keyframes, ascending
    std::unordered_map<int64_t, int64_t> frameByPts_;
    bool timestampsUsable_ = false;
    int streamIndex_ = -1;
    Rational timeBase_;
    int64_t fileSize_ = 0;
    int64_t dataEnd_ = 0;
};

}  // namespace framenote::media
