#pragma once
// Picture memory for decoders that fill frames themselves (OpenEXR): reused from one pool rather
// than fresh pages. A 2K float frame is 26 MB; allocated anew, the kernel faults in and zeroes
// every page of it for each frame, which cost a quarter of EXR playback (docs/PERFORMANCE.md,
// "Media engine figures"). FFmpeg's own decoders pool their frames the same way.
extern "C" {
#include <libavutil/frame.h>
}

namespace framenote::media {

// Gives `frame` (format, width and height set) its buffer and planes, as av_frame_get_buffer
// does, from a pool of buffers of that size. One pool is kept, for the last size asked for: a
// sequence keeps one size, and a new size lets the old pool go once its frames are freed, so
// what the pool holds is bounded by what the frame cache holds. False when out of memory.
bool getPooledBuffer(AVFrame* frame);

}  // namespace framenote::media
