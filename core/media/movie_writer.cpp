#include "core/media/movie_writer.h"

#include <filesystem>
#include <system_error>
#include <vector>

extern "C" {
#include <libavutil/audio_fifo.h>
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

#include "core/media/ffmpeg_util.h"
#include "core/media/rgb_converter.h"

namespace framenote::media {

namespace {

struct OutputContextDeleter {
    void operator()(AVFormatContext* ctx) const {
        if (ctx && ctx->pb) avio_closep(&ctx->pb);
        avformat_free_context(ctx);
    }
};
struct AudioFifoDeleter {
    void operator()(AVAudioFifo* fifo) const { av_audio_fifo_free(fifo); }
};

// Encoders in the order tried: x264 (quality and speed), Cisco's OpenH264, then MPEG-4 part 2,
// which every libavcodec has. Hardware encoders are left out: they need a device this export
// cannot assume.
constexpr const char* kVideoEncoders[] = {"libx264", "libopenh264", "mpeg4"};

std::string describe(const char* what, int code) { return what + (": " + ffmpegErrorText(code)); }

}  // namespace

struct MovieWriter::Impl {
    std::string target;
    std::string partial;
    std::unique_ptr<AVFormatContext, OutputContextDeleter> output;
    CodecContextPtr video;
    CodecContextPtr audio;
    AVStream* videoStream = nullptr;
    AVStream* audioStream = nullptr;
    SwsContextPtr sws;
    int swsWidth = 0, swsHeight = 0;
    FramePtr picture;
    FramePtr sound;
    PacketPtr packet;
    std::unique_ptr<AVAudioFifo, AudioFifoDeleter> fifo;
    std::vector<float> planar;
    int64_t picturesWritten = 0;
    int64_t samplesWritten = 0;
    std::string encoderName;
    bool finished = false;

    // Sends `frame` (nullptr: drain) to `codec` and writes every packet it gives back.
    Status encode(AVCodecContext* codec, AVStream* stream, const AVFrame* frame) {
        int rc = avcodec_send_frame(codec, frame);
        if (rc < 0) return makeError(describe("cannot encode", rc));
        for (;;) {
            rc = avcodec_receive_packet(codec, packet.get());
            if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return Ok{};
            if (rc < 0) return makeError(describe("cannot encode", rc));
            av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
            packet->stream_index = stream->index;
            rc = av_interleaved_write_frame(output.get(), packet.get());
            if (rc < 0) return makeError(describe(("cannot write " + target).c_str(), rc));
        }
    }

    // Encodes whole AAC frames from the FIFO; `all` also sends the short last one.
    Status drainSound(bool all) {
        const int frameSize = audio->frame_size;
        while (av_audio_fifo_size(fifo.get()) >= frameSize ||
               (all && av_audio_fifo_size(fifo.get()) > 0)) {
            const int n = std::min(frameSize, av_audio_fifo_size(fifo.get()));
            av_frame_unref(sound.get());
            sound->nb_samples = n;
            sound->format = audio->sample_fmt;
            sound->sample_rate = audio->sample_rate;
            av_channel_layout_copy(&sound->ch_layout, &audio->ch_layout);
            if (const int rc = av_frame_get_buffer(sound.get(), 0); rc < 0)
                return makeError(describe("cannot encode sound", rc));
            if (av_audio_fifo_read(fifo.get(), reinterpret_cast<void**>(sound->data), n) != n)
                return makeError("cannot encode sound: the buffer ran short");
            sound->pts = samplesWritten;
            samplesWritten += n;
            if (auto sent = encode(audio.get(), audioStream, sound.get()); !sent) return sent;
        }
        return Ok{};
    }

    Status openVideo(const MovieSettings& settings) {
        for (const char* name : kVideoEncoders) {
            const AVCodec* codec = avcodec_find_encoder_by_name(name);
            if (!codec) continue;
            CodecContextPtr context(avcodec_alloc_context3(codec));
            if (!context) return makeError("out of memory");
            context->width = settings.width & ~1;
            context->height = settings.height & ~1;
            context->time_base = {settings.frameRate.den, settings.frameRate.num};
            context->framerate = {settings.frameRate.num, settings.frameRate.den};
            context->pix_fmt = AV_PIX_FMT_YUV420P;
            context->color_primaries = AVCOL_PRI_BT709;
            context->color_trc = AVCOL_TRC_BT709;
            context->colorspace = AVCOL_SPC_BT709;
            context->color_range = AVCOL_RANGE_MPEG;
            context->gop_size = 48;
            if (output->oformat->flags & AVFMT_GLOBALHEADER)
                context->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
            AVDictionary* options = nullptr;
            if (std::string(name) == "libx264") {
                av_dict_set(&options, "preset", "fast", 0);
                av_dict_set_int(&options, "crf", settings.quality, 0);
            } else {
                context->bit_rate = static_cast<int64_t>(context->width) * context->height *
                                    settings.frameRate.toDouble() * 0.3;  // 0.3 bit a pixel
            }
            const int rc = avcodec_open2(context.get(), codec, &options);
            av_dict_free(&options);
            if (rc < 0) continue;
            video = std::move(context);
            encoderName = name;
            videoStream = avformat_new_stream(output.get(), nullptr);
            if (!videoStream) return makeError("out of memory");
            videoStream->time_base = video->time_base;
            videoStream->avg_frame_rate = video->framerate;
            if (!settings.startTimecode.empty())
                av_dict_set(&videoStream->metadata, "timecode", settings.startTimecode.c_str(), 0);
            return check(avcodec_parameters_from_context(videoStream->codecpar, video.get()));
        }
        return makeError("no video encoder can make this movie (libx264, libopenh264, mpeg4)");
    }

    Status openAudio(const MovieSettings& settings) {
        const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (!codec) return makeError("no AAC encoder for the sound");
        audio.reset(avcodec_alloc_context3(codec));
        if (!audio) return makeError("out of memory");
        audio->sample_fmt = AV_SAMPLE_FMT_FLTP;
        audio->sample_rate = settings.audioSampleRate;
        av_channel_layout_default(&audio->ch_layout, settings.audioChannels);
        audio->bit_rate = 96000 * std::min(settings.audioChannels, 2) +
                          64000 * std::max(0, settings.audioChannels - 2);
        audio->time_base = {1, settings.audioSampleRate};
        if (output->oformat->flags & AVFMT_GLOBALHEADER)
            audio->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (const int rc = avcodec_open2(audio.get(), codec, nullptr); rc < 0)
            return makeError(describe("cannot encode the sound", rc));
        audioStream = avformat_new_stream(output.get(), nullptr);
        if (!audioStream) return makeError("out of memory");
        audioStream->time_base = audio->time_base;
        fifo.reset(
            av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, settings.audioChannels, audio->frame_size));
        if (!fifo) return makeError("out of memory");
        return check(avcodec_parameters_from_context(audioStream->codecpar, audio.get()));
    }

    static Status check(int rc) {
        if (rc < 0) return makeError(describe("cannot set up the movie", rc));
        return Ok{};
    }
};

MovieWriter::MovieWriter() : impl_(std::make_unique<Impl>()) {}

MovieWriter::~MovieWriter() {
    if (impl_->finished || impl_->partial.empty()) return;
    impl_->output.reset();
    std::error_code ignored;
    std::filesystem::remove(impl_->partial, ignored);
}

Result<std::unique_ptr<MovieWriter>> MovieWriter::open(const std::string& path,
                                                       const MovieSettings& settings) {
    if (settings.width < 2 || settings.height < 2 || settings.width > 8192 ||
        settings.height > 8192)
        return makeError("a movie of " + std::to_string(settings.width) + "x" +
                         std::to_string(settings.height) + " pixels cannot be made");
    if (!settings.frameRate.valid()) return makeError("the movie needs a frame rate");
    if (settings.audioSampleRate != 0 &&
        (settings.audioSampleRate < 8000 || settings.audioSampleRate > 96000 ||
         settings.audioChannels < 1 || settings.audioChannels > 8))
        return makeError("the sound's format cannot go into the movie");
    std::unique_ptr<MovieWriter> writer(new MovieWriter());
    Impl& d = *writer->impl_;
    d.target = path;
    d.partial = path + ".part";
    AVFormatContext* output = nullptr;
    if (const int rc = avformat_alloc_output_context2(&output, nullptr, "mp4", d.partial.c_str());
        rc < 0)
        return makeError(describe("cannot make an MP4 movie", rc));
    d.output.reset(output);
    d.packet.reset(av_packet_alloc());
    d.picture.reset(av_frame_alloc());
    d.sound.reset(av_frame_alloc());
    if (!d.packet || !d.picture || !d.sound) return makeError("out of memory");
    if (auto opened = d.openVideo(settings); !opened) return makeError(opened.error());
    if (settings.audioSampleRate != 0)
        if (auto opened = d.openAudio(settings); !opened) return makeError(opened.error());
    if (const int rc = avio_open(&d.output->pb, d.partial.c_str(), AVIO_FLAG_WRITE); rc < 0)
        return makeError(describe(("cannot write " + path).c_str(), rc));
    AVDictionary* options = nullptr;
    av_dict_set(&options, "movflags", "+faststart", 0);  // playable while it downloads
    const int rc = avformat_write_header(d.output.get(), &options);
    av_dict_free(&options);
    if (rc < 0) return makeError(describe(("cannot write " + path).c_str(), rc));
    d.picture->format = d.video->pix_fmt;
    d.picture->width = d.video->width;
    d.picture->height = d.video->height;
    if (const int got = av_frame_get_buffer(d.picture.get(), 0); got < 0)
        return makeError(describe("cannot encode", got));
    return writer;
}

Status MovieWriter::addPicture(const uint8_t* rgba, int width, int height, int bytesPerLine) {
    Impl& d = *impl_;
    if (!d.sws || d.swsWidth != width || d.swsHeight != height) {
        auto sws = yuvConverter(width, height, AV_PIX_FMT_RGBA, d.video->width, d.video->height,
                                d.video->pix_fmt, SWS_BICUBIC);
        if (!sws) return makeError(sws.error());
        d.sws = std::move(*sws);
        d.swsWidth = width;
        d.swsHeight = height;
    }
    // The encoder may still hold the last picture's buffer: write into a fresh one.
    if (const int rc = av_frame_make_writable(d.picture.get()); rc < 0)
        return makeError(describe("cannot encode", rc));
    const uint8_t* planes[] = {rgba};
    const int strides[] = {bytesPerLine};
    sws_scale(d.sws.get(), planes, strides, 0, height, d.picture->data, d.picture->linesize);
    d.picture->pts = d.picturesWritten++;
    return d.encode(d.video.get(), d.videoStream, d.picture.get());
}

Status MovieWriter::addSound(const float* interleaved, int frames) {
    Impl& d = *impl_;
    if (!d.audio || frames <= 0) return Ok{};
    const int channels = d.audio->ch_layout.nb_channels;
    d.planar.resize(static_cast<size_t>(frames) * channels);
    std::vector<void*> planes(channels);
    for (int c = 0; c < channels; ++c) {
        float* plane = d.planar.data() + static_cast<size_t>(c) * frames;
        for (int i = 0; i < frames; ++i) plane[i] = interleaved[i * channels + c];
        planes[c] = plane;
    }
    if (av_audio_fifo_write(d.fifo.get(), planes.data(), frames) != frames)
        return makeError("out of memory");
    return d.drainSound(false);
}

Status MovieWriter::finish() {
    Impl& d = *impl_;
    if (d.audio) {
        if (auto drained = d.drainSound(true); !drained) return drained;
        if (auto drained = d.encode(d.audio.get(), d.audioStream, nullptr); !drained)
            return drained;
    }
    if (auto drained = d.encode(d.video.get(), d.videoStream, nullptr); !drained) return drained;
    if (const int rc = av_write_trailer(d.output.get()); rc < 0)
        return makeError(describe(("cannot write " + d.target).c_str(), rc));
    if (const int rc = avio_closep(&d.output->pb); rc < 0)
        return makeError(describe(("cannot write " + d.target).c_str(), rc));
    std::error_code error;
    std::filesystem::rename(d.partial, d.target, error);
    if (error) return makeError("cannot write " + d.target + ": " + error.message());
    d.finished = true;
    return Ok{};
}

const std::string& MovieWriter::videoEncoderName() const { return impl_->encoderName; }
int MovieWriter::width() const { return impl_->video->width; }
int MovieWriter::height() const { return impl_->video->height; }

}  // namespace framenote::media
