#pragma once
// What a decoder logged as an error while it still returned a picture. Some of FFmpeg's still
// decoders (TIFF's LZW and Deflate, among others) log a failure to decompress, then hand over a
// picture with the rest missing; and told to fail on errors (AV_EF_EXPLODE), TIFF's refuses every
// file with a tag it does not know, ffmpeg's own among them. Watching its log is the way left to
// tell a damaged picture from a whole one (docs/ARCHITECTURE.md, "Image sequences").
#include <cstdarg>
#include <string>

namespace framenote::media {

// Watches the log of one FFmpeg context (an AVCodecContext) from construction to destruction.
// configureFfmpegLogging() installs the log callback that feeds it.
class DecoderErrorLog {
  public:
    explicit DecoderErrorLog(const void* context);
    ~DecoderErrorLog();
    DecoderErrorLog(const DecoderErrorLog&) = delete;
    DecoderErrorLog& operator=(const DecoderErrorLog&) = delete;

    // The first message logged at error level or worse for the context, without FFmpeg's
    // prefix; empty when there was none.
    std::string firstError() const;

  private:
    const void* context_;
};

// The callback configureFfmpegLogging() gives av_log_set_callback: records errors of watched
// contexts, then logs as FFmpeg's default does (quiet unless FRAMENOTE_FFMPEG_LOG is set).
void recordDecoderErrors(void* context, int level, const char* format, va_list args);

}  // namespace framenote::media
