#include "core/media/timecode.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <numeric>

namespace framenote::media {

namespace {

constexpr int kMaxNominalFps = 999;
constexpr int64_t kSecondsPerDay = 24 * 60 * 60;

// Frame numbers skipped at the start of each non-tenth minute: 2 at 29.97, 4 at 59.94.
int droppedPerMinute(const TimecodeFormat& format) {
    return format.dropFrame ? format.nominalFps / 15 : 0;
}

// FF is at least two digits, wider only for rates above 100 fps.
int frameDigits(const TimecodeFormat& format) {
    int digits = 1;
    for (int n = format.nominalFps - 1; n >= 10; n /= 10) ++digits;
    return std::max(2, digits);
}

std::string describe(const TimecodeFormat& format) {
    if (format.dropFrame) return format.nominalFps == 30 ? "29.97 drop-frame" : "59.94 drop-frame";
    return std::to_string(format.nominalFps) + " fps";
}

std::string rateText(Rational rate) {
    char buffer[64];
    std::snprintf(buffer, sizeof(buffer), "%d/%d (%.3f fps)", rate.num, rate.den, rate.toDouble());
    return buffer;
}

std::string twoDigits(int64_t value) {
    char buffer[24];
    std::snprintf(buffer, sizeof(buffer), "%02lld", static_cast<long long>(value));
    return buffer;
}

bool isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && isSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back())) text.remove_suffix(1);
    return text;
}

bool isSeparator(char c) { return c == ':' || c == ';' || c == '.'; }

// What a piece of user text turned out to be: a timecode, or a bare frame count.
struct Parsed {
    bool bareCount = false;
    int64_t value = 0;  // absolute timecode frames, or the bare count as typed
};

Result<Parsed> parseText(std::string_view rawText, const TimecodeFormat& format) {
    const std::string_view text = trim(rawText);
    const std::string quoted = "\"" + std::string(text) + "\"";
    auto fail = [&](const std::string& why) {
        return makeError("Invalid timecode " + quoted + ": " + why);
    };
    if (!format.valid())
        return fail("the timecode format (" + std::to_string(format.nominalFps) + " fps" +
                    (format.dropFrame ? " drop-frame" : "") + ") is not a valid format");
    if (text.empty()) return fail("it is empty");

    // Split into digit fields; at most 4, the last one being frames.
    std::array<std::string_view, 4> fields;
    int fieldCount = 0;
    size_t fieldStart = 0;
    for (size_t i = 0; i <= text.size(); ++i) {
        if (i < text.size() && text[i] >= '0' && text[i] <= '9') continue;
        if (i < text.size() && !isSeparator(text[i]))
            return fail("'" + std::string(1, text[i]) +
                        "' is not a digit or a separator (':', ';' or '.')");
        if (i == fieldStart)
            return fail(i == text.size() ? "it ends with a separator" : "it has an empty field");
        if (fieldCount == 4) return fail("it has more than 4 fields (HH:MM:SS:FF)");
        fields[fieldCount++] = text.substr(fieldStart, i - fieldStart);
        fieldStart = i + 1;
    }

    const int64_t framesPerDay = format.framesPerDay();
    if (fieldCount == 1) {
        // A bare number is a frame count. Stop reading digits once past a day: no overflow.
        int64_t count = 0;
        for (char c : fields[0]) {
            count = count * 10 + (c - '0');
            if (count >= framesPerDay) break;
        }
        if (count >= framesPerDay)
            return fail("frame count " + std::string(fields[0]) + " is beyond 24 hours (" +
                        std::to_string(framesPerDay) + " frames at " + describe(format) + ")");
        return Parsed{true, count};
    }

    // Pad from the left like an edit controller: the last field is always frames.
    static constexpr std::array<const char*, 4> kNames = {"hours", "minutes", "seconds", "frames"};
    std::array<int, 4> values = {0, 0, 0, 0};  // HH, MM, SS, FF
    for (int f = 0; f < fieldCount; ++f) {
        const int slot = 4 - fieldCount + f;
        const std::string_view digits = fields[f];
        const size_t maxDigits = slot == 3 ? frameDigits(format) : 2;
        if (digits.size() > maxDigits)
            return fail(std::string(kNames[slot]) + " \"" + std::string(digits) +
                        "\" has more than " + std::to_string(maxDigits) + " digits");
        for (char c : digits) values[slot] = values[slot] * 10 + (c - '0');
    }
    const int hh = values[0], mm = values[1], ss = values[2], ff = values[3];
    if (hh >= 24) return fail("hours must be 00-23, not " + twoDigits(hh));
    if (mm >= 60) return fail("minutes must be 00-59, not " + twoDigits(mm));
    if (ss >= 60) return fail("seconds must be 00-59, not " + twoDigits(ss));
    if (ff >= format.nominalFps)
        return fail("frames must be 00-" + twoDigits(format.nominalFps - 1) + " at " +
                    describe(format) + ", not " + twoDigits(ff));

    const int dropped = droppedPerMinute(format);
    const int64_t totalMinutes = int64_t{hh} * 60 + mm;
    if (dropped > 0 && ss == 0 && ff < dropped && mm % 10 != 0)
        return fail(twoDigits(hh) + ":" + twoDigits(mm) + ":00;" + twoDigits(ff) +
                    " does not exist in " + describe(format) + ", which skips frame numbers 00-" +
                    twoDigits(dropped - 1) +
                    " at the start of every minute except minutes 00, 10, 20, 30, 40 and 50");

    const int64_t labels = (totalMinutes * 60 + ss) * format.nominalFps + ff;
    return Parsed{false, labels - dropped * (totalMinutes - totalMinutes / 10)};
}

}  // namespace

Result<TimecodeFormat> TimecodeFormat::forRate(Rational rate, bool dropFrame) {
    if (!rate.valid())
        return makeError("Frame rate " + std::to_string(rate.num) + "/" + std::to_string(rate.den) +
                         " is not a valid rate for timecode");
    const int64_t num = rate.num, den = rate.den;
    const int64_t nominal = (2 * num + den) / (2 * den);  // round half up
    if (nominal < 1 || nominal > kMaxNominalFps)
        return makeError("Frame rate " + rateText(rate) + " rounds to " + std::to_string(nominal) +
                         " timecode frames per second; timecode needs 1-" +
                         std::to_string(kMaxNominalFps));
    if (dropFrame) {
        const int64_t g = std::gcd(num, den);
        const bool ntsc = den / g == 1001 && (num / g == 30000 || num / g == 60000);
        if (!ntsc)
            return makeError(
                "Drop-frame timecode needs a 29.97 (30000/1001) or 59.94 (60000/1001) "
                "fps rate, not " +
                rateText(rate) + "; use non-drop-frame timecode at this rate");
    }
    TimecodeFormat format;
    format.nominalFps = static_cast<int>(nominal);
    format.dropFrame = dropFrame;
    return format;
}

bool TimecodeFormat::valid() const {
    if (nominalFps < 1 || nominalFps > kMaxNominalFps) return false;
    return !dropFrame || nominalFps == 30 || nominalFps == 60;
}

int64_t TimecodeFormat::framesPerDay() const {
    if (!valid()) return 0;
    // 144 ten-minute blocks a day; each drops the numbers of 9 of its 10 minutes.
    const int64_t perTenMinutes = int64_t{nominalFps} * 600 - 9 * droppedPerMinute(*this);
    return perTenMinutes * (kSecondsPerDay / 600);
}

std::string formatTimecode(int64_t timecodeFrames, const TimecodeFormat& format) {
    const int64_t framesPerDay = format.framesPerDay();
    if (framesPerDay == 0) return "--:--:--:--";
    int64_t frame = timecodeFrames % framesPerDay;
    if (frame < 0) frame += framesPerDay;

    // Split into ten-minute blocks, then minutes: the first minute of a block keeps all its
    // numbers, the other nine start at number `dropped`.
    const int64_t fps = format.nominalFps;
    const int dropped = droppedPerMinute(format);
    const int64_t firstMinute = fps * 60;
    const int64_t laterMinute = firstMinute - dropped;
    const int64_t perBlock = firstMinute + 9 * laterMinute;
    const int64_t block = frame / perBlock;
    const int64_t inBlock = frame % perBlock;
    int64_t minuteInBlock = 0;
    int64_t label = inBlock;  // SS * fps + FF within the minute
    if (inBlock >= firstMinute) {
        minuteInBlock = 1 + (inBlock - firstMinute) / laterMinute;
        label = (inBlock - firstMinute) % laterMinute + dropped;
    }
    const int64_t minutes = block * 10 + minuteInBlock;

    // HH:MM:SS: then FF padded to the format's digits (2, or 3 above 100 fps).
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "%02d:%02d:%02d%c", static_cast<int>(minutes / 60) % 100,
                  static_cast<int>(minutes % 60), static_cast<int>(label / fps) % 100,
                  format.dropFrame ? ';' : ':');
    std::string frames = std::to_string(label % fps);
    const size_t digits = static_cast<size_t>(frameDigits(format));
    if (frames.size() < digits) frames.insert(0, digits - frames.size(), '0');
    return buffer + frames;
}

Result<int64_t> parseTimecode(std::string_view text, const TimecodeFormat& format) {
    auto parsed = parseText(text, format);
    if (!parsed.ok()) return makeError(parsed.error());
    return parsed.value().value;
}

Timecode::Timecode(TimecodeFormat format, int64_t startFrame) : format_(format) {
    const int64_t framesPerDay = format_.framesPerDay();
    if (framesPerDay > 0) {
        startFrame_ = startFrame % framesPerDay;
        if (startFrame_ < 0) startFrame_ += framesPerDay;
    } else {
        startFrame_ = startFrame;
    }
}

Result<Timecode> Timecode::fromStart(TimecodeFormat format, std::string_view startTimecode) {
    auto start = parseText(startTimecode, format);
    if (!start.ok()) return makeError("Start timecode: " + start.error());
    return Timecode(format, start.value().value);
}

std::string Timecode::toString(int64_t frame) const {
    const int64_t framesPerDay = format_.framesPerDay();
    if (framesPerDay == 0) return formatTimecode(0, format_);
    // Reduce first so start + frame cannot overflow for extreme frame numbers.
    return formatTimecode(frame % framesPerDay + startFrame_, format_);
}

Result<int64_t> Timecode::toFrame(std::string_view userText,
                                  std::optional<int64_t> clipLength) const {
    auto parsed = parseText(userText, format_);
    if (!parsed.ok()) return makeError(parsed.error());
    const std::string quoted = "\"" + std::string(trim(userText)) + "\"";
    if (parsed.value().bareCount) {
        const int64_t frame = parsed.value().value;  // already a media frame
        if (clipLength && frame >= *clipLength)
            return makeError(quoted + " is beyond the clip's last frame (" +
                             std::to_string(*clipLength - 1) + ")");
        return frame;
    }
    const int64_t framesPerDay = format_.framesPerDay();
    const int64_t offset =
        ((parsed.value().value - startFrame_) % framesPerDay + framesPerDay) % framesPerDay;
    if (clipLength && offset < *clipLength) return offset;
    // Past the end of the clip, or (more than half a day on) before its start.
    if (offset > framesPerDay / 2)
        return makeError(quoted + " is before the clip's start (" + toString(0) + ")");
    if (clipLength)
        return makeError(quoted + " is beyond the clip's end (" + toString(*clipLength - 1) + ")");
    return offset;
}

}  // namespace framenote::media
