#include "core/media/exr_header.h"

#include <OpenEXR/openexr.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace framenote::media {

namespace {

// OpenEXR reports through a callback (to stderr by default): keep its last words for the
// error message instead.
thread_local std::string lastExrError;

void keepError(exr_const_context_t, int, const char* message) {
    lastExrError = message ? message : "";
}

std::string compressionName(exr_compression_t compression) {
    static constexpr std::array<const char*, 10> names = {"none",  "RLE", "ZIPS", "ZIP",  "PIZ",
                                                          "PXR24", "B44", "B44A", "DWAA", "DWAB"};
    const auto index = static_cast<size_t>(compression);
    return index < names.size() ? names[index] : "unknown";
}

struct ContextCloser {
    exr_context_t context = nullptr;
    ~ContextCloser() {
        if (context) exr_finish(&context);
    }
};

}  // namespace

Result<ExrHeader> readExrHeader(const std::string& path) {
    exr_context_initializer_t init = EXR_DEFAULT_CONTEXT_INITIALIZER;
    init.error_handler_fn = &keepError;
    lastExrError.clear();
    ContextCloser ctx;
    const exr_result_t rc = exr_start_read(&ctx.context, path.c_str(), &init);
    if (rc != EXR_ERR_SUCCESS)
        return makeError(path + ": not a readable OpenEXR file (" +
                         (lastExrError.empty() ? exr_get_default_error_message(rc) : lastExrError) +
                         ")");
    exr_attr_box2i_t display{}, data{};
    exr_compression_t compression = EXR_COMPRESSION_NONE;
    // Part 0: the part FFmpeg's decoder reads by default.
    if (exr_get_display_window(ctx.context, 0, &display) != EXR_ERR_SUCCESS ||
        exr_get_data_window(ctx.context, 0, &data) != EXR_ERR_SUCCESS ||
        exr_get_compression(ctx.context, 0, &compression) != EXR_ERR_SUCCESS)
        return makeError(path + ": the OpenEXR header lacks a window or a compression");
    ExrHeader header;
    const auto extent = [](int32_t low, int32_t high) {
        return static_cast<int>(std::min<int64_t>(int64_t{high} - low + 1, INT32_MAX));
    };
    header.width = extent(display.min.x, display.max.x);
    header.height = extent(display.min.y, display.max.y);
    header.dataWidth = extent(data.min.x, data.max.x);
    header.dataHeight = extent(data.min.y, data.max.y);
    header.compression = compression;
    header.compressionName = compressionName(compression);
    return header;
}

}  // namespace framenote::media
