#pragma once
// The viewer's colour pipeline on the CPU: a picture in its input colour space, exposure in
// scene-linear, the display's view transform, then display gamma, as OpenColorIO computes them
// (docs/ARCHITECTURE.md, "Colour"). The frame server runs it on the decode thread in place of
// the plain RGBA conversion; the planes stay 32-bit float up to the transform, so half and float
// pictures keep their precision until the last rounding to 8 bits.
#include <array>
#include <memory>
#include <mutex>
#include <string>

#include "core/colour/colour_config.h"
#include "core/media/frame_renderer.h"
#include "core/media/picture_channel.h"

namespace framenote::colour {

struct ViewSettings {
    std::string inputSpace;  // a colour space of the config (name, alias or role)
    std::string display;
    std::string view;
    double exposure = 0.0;  // stops, applied in scene-linear before the view
    double gamma = 1.0;     // display gamma after the view: 2.0 brightens, as in Nuke and RV
    // One channel as grey, isolated before the view (OpenColorIO's channel view); luminance
    // weighs R, G and B by the config's luma coefficients.
    media::PictureChannel channel = media::PictureChannel::Colour;
    bool operator==(const ViewSettings&) const = default;
};

class DisplayTransform final : public media::FrameRenderer {
  public:
    // Refused with a message naming what the config lacks (a colour space, display or view).
    static Result<std::shared_ptr<const DisplayTransform>> create(const ColourConfig& config,
                                                                  const ViewSettings& settings);

    const ViewSettings& settings() const { return settings_; }
    const OCIO::ConstProcessorRcPtr& processor() const { return processor_; }
    // The displayed value of one source pixel (before the rounding to 8 bits).
    std::array<float, 3> apply(std::array<float, 3> source) const;
    // The frame scaled to `width` x `height`, converted to float RGB (YUV through the stream's
    // matrix and range), through the transform, to 8-bit RGBA. Rows are split over the cores.
    Result<media::RgbaImage> render(const media::VideoFrame& frame, int width,
                                    int height) const override;
    // A paused picture: through the transform itself, exact.
    Result<media::RgbaImage> renderStill(const media::VideoFrame& frame, int width,
                                         int height) const override;

    // How a picture is converted: through 3D LUTs baked from the transform (render(): fast, for
    // playback), or through the transform itself (renderStill(): exact, several times slower).
    enum class Path { Baked, Exact };
    Result<media::RgbaImage> render(const media::VideoFrame& frame, int width, int height,
                                    Path path) const;

  private:
    DisplayTransform(ViewSettings settings, OCIO::ConstProcessorRcPtr processor,
                     const ColourConfig& config);
    ViewSettings settings_;
    OCIO::ConstProcessorRcPtr processor_;
    OCIO::ConstCPUProcessorRcPtr toFloat_;  // F32 in, F32 out: apply()
    OCIO::ConstCPUProcessorRcPtr toBytes_;  // F32 planes in, packed RGBA8 out: the exact path
    // The baked path: a LUT over [0, 1] for pictures stored as integers (video, 8 to 16-bit
    // stills), and one over a log2 shaper of 24 stops for float pictures, whose scene-linear
    // values run far above 1. Each is baked (about 0.1 s) on the first frame that needs it, on
    // the decode thread; none where a LUT cannot hold the transform (the alpha channel).
    struct Baked {
        std::once_flag once;
        OCIO::ConstCPUProcessorRcPtr processor;
    };
    const OCIO::ConstCPUProcessorRcPtr& baked(bool floatPicture) const;
    OCIO::ConstConfigRcPtr config_;
    mutable Baked bounded_;
    mutable Baked unbounded_;
};

}  // namespace framenote::colour
