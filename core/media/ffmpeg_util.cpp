#include "core/media/ffmpeg_util.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "core/media/decoder_error_log.h"

namespace framenote::media {

std::string ffmpegErrorText(int errorCode) {
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(errorCode, buffer, sizeof(buffer));
    return buffer;
}

void configureFfmpegLogging() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (std::getenv("FRAMENOTE_FFMPEG_LOG") == nullptr) av_log_set_level(AV_LOG_QUIET);
        av_log_set_callback(&recordDecoderErrors);
    });
}

std::optional<FileProblem> fileProblem(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path fsPath(path);
    if (!std::filesystem::exists(fsPath, ec))
        return FileProblem{OpenProblem::NotFound, path + ": no such file"};
    if (std::filesystem::is_directory(fsPath, ec))
        return FileProblem{OpenProblem::NotAFile, path + ": is a directory, not a media file"};
    if (!std::ifstream(fsPath, std::ios::binary).good()) {
        const int error = errno;
        return FileProblem{
            error == EACCES || error == EPERM ? OpenProblem::NotPermitted : OpenProblem::Unknown,
            path + ": cannot be read (" + std::strerror(error) + ")"};
    }
    if (std::filesystem::file_size(fsPath, ec) == 0)
        return FileProblem{OpenProblem::Empty, path + ": the file is empty"};
    return std::nullopt;
}

Result<FormatContextPtr> openMediaFile(const std::string& path) {
    configureFfmpegLogging();
    if (const auto problem = fileProblem(path)) return makeError(problem->message);

    AVFormatContext* raw = nullptr;
    int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
    if (rc < 0)
        return makeError(path + ": not a media file FFmpeg can read (" + ffmpegErrorText(rc) + ")");
    FormatContextPtr ctx(raw);
    rc = avformat_find_stream_info(ctx.get(), nullptr);
    if (rc < 0)
        return makeError(path + ": cannot read stream information (" + ffmpegErrorText(rc) + ")");
    return ctx;
}

int findVideoStream(const AVFormatContext* ctx) {
    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
        const AVStream* st = ctx->streams[i];
        if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
            !(st->disposition & AV_DISPOSITION_ATTACHED_PIC))
            return static_cast<int>(i);
    }
    return -1;
}

Result<CodecContextPtr> openDecoder(const std::string& path, const AVStream* stream, int threads,
                                    const std::function<void(AVCodecContext*)>& configure) {
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (codec == nullptr)
        return makeError(path + ": no decoder for codec '" +
                         avcodec_get_name(stream->codecpar->codec_id) + "'");
    CodecContextPtr ctx(avcodec_alloc_context3(codec));
    if (!ctx) return makeError(path + ": out of memory allocating a decoder");
    int rc = avcodec_parameters_to_context(ctx.get(), stream->codecpar);
    if (rc < 0) return makeError(path + ": bad codec parameters (" + ffmpegErrorText(rc) + ")");
    ctx->pkt_timebase = stream->time_base;
    ctx->thread_count = threads;
    if (configure) configure(ctx.get());
    rc = avcodec_open2(ctx.get(), codec, nullptr);
    if (rc < 0)
        return makeError(path + ": cannot open the " + codec->name + " decoder (" +
                         ffmpegErrorText(rc) + ")");
    return ctx;
}

}  // namespace framenote::media
