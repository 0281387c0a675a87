#pragma once
// What a media file holds: container, streams, codecs, geometry, rates, start timecode.
// Cheap (no decoding, no full scan); the exact frame count comes from the FrameIndex.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/media/rational.h"

namespace framenote::media {

struct VideoStreamInfo {
    int streamIndex = -1;
    std::string codec;  // FFmpeg's short name: h264, hevc, prores ...
    std::string codecLongName;
    std::string profile;
    std::string pixelFormat;  // yuv420p, yuv422p10le ...
    int bitDepth = 8;
    int width = 0;
    int height = 0;
    Rational sampleAspect{1, 1};
    Rational nominalRate;    // the stream's base rate (r_frame_rate): timecode counts in it
    Rational averageRate;    // frames / duration (avg_frame_rate)
    std::string colorSpace;  // bt709, bt470bg, ...
    std::string colorRange;  // tv (limited) or pc (full)
    std::string colorPrimaries;
    std::string colorTransfer;
    int64_t containerFrameCount = 0;  // what the container claims; 0 when unknown
    bool hasBFrames = false;
    double durationSeconds = 0;
};

struct AudioStreamInfo {
    int streamIndex = -1;
    std::string codec;
    int sampleRate = 0;
    int channels = 0;
    std::string channelLayout;  // stereo, 5.1 ...
    std::string sampleFormat;
    double durationSeconds = 0;
};

struct MediaInfo {
    std::string path;
    std::string container;  // FFmpeg's demuxer name, e.g. "mov,mp4,m4a,3gp,3g2,mj2"
    std::string containerLongName;
    int64_t fileSize = 0;
    int64_t bitRate = 0;
    double durationSeconds = 0;
    double startSeconds = 0;  // the container's start time (non-zero in TS, edited MOV)
    std::optional<VideoStreamInfo> video;
    std::vector<AudioStreamInfo> audio;
    std::string startTimecode;  // "01:00:00;00" from a tmcd track or metadata; empty if none
    bool dropFrameTimecode = false;
    // The number shown for frame 0: 0 for movies, the first file's number for an image sequence
    // (shot.1001.exr shows 1001). Frames stay 0-based everywhere else (docs/ARCHITECTURE.md).
    int64_t firstFrameNumber = 0;
    std::vector<int64_t> missingFrames;  // 0-based frames with no picture (a sequence's gaps)
};

Result<MediaInfo> probeMedia(const std::string& path);

}  // namespace framenote::media
