#pragma once
// The viewer's colour pipeline on the CPU: a picture in its input colour space, exposure in
// scene-linear, the display's view transform, then display gamma, as OpenColorIO computes them
// (docs/ARCHITECTURE.md, "Colour"). The frame server runs it on the decode thread in place of
// the plain RGBA conversion; the planes stay 32-bit float up to the transform, so half and float
// pictures keep their precision until the last rounding to 8 bits.
#include <array>
#include <memory>
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
    // The displayed value of one source pixel (before the rounding to 8 bits).
    std::array<float, 3> apply(std::array<float, 3> source) const;
    // The frame scaled to `width` x `height`, converted to float RGB (YUV through the stream's
    // matrix and range), through the transform, to 8-bit RGBA. Rows are split over the cores.
    Result<media::RgbaImage> render(const media::VideoFrame& frame, int width,
                                    int height) const override;

  private:
    DisplayTransform(ViewSettings settings, OCIO::ConstProcessorRcPtr processor);
    ViewSettings settings_;
    OCIO::ConstProcessorRcPtr processor_;
    OCIO::ConstCPUProcessorRcPtr toFloat_;  // F32 in, F32 out: apply()
    OCIO::ConstCPUProcessorRcPtr toBytes_;  // F32 planes in, packed RGBA8 out: render()
};

}  // namespace framenote::colour
