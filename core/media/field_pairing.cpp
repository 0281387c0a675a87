#include "core/media/field_pairing.h"

namespace framenote::media {

std::unique_ptr<FieldPairing> FieldPairing::forStream(const AVCodecParameters& stream) {
    if (stream.codec_id != AV_CODEC_ID_H264) return nullptr;
    std::unique_ptr<FieldPairing> pairing(new FieldPairing);
    pairing->codec_ = avcodec_alloc_context3(nullptr);
    pairing->parser_ = av_parser_init(stream.codec_id);
    if (!pairing->codec_ || !pairing->parser_ ||
        avcodec_parameters_to_context(pairing->codec_, &stream) < 0)
        return nullptr;
    // Each packet is one whole picture: parsed at once, nothing held back for the next.
    pairing->parser_->flags |= PARSER_FLAG_COMPLETE_FRAMES;
    return pairing;
}

FieldPairing::~FieldPairing() {
    if (parser_) av_parser_close(parser_);
    avcodec_free_context(&codec_);
}

bool FieldPairing::isSecondField(const AVPacket& packet) {
    uint8_t* out = nullptr;
    int outSize = 0;
    av_parser_parse2(parser_, codec_, &out, &outSize, packet.data, packet.size, AV_NOPTS_VALUE,
                     AV_NOPTS_VALUE, 0);
    const int structure = parser_->picture_structure;
    const bool isField = structure == AV_PICTURE_STRUCTURE_TOP_FIELD ||
                         structure == AV_PICTURE_STRUCTURE_BOTTOM_FIELD;
    if (!isField) {
        openField_ = AV_PICTURE_STRUCTURE_UNKNOWN;
        return false;
    }
    if (openField_ != AV_PICTURE_STRUCTURE_UNKNOWN && openField_ != structure) {
        openField_ = AV_PICTURE_STRUCTURE_UNKNOWN;
        return true;
    }
    openField_ = structure;
    return false;
}

}  // namespace framenote::media
