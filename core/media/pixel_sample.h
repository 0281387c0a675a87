#pragma once
// One pixel of a decoded frame as the pixel probe shows it (docs/ARCHITECTURE.md, "Colour"): its
// stored components exactly (YUV codes, RGB codes or floats, the nearest chroma sample), and
// its RGB through the stream's matrix and range.
#include <array>
#include <string>
#include <utility>
#include <vector>

#include "core/common/result.h"
#include "core/media/video_frame.h"

namespace framenote::media {

struct PixelSample {
    // Component name ("Y", "Cb", "Cr", "R", "G", "B", "A") and stored value: an integer code at
    // the format's depth, or the float itself.
    std::vector<std::pair<std::string, double>> stored;
    bool floatingPoint = false;
    int bitDepth = 8;
    // R, G, B, A: 0..1 for integer formats (YUV through the matrix and range, unclamped); as
    // stored for float formats. Alpha 1 where the format has none.
    std::array<double, 4> rgba{0, 0, 0, 1};
};

// The pixel at (x, y) of the frame (0,0 is the top left); an error outside the picture or for a
// format the probe does not read (palettes, bitstreams, hardware frames).
Result<PixelSample> samplePixel(const VideoFrame& frame, int x, int y);

// The luma weights (Kr, Kb) of an AVColorSpace: the YUV matrices the viewer and probe apply.
std::pair<double, double> lumaWeights(int colorspace);

}  // namespace framenote::media
