#pragma once
// The media id of an image sequence (docs/PROTOCOL.md, "Media id of an image sequence"): from
// its names without the folder, the size of every file and the media ids of its first and last
// files, so a copy elsewhere keeps the id and a renamed shot or a re-rendered frame does not.
#include <string>

#include "core/common/result.h"
#include "core/media/image_sequence.h"
#include "core/media/sequence_manifest.h"

namespace framenote::media {

Result<std::string> sequenceFingerprint(const ImageSequence& sequence);

// Its manifest, for sharing it through a relay: the size and media id of every file (2 MiB of
// each read at most).
Result<SequenceManifest> sequenceManifest(const ImageSequence& sequence);

}  // namespace framenote::media
