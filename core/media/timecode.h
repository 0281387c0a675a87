#pragma once
// SMPTE timecode: how a media frame number is shown and typed as HH:MM:SS:FF, including
// 29.97/59.94 drop-frame, which skips frame *numbers* (never frames) to stay on the wall clock.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/result.h"
#include "core/media/rational.h"

namespace framenote::media {

// How frames are counted into timecode at a given media frame rate.
struct TimecodeFormat {
    int nominalFps = 25;     // frames per timecode second: the media rate rounded (29.97 -> 30)
    bool dropFrame = false;  // only at 29.97 (skips 2 numbers a minute) and 59.94 (skips 4)

    // Picks the nominal rate from an exact media rate (24000/1001 -> 24, 30000/1001 -> 30,
    // 25/1 -> 25 ...). Drop-frame is refused unless the rate is 30000/1001 or 60000/1001 (in any
    // unreduced form), because at any other rate skipping numbers would drift, not correct.
    static Result<TimecodeFormat> forRate(Rational rate, bool dropFrame);

    // nominalFps in 1..999, and drop-frame only with a nominal 30 or 60. Formats built by
    // forRate() always are; a hand-built aggregate may not be.
    bool valid() const;
    // Frames from 00:00:00:00 to the next midnight (2160000 at 25, 2589408 at 29.97 DF);
    // 0 for an invalid format.
    int64_t framesPerDay() const;

    friend bool operator==(const TimecodeFormat&, const TimecodeFormat&) = default;
};

// Absolute timecode frame count (0 = 00:00:00:00) -> "HH:MM:SS:FF", or "HH:MM:SS;FF" for
// drop-frame. Counts outside one day wrap, negative ones backwards across midnight. An invalid
// format gives "--:--:--:--" rather than a plausible wrong time.
std::string formatTimecode(int64_t timecodeFrames, const TimecodeFormat& format);

// Text -> absolute timecode frame count in 0..framesPerDay()-1. Accepts what editors type:
// ':', ';' and '.' interchangeably as separators (the format, not the separator, decides
// drop-frame), surrounding whitespace, short forms padded from the left like an edit controller
// ("10:00" is 00:00:10:00, "1:00:00:00" is 01:00:00:00), and a bare number without separators
// as a frame count. Errors quote the text and say what is wrong with it, including drop-frame
// numbers that do not exist ("00:01:00;00" at 29.97 DF).
Result<int64_t> parseTimecode(std::string_view text, const TimecodeFormat& format);

// A timecode clock: a start timecode (from the container) plus a 0-based media frame number.
// All arithmetic is modulo one day, so a start of 23:59:00:00 runs on across midnight.
class Timecode {
  public:
    // startFrame is the absolute frame count of the start timecode; it is wrapped into one day.
    explicit Timecode(TimecodeFormat format, int64_t startFrame = 0);
    // Start from the container's start timecode text, e.g. "01:00:00;00".
    static Result<Timecode> fromStart(TimecodeFormat format, std::string_view startTimecode);

    const TimecodeFormat& format() const { return format_; }
    int64_t startFrame() const { return startFrame_; }

    // Media frame -> timecode text. Wraps at 24 h; frames before 0 wrap backwards from the start.
    std::string toString(int64_t frame) const;
    // User input -> media frame. A bare number is taken as a media frame number, not a timecode
    // frame count, since that is what "go to frame 1234" means in a review tool. A timecode
    // counts from the start and may run on across midnight (a clip starting at 23:59:00:00 holds
    // 00:00:10:00), but one that lies before the start is refused, never wrapped to the end of
    // the day. With `clipLength` (frames), a timecode past the clip's last frame is refused too;
    // without it, a timecode is "before the start" when it lies less than half a day before it.
    Result<int64_t> toFrame(std::string_view userText,
                            std::optional<int64_t> clipLength = std::nullopt) const;

  private:
    TimecodeFormat format_;
    int64_t startFrame_ = 0;
};

}  // namespace framenote::media
