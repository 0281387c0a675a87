#include "core/media/image_sequence.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <utility>

#include "core/media/sequence_name.h"

namespace fs = std::filesystem;

namespace framenote::media {

namespace {

// What a folder is searched for: the still-image formats FFmpeg's image2 demuxer reads.
constexpr std::array<std::string_view, 16> kImageExtensions = {
    "exr", "dpx", "cin", "tif", "tiff", "png", "jpg", "jpeg",
    "tga", "sgi", "rgb", "bmp", "webp", "jp2", "j2k", "hdr"};

bool hasImageExtension(const std::string& name) {
    const std::string extension = lowerExtension(name);
    return !extension.empty() && std::find(kImageExtensions.begin(), kImageExtensions.end(),
                                           extension) != kImageExtensions.end();
}

using GroupKey = std::pair<std::string, std::string>;  // prefix, suffix
using Groups = std::map<GroupKey, std::vector<NumberedName>>;
using Keep = std::function<bool(const std::string& fileName, const NumberedName&)>;

// The folder's regular files whose names `keep` accepts, by prefix and suffix. Bounded by the
// limits, so a huge folder is refused rather than read into memory.
Result<Groups> listNumbered(const fs::path& dir, const Keep& keep, const SequenceLimits& limits) {
    const std::string where = dir.string() + ": ";
    std::error_code ec;
    fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) return makeError(where + "cannot list the folder (" + ec.message() + ")");
    Groups groups;
    int64_t entries = 0, files = 0;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (++entries > limits.maxEntries)
            return makeError(where + "holds more than " + std::to_string(limits.maxEntries) +
                             " entries, more than an image sequence folder may");
        std::error_code typeError;
        if (!it->is_regular_file(typeError)) continue;
        const std::string name = it->path().filename().string();
        auto numbered = splitNumberedName(name);
        if (!numbered || !keep(name, *numbered)) continue;
        if (++files > limits.maxFiles)
            return makeError(where + "holds more than " + std::to_string(limits.maxFiles) +
                             " numbered images, more than a sequence may have");
        GroupKey key{numbered->prefix, numbered->suffix};
        groups[std::move(key)].push_back(std::move(*numbered));
    }
    if (ec) return makeError(where + "cannot list the folder (" + ec.message() + ")");
    return groups;
}

std::string nameOf(const NumberedName& name) { return name.prefix + name.digits + name.suffix; }

// The padding that writes every name (printf's %0Nd), or an error naming two names that no
// single padding writes (shot.7.exr beside shot.0008.exr).
Result<int> commonPadding(const std::vector<NumberedName>& names) {
    const NumberedName* padded = nullptr;
    size_t shortest = SIZE_MAX;
    for (const NumberedName& name : names) {
        shortest = std::min(shortest, name.digits.size());
        if (!name.leadingZero()) continue;
        if (padded && padded->digits.size() != name.digits.size())
            return makeError(nameOf(*padded) + " and " + nameOf(name) +
                             ": the frame numbers are padded to different widths");
        padded = &name;
    }
    if (!padded) return static_cast<int>(shortest);
    for (const NumberedName& name : names)
        if (name.digits.size() < padded->digits.size())
            return makeError(nameOf(*padded) + " and " + nameOf(name) +
                             ": the frame numbers are padded to different widths");
    return static_cast<int>(padded->digits.size());
}

Result<ImageSequence> makeSequence(const fs::path& dir, std::vector<NumberedName> names,
                                   const SequenceLimits& limits) {
    const std::string where = dir.string() + ": ";
    auto padding = commonPadding(names);
    if (!padding) return makeError(where + padding.error());
    std::sort(names.begin(), names.end(),
              [](const NumberedName& a, const NumberedName& b) { return a.number() < b.number(); });
    ImageSequence sequence;
    sequence.directory = dir.string();
    sequence.prefix = names.front().prefix;
    sequence.suffix = names.front().suffix;
    sequence.padding = std::max(1, *padding);
    sequence.fixedWidth = true;
    sequence.first = names.front().number();
    sequence.last = names.back().number();
    if (sequence.frameCount() > limits.maxSpan)
        return makeError(where + "frame numbers " + std::to_string(sequence.first) + " to " +
                         std::to_string(sequence.last) + " span more than the " +
                         std::to_string(limits.maxSpan) + " frames a sequence may");
    int64_t expected = sequence.first;
    for (const NumberedName& name : names) {
        const int64_t number = name.number();
        if (!sequence.present.empty() && sequence.present.back() == number)
            return makeError(where + "two files are frame " + std::to_string(number));
        while (expected < number) sequence.missing.push_back(expected++);
        sequence.present.push_back(number);
        expected = number + 1;
        sequence.fixedWidth =
            sequence.fixedWidth && static_cast<int>(name.digits.size()) == *padding;
    }
    return sequence;
}

fs::path normalDirectory(const fs::path& dir) {
    std::error_code ec;
    fs::path absolute = fs::absolute(dir.empty() ? fs::path(".") : dir, ec).lexically_normal();
    std::string text = absolute.string();
    while (text.size() > 1 && text.back() == '/') text.pop_back();
    return text;
}

Result<ImageSequence> fromFolder(const fs::path& dir, const SequenceLimits& limits) {
    // Hidden files are skipped: "._shot.1001.exr" is macOS metadata, not a frame.
    auto groups = listNumbered(
        dir,
        [](const std::string& fileName, const NumberedName&) {
            return fileName[0] != '.' && hasImageExtension(fileName);
        },
        limits);
    if (!groups) return makeError(groups.error());
    if (groups->empty()) return makeError(dir.string() + ": holds no numbered image files");
    auto chosen = groups->begin();
    for (auto it = groups->begin(); it != groups->end(); ++it)
        if (it->second.size() > chosen->second.size()) chosen = it;
    auto sequence = makeSequence(dir, std::move(chosen->second), limits);
    if (!sequence || groups->size() == 1) return sequence;
    sequence->note = dir.string() + " holds " + std::to_string(groups->size()) +
                     " image sequences; opened " + sequence->pattern() + " (" +
                     std::to_string(sequence->present.size()) + " files), the one with most files";
    return sequence;
}

}  // namespace

Result<ImageSequence> ImageSequence::discover(const std::string& input,
                                              const SequenceLimits& limits) {
    if (input.empty()) return makeError("no image sequence given");
    const fs::path given(input);
    std::error_code ec;
    if (fs::is_directory(given, ec)) return fromFolder(normalDirectory(given), limits);

    const fs::path dir = normalDirectory(given.parent_path());
    const std::string fileName = given.filename().string();
    if (fs::is_regular_file(given, ec)) {
        auto numbered = splitNumberedName(fileName);
        if (!numbered) return makeError(input + ": the file name holds no frame number");
        auto groups = listNumbered(
            dir,
            [&](const std::string&, const NumberedName& name) {
                return name.prefix == numbered->prefix && name.suffix == numbered->suffix;
            },
            limits);
        if (!groups) return makeError(groups.error());
        if (groups->empty()) return makeError(input + ": the file is gone from its folder");
        return makeSequence(dir, std::move(groups->begin()->second), limits);
    }

    auto pattern = parseNamePattern(fileName);
    if (!pattern) return makeError(input + ": not a sequence pattern (" + pattern.error() + ")");
    if (!*pattern) return makeError(input + ": no such file or folder");
    if (!fs::is_directory(dir, ec)) return makeError(dir.string() + ": no such folder");
    const NamePattern& wanted = **pattern;
    auto groups = listNumbered(
        dir,
        [&](const std::string&, const NumberedName& name) {
            return name.prefix == wanted.prefix && name.suffix == wanted.suffix &&
                   hasPadding(name, wanted.padding);
        },
        limits);
    if (!groups) return makeError(groups.error());
    if (groups->empty()) return makeError(dir.string() + ": no file matches " + fileName);
    return makeSequence(dir, std::move(groups->begin()->second), limits);
}

bool ImageSequence::isPresent(int64_t frame) const {
    return frame >= 0 && frame < frameCount() &&
           std::binary_search(present.begin(), present.end(), fileNumber(frame));
}

std::string ImageSequence::fileName(int64_t frame) const {
    return prefix + formatFrameNumber(fileNumber(frame), padding) + suffix;
}

std::string ImageSequence::path(int64_t frame) const {
    return (fs::path(directory) / fileName(frame)).string();
}

std::string ImageSequence::pattern() const {
    return prefix + (padding > 1 ? "%0" + std::to_string(padding) + "d" : std::string("%d")) +
           suffix;
}

}  // namespace framenote::media
