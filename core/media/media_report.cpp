#include "core/media/media_report.h"

#include <QJsonArray>
#include <QJsonDocument>
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
    QJsonArray audio;
    for (const AudioStreamInfo& a : info.audio) audio.append(audioJson(a));
    root["audio"] = audio;
    if (index) {
        root["frame_count"] = static_cast<qint64>(index->frameCount());
        root["keyframe_count"] = static_cast<qint64>(index->keyframeFrames().size());
        root["packet_count"] = static_cast<qint64>(index->packets().size());
    }
    return root;
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
            << " average\n"
            << "Colour:        " << v.colorSpace << ", range " << v.colorRange << "\n";
    } else {
        out << "Video:         none\n";
    }
    if (index)
        out << "Frames:        " << index->frameCount() << " (" << index->keyframeFrames().size()
            << " keyframes)\n";
    out << "Timecode:      " << (info.startTimecode.empty() ? "none" : info.startTimecode)
        << (info.dropFrameTimecode ? " (drop-frame)" : "") << "\n";
    for (const AudioStreamInfo& a : info.audio)
        out << "Audio:         " << a.codec << ", " << a.sampleRate << " Hz, " << a.channelLayout
            << " (" << a.channels << " ch), " << a.sampleFormat << "\n";
    return out.str();
}

}  // namespace framenote::media
