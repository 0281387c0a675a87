#include "core/media/pixel_sample.h"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
}

#include <cmath>
#include <cstring>

namespace framenote::media {

std::pair<double, double> lumaWeights(int colorspace) {
    switch (colorspace) {
        case AVCOL_SPC_BT470BG:
        case AVCOL_SPC_SMPTE170M:
            return {0.299, 0.114};
        case AVCOL_SPC_BT2020_NCL:
        case AVCOL_SPC_BT2020_CL:
            return {0.2627, 0.0593};
        case AVCOL_SPC_SMPTE240M:
            return {0.212, 0.087};
        case AVCOL_SPC_FCC:
            return {0.30, 0.11};
        default:
            return {0.2126, 0.0722};
    }
}

namespace {

// One component's stored value at (x, y) of the picture (chroma planes read at their own,
// subsampled position).
double readComponent(const AVFrame* frame, const AVPixFmtDescriptor* desc, int component, int x,
                     int y) {
    const bool chroma = !(desc->flags & AV_PIX_FMT_FLAG_RGB) && desc->nb_components >= 3 &&
                        (component == 1 || component == 2);
    const int cx = chroma ? x >> desc->log2_chroma_w : x;
    const int cy = chroma ? y >> desc->log2_chroma_h : y;
    uint32_t value = 0;
    av_read_image_line2(&value, const_cast<const uint8_t**>(frame->data), frame->linesize, desc, cx,
                        cy, component, 1, 0, 4);
    if (desc->flags & AV_PIX_FMT_FLAG_FLOAT) {
        float f;
        std::memcpy(&f, &value, sizeof f);
        return f;
    }
    return value;
}

}  // namespace

Result<PixelSample> samplePixel(const VideoFrame& frame, int x, int y) {
    const AVFrame* f = frame.avFrame();
    if (!f) return makeError("no picture");
    if (x < 0 || y < 0 || x >= f->width || y >= f->height) return makeError("outside the picture");
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(f->format));
    if (!desc ||
        (desc->flags &
         (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_HWACCEL)) ||
        desc->comp[0].depth > 32)
        return makeError("the probe does not read " + frame.pixelFormatName() + " pictures");
    PixelSample sample;
    sample.floatingPoint = desc->flags & AV_PIX_FMT_FLAG_FLOAT;
    sample.bitDepth = desc->comp[0].depth;
    const bool rgb = desc->flags & AV_PIX_FMT_FLAG_RGB;
    const bool alpha = desc->flags & AV_PIX_FMT_FLAG_ALPHA;
    const int colours = desc->nb_components - (alpha ? 1 : 0);  // 1 (grey) or 3
    static const char* const kRgbNames[] = {"R", "G", "B"};
    static const char* const kYuvNames[] = {"Y", "Cb", "Cr"};
    double values[4] = {0, 0, 0, 1};
    for (int c = 0; c < desc->nb_components; ++c) {
        values[c] = readComponent(f, desc, c, x, y);
        const bool isAlpha = alpha && c == desc->nb_components - 1;
        sample.stored.emplace_back(isAlpha ? "A" : rgb ? kRgbNames[c] : kYuvNames[c], values[c]);
    }
    const double maxCode = sample.floatingPoint ? 1.0 : std::ldexp(1.0, sample.bitDepth) - 1;
    const double a = alpha ? values[desc->nb_components - 1] / maxCode : 1.0;
    if (rgb || sample.floatingPoint) {
        for (int c = 0; c < 3; ++c) sample.rgba[c] = values[colours == 1 ? 0 : c] / maxCode;
    } else {
        // The same arithmetic as the viewer's shader (ui/gl_viewer_widget.cpp): limited range
        // puts black at 16 and white at 235 (240 for chroma), scaled to the depth.
        const double unit = std::ldexp(1.0, sample.bitDepth - 8);
        const bool full = frame.fullRange();
        const double luma = full ? values[0] / maxCode : (values[0] - 16 * unit) / (219 * unit);
        double cb = 0, cr = 0;
        if (colours == 3) {
            cb = (values[1] - 128 * unit) / (full ? maxCode : 224 * unit);
            cr = (values[2] - 128 * unit) / (full ? maxCode : 224 * unit);
        }
        const auto [kr, kb] = lumaWeights(frame.effectiveColorspace());
        const double kg = 1 - kr - kb;
        sample.rgba[0] = luma + 2 * (1 - kr) * cr;
        sample.rgba[1] = luma - 2 * kb * (1 - kb) / kg * cb - 2 * kr * (1 - kr) / kg * cr;
        sample.rgba[2] = luma + 2 * (1 - kb) * cb;
    }
    sample.rgba[3] = a;
    return sample;
}

}  // namespace framenote::media
