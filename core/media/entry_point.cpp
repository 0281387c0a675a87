#include "core/media/entry_point.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <functional>

namespace framenote::media {
namespace {

// Calls `visit` with each NAL unit's first byte, for length-prefixed (MP4, Matroska) or Annex B
// (start-code) packets; stops when `visit` returns true. Bounds-checked: the packet is hostile.
bool anyNalUnit(const uint8_t* data, int size, int lengthSize,
                const std::function<bool(uint8_t)>& visit) {
    if (lengthSize > 0) {
        int64_t pos = 0;
        while (pos + lengthSize < size) {
            int64_t length = 0;
            for (int i = 0; i < lengthSize; ++i) length = (length << 8) | data[pos + i];
            pos += lengthSize;
            if (length <= 0 || pos + length > size) return false;
            if (visit(data[pos])) return true;
            pos += length;
        }
        return false;
    }
    for (int i = 0; i + 3 < size; ++i)
        if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
            if (visit(data[i + 3])) return true;
            i += 2;
        }
    return false;
}

}  // namespace

bool packetIsEntryPoint(const AVCodecParameters& codec, const uint8_t* data, int size) {
    if (!data || size <= 0) return false;
    const uint8_t* extra = codec.extradata;
    const int extraSize = codec.extradata_size;
    if (codec.codec_id == AV_CODEC_ID_H264) {
        // avcC: version 1, NAL length size in the low bits of byte 4.
        const int lengthSize = extra && extraSize > 4 && extra[0] == 1 ? (extra[4] & 3) + 1 : 0;
        return anyNalUnit(data, size, lengthSize,
                          [](uint8_t header) { return (header & 0x1f) == 5; });  // IDR slice
    }
    if (codec.codec_id == AV_CODEC_ID_HEVC) {
        // hvcC: version 1, NAL length size in the low bits of byte 21.
        const int lengthSize = extra && extraSize > 21 && extra[0] == 1 ? (extra[21] & 3) + 1 : 0;
        return anyNalUnit(data, size, lengthSize, [](uint8_t header) {
            const int type = (header >> 1) & 0x3f;
            return type >= 16 && type <= 23;  // BLA, IDR, CRA: intra random access points
        });
    }
    return false;
}

}  // namespace framenote::media
