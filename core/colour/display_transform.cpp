#include "core/colour/display_transform.h"

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixdesc.h>
#include <libavutil/pixfmt.h>
#include <libswscale/swscale.h>
}

#include <OpenColorIO/OpenColorAppHelpers.h>

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

#include "core/media/rgb_converter.h"

namespace framenote::colour {

namespace {

// Names a setting the config lacks; empty when all are there.
std::string missingName(const ColourConfig& config, const ViewSettings& settings) {
    if (config.resolveSpace(settings.inputSpace).empty())
        return "has no colour space \"" + settings.inputSpace + "\"";
    if (!config.hasDisplay(settings.display)) return "has no display \"" + settings.display + "\"";
    if (!config.hasView(settings.display, settings.view))
        return "has no view \"" + settings.view + "\" for the display \"" + settings.display + "\"";
    return {};
}

// R, G and B all take the chosen channel (or the luminance); alpha stays.
OCIO::ConstTransformRcPtr channelMatrix(const ColourConfig& config, media::PictureChannel channel) {
    double weights[4] = {0, 0, 0, 0};
    switch (channel) {
        case media::PictureChannel::Red:
            weights[0] = 1;
            break;
        case media::PictureChannel::Green:
            weights[1] = 1;
            break;
        case media::PictureChannel::Blue:
            weights[2] = 1;
            break;
        case media::PictureChannel::Alpha:
            weights[3] = 1;
            break;
        case media::PictureChannel::Luminance:
            config.ocio()->getDefaultLumaCoefs(weights);
            break;
        case media::PictureChannel::Colour:
            break;
    }
    double matrix[16] = {};
    for (int row = 0; row < 3; ++row)
        for (int column = 0; column < 4; ++column) matrix[row * 4 + column] = weights[column];
    matrix[15] = 1;
    auto transform = OCIO::MatrixTransform::Create();
    transform->setMatrix(matrix);
    return transform;
}

OCIO::ConstProcessorRcPtr buildProcessor(const ColourConfig& config, const ViewSettings& settings) {
    auto displayView = OCIO::DisplayViewTransform::Create();
    displayView->setSrc(settings.inputSpace.c_str());
    displayView->setDisplay(settings.display.c_str());
    displayView->setView(settings.view.c_str());
    auto pipeline = OCIO::LegacyViewingPipeline::Create();
    pipeline->setDisplayViewTransform(displayView);
    if (settings.exposure != 0.0) {
        auto exposure = OCIO::ExposureContrastTransform::Create();
        exposure->setStyle(OCIO::EXPOSURE_CONTRAST_LINEAR);
        exposure->setExposure(settings.exposure);
        exposure->setPivot(0.18);
        pipeline->setLinearCC(exposure);
    }
    if (settings.gamma != 1.0) {
        auto gamma = OCIO::ExponentTransform::Create();
        const double power = 1.0 / std::max(settings.gamma, 1e-3);
        const double values[4] = {power, power, power, 1.0};
        gamma->setValue(values);
        pipeline->setDisplayCC(gamma);
    }
    if (settings.channel != media::PictureChannel::Colour)
        pipeline->setChannelView(channelMatrix(config, settings.channel));
    return pipeline->getProcessor(config.ocio());
}

// The baked LUTs (docs/ARCHITECTURE.md, "Colour"): 65 points a side with tetrahedral
// interpolation, as OpenColorIO's own baker defaults to; float pictures pass a log2 shaper first,
// 2^-14 to 2^10 (24 stops), beyond which the views clip anyway.
constexpr unsigned long kLutSize = 65;
constexpr float kShaperVars[3] = {-14.0f, 10.0f, 1.0f / 16384};

OCIO::ConstTransformRcPtr logShaper(OCIO::TransformDirection direction) {
    auto shaper = OCIO::AllocationTransform::Create();
    shaper->setAllocation(OCIO::ALLOCATION_LG2);
    shaper->setVars(3, kShaperVars);
    shaper->setDirection(direction);
    return shaper;
}

// `exact` sampled on a grid (through the inverse shaper when there is one) into a 3D LUT, behind
// the shaper; as a processor writing 8-bit RGBA from float planes.
OCIO::ConstCPUProcessorRcPtr bake(const OCIO::ConstConfigRcPtr& config,
                                  const OCIO::ConstCPUProcessorRcPtr& exact, bool shaped) {
    const unsigned long n = kLutSize;
    std::vector<float> grid(n * n * n * 3);
    for (unsigned long b = 0, i = 0; b < n; ++b)
        for (unsigned long g = 0; g < n; ++g)
            for (unsigned long r = 0; r < n; ++r, i += 3) {
                grid[i] = static_cast<float>(r) / (n - 1);
                grid[i + 1] = static_cast<float>(g) / (n - 1);
                grid[i + 2] = static_cast<float>(b) / (n - 1);
            }
    OCIO::PackedImageDesc points(grid.data(), static_cast<long>(n * n * n), 1, 3);
    if (shaped)
        config->getProcessor(logShaper(OCIO::TRANSFORM_DIR_INVERSE))
            ->getDefaultCPUProcessor()
            ->apply(points);
    exact->apply(points);
    auto lut = OCIO::Lut3DTransform::Create(n);
    lut->setInterpolation(OCIO::INTERP_TETRAHEDRAL);
    for (unsigned long b = 0, i = 0; b < n; ++b)
        for (unsigned long g = 0; g < n; ++g)
            for (unsigned long r = 0; r < n; ++r, i += 3)
                lut->setValue(r, g, b, grid[i], grid[i + 1], grid[i + 2]);
    auto group = OCIO::GroupTransform::Create();
    if (shaped)
        group->appendTransform(logShaper(OCIO::TRANSFORM_DIR_FORWARD)->createEditableCopy());
    group->appendTransform(lut);
    return config->getProcessor(group)->getOptimizedCPUProcessor(
        OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_UINT8, OCIO::OPTIMIZATION_DEFAULT);
}

// Bands of rows converted in parallel: each at least this many rows, one per core.
constexpr int kMinRowsPerBand = 64;

int bandCount(int height) {
    const int cores = std::max(1u, std::thread::hardware_concurrency());
    return std::clamp(height / kMinRowsPerBand, 1, std::min(cores, 8));
}

}  // namespace

DisplayTransform::DisplayTransform(ViewSettings settings, OCIO::ConstProcessorRcPtr processor,
                                   const ColourConfig& config)
    : settings_(std::move(settings)), processor_(std::move(processor)), config_(config.ocio()) {
    toFloat_ = processor_->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_F32,
                                                    OCIO::OPTIMIZATION_DEFAULT);
    toBytes_ = processor_->getOptimizedCPUProcessor(OCIO::BIT_DEPTH_F32, OCIO::BIT_DEPTH_UINT8,
                                                    OCIO::OPTIMIZATION_DEFAULT);
}

const OCIO::ConstCPUProcessorRcPtr& DisplayTransform::baked(bool floatPicture) const {
    Baked& lut = floatPicture ? unbounded_ : bounded_;
    std::call_once(lut.once, [&] {
        // The alpha channel view puts alpha into R, G and B: no RGB lookup holds that.
        if (settings_.channel != media::PictureChannel::Alpha)
            lut.processor = bake(config_, toFloat_, floatPicture);
    });
    return lut.processor;
}

Result<std::shared_ptr<const DisplayTransform>> DisplayTransform::create(
    const ColourConfig& config, const ViewSettings& settings) {
    if (const std::string missing = missingName(config, settings); !missing.empty())
        return makeError("the colour config " + config.name() + " " + missing);
    try {
        return std::shared_ptr<const DisplayTransform>(
            new DisplayTransform(settings, buildProcessor(config, settings), config));
    } catch (const OCIO::Exception& e) {
        return makeError("cannot show " + settings.inputSpace + " on " + settings.display + " / " +
                         settings.view + ": " + e.what());
    }
}

std::array<float, 3> DisplayTransform::apply(std::array<float, 3> source) const {
    toFloat_->applyRGB(source.data());
    return source;
}

Result<media::RgbaImage> DisplayTransform::render(const media::VideoFrame& frame, int width,
                                                  int height) const {
    return render(frame, width, height, Path::Baked);
}

Result<media::RgbaImage> DisplayTransform::renderStill(const media::VideoFrame& frame, int width,
                                                       int height) const {
    return render(frame, width, height, Path::Exact);
}

Result<media::RgbaImage> DisplayTransform::render(const media::VideoFrame& frame, int width,
                                                  int height, Path path) const {
    const AVFrame* source = frame.avFrame();
    if (!source) return makeError("no frame to show");
    if (width <= 0) width = source->width;
    if (height <= 0) height = source->height;
    // Float planes in FFmpeg's G, B, R (A) order: the frame's own when it already is one (EXR at
    // full size), else converted (and scaled) by swscale.
    const AVPixFmtDescriptor* desc =
        av_pix_fmt_desc_get(static_cast<AVPixelFormat>(source->format));
    const bool alpha = desc && (desc->flags & AV_PIX_FMT_FLAG_ALPHA);
    const int planeCount = alpha ? 4 : 3;
    const AVPixelFormat floatFormat = alpha ? AV_PIX_FMT_GBRAPF32LE : AV_PIX_FMT_GBRPF32LE;
    bool direct =
        source->format == floatFormat && width == source->width && height == source->height;
    for (int i = 1; i < planeCount; ++i)
        direct = direct && source->linesize[i] == source->linesize[0];
    // Kept between frames (per thread): a fresh 100 MB buffer for each 4K frame costs more in page
    // faults than the transform itself.
    thread_local std::vector<float> converted;
    const uint8_t* planes[4] = {source->data[0], source->data[1], source->data[2],
                                alpha ? source->data[3] : nullptr};
    ptrdiff_t stride = source->linesize[0];
    if (!direct) {
        auto sws = media::rgbConverter(frame, width, height, floatFormat, SWS_BILINEAR);
        if (!sws) return makeError(sws.error());
        const size_t plane = static_cast<size_t>(width) * height;
        if (converted.size() < plane * planeCount) converted.resize(plane * planeCount);
        uint8_t* dst[4] = {};
        int dstStride[4] = {};
        for (int i = 0; i < planeCount; ++i) {
            dst[i] = reinterpret_cast<uint8_t*>(converted.data() + i * plane);
            dstStride[i] = width * 4;
            planes[i] = dst[i];
        }
        sws_scale(sws->get(), source->data, source->linesize, 0, source->height, dst, dstStride);
        stride = ptrdiff_t{width} * 4;
    }

    media::RgbaImage image;
    image.width = width;
    image.height = height;
    image.pixels.resize(static_cast<size_t>(width) * height * 4);
    const bool floatPicture = desc && (desc->flags & AV_PIX_FMT_FLAG_FLOAT);
    const OCIO::ConstCPUProcessorRcPtr lut =
        path == Path::Baked ? baked(floatPicture) : OCIO::ConstCPUProcessorRcPtr();
    const OCIO::ConstCPUProcessorRcPtr& processor = lut ? lut : toBytes_;
    std::mutex failureMutex;
    std::string failure;
    // Runs on several threads at once: an exception must not leave its thread.
    const auto convertRows = [&](int first, int rows) noexcept {
        try {
            const auto row = [&](int plane) -> void* {
                return planes[plane] ? const_cast<uint8_t*>(planes[plane]) + stride * first
                                     : nullptr;
            };
            OCIO::PlanarImageDesc in(row(2), row(0), row(1), row(3), width, rows,
                                     OCIO::BIT_DEPTH_F32, 4, stride);
            OCIO::PackedImageDesc out(image.pixels.data() + size_t{4} * width * first, width, rows,
                                      4, OCIO::BIT_DEPTH_UINT8, 1, 4, ptrdiff_t{4} * width);
            processor->apply(in, out);
            // OpenColorIO writes alpha 0 where the source has none; a channel shows as opaque
            // grey whatever the picture's alpha.
            if (!alpha || settings_.channel != media::PictureChannel::Colour) {
                uint8_t* band = image.pixels.data() + size_t{4} * width * first;
                for (size_t i = 3, n = size_t{4} * width * rows; i < n; i += 4) band[i] = 255;
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(failureMutex);
            failure = e.what();
        }
    };
    const int bands = bandCount(height);
    const int perBand = (height + bands - 1) / bands;
    std::vector<std::thread> helpers;
    for (int first = perBand; first < height; first += perBand)
        helpers.emplace_back(convertRows, first, std::min(perBand, height - first));
    convertRows(0, std::min(perBand, height));
    for (std::thread& helper : helpers) helper.join();
    if (!failure.empty()) return makeError("cannot apply the colour transform: " + failure);
    return image;
}

}  // namespace framenote::colour
