#pragma once
// media_id: a content fingerprint two machines compute alike for the same file under different
// paths (docs/PROTOCOL.md, "Media id"): SHA-256 over the file size and its first and last MiB.
#include <string>

#include "core/common/result.h"

namespace framenote::media {

Result<std::string> mediaFingerprint(const std::string& path);

}  // namespace framenote::media
