#include "core/media/video_frame.h"

#include "core/media/rgb_converter.h"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libavutil/md5.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <memory>

namespace framenote::media {

VideoFrame::VideoFrame(const AVFrame* frame, int64_t number) : number_(number) {
    AVFrame* copy = av_frame_clone(frame);
    if (copy)
        frame_.reset(copy, [](const AVFrame* f) {
            AVFrame* owned = const_cast<AVFrame*>(f);
            av_frame_free(&owned);
        });
}

int64_t VideoFrame::pts() const {
    if (!frame_) return AV_NOPTS_VALUE;
    return frame_->pts != AV_NOPTS_VALUE ? frame_->pts : frame_->best_effort_timestamp;
}
int VideoFrame::width() const { return frame_ ? frame_->width : 0; }
int VideoFrame::height() const { return frame_ ? frame_->height : 0; }
int VideoFrame::pixelFormat() const { return frame_ ? frame_->format : AV_PIX_FMT_NONE; }

std::string VideoFrame::pixelFormatName() const {
    const char* name = av_get_pix_fmt_name(static_cast<AVPixelFormat>(pixelFormat()));
    return name ? name : "none";
}

int VideoFrame::bitDepth() const {
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(pixelFormat()));
    return desc ? desc->comp[0].depth : 0;
}

int VideoFrame::packedSize() const {
    if (!frame_) return 0;
    return av_image_get_buffer_size(static_cast<AVPixelFormat>(frame_->format), frame_->width,
                                    frame_->height, 1);
}

std::vector<uint8_t> VideoFrame::packedPlanes() const {
    const int size = packedSize();
    if (size <= 0) return {};
    std::vector<uint8_t> bytes(static_cast<size_t>(size));
    av_image_copy_to_buffer(bytes.data(), size, frame_->data, frame_->linesize,
                            static_cast<AVPixelFormat>(frame_->format), frame_->width,
                            frame_->height, 1);
    return bytes;
}

bool VideoFrame::damaged() const {
    return frame_ &&
           ((frame_->flags & AV_FRAME_FLAG_CORRUPT) != 0 || frame_->decode_error_flags != 0);
}

std::string VideoFrame::md5() const {
    uint8_t digest[16];
    const AVPixFmtDescriptor* desc =
        frame_ ? av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame_->format)) : nullptr;
    if (!desc || (desc->flags & (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_HWACCEL)) != 0) {
        const std::vector<uint8_t> bytes = packedPlanes();
        av_md5_sum(digest, bytes.data(), static_cast<int>(bytes.size()));
    } else {
        // The rows of each plane straight from the frame, in the order packedPlanes() lays them
        // out (as av_image_copy_to_buffer does): the same hash without copying a 4K frame.
        std::unique_ptr<AVMD5, decltype(&av_free)> md5(av_md5_alloc(), &av_free);
        av_md5_init(md5.get());
        const auto format = static_cast<AVPixelFormat>(frame_->format);
        for (int plane = 0; plane < av_pix_fmt_count_planes(format); ++plane) {
            const int rowBytes = av_image_get_linesize(format, frame_->width, plane);
            const int rows = (plane == 1 || plane == 2)
                                 ? AV_CEIL_RSHIFT(frame_->height, desc->log2_chroma_h)
                                 : frame_->height;
            const uint8_t* row = frame_->data[plane];
            for (int y = 0; y < rows; ++y, row += frame_->linesize[plane])
                av_md5_update(md5.get(), row, rowBytes);
        }
        av_md5_final(md5.get(), digest);
    }
    static const char* hex = "0123456789abcdef";
    std::string text(32, '0');
    for (int i = 0; i < 16; ++i) {
        text[2 * i] = hex[digest[i] >> 4];
        text[2 * i + 1] = hex[digest[i] & 15];
    }
    return text;
}

int64_t VideoFrame::memoryBytes() const {
    if (!frame_) return 0;
    int64_t total = 0;
    for (const AVBufferRef* buf : frame_->buf)
        if (buf) total += buf->size;
    for (int i = 0; i < frame_->nb_extended_buf; ++i) total += frame_->extended_buf[i]->size;
    return total > 0 ? total : packedSize();
}

int VideoFrame::effectiveColorspace() const {
    if (!frame_) return AVCOL_SPC_BT709;
    const int colorspace = frame_->colorspace;
    if (colorspace != AVCOL_SPC_UNSPECIFIED && colorspace != AVCOL_SPC_RESERVED) return colorspace;
    return frame_->height >= 720 ? AVCOL_SPC_BT709 : AVCOL_SPC_SMPTE170M;
}

bool VideoFrame::fullRange() const {
    if (!frame_) return false;
    const auto format = static_cast<AVPixelFormat>(frame_->format);
    // The yuvj formats are full range by definition, whatever the flag says.
    return frame_->color_range == AVCOL_RANGE_JPEG || format == AV_PIX_FMT_YUVJ420P ||
           format == AV_PIX_FMT_YUVJ422P || format == AV_PIX_FMT_YUVJ444P;
}

int VideoFrame::chromaShiftX() const {
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(pixelFormat()));
    return d ? d->log2_chroma_w : 0;
}

int VideoFrame::chromaShiftY() const {
    const AVPixFmtDescriptor* d = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(pixelFormat()));
    return d ? d->log2_chroma_h : 0;
}

int VideoFrame::planeCount() const {
    return av_pix_fmt_count_planes(static_cast<AVPixelFormat>(pixelFormat()));
}

Result<RgbaImage> VideoFrame::toRgba(int width, int height, RgbaQuality quality) const {
    if (!frame_) return makeError("no frame to convert");
    if (width <= 0) width = frame_->width;
    if (height <= 0) height = frame_->height;
    auto sws =
        rgbConverter(*this, width, height, AV_PIX_FMT_RGBA,
                     quality == RgbaQuality::Exact
                         ? SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP
                         : SWS_BILINEAR);
    if (!sws) return makeError(sws.error());
    RgbaImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(static_cast<size_t>(width) * height * 4);
    uint8_t* dst[4] = {image.pixels.data(), nullptr, nullptr, nullptr};
    int dstStride[4] = {width * 4, 0, 0, 0};
    sws_scale(sws->get(), frame_->data, frame_->linesize, 0, frame_->height, dst, dstStride);
    return image;
}

}  // namespace framenote::media
