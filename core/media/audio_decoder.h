#pragma once
// Decodes a file's audio and resamples it (swresample) to the format the output device wants,
// with each chunk's presentation time so the player can use audio as its master clock.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.h"

struct SwrContext;

namespace framenote::media {

struct AudioFormat {
    enum class Sample { Int16, Float32 };
    int sampleRate = 48000;
    int channels = 2;
    Sample sample = Sample::Float32;
    int bytesPerFrame() const { return channels * (sample == Sample::Int16 ? 2 : 4); }
};

struct AudioChunk {
    double startSeconds = 0;    // presentation time of the first sample, in the file's clock
    int frames = 0;             // samples per channel
    std::vector<uint8_t> data;  // interleaved, in the output format
};

class AudioDecoder {
  public:
    // Opens the `ordinal`-th audio stream of the file (0 = the first).
    static Result<std::unique_ptr<AudioDecoder>> open(const std::string& path,
                                                      const AudioFormat& output, int ordinal = 0);
    ~AudioDecoder();

    const AudioFormat& outputFormat() const { return output_; }
    int sourceSampleRate() const;
    int sourceChannels() const;

    // The next chunk; std::nullopt at the end of the stream.
    Result<std::optional<AudioChunk>> next();
    // Positions so that the next chunk starts exactly at `seconds` (file clock).
    Status seek(double seconds);

  private:
    AudioDecoder(std::string path, AudioFormat output);
    Status setUp(int ordinal);
    Result<std::optional<AudioChunk>> convert();

    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string path_;
    AudioFormat output_;
};

}  // namespace framenote::media
