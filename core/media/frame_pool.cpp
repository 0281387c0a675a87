#include "core/media/frame_pool.h"

extern "C" {
#include <libavutil/buffer.h>
#include <libavutil/imgutils.h>
}

#include <sys/mman.h>

#include <array>
#include <cstddef>
#include <cstdlib>
#include <mutex>

namespace framenote::media {

namespace {

constexpr int kAlign = 64;  // as av_frame_get_buffer, for SIMD readers of the planes
constexpr size_t kHugePage = size_t{2} << 20;

// Pool memory in 2 MiB pages where the kernel offers them (transparent huge pages in "madvise"
// mode, Debian's default): a new 2K frame then costs 13 page faults rather than 6,400.
AVBufferRef* allocateHugePages(size_t size) {
    const size_t rounded = (size + kHugePage - 1) / kHugePage * kHugePage;
    void* memory = std::aligned_alloc(kHugePage, rounded);
    if (!memory) return nullptr;
#ifdef MADV_HUGEPAGE
    madvise(memory, rounded, MADV_HUGEPAGE);  // advice only: no error to handle
#endif
    AVBufferRef* buffer = av_buffer_create(
        static_cast<uint8_t*>(memory), size, [](void*, uint8_t* data) { std::free(data); }, nullptr,
        0);
    if (!buffer) std::free(memory);
    return buffer;
}

struct Pool {
    std::mutex mutex;
    AVBufferPool* pool = nullptr;
    size_t bufferSize = 0;
    ~Pool() { av_buffer_pool_uninit(&pool); }
};

AVBufferRef* bufferOfSize(size_t size) {
    static Pool shared;
    std::lock_guard lock(shared.mutex);
    if (shared.pool && shared.bufferSize != size) av_buffer_pool_uninit(&shared.pool);
    if (!shared.pool) {
        shared.pool = av_buffer_pool_init(size, allocateHugePages);
        if (!shared.pool) return nullptr;
        shared.bufferSize = size;
    }
    return av_buffer_pool_get(shared.pool);
}

}  // namespace

bool getPooledBuffer(AVFrame* frame) {
    const auto format = static_cast<AVPixelFormat>(frame->format);
    if (av_image_fill_linesizes(frame->linesize, format, FFALIGN(frame->width, kAlign)) < 0)
        return false;
    for (int& linesize : frame->linesize) linesize = FFALIGN(linesize, kAlign);
    std::array<size_t, 4> planeSizes{};
    std::array<ptrdiff_t, 4> linesizes{};
    for (size_t i = 0; i < 4; ++i) linesizes[i] = frame->linesize[i];
    if (av_image_fill_plane_sizes(planeSizes.data(), format, frame->height, linesizes.data()) < 0)
        return false;
    size_t total = 0;
    for (size_t size : planeSizes) total += size;
    AVBufferRef* buffer = bufferOfSize(total + kAlign);
    if (!buffer) return false;
    frame->buf[0] = buffer;
    uint8_t* at = reinterpret_cast<uint8_t*>(
        FFALIGN(reinterpret_cast<uintptr_t>(buffer->data), uintptr_t{kAlign}));
    for (size_t i = 0; i < 4; ++i) {
        frame->data[i] = planeSizes[i] ? at : nullptr;
        at += planeSizes[i];
    }
    frame->extended_data = frame->data;
    return true;
}

}  // namespace framenote::media
