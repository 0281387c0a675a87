#pragma once
// Opening what the player reads, whatever it is: a movie file (probe, frame index, media id,
// VideoDecoder) or an image sequence given as one of its files, a pattern or a folder
// (discovery, SequenceSource, the sequence's media id). The frame server and the CLI both open
// media here, so both read the same frames (docs/ARCHITECTURE.md, "Image sequences").
#include <memory>
#include <string>

#include "core/common/result.h"
#include "core/media/frame_index.h"
#include "core/media/frame_source.h"
#include "core/media/media_probe.h"
#include "core/media/rational.h"

namespace framenote::media {

// What an open clip is: its description, frame index and media id.
struct OpenedMedia {
    MediaInfo info;
    std::shared_ptr<const FrameIndex> index;
    std::string fingerprint;

    // The rate the frames are shown at: the stream's nominal rate (FFmpeg's r_frame_rate),
    // else its average; for a stream coded a field per packet, the rate its frames'
    // timestamps give, as FFmpeg's guess counts the fields there (50 for 25). Invalid without
    // video. info keeps FFmpeg's figures, which framemd5 repeats as ffmpeg prints them.
    Rational frameRate() const;
};

struct SourceOptions {
    DecoderOptions decoder;
    Rational sequenceRate{24, 1};  // sequences carry no rate: the user's or the settings'
    // For movies: a saved frame index to use instead of scanning the file (empty: scan).
    std::string indexPath;
};

struct OpenedSource {
    OpenedMedia media;
    std::unique_ptr<FrameSource> source;
};

// A folder, a pattern (shot.####.exr, shot.%04d.exr) or a still image (EXR, DPX, TIFF, PNG,
// JPEG): opened as an image sequence.
bool isSequenceInput(const std::string& path);

Result<OpenedSource> openSource(const std::string& path, const SourceOptions& options = {});

}  // namespace framenote::media
