#include "core/media/media_report.h"

extern "C" {
#include <libavutil/avutil.h>
}

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <sstream>

namespace framenote::media {
namespace {

QString rationalText(Rational r) { return QStringLiteral("%1/%2").arg(r.num).arg(r.den); }

QJsonObject videoJson(const VideoStreamInfo& v) {
    return QJsonObject{
        {"stream_index", v.streamIndex},
        {"codec", QString::fromStdString(v.codec)},
        {"codec_long_name", QString::fromStdString(v.codecLongName)},
        {"profile", QString::fromStdString(v.profile)},
        {"pixel_format", QString::fromStdString(v.pixelFormat)},
        {"bit_depth", v.bitDepth},
        {"width", v.width},
        {"height", v.height},
        {"sample_aspect", rationalText(v.sampleAspect)},
        {"frame_rate", rationalText(v.nominalRate)},
        {"frame_rate_value", v.nominalRate.toDouble()},
        {"average_frame_rate", rationalText(v.averageRate)},
        {"color_space", QString::fromStdString(v.colorSpace)},
        {"color_range", QString::fromStdString(v.colorRange)},
        {"color_primaries", QString::fromStdString(v.colorPrimaries)},
        {"color_transfer", QString::fromStdString(v.colorTransfer)},
        {"container_frame_count", static_cast<qint64>(v.containerFrameCount)},
        {"has_b_frames", v.hasBFrames},
        {"duration_seconds", v.durationSeconds},
    };
}

QJsonObject audioJson(const AudioStreamInfo& a) {
    return QJsonObject{
        {"stream_index", a.streamIndex},
        {"codec", QString::fromStdString(a.codec)},
        {"sample_rate", a.sampleRate},
        {"channels", a.channels},
        {"channel_layout", QString::fromStdString(a.channelLayout)},
        {"sample_format", QString::fromStdString(a.sampleFormat)},
        {"duration_seconds", a.durationSeconds},
    };
}

}  // namespace

FrameCompleteness frameCompleteness(const MediaInfo& info, const FrameIndex& index) {
    FrameCompleteness result;
    result.readable = index.frameCount();
    result.dataEnd = index.dataEnd();
    result.fileSize = index.fileSize();
    if (!info.video) return result;
    const VideoStreamInfo& v = *info.video;
    // Packets, not shown frames, against the container's count: an edit list's discarded
    // preroll is in both.
    const auto packets = static_cast<int64_t>(index.packets().size());
    if (v.containerFrameCount > 0) {
        result.declared = v.containerFrameCount - (packets - result.readable);
        result.short_ = packets < v.containerFrameCount;
        return result;
    }
    // No count: the declared duration against the time the readable packets span (frames x
    // rate would misjudge variable-rate clips).
    const double declaredSeconds = v.durationSeconds > 0 ? v.durationSeconds : info.durationSeconds;
    const Rational tb = index.timeBase();
    if (declaredSeconds <= 0 || !tb.valid()) return result;
    int64_t first = INT64_MAX;
    int64_t end = INT64_MIN;
    for (const IndexedPacket& p : index.packets()) {
        if (p.pts == AV_NOPTS_VALUE) continue;
        first = std::min(first, p.pts);
        end = std::max(end, p.pts + std::max<int64_t>(p.duration, 0));
    }
    if (first > end) return result;
    const double readableSeconds = static_cast<double>(end - first) * tb.num / tb.den;
    const double rate = v.averageRate.valid() ? v.averageRate.toDouble() : 25.0;
    // Durations are rounded by muxers: two frames or 1 % is not a shortfall.
    const double tolerance = std::max(2.0 / rate, declaredSeconds / 100);
    const double missingSeconds = declaredSeconds - readableSeconds;
    result.short_ = missingSeconds > tolerance;
    result.declared = result.readable + (result.short_ ? std::llround(missingSeconds * rate) : 0);
    return result;
}

QJsonObject mediaReportJson(const MediaInfo& info, const FrameIndex* index,
                            const std::string& fingerprint) {
    QJsonObject root{
        {"path", QString::fromStdString(info.path)},
        {"media_id", QString::fromStdString(fingerprint)},
        {"container", QString::fromStdString(info.container)},
        {"container_long_name", QString::fromStdString(info.containerLongName)},
        {"file_size", static_cast<qint64>(info.fileSize)},
        {"bit_rate", static_cast<qint64>(info.bitRate)},
        {"duration_seconds", info.durationSeconds},
        {"start_seconds", info.startSeconds},
        {"start_timecode", QString::fromStdString(info.startTimecode)},
        {"drop_frame", info.dropFrameTimecode},
    };
    if (info.video) root["video"] = videoJson(*info.video);
    // A sequence's first file number (shot.1001.exr: 1001), known from the probe alone.
    root["first_frame_number"] = static_cast<qint64>(info.firstFrameNumber);
    QJsonArray missing;  // as numbered: a sequence's file numbers
    for (int64_t n : info.missingFrames)
        missing.append(static_cast<qint64>(info.firstFrameNumber + n));
    root["missing_frames"] = missing;
    QJsonArray audio;
    for (const AudioStreamInfo& a : info.audio) audio.append(audioJson(a));
    root["audio"] = audio;
    if (index) {
        root["frame_count"] = static_cast<qint64>(index->frameCount());
        root["keyframe_count"] = static_cast<qint64>(index->keyframeFrames().size());
        root["packet_count"] = static_cast<qint64>(index->packets().size());
        const FrameCompleteness complete = frameCompleteness(info, *index);
        root["declared_frame_count"] = static_cast<qint64>(complete.declared);
        root["data_end"] = static_cast<qint64>(complete.dataEnd);
        root["frames_missing_at_end"] = complete.short_;
    }
    return root;
}

QJsonObject damageReportJson(const DamageReport& damage) {
    auto frames = [](const std::vector<int64_t>& numbers) {
        QJsonArray array;
        for (int64_t n : numbers) array.append(static_cast<qint64>(n));
        return array;
    };
    return QJsonObject{{"frames_scanned", static_cast<qint64>(damage.framesScanned)},
                       {"damaged", frames(damage.damaged)},
                       {"undecodable", frames(damage.undecodable)}};
}

Timecode timecodeFromReport(const QJsonObject& report) {
    const QStringList rate = report["video"].toObject()["frame_rate"].toString().split('/');
    Rational nominal{25, 1};
    if (rate.size() == 2 && rate[0].toInt() > 0 && rate[1].toInt() > 0)
        nominal = {rate[0].toInt(), rate[1].toInt()};
    auto format = TimecodeFormat::forRate(nominal, report["drop_frame"].toBool());
    if (!format) format = TimecodeFormat::forRate(nominal, false);
    const TimecodeFormat chosen = format ? *format : TimecodeFormat{};
    const std::string start = report["start_timecode"].toString().toStdString();
    if (!start.empty())
        if (auto clock = Timecode::fromStart(chosen, start)) return *clock;
    return Timecode(chosen);
}

std::string mediaReportText(const MediaInfo& info, const FrameIndex* index,
                            const std::string& fingerprint) {
    std::ostringstream out;
    out << "File:          " << info.path << "\n"
        << "Media id:      " << fingerprint << "\n"
        << "Container:     " << info.container << " (" << info.containerLongName << ")\n"
        << "Duration:      " << info.durationSeconds << " s, start " << info.startSeconds << " s\n";
    if (info.video) {
        const VideoStreamInfo& v = *info.video;
        out << "Video:         " << v.codec << (v.profile.empty() ? "" : " (" + v.profile + ")")
            << ", " << v.width << "x" << v.height << ", " << v.pixelFormat << " (" << v.bitDepth
            << " bit), SAR " << v.sampleAspect.num << ":" << v.sampleAspect.den << "\n"
            << "Frame rate:    " << v.nominalRate.num << "/" << v.nominalRate.den << " nominal ("
            << v.nominalRate.toDouble() << "), " << v.averageRate.num << "/" << v.averageRate.den
            << " average\n";
        // Image files state no matrix or range: no line rather than an empty one.
        if (!v.colorSpace.empty() || !v.colorRange.empty())
            out << "Colour:        " << v.colorSpace << ", range " << v.colorRange << "\n";
    } else {
        out << "Video:         none\n";
    }
    if (index) {
        out << "Frames:        " << index->frameCount() << " (" << index->keyframeFrames().size()
            << " keyframes)\n";
        if (info.firstFrameNumber != 0 || !info.missingFrames.empty())
            out << "Numbered:      " << info.firstFrameNumber << " to "
                << info.firstFrameNumber + index->frameCount() - 1 << "\n";
        if (!info.missingFrames.empty()) {
            out << "Missing:       " << info.missingFrames.size() << " (";
            for (size_t i = 0; i < info.missingFrames.size(); ++i)
                out << (i ? ", " : "") << info.firstFrameNumber + info.missingFrames[i];
            out << ")\n";
        }
        const FrameCompleteness complete = frameCompleteness(info, *index);
        if (complete.short_)
            out << "Incomplete:    only " << complete.readable << " of the " << complete.declared
                << " frames the container declares can be read; the data ends at byte "
                << complete.dataEnd << " of " << complete.fileSize << "\n";
    }
    out << "Timecode:      " << (info.startTimecode.empty() ? "none" : info.startTimecode)
        << (info.dropFrameTimecode ? " (drop-frame)" : "") << "\n";
    for (const AudioStreamInfo& a : info.audio)
        out << "Audio:         " << a.codec << ", " << a.sampleRate << " Hz, " << a.channelLayout
            << " (" << a.channels << " ch), " << a.sampleFormat << "\n";
    return out.str();
}

}  // namespace framenote::media
