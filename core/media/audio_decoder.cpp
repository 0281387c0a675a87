#include "core/media/audio_decoder.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <cmath>

#include "core/media/ffmpeg_util.h"

namespace framenote::media {

struct AudioDecoder::Impl {
    FormatContextPtr format;
    CodecContextPtr codec;
    PacketPtr packet{av_packet_alloc()};
    FramePtr frame{av_frame_alloc()};
    SwrContext* swr = nullptr;
    int stream = -1;
    AVRational timeBase{1, 1};
    bool inputEnded = false;
    double trimBefore = -1;  // after a seek: drop samples before this time
    ~Impl() { swr_free(&swr); }
};

AudioDecoder::AudioDecoder(std::string path, AudioFormat output)
    : impl_(std::make_unique<Impl>()), path_(std::move(path)), output_(output) {}

AudioDecoder::~AudioDecoder() = default;

Result<std::unique_ptr<AudioDecoder>> AudioDecoder::open(const std::string& path,
                                                         const AudioFormat& output, int ordinal) {
    if (output.sampleRate <= 0 || output.channels <= 0 || output.channels > 8)
        return makeError("unsupported audio output format");
    std::unique_ptr<AudioDecoder> decoder(new AudioDecoder(path, output));
    Status status = decoder->setUp(ordinal);
    if (!status) return makeError(status.error());
    return decoder;
}

Status AudioDecoder::setUp(int ordinal) {
    auto opened = openMediaFile(path_);
    if (!opened) return makeError(opened.error());
    impl_->format = std::move(opened.value());
    AVFormatContext* ctx = impl_->format.get();
    int seen = 0;
    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
        if (ctx->streams[i]->codecpar->codec_type != AVMEDIA_TYPE_AUDIO) continue;
        if (seen++ == ordinal) impl_->stream = static_cast<int>(i);
    }
    if (impl_->stream < 0) return makeError(path_ + ": contains no audio stream");
    for (unsigned i = 0; i < ctx->nb_streams; ++i)
        if (static_cast<int>(i) != impl_->stream) ctx->streams[i]->discard = AVDISCARD_ALL;
    AVStream* st = ctx->streams[impl_->stream];
    impl_->timeBase = st->time_base;
    auto codec = openDecoder(path_, st, 1);
    if (!codec) return makeError(codec.error());
    impl_->codec = std::move(codec.value());

    AVChannelLayout outLayout;
    av_channel_layout_default(&outLayout, output_.channels);
    AVChannelLayout inLayout;
    if (impl_->codec->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC ||
        impl_->codec->ch_layout.nb_channels == 0)
        av_channel_layout_default(&inLayout, std::max(1, impl_->codec->ch_layout.nb_channels));
    else
        av_channel_layout_copy(&inLayout, &impl_->codec->ch_layout);
    const AVSampleFormat outFormat =
        output_.sample == AudioFormat::Sample::Int16 ? AV_SAMPLE_FMT_S16 : AV_SAMPLE_FMT_FLT;
    int rc = swr_alloc_set_opts2(&impl_->swr, &outLayout, outFormat, output_.sampleRate, &inLayout,
                                 impl_->codec->sample_fmt, impl_->codec->sample_rate, 0, nullptr);
    av_channel_layout_uninit(&inLayout);
    av_channel_layout_uninit(&outLayout);
    if (rc >= 0) rc = swr_init(impl_->swr);
    if (rc < 0)
        return makeError(path_ + ": cannot set up audio resampling (" + ffmpegErrorText(rc) + ")");
    return Ok{};
}

int AudioDecoder::sourceSampleRate() const { return impl_->codec->sample_rate; }
int AudioDecoder::sourceChannels() const { return impl_->codec->ch_layout.nb_channels; }

Status AudioDecoder::seek(double seconds) {
    const auto ts = static_cast<int64_t>(std::floor(seconds / av_q2d(impl_->timeBase)));
    int rc = av_seek_frame(impl_->format.get(), impl_->stream, ts, AVSEEK_FLAG_BACKWARD);
    if (rc < 0) return makeError(path_ + ": cannot seek audio (" + ffmpegErrorText(rc) + ")");
    avcodec_flush_buffers(impl_->codec.get());
    swr_init(impl_->swr);  // drops resampler state from before the seek
    impl_->inputEnded = false;
    impl_->trimBefore = seconds;
    return Ok{};
}

Result<std::optional<AudioChunk>> AudioDecoder::next() {
    while (true) {
        int rc = avcodec_receive_frame(impl_->codec.get(), impl_->frame.get());
        if (rc >= 0) {
            auto chunk = convert();
            av_frame_unref(impl_->frame.get());
            if (!chunk) return chunk;
            if (chunk->has_value() && (*chunk)->frames > 0) return chunk;
            continue;
        }
        if (rc == AVERROR_EOF) return std::optional<AudioChunk>{};
        if (rc != AVERROR(EAGAIN)) continue;  // a damaged packet; carry on
        if (impl_->inputEnded) return std::optional<AudioChunk>{};
        rc = av_read_frame(impl_->format.get(), impl_->packet.get());
        if (rc < 0) {
            avcodec_send_packet(impl_->codec.get(), nullptr);
            impl_->inputEnded = true;
            continue;
        }
        if (impl_->packet->stream_index == impl_->stream)
            avcodec_send_packet(impl_->codec.get(), impl_->packet.get());
        av_packet_unref(impl_->packet.get());
    }
}

Result<std::optional<AudioChunk>> AudioDecoder::convert() {
    AVFrame* in = impl_->frame.get();
    const int64_t pts = in->pts != AV_NOPTS_VALUE ? in->pts : in->best_effort_timestamp;
    AudioChunk chunk;
    chunk.startSeconds = pts == AV_NOPTS_VALUE ? 0.0 : pts * av_q2d(impl_->timeBase);
    const int capacity = swr_get_out_samples(impl_->swr, in->nb_samples);
    chunk.data.resize(static_cast<size_t>(std::max(capacity, 0)) * output_.bytesPerFrame());
    uint8_t* out[1] = {chunk.data.data()};
    const int converted = swr_convert(
        impl_->swr, out, capacity, const_cast<const uint8_t**>(in->extended_data), in->nb_samples);
    if (converted < 0)
        return makeError(path_ + ": audio conversion failed (" + ffmpegErrorText(converted) + ")");
    chunk.frames = converted;
    chunk.data.resize(static_cast<size_t>(converted) * output_.bytesPerFrame());
    if (impl_->trimBefore >= 0) {
        // After a seek the decoder restarts at a packet boundary: cut to the exact time.
        const auto skip = static_cast<int>(
            std::llround((impl_->trimBefore - chunk.startSeconds) * output_.sampleRate));
        if (skip >= chunk.frames) return std::optional<AudioChunk>{AudioChunk{}};
        if (skip > 0) {
            chunk.data.erase(chunk.data.begin(), chunk.data.begin() + static_cast<ptrdiff_t>(skip) *
                                                                          output_.bytesPerFrame());
            chunk.frames -= skip;
            chunk.startSeconds = impl_->trimBefore;
        }
        impl_->trimBefore = -1;
    }
    return std::optional<AudioChunk>{std::move(chunk)};
}

}  // namespace framenote::media
