#pragma once
// Owning pointers and error text for FFmpeg objects, so no code path leaks a context on error.
#include <functional>
#include <memory>
#include <optional>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
}

#include "core/common/result.h"
#include "core/media/open_problem.h"

namespace framenote::media {

struct FormatContextDeleter {
    void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
struct CodecContextDeleter {
    void operator()(AVCodecContext* ctx) const { avcodec_free_context(&ctx); }
};
struct PacketDeleter {
    void operator()(AVPacket* pkt) const { av_packet_free(&pkt); }
};
struct FrameDeleter {
    void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};

using FormatContextPtr = std::unique_ptr<AVFormatContext, FormatContextDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;

// FFmpeg's text for an AVERROR code.
std::string ffmpegErrorText(int errorCode);

// Why `path` cannot be a clip before FFmpeg reads it: missing, a folder, unreadable or empty;
// the message names the file. nullopt when none of these.
struct FileProblem {
    OpenProblem problem;
    std::string message;
};
std::optional<FileProblem> fileProblem(const std::string& path);

// Opens a file for demuxing and reads its stream info. The error names the file and the cause:
// missing, unreadable, empty, or not a format FFmpeg recognises.
Result<FormatContextPtr> openMediaFile(const std::string& path);

// The stream Framenote treats as "the video": the first video stream that is not an attached
// picture (cover art). Returns -1 when there is none.
int findVideoStream(const AVFormatContext* ctx);

// A decoder context for a stream, opened with the given thread count (0 = FFmpeg's automatic
// choice, which is what `ffmpeg` itself uses). `configure`, when given, sets more of the context
// before it is opened.
Result<CodecContextPtr> openDecoder(const std::string& path, const AVStream* stream, int threads,
                                    const std::function<void(AVCodecContext*)>& configure = {});

// Makes FFmpeg's own log quiet unless FRAMENOTE_FFMPEG_LOG is set: errors reach the user as
// Result messages, not as library noise on stderr. Installs the callback DecoderErrorLog reads.
void configureFfmpegLogging();

}  // namespace framenote::media
