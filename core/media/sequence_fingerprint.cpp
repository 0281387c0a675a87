#include "core/media/sequence_fingerprint.h"

#include <filesystem>

#include "core/media/media_fingerprint.h"
#include "core/media/sequence_manifest.h"

namespace framenote::media {

namespace {

// Every present file's number and size, ascending.
Result<std::vector<std::pair<int64_t, uint64_t>>> numberedSizes(const ImageSequence& sequence) {
    if (sequence.present.empty()) return makeError(sequence.directory + ": the sequence is empty");
    std::vector<std::pair<int64_t, uint64_t>> sizes;
    sizes.reserve(sequence.present.size());
    for (const int64_t number : sequence.present) {
        const std::string path = sequence.path(number - sequence.first);
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec) return makeError(path + ": cannot be read (" + ec.message() + ")");
        sizes.emplace_back(number, static_cast<uint64_t>(size));
    }
    return sizes;
}

Result<std::string> fileMediaId(const ImageSequence& sequence, int64_t number) {
    return mediaFingerprint(sequence.path(number - sequence.first));
}

}  // namespace

Result<std::string> sequenceFingerprint(const ImageSequence& sequence) {
    auto sizes = numberedSizes(sequence);
    if (!sizes) return makeError(sizes.error());
    auto first = fileMediaId(sequence, sequence.present.front());
    if (!first) return makeError(first.error());
    auto last = fileMediaId(sequence, sequence.present.back());
    if (!last) return makeError(last.error());
    return sequenceMediaId({sequence.prefix, sequence.suffix, std::move(*sizes), *first, *last});
}

Result<SequenceManifest> sequenceManifest(const ImageSequence& sequence) {
    auto sizes = numberedSizes(sequence);
    if (!sizes) return makeError(sizes.error());
    SequenceManifest manifest{sequence.prefix, sequence.suffix, sequence.padding, {}};
    manifest.files.reserve(sizes->size());
    for (const auto& [number, size] : *sizes) {
        auto id = fileMediaId(sequence, number);
        if (!id) return makeError(id.error());
        manifest.files.push_back({number, static_cast<int64_t>(size), *id});
    }
    return manifest;
}

}  // namespace framenote::media
