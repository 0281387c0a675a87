#pragma once
// Frames coded as two field pictures, one packet each (H.264 "PAFF" in a transport stream, or
// muxed a field per sample): the decoder outputs one frame for the pair, so the index must not
// count the second field as a frame (docs/ARCHITECTURE.md, "Exact frames").
#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace framenote::media {

class FieldPairing {
  public:
    // Null for a codec whose field pictures FFmpeg does not pair into frames, or whose parser
    // cannot say (only H.264 is paired: HEVC outputs each field as a picture of its own).
    static std::unique_ptr<FieldPairing> forStream(const AVCodecParameters& stream);
    ~FieldPairing();
    FieldPairing(const FieldPairing&) = delete;
    FieldPairing& operator=(const FieldPairing&) = delete;

    // Reads the next packet of the stream, in decode order: true when it is the second field of
    // the pair the packet before it opened (a field of the other parity).
    bool isSecondField(const AVPacket& packet);

  private:
    FieldPairing() = default;
    AVCodecContext* codec_ = nullptr;  // holds the extradata the parser reads
    AVCodecParserContext* parser_ = nullptr;
    int openField_ = AV_PICTURE_STRUCTURE_UNKNOWN;  // the unpaired first field's parity, if any
};

}  // namespace framenote::media
