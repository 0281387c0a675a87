#pragma once
// What an OpenEXR file's header declares, read by OpenEXR's core library, which parses the
// header alone and allocates nothing by the declared size: the size is checked against the
// limits before a reader builds tables from it (docs/ARCHITECTURE.md, "Image sequences").
#include <string>

#include "core/common/result.h"

namespace framenote::media {

struct ExrHeader {
    int width = 0;  // the display window, which the picture covers
    int height = 0;
    int dataWidth = 0;  // the data window, which holds the pixels
    int dataHeight = 0;
    int compression = 0;  // exr_compression_t
    std::string compressionName;
};

Result<ExrHeader> readExrHeader(const std::string& path);

}  // namespace framenote::media
