#pragma once
// Everything the probe and the frame index know about a file, as JSON or as readable text
// (what `framenote-cli info` prints).
#include <QJsonObject>
#include <string>

#include "core/media/frame_index.h"
#include "core/media/media_probe.h"
#include "core/media/timecode.h"

namespace framenote::media {

QJsonObject mediaReportJson(const MediaInfo& info, const FrameIndex* index,
                            const std::string& fingerprint);
// The timecode clock a report describes: its nominal rate, drop-frame flag and start timecode.
// Falls back to 25 fps from 00:00:00:00 where the report lacks them.
Timecode timecodeFromReport(const QJsonObject& report);

std::string mediaReportText(const MediaInfo& info, const FrameIndex* index,
                            const std::string& fingerprint);

}  // namespace framenote::media
