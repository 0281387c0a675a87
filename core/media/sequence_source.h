#pragma once
// An image sequence as a FrameSource: frame n is the file numbered first + n, decoded on its own
// (every frame is a keyframe), kept in the frame cache like a movie's. A number without a file is
// an error that says the frame is missing, never a neighbour's picture (docs/ARCHITECTURE.md,
// "Image sequences").
#include <memory>

#include "core/media/frame_source.h"
#include "core/media/image_sequence.h"
#include "core/media/rational.h"

namespace framenote::media {

class SequenceSource : public FrameSource {
  public:
    // `rate`: the frames per second the sequence plays at (sequences carry none).
    SequenceSource(ImageSequence sequence, Rational rate, const DecoderOptions& options = {});

    Result<VideoFrame> frame(int64_t n) override;
    const FrameIndex& index() const override { return *index_; }
    std::shared_ptr<const FrameIndex> sharedIndex() const { return index_; }
    FrameCache& cache() override { return cache_; }
    const DecoderStats& stats() const override { return stats_; }
    const std::string& path() const override { return path_; }
    const ImageSequence& sequence() const { return sequence_; }

  private:
    ImageSequence sequence_;
    std::shared_ptr<const FrameIndex> index_;
    FrameCache cache_;
    DecoderStats stats_;
    std::string path_;
};

}  // namespace framenote::media
