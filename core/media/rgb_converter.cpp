#include "core/media/rgb_converter.h"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace framenote::media {

void SwsContextDeleter::operator()(SwsContext* context) const { sws_freeContext(context); }

Result<SwsContextPtr> rgbConverter(const VideoFrame& frame, int width, int height, int dstFormat,
                                   int flags) {
    const AVFrame* source = frame.avFrame();
    if (!source) return makeError("no frame to convert");
    SwsContextPtr sws(sws_getContext(
        source->width, source->height, static_cast<AVPixelFormat>(source->format), width, height,
        static_cast<AVPixelFormat>(dstFormat), flags, nullptr, nullptr, nullptr));
    if (!sws)
        return makeError("cannot convert pixel format " + frame.pixelFormatName() + " to " +
                         av_get_pix_fmt_name(static_cast<AVPixelFormat>(dstFormat)));
    // The matrix and range come from the stream: BT.709 for HD, BT.601 for SD when unspecified.
    // RGB sources (image sequences) take no matrix: swscale may pass them through YUV inside,
    // and two different matrices there would shift their colours.
    const AVPixFmtDescriptor* desc =
        av_pix_fmt_desc_get(static_cast<AVPixelFormat>(source->format));
    const bool rgbSource = desc && (desc->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_FLOAT));
    const int* coefficients =
        sws_getCoefficients(rgbSource ? AVCOL_SPC_BT709 : frame.effectiveColorspace());
    const int srcFullRange = rgbSource || frame.fullRange() ? 1 : 0;
    sws_setColorspaceDetails(sws.get(), coefficients, srcFullRange,
                             sws_getCoefficients(AVCOL_SPC_BT709), 1, 0, 1 << 16, 1 << 16);
    return sws;
}

Result<SwsContextPtr> yuvConverter(int width, int height, int srcFormat, int dstWidth,
                                   int dstHeight, int dstFormat, int flags) {
    SwsContextPtr sws(sws_getContext(width, height, static_cast<AVPixelFormat>(srcFormat), dstWidth,
                                     dstHeight, static_cast<AVPixelFormat>(dstFormat), flags,
                                     nullptr, nullptr, nullptr));
    if (!sws)
        return makeError(std::string("cannot convert pixel format ") +
                         av_get_pix_fmt_name(static_cast<AVPixelFormat>(srcFormat)) + " to " +
                         av_get_pix_fmt_name(static_cast<AVPixelFormat>(dstFormat)));
    const int* bt709 = sws_getCoefficients(AVCOL_SPC_BT709);
    sws_setColorspaceDetails(sws.get(), bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
    return sws;
}

}  // namespace framenote::media
