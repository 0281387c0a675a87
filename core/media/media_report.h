#pragma once
// Everything the probe and the frame index know about a file, as JSON or as readable text
// (what `framenote-cli info` prints).
#include <QJsonObject>
#include <string>

#include "core/media/frame_index.h"
#include "core/media/media_probe.h"

namespace framenote::media {

QJsonObject mediaReportJson(const MediaInfo& info, const FrameIndex* index,
                            const std::string& fingerprint);
std::string mediaReportText(const MediaInfo& info, const FrameIndex* index,
                            const std::string& fingerprint);

}  // namespace framenote::media
