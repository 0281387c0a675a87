#include "core/media/image_file_decoder.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "core/media/decoder_error_log.h"
#include "core/media/exr_decoder.h"
#include "core/media/ffmpeg_util.h"
#include "core/media/sequence_name.h"

namespace framenote::media {

namespace {

// Decoders ask for a picture's buffers once they know its size and format: refusing here keeps
// a declared size from becoming an allocation. ctx->opaque points to the guard.
struct PictureGuard {
    const ImageLimits* limits = nullptr;
    std::string refusal;
};

int allocateWithinLimits(AVCodecContext* ctx, AVFrame* frame, int flags) {
    auto* guard = static_cast<PictureGuard*>(ctx->opaque);
    guard->refusal = pictureOverLimits(*guard->limits, frame->width, frame->height, frame->format);
    if (!guard->refusal.empty()) return AVERROR(ERANGE);
    return avcodec_default_get_buffer2(ctx, frame, flags);
}

bool isExr(const std::string& path) {
    return lowerExtension(std::filesystem::path(path).filename().string()) == "exr";
}

Result<FormatContextPtr> openImage(const std::string& path) {
    // pattern_type none: the name is taken literally, so a '%' in a folder name is no pattern.
    AVDictionary* options = nullptr;
    av_dict_set(&options, "pattern_type", "none", 0);
    AVFormatContext* raw = nullptr;
    const int rc =
        avformat_open_input(&raw, path.c_str(), av_find_input_format("image2"), &options);
    av_dict_free(&options);
    if (rc < 0)
        return makeError(path + ": FFmpeg cannot open it as an image (" + ffmpegErrorText(rc) +
                         ")");
    FormatContextPtr ctx(raw);
    if (ctx->nb_streams != 1 || ctx->streams[0]->codecpar->codec_id == AV_CODEC_ID_NONE)
        return makeError(path + ": its extension names no image format FFmpeg decodes");
    return ctx;
}

Error decodeFailure(const std::string& path, const std::string& codec, const PictureGuard& guard,
                    int rc) {
    if (!guard.refusal.empty()) return makeError(path + ": " + guard.refusal);
    if (rc == AVERROR(EINVAL))
        return makeError(path + ": not decoded as " + codec +
                         ": its declared picture size is invalid or over the " +
                         sizeText(guard.limits->maxWidth, guard.limits->maxHeight) + " limit");
    if (rc == AVERROR_EOF || rc == AVERROR(EAGAIN))
        return makeError(path + ": the " + codec +
                         " decoder gave no picture (damaged or cut short)");
    return makeError(path + ": cannot decode it as " + codec + " (" + ffmpegErrorText(rc) +
                     "): damaged, cut short or not such an image");
}

}  // namespace

Result<VideoFrame> decodeImageFile(const std::string& path, int64_t number,
                                   const ImageLimits& limits) {
    configureFfmpegLogging();
    if (const auto problem = fileProblem(path)) return makeError(problem->message);
    std::error_code ec;
    const auto fileBytes = static_cast<int64_t>(std::filesystem::file_size(path, ec));
    if (ec) return makeError(path + ": cannot be read (" + ec.message() + ")");
    if (const std::string refusal = fileOverLimits(limits, fileBytes); !refusal.empty())
        return makeError(path + ": " + refusal);
    if (isExr(path)) return decodeExrFile(path, number, limits);

    auto format = openImage(path);
    if (!format) return makeError(format.error());
    PacketPtr packet(av_packet_alloc());
    FramePtr frame(av_frame_alloc());
    if (!packet || !frame) return makeError(path + ": out of memory");
    int rc = av_read_frame(format->get(), packet.get());
    if (rc < 0) return makeError(path + ": cannot be read (" + ffmpegErrorText(rc) + ")");

    PictureGuard guard{&limits, {}};
    const AVStream* stream = (*format)->streams[0];
    auto codec = openDecoder(path, stream, limits.threads, [&](AVCodecContext* ctx) {
        ctx->opaque = &guard;
        ctx->get_buffer2 = &allocateWithinLimits;
        ctx->max_pixels = int64_t{limits.maxWidth} * limits.maxHeight;
        ctx->thread_type = FF_THREAD_SLICE;  // one picture: frame threads would only add delay
        // Fail on damage instead of concealing it: a picture is shown whole or not at all. The
        // JPEG decoder conceals a file cut short unless told to explode; TIFF's would explode on
        // any tag it does not know (ffmpeg's own ResolutionUnit), so only JPEG is told, and
        // the errors the others log are watched (decoder_error_log.h).
        ctx->err_recognition |= AV_EF_CRCCHECK;
        if (ctx->codec_id == AV_CODEC_ID_MJPEG) ctx->err_recognition |= AV_EF_EXPLODE;
    });
    if (!codec) return makeError(codec.error());
    const std::string codecName = avcodec_get_name(stream->codecpar->codec_id);
    const DecoderErrorLog errors(codec->get());
    rc = avcodec_send_packet(codec->get(), packet.get());
    if (rc >= 0) rc = avcodec_send_packet(codec->get(), nullptr);
    if (rc >= 0) rc = avcodec_receive_frame(codec->get(), frame.get());
    if (rc < 0) return decodeFailure(path, codecName, guard, rc);
    // A picture the decoder logged an error for is damaged, even when it came out.
    if (const std::string error = errors.firstError(); !error.empty())
        return makeError(path + ": damaged: the " + codecName + " decoder reported \"" + error +
                         "\"; a picture is shown whole or not at all");
    frame->pts = number;
    return VideoFrame(frame.get(), number);
}

}  // namespace framenote::media
