#pragma once
// What a relay stores for an image sequence (docs/PROTOCOL.md, "Media of an image sequence"): a
// manifest naming every file by its number, size and media id, published under the sequence's
// media id, while each file is published under its own. The manifest's media id is computed from
// it alone (the sequence id rule takes sizes, and the ids of the first and last files), so a
// relay checks a manifest without any of the files, and each file is checked as it arrives.
#include <QByteArray>
#include <QString>
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/media/image_sequence.h"  // SequenceLimits only: this links without FFmpeg

namespace framenote::media {

struct SequenceManifest {
    static constexpr int64_t kMaxBytes = int64_t{128} << 20;  // 1,000,000 files fit

    struct File {
        int64_t number = 0;
        int64_t size = 0;
        std::string mediaId;
    };
    std::string prefix;       // "shot."
    std::string suffix;       // ".exr"
    int padding = 1;          // as ImageSequence::padding
    std::vector<File> files;  // present files, ascending numbers

    // Refuses anything that is not a well-formed manifest within the limits: names that could
    // be a path ('/', "..", a NUL), numbers out of order or beyond the limits, bad ids.
    static Result<SequenceManifest> parse(const QByteArray& bytes,
                                          const SequenceLimits& limits = {});
    // parse() of the file at `path`, refused unread when it is larger than kMaxBytes.
    static Result<SequenceManifest> readFile(const QString& path,
                                             const SequenceLimits& limits = {});
    QByteArray toJson() const;

    // The sequence's media id, by the rule of docs/PROTOCOL.md from this manifest alone; empty
    // for a manifest without files.
    std::string mediaId() const;
    std::string fileName(const File& file) const;
};

// The sequence id rule over its inputs: the names' prefix and suffix, each present file's number
// and size in ascending order, and the media ids of the first and last files.
struct SequenceIdInput {
    std::string prefix;
    std::string suffix;
    std::vector<std::pair<int64_t, uint64_t>> numberedSizes;
    std::string firstMediaId;
    std::string lastMediaId;
};
std::string sequenceMediaId(const SequenceIdInput& input);

}  // namespace framenote::media
