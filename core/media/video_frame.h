#pragma once
// A decoded picture in its native format (YUV planes, 8 or 10 bit), shared without copying
// between the decoder, the cache and the viewer.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/common/result.h"

struct AVFrame;

namespace framenote::media {

// Tightly packed 8-bit RGBA, for thumbnails, export and raster display.
struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height * 4 bytes
};

class VideoFrame {
  public:
    VideoFrame() = default;
    // Takes a new reference to `frame` (the caller keeps its own).
    VideoFrame(const AVFrame* frame, int64_t number);

    bool isNull() const { return !frame_; }
    int64_t number() const { return number_; }
    int64_t pts() const;
    int width() const;
    int height() const;
    int pixelFormat() const;  // AVPixelFormat
    std::string pixelFormatName() const;
    int bitDepth() const;
    const AVFrame* avFrame() const { return frame_.get(); }
    // The decoder reported errors in this picture (FFmpeg's corrupt flag or decode error
    // flags): damaged data, concealed. Shown, but marked as such.
    bool damaged() const;

    // Bytes of the planes packed with no padding, as FFmpeg's rawvideo output packs them.
    int packedSize() const;
    std::vector<uint8_t> packedPlanes() const;
    // MD5 of packedPlanes(), lower-case hex: the hash on a line of `ffmpeg -f framemd5`.
    std::string md5() const;
    // Memory held by this frame's buffers, for the cache budget.
    int64_t memoryBytes() const;

    // The YUV->RGB matrix to use (an AVColorSpace): the stream's, or BT.709 for HD and BT.601
    // for SD when the stream does not say. Viewer and swscale conversions both follow it.
    int effectiveColorspace() const;
    bool fullRange() const;
    // Plane layout for drawing: chroma subsampling shifts and planes count.
    int chromaShiftX() const;
    int chromaShiftY() const;
    int planeCount() const;

    // Converted with swscale, honouring the stream's colour matrix and range. Exact: bicubic with
    // accurate rounding and full chroma interpolation, for exports and thumbnails. Display:
    // bilinear on swscale's SIMD path, several times faster, for pictures shown while playing.
    enum class RgbaQuality { Exact, Display };
    Result<RgbaImage> toRgba(int width = 0, int height = 0,
                             RgbaQuality quality = RgbaQuality::Exact) const;

  private:
    std::shared_ptr<const AVFrame> frame_;
    int64_t number_ = -1;
};

}  // namespace framenote::media
