#pragma once
// Everything the probe and the frame index know about a file, as JSON or as readable text
// (what `framenote-cli info` prints).
#include <QJsonObject>
#include <string>

#include "core/media/frame_index.h"
#include "core/media/frame_scan.h"
#include "core/media/media_probe.h"
#include "core/media/timecode.h"

namespace framenote::media {

// What the container promises against what could be read. A truncated file (or one whose data
// breaks off) declares more frames than the index finds.
struct FrameCompleteness {
    int64_t readable = 0;  // frames the index found
    // The container's frame count; without one, the readable frames plus the declared duration
    // they do not cover, times the rate (an estimate). 0: unknown.
    int64_t declared = 0;
    bool short_ = false;  // fewer readable than declared (beyond rounding)
    int64_t dataEnd = 0;  // the byte just past the last readable video packet
    int64_t fileSize = 0;
};
FrameCompleteness frameCompleteness(const MediaInfo& info, const FrameIndex& index);

QJsonObject mediaReportJson(const MediaInfo& info, const FrameIndex* index,
                            const std::string& fingerprint);
// The timecode clock a report describes: its nominal rate, drop-frame flag and start timecode.
// Falls back to 25 fps from 00:00:00:00 where the report lacks them.
Timecode timecodeFromReport(const QJsonObject& report);

// A damage scan as JSON: {"frames_scanned", "damaged": [...], "undecodable": [...]}.
QJsonObject damageReportJson(const DamageReport& damage);

std::string mediaReportText(const MediaInfo& info, const FrameIndex* index,
                            const std::string& fingerprint);

}  // namespace framenote::media
