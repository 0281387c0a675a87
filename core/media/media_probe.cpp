#include "core/media/media_probe.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
}

#include "core/media/ffmpeg_util.h"

namespace framenote::media {
namespace {

std::string tag(const AVDictionary* dict, const char* key) {
    const AVDictionaryEntry* entry = av_dict_get(dict, key, nullptr, 0);
    return entry ? entry->value : "";
}

std::string orEmpty(const char* text) { return text ? text : ""; }

double streamDuration(const AVStream* st) {
    if (st->duration == AV_NOPTS_VALUE) return 0;
    return static_cast<double>(st->duration) * av_q2d(st->time_base);
}

// Start timecode: the video stream's tag, the container's, or a tmcd (data) track's.
std::string findStartTimecode(const AVFormatContext* ctx, int videoStream) {
    if (videoStream >= 0) {
        std::string tc = tag(ctx->streams[videoStream]->metadata, "timecode");
        if (!tc.empty()) return tc;
    }
    std::string tc = tag(ctx->metadata, "timecode");
    if (!tc.empty()) return tc;
    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
        tc = tag(ctx->streams[i]->metadata, "timecode");
        if (!tc.empty()) return tc;
    }
    return "";
}

VideoStreamInfo describeVideo(const AVStream* st, int index) {
    const AVCodecParameters* par = st->codecpar;
    VideoStreamInfo v;
    v.streamIndex = index;
    v.codec = avcodec_get_name(par->codec_id);
    if (const AVCodecDescriptor* desc = avcodec_descriptor_get(par->codec_id))
        v.codecLongName = orEmpty(desc->long_name);
    v.profile = orEmpty(avcodec_profile_name(par->codec_id, par->profile));
    const auto format = static_cast<AVPixelFormat>(par->format);
    v.pixelFormat = orEmpty(av_get_pix_fmt_name(format));
    if (const AVPixFmtDescriptor* pix = av_pix_fmt_desc_get(format))
        v.bitDepth = pix->comp[0].depth;
    v.width = par->width;
    v.height = par->height;
    const AVRational sar =
        par->sample_aspect_ratio.num > 0 ? par->sample_aspect_ratio : st->sample_aspect_ratio;
    if (sar.num > 0 && sar.den > 0) v.sampleAspect = {sar.num, sar.den};
    v.nominalRate = {st->r_frame_rate.num, st->r_frame_rate.den};
    v.averageRate = {st->avg_frame_rate.num, st->avg_frame_rate.den};
    v.colorSpace = orEmpty(av_color_space_name(par->color_space));
    v.colorRange = orEmpty(av_color_range_name(par->color_range));
    v.colorPrimaries = orEmpty(av_color_primaries_name(par->color_primaries));
    v.colorTransfer = orEmpty(av_color_transfer_name(par->color_trc));
    v.containerFrameCount = st->nb_frames;
    v.hasBFrames = par->video_delay > 0;
    v.durationSeconds = streamDuration(st);
    return v;
}

AudioStreamInfo describeAudio(const AVStream* st, int index) {
    const AVCodecParameters* par = st->codecpar;
    AudioStreamInfo a;
    a.streamIndex = index;
    a.codec = avcodec_get_name(par->codec_id);
    a.sampleRate = par->sample_rate;
    a.channels = par->ch_layout.nb_channels;
    char layout[128] = {};
    if (av_channel_layout_describe(&par->ch_layout, layout, sizeof(layout)) > 0)
        a.channelLayout = layout;
    a.sampleFormat = orEmpty(av_get_sample_fmt_name(static_cast<AVSampleFormat>(par->format)));
    a.durationSeconds = streamDuration(st);
    return a;
}

}  // namespace

Result<MediaInfo> probeMedia(const std::string& path) {
    auto opened = openMediaFile(path);
    if (!opened) return makeError(opened.error());
    const AVFormatContext* ctx = opened->get();

    MediaInfo info;
    info.path = path;
    info.container = orEmpty(ctx->iformat->name);
    info.containerLongName = orEmpty(ctx->iformat->long_name);
    info.fileSize = ctx->pb ? avio_size(ctx->pb) : 0;
    info.bitRate = ctx->bit_rate;
    if (ctx->duration != AV_NOPTS_VALUE)
        info.durationSeconds = static_cast<double>(ctx->duration) / AV_TIME_BASE;
    if (ctx->start_time != AV_NOPTS_VALUE)
        info.startSeconds = static_cast<double>(ctx->start_time) / AV_TIME_BASE;

    const int videoStream = findVideoStream(ctx);
    if (videoStream >= 0) info.video = describeVideo(ctx->streams[videoStream], videoStream);
    for (unsigned i = 0; i < ctx->nb_streams; ++i)
        if (ctx->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
            info.audio.push_back(describeAudio(ctx->streams[i], static_cast<int>(i)));
    info.startTimecode = findStartTimecode(ctx, videoStream);
    info.dropFrameTimecode = info.startTimecode.find_first_of(";.") != std::string::npos;
    return info;
}

}  // namespace framenote::media
