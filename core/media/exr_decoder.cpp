#include "core/media/exr_decoder.h"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
}

#include <ImfChannelList.h>
#include <ImfFrameBuffer.h>
#include <ImfHeader.h>
#include <ImfInputFile.h>
#include <ImfThreading.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <mutex>
#include <thread>

#include "core/media/exr_header.h"
#include "core/media/ffmpeg_util.h"
#include "core/media/frame_pool.h"
#include "core/media/image_limits.h"

namespace framenote::media {

namespace {

// The planes to fill, by channel name, in FFmpeg's order for its GBR formats (G, B, R, A).
struct Layout {
    AVPixelFormat format = AV_PIX_FMT_NONE;
    std::vector<std::pair<const char*, int>> planes;  // channel name, plane index
};

Result<Layout> layoutFor(const std::string& path, const Imf::ChannelList& channels) {
    const bool rgb =
        channels.findChannel("R") && channels.findChannel("G") && channels.findChannel("B");
    const bool alpha = channels.findChannel("A") != nullptr;
    if (rgb && alpha) return Layout{AV_PIX_FMT_GBRAPF32, {{"G", 0}, {"B", 1}, {"R", 2}, {"A", 3}}};
    if (rgb) return Layout{AV_PIX_FMT_GBRPF32, {{"G", 0}, {"B", 1}, {"R", 2}}};
    if (channels.findChannel("Y")) return Layout{AV_PIX_FMT_GRAYF32, {{"Y", 0}}};
    std::string names;
    for (auto it = channels.begin(); it != channels.end(); ++it)
        names += std::string(names.empty() ? "" : ", ") + it.name();
    return makeError(path + ": has no R, G, B or Y channels to show (it has: " + names + ")");
}

// OpenEXR decompresses on its global thread pool, which is empty until someone sizes it.
int threadCount(const ImageLimits& limits) {
    static std::once_flag once;
    std::call_once(once, [] {
        if (Imf::globalThreadCount() == 0)
            Imf::setGlobalThreadCount(static_cast<int>(std::thread::hardware_concurrency()));
    });
    return limits.threads > 0 ? limits.threads : Imf::globalThreadCount();
}

}  // namespace

Result<VideoFrame> decodeExrFile(const std::string& path, int64_t number,
                                 const ImageLimits& limits) {
    // OpenEXR's own header parser first: it allocates nothing for the pixels, so a declared
    // size is refused before the reader below sizes its tables by it.
    auto declared = readExrHeader(path);
    if (!declared) return makeError(declared.error());
    const int declaredWidth = std::max(declared->width, declared->dataWidth);
    const int declaredHeight = std::max(declared->height, declared->dataHeight);
    if (declaredWidth > limits.maxWidth || declaredHeight > limits.maxHeight)
        return makeError(path + ": declares a " + sizeText(declared->width, declared->height) +
                         " picture (data window " +
                         sizeText(declared->dataWidth, declared->dataHeight) +
                         "), larger than the " + sizeText(limits.maxWidth, limits.maxHeight) +
                         " Framenote decodes");
    try {
        Imf::InputFile file(path.c_str(), threadCount(limits));
        const Imf::Header& header = file.header();
        const Imath::Box2i display = header.displayWindow();
        const Imath::Box2i data = header.dataWindow();
        // The planes cover both windows, so OpenEXR writes every data-window pixel inside them;
        // cropping to the display window afterwards moves pointers only.
        Imath::Box2i canvas = display;
        canvas.extendBy(data);
        const int64_t width = int64_t{canvas.max.x} - canvas.min.x + 1;
        const int64_t height = int64_t{canvas.max.y} - canvas.min.y + 1;
        auto layout = layoutFor(path, header.channels());
        if (!layout) return makeError(layout.error());
        if (const std::string refusal = pictureOverLimits(limits, width, height, layout->format);
            !refusal.empty())
            return makeError(path + ": " + refusal + " (display and data windows together)");

        FramePtr frame(av_frame_alloc());
        if (!frame) return makeError(path + ": out of memory");
        frame->format = layout->format;
        frame->width = static_cast<int>(width);
        frame->height = static_cast<int>(height);
        if (!getPooledBuffer(frame.get())) return makeError(path + ": out of memory");
        // Pooled memory holds an earlier picture: cleared where OpenEXR will not write.
        const bool dataCoversCanvas = data == canvas;
        Imf::FrameBuffer buffer;
        for (const auto& [channel, plane] : layout->planes) {
            const ptrdiff_t stride = frame->linesize[plane];
            if (!dataCoversCanvas)
                std::memset(frame->data[plane], 0, static_cast<size_t>(stride) * frame->height);
            // OpenEXR addresses pixel (x, y) as base + x * xStride + y * yStride.
            char* base = reinterpret_cast<char*>(frame->data[plane]) - ptrdiff_t{canvas.min.x} * 4 -
                         ptrdiff_t{canvas.min.y} * stride;
            buffer.insert(channel, Imf::Slice(Imf::FLOAT, base, sizeof(float), stride, 1, 1,
                                              channel[0] == 'A' ? 1.0 : 0.0));
        }
        file.setFrameBuffer(buffer);
        file.readPixels(data.min.y, data.max.y);

        frame->crop_left = static_cast<size_t>(display.min.x - canvas.min.x);
        frame->crop_top = static_cast<size_t>(display.min.y - canvas.min.y);
        frame->crop_right = static_cast<size_t>(canvas.max.x - display.max.x);
        frame->crop_bottom = static_cast<size_t>(canvas.max.y - display.max.y);
        if (av_frame_apply_cropping(frame.get(), AV_FRAME_CROP_UNALIGNED) < 0)
            return makeError(path + ": cannot crop to the display window");
        frame->pts = number;
        return VideoFrame(frame.get(), number);
    } catch (const std::exception& e) {
        return makeError(path + ": cannot decode the " + declared->compressionName +
                         "-compressed OpenEXR file (" + e.what() + ")");
    }
}

}  // namespace framenote::media
