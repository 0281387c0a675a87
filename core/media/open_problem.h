#pragma once
// Why a file could not be opened as a clip, as a category: the app words each one for people in
// their language (ui/open_failure_text.h) and keeps the engine's own message as the detail.
#include <cstdint>
#include <string>

namespace framenote::media {

enum class OpenProblem : uint8_t {
    Unknown,           // none of the below
    NotFound,          // no such file
    NotPermitted,      // it exists, but this user may not read it
    NotAFile,          // a folder
    Empty,             // zero bytes
    NotMedia,          // no format FFmpeg knows: not a video, or damaged before its first stream
    NoVideoStream,     // a media file without a picture (sound only)
    UnsupportedCodec,  // its video's codec has no decoder here
    Damaged,           // the video stream cannot be read through: truncated or corrupt
};

// The category of a failed open of `path`, found by taking the open's steps again (the file, the
// container, the video stream, its decoder) up to the first that fails; Damaged when they all
// pass, so the failure came from reading the stream. Reads the file: call it on the thread that
// opened it.
OpenProblem diagnoseOpenFailure(const std::string& path);

}  // namespace framenote::media
