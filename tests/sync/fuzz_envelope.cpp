// libFuzzer target for the Envelope decoder: whatever the bytes, decodeEnvelope returns a value
// (never crashes, never reads out of bounds, never loops) with an error of its own making (never
// the protobuf parser's bare refusal), and what it accepts converts to the model and re-encodes to
// the same operation. Built only with clang and FRAMENOTE_FUZZ=ON:
//
//   CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
//       -DFRAMENOTE_FUZZ=ON -DFRAMENOTE_BUILD_BENCH=OFF
//   cmake --build build-fuzz --target fuzz_envelope
//   build-fuzz/tests/sync/fuzz_envelope -max_total_time=60 -max_len=4096 CORPUS_DIR [SEED_DIR]
//
// `fuzz_envelope -write_seeds=DIR` writes a few valid Envelopes to start a corpus from.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/sync/quantization.h"
#include "core/sync/wire_codec.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;

namespace {

const fs::ParticipantTable& table() {
    static const fs::ParticipantTable t = [] {
        fs::ParticipantTable t;
        t.assign("ana", fm::Role::Reviewer);
        t.assign("bo", fm::Role::Admin);
        return t;
    }();
    return t;
}

void exercise(const fs::v1::Envelope& e, const fs::RoomContext& room) {
    using E = fs::v1::Envelope;
    switch (e.body_case()) {
        case E::kOperation:
            if (auto op = fs::operationFromWire(e.operation(), room); op.ok()) {
                // What decodes must re-encode and decode to the same operation.
                auto again = fs::operationFromWire(fs::operationToWire(*op, room), room);
                if (!again.ok() || !(*again == *op)) __builtin_trap();
            }
            break;
        case E::kBroadcast:
            for (const auto& w : e.broadcast().operations()) (void)fs::operationFromWire(w, room);
            break;
        case E::kReplay:
            for (const auto& w : e.replay().operations()) (void)fs::operationFromWire(w, room);
            break;
        case E::kSnapshot:
            for (const auto& w : e.snapshot().annotations()) (void)fs::annotationFromWire(w, room);
            break;
        case E::kPresence:
            (void)fs::presenceFromWire(e.presence());
            break;
        case E::kParticipants: {
            fs::ParticipantTable t;
            (void)fs::applyParticipants(e.participants(), t);
            break;
        }
        case E::kBatch:
            for (const auto& inner : e.batch().messages()) exercise(inner, room);
            break;
        default:
            break;
    }
}

void writeSeeds(const char* dir) {
    const fs::RoomContext room{"media", table()};
    fm::Annotation a;
    a.id = QUuid::createUuid();
    a.mediaId = "media";
    a.kind = fm::Kind::Freehand;
    a.points = {{0.1, 0.1}, {0.12, 0.11}, {0.15, 0.13}};
    a.author = "ana";
    a.text = "色彩";
    a.tags = {"t"};
    auto create = fm::makeCreate(a, "ana", fm::Role::Reviewer);
    fs::quantizeOperation(create);
    fm::FieldChanges c;
    c.points = std::vector<fm::Point>{{0.2, 0.2}, {0.3, 0.3}};
    c.tags = QStringList{};
    auto set = fm::makeSetFields("media", a.id, c, "bo", fm::Role::Admin);
    set.sequence = 5;
    auto reply = fm::makeReply("media", a.id, "ok", "ana", fm::Role::Reviewer);
    const fs::v1::Envelope seeds[] = {
        fs::operationEnvelope(create, room),
        fs::broadcastEnvelope(std::span(&set, 1), room),
        fs::batchEnvelope({fs::ackEnvelope(a.id, 3), fs::operationEnvelope(reply, room)}),
        fs::errorEnvelope(fs::v1::ERROR_CODE_INVALID, "bad", a.id),
    };
    int n = 0;
    for (const auto& seed : seeds) {
        const std::string path = std::string(dir) + "/seed" + std::to_string(n++);
        if (FILE* f = std::fopen(path.c_str(), "wb")) {
            const std::string bytes = fs::encodeEnvelope(seed);
            std::fwrite(bytes.data(), 1, bytes.size(), f);
            std::fclose(f);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv) {
    for (int i = 1; i < *argc; ++i) {
        if (std::strncmp((*argv)[i], "-write_seeds=", 13) == 0) {
            writeSeeds((*argv)[i] + 13);
            std::exit(0);
        }
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fs::DecodeOptions options;
    options.maxBytes = 64 * 1024;
    fs::DecodeFailure why;
    auto decoded = fs::decodeEnvelope(std::string_view(reinterpret_cast<const char*>(data), size),
                                      options, &why);
    if (!decoded.ok()) {
        if (decoded.error().empty()) __builtin_trap();
        // The wire scanner explains every fault itself: the protobuf parser (which would log about
        // bad input) only ever sees well-formed bytes.
        if (decoded.error().find("the protobuf parser refused it") != std::string::npos) {
            std::fprintf(stderr, "fuzz_envelope: %s\n", decoded.error().c_str());
            __builtin_trap();
        }
        return 0;
    }
    const fs::RoomContext room{"media", table()};
    exercise(*decoded, room);
    return 0;
}
