#pragma once
// Encodes pictures and sound into an MP4 movie through FFmpeg's libraries (docs/ARCHITECTURE.md,
// "Exports that leave the app"): H.264 by libx264 where libavcodec has it, else the best H.264
// encoder present, else MPEG-4 part 2; AAC sound. Picture k is shown at k / frameRate, sound
// sample s at s / sampleRate: both start at zero, so they stay in sync by construction.
// The movie is written beside the target as "<target>.part" and renamed over the target only by
// finish(): a cancelled or failed export never leaves a half movie under the target's name.
#include <cstdint>
#include <memory>
#include <string>

#include "core/common/result.h"
#include "core/media/rational.h"

namespace framenote::media {

struct MovieSettings {
    int width = 0;  // rounded down to even (4:2:0 needs it); pictures are scaled to fit
    int height = 0;
    Rational frameRate{24, 1};
    int quality = 18;         // x264's CRF: 18 is visually lossless for review
    int audioSampleRate = 0;  // 0: no sound track
    int audioChannels = 0;
    // The first picture's timecode ("01:00:03:10", ";" before the frames when drop-frame),
    // written as the movie's timecode track; empty: none.
    std::string startTimecode;
};

class MovieWriter {
  public:
    static Result<std::unique_ptr<MovieWriter>> open(const std::string& path,
                                                     const MovieSettings& settings);
    ~MovieWriter();  // unfinished: the partial file is removed

    // The next picture, 8-bit RGBA rows `bytesPerLine` apart, of any size (scaled to the
    // movie's).
    Status addPicture(const uint8_t* rgba, int width, int height, int bytesPerLine);
    // More sound: `frames` samples per channel, interleaved float in [-1, 1], at the settings'
    // rate and channel count.
    Status addSound(const float* interleaved, int frames);
    // Drains the encoders, writes the index and puts the movie in place.
    Status finish();

    // "libx264", "h264_vaapi", "mpeg4"...: what encoded the pictures.
    const std::string& videoEncoderName() const;
    int width() const;
    int height() const;

  private:
    MovieWriter();
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace framenote::media
