#include "core/media/sequence_name.h"

#include <cctype>

namespace framenote::media {

std::string lowerExtension(std::string_view fileName) {
    const size_t dot = fileName.rfind('.');
    if (dot == std::string_view::npos) return {};
    std::string extension(fileName.substr(dot + 1));
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return extension;
}

namespace {

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

int64_t NumberedName::number() const {
    int64_t value = 0;
    for (const char c : digits) value = value * 10 + (c - '0');
    return value;
}

std::optional<NumberedName> splitNumberedName(std::string_view fileName) {
    size_t end = fileName.size();
    while (end > 0 && !isDigit(fileName[end - 1])) --end;
    if (end == 0) return std::nullopt;
    size_t begin = end;
    while (begin > 0 && isDigit(fileName[begin - 1])) --begin;
    if (end - begin > static_cast<size_t>(kMaxFrameDigits)) return std::nullopt;
    return NumberedName{std::string(fileName.substr(0, begin)),
                        std::string(fileName.substr(begin, end - begin)),
                        std::string(fileName.substr(end))};
}

Result<std::optional<NamePattern>> parseNamePattern(std::string_view fileName) {
    const size_t hash = fileName.find('#');
    const size_t percent = fileName.find('%');
    if (hash == std::string_view::npos && percent == std::string_view::npos)
        return std::optional<NamePattern>();
    const std::string quoted = "'" + std::string(fileName) + "'";
    if (hash != std::string_view::npos && percent != std::string_view::npos)
        return makeError(quoted + ": mixes '#' and '%' placeholders");
    NamePattern pattern;
    size_t begin = 0, end = 0;
    if (hash != std::string_view::npos) {
        begin = hash;
        end = fileName.find_first_not_of('#', begin);
        if (end == std::string_view::npos) end = fileName.size();
        pattern.padding = static_cast<int>(end - begin);
    } else {
        // %d or %0Nd, N a single digit or two: what image2 accepts for frame numbers.
        begin = percent;
        end = begin + 1;
        if (end < fileName.size() && fileName[end] == '0') {
            ++end;
            const size_t digits = end;
            while (end < fileName.size() && isDigit(fileName[end]) && end - digits < 2) ++end;
            if (end == digits) return makeError(quoted + ": '%0' must be followed by a width");
            pattern.padding = std::stoi(std::string(fileName.substr(digits, end - digits)));
        }
        if (end >= fileName.size() || fileName[end] != 'd')
            return makeError(quoted + ": the only placeholders are %d, %0Nd and a run of '#'");
        ++end;
    }
    if (pattern.padding > kMaxFrameDigits)
        return makeError(quoted + ": frame numbers have at most " +
                         std::to_string(kMaxFrameDigits) + " digits");
    pattern.prefix = std::string(fileName.substr(0, begin));
    pattern.suffix = std::string(fileName.substr(end));
    if (pattern.suffix.find_first_of("#%") != std::string::npos ||
        pattern.prefix.find_first_of("#%") != std::string::npos)
        return makeError(quoted + ": more than one frame-number placeholder");
    return std::optional<NamePattern>(std::move(pattern));
}

std::string formatFrameNumber(int64_t number, int padding) {
    std::string digits = std::to_string(number);
    if (static_cast<int>(digits.size()) < padding)
        digits.insert(0, static_cast<size_t>(padding) - digits.size(), '0');
    return digits;
}

bool hasPadding(const NumberedName& name, int padding) {
    return name.digits == formatFrameNumber(name.number(), padding);
}

}  // namespace framenote::media
