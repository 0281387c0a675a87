#include "core/media/image_writer.h"

#include <cstdio>
#include <fstream>

#include "core/media/ffmpeg_util.h"

namespace framenote::media {

Status writePng(const VideoFrame& frame, const std::string& path) {
    auto rgba = frame.toRgba();
    if (!rgba) return makeError(rgba.error());
    const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_PNG);
    if (!codec) return makeError("FFmpeg has no PNG encoder");
    CodecContextPtr ctx(avcodec_alloc_context3(codec));
    ctx->width = rgba->width;
    ctx->height = rgba->height;
    ctx->pix_fmt = AV_PIX_FMT_RGBA;
    ctx->time_base = {1, 25};
    int rc = avcodec_open2(ctx.get(), codec, nullptr);
    if (rc < 0) return makeError("cannot open the PNG encoder (" + ffmpegErrorText(rc) + ")");

    FramePtr image(av_frame_alloc());
    image->width = rgba->width;
    image->height = rgba->height;
    image->format = AV_PIX_FMT_RGBA;
    image->data[0] = rgba->pixels.data();
    image->linesize[0] = rgba->width * 4;
    PacketPtr packet(av_packet_alloc());
    rc = avcodec_send_frame(ctx.get(), image.get());
    if (rc >= 0) rc = avcodec_receive_packet(ctx.get(), packet.get());
    if (rc < 0) return makeError("cannot encode the PNG (" + ffmpegErrorText(rc) + ")");

    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(packet->data), packet->size);
        if (!out.good()) return makeError(path + ": cannot write the image");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        return makeError(path + ": cannot write the image (rename failed)");
    return Ok{};
}

}  // namespace framenote::media
