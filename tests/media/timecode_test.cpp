#include "core/media/timecode.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace framenote::media {
namespace {

TimecodeFormat formatFor(Rational rate, bool dropFrame) {
    auto format = TimecodeFormat::forRate(rate, dropFrame);
    EXPECT_TRUE(format.ok()) << format.error();
    return format.ok() ? format.value() : TimecodeFormat{};
}

const TimecodeFormat kFps25 = {25, false};
const TimecodeFormat kDf2997 = {30, true};
const TimecodeFormat kNdf2997 = {30, false};
const TimecodeFormat kDf5994 = {60, true};

// The frame count `text` parses to, or a failure that shows the parser's error.
::testing::AssertionResult parsesTo(std::string_view text, const TimecodeFormat& format,
                                    int64_t expected) {
    auto parsed = parseTimecode(text, format);
    if (!parsed.ok())
        return ::testing::AssertionFailure()
               << '"' << text << "\" was rejected: " << parsed.error();
    if (parsed.value() != expected)
        return ::testing::AssertionFailure()
               << '"' << text << "\" parsed to " << parsed.value() << ", expected " << expected;
    return ::testing::AssertionSuccess();
}

// A rejected result whose message quotes `quotedText` and contains `reason`.
template <typename T>
::testing::AssertionResult rejectedWith(const Result<T>& result, std::string_view quotedText,
                                        std::string_view reason) {
    if (result.ok()) return ::testing::AssertionFailure() << '"' << quotedText << "\" was accepted";
    const std::string& message = result.error();
    const std::string quoted = "\"" + std::string(quotedText) + "\"";
    if (message.find(quoted) == std::string::npos)
        return ::testing::AssertionFailure()
               << "error does not quote " << quoted << ": " << message;
    if (message.find(reason) == std::string::npos)
        return ::testing::AssertionFailure()
               << "error does not say \"" << reason << "\": " << message;
    return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------------------------------------
// TimecodeFormat::forRate

TEST(TimecodeFormat, ForRatePicksNominalRateFromExactRate) {
    const struct {
        Rational rate;
        int nominal;
    } cases[] = {
        {{24000, 1001}, 24}, {{24, 1}, 24}, {{25, 1}, 25},       {{30000, 1001}, 30},
        {{30, 1}, 30},       {{48, 1}, 48}, {{50, 1}, 50},       {{60000, 1001}, 60},
        {{60, 1}, 60},       {{50, 2}, 25}, {{48000, 1001}, 48}, {{120000, 1001}, 120},
    };
    for (const auto& c : cases) {
        auto format = TimecodeFormat::forRate(c.rate, false);
        ASSERT_TRUE(format.ok()) << c.rate.num << "/" << c.rate.den << ": " << format.error();
        EXPECT_EQ(format.value().nominalFps, c.nominal) << c.rate.num << "/" << c.rate.den;
        EXPECT_FALSE(format.value().dropFrame);
    }
}

TEST(TimecodeFormat, ForRateAllowsDropFrameAtNtscRatesInAnyFractionForm) {
    const struct {
        Rational rate;
        int nominal;
    } cases[] = {
        {{30000, 1001}, 30}, {{60000, 1001}, 60}, {{60000, 2002}, 30}, {{120000, 2002}, 60}};
    for (const auto& c : cases) {
        auto format = TimecodeFormat::forRate(c.rate, true);
        ASSERT_TRUE(format.ok()) << c.rate.num << "/" << c.rate.den << ": " << format.error();
        EXPECT_TRUE(format.value().dropFrame);
        EXPECT_EQ(format.value().nominalFps, c.nominal);
    }
}

TEST(TimecodeFormat, ForRateRefusesDropFrameAt25Fps) {
    auto format = TimecodeFormat::forRate({25, 1}, true);
    ASSERT_FALSE(format.ok());
    EXPECT_NE(format.error().find("Drop-frame"), std::string::npos) << format.error();
    EXPECT_NE(format.error().find("25/1"), std::string::npos) << format.error();
}

TEST(TimecodeFormat, ForRateRefusesDropFrameAtEveryNonNtscRate) {
    for (Rational rate : {Rational{30, 1}, Rational{60, 1}, Rational{24000, 1001}, Rational{24, 1},
                          Rational{50, 1}, Rational{120000, 1001}, Rational{2997, 100}}) {
        auto format = TimecodeFormat::forRate(rate, true);
        EXPECT_FALSE(format.ok()) << rate.num << "/" << rate.den << " accepted drop-frame";
        // The same rate is fine without drop-frame, so the refusal is about drop-frame alone.
        EXPECT_TRUE(TimecodeFormat::forRate(rate, false).ok()) << rate.num << "/" << rate.den;
    }
}

TEST(TimecodeFormat, ForRateRefusesRatesTimecodeCannotCount) {
    for (Rational rate : {Rational{0, 1}, Rational{25, 0}, Rational{-25, 1}, Rational{25, -1},
                          Rational{1, 10}, Rational{1000, 1}}) {
        auto format = TimecodeFormat::forRate(rate, false);
        EXPECT_FALSE(format.ok()) << rate.num << "/" << rate.den << " was accepted";
        if (!format.ok()) {
            EXPECT_NE(format.error().find("rate"), std::string::npos) << format.error();
        }
    }
}

TEST(TimecodeFormat, FramesPerDayCountsDroppedNumbers) {
    EXPECT_EQ(kFps25.framesPerDay(), 2160000);
    EXPECT_EQ(kNdf2997.framesPerDay(), 2592000);
    EXPECT_EQ(kDf2997.framesPerDay(), 17982 * 144);
    EXPECT_EQ(kDf5994.framesPerDay(), 35964 * 144);
    EXPECT_EQ((TimecodeFormat{24, false}).framesPerDay(), 2073600);
}

TEST(TimecodeFormat, HandBuiltInvalidFormatIsReportedNotMiscounted) {
    for (TimecodeFormat bad : {TimecodeFormat{25, true}, TimecodeFormat{0, false},
                               TimecodeFormat{-30, false}, TimecodeFormat{24, true}}) {
        EXPECT_FALSE(bad.valid()) << bad.nominalFps;
        EXPECT_EQ(bad.framesPerDay(), 0);
        EXPECT_EQ(formatTimecode(100, bad), "--:--:--:--");
        EXPECT_TRUE(
            rejectedWith(parseTimecode("00:00:01:00", bad), "00:00:01:00", "not a valid format"));
        EXPECT_EQ(Timecode(bad, 5).toString(3), "--:--:--:--");
        EXPECT_FALSE(Timecode(bad).toFrame("12").ok());
    }
    EXPECT_TRUE(kDf2997.valid());
    EXPECT_TRUE(kDf5994.valid());
}

// ---------------------------------------------------------------------------------------------
// Frame counting at every rate

struct RateCase {
    const char* name;
    Rational rate;
    bool dropFrame;
};

const RateCase kRates[] = {
    {"23_976", {24000, 1001}, false},
    {"24", {24, 1}, false},
    {"25", {25, 1}, false},
    {"29_97DF", {30000, 1001}, true},
    {"29_97NDF", {30000, 1001}, false},
    {"30", {30, 1}, false},
    {"50", {50, 1}, false},
    {"59_94DF", {60000, 1001}, true},
    {"59_94NDF", {60000, 1001}, false},
    {"60", {60, 1}, false},
};

// An independent reference: counts timecode labels one at a time the way a timecode generator
// does, skipping the drop-frame numbers as they come up.
class LabelCounter {
  public:
    explicit LabelCounter(const TimecodeFormat& format) : format_(format) {}

    void advance() {
        if (++ff_ < format_.nominalFps) return;
        ff_ = 0;
        if (++ss_ < 60) return;
        ss_ = 0;
        if (++mm_ == 60) {
            mm_ = 0;
            hh_ = (hh_ + 1) % 24;
        }
        if (format_.dropFrame && mm_ % 10 != 0) ff_ = format_.nominalFps / 15;
    }
    int minutes() const { return hh_ * 60 + mm_; }
    std::string text() const {
        char buffer[32];
        std::snprintf(buffer, sizeof(buffer), "%02d:%02d:%02d%c%02d", hh_, mm_, ss_,
                      format_.dropFrame ? ';' : ':', ff_);
        return buffer;
    }

  private:
    TimecodeFormat format_;
    int hh_ = 0, mm_ = 0, ss_ = 0, ff_ = 0;
};

class TimecodeAtRate : public ::testing::TestWithParam<RateCase> {
  protected:
    TimecodeFormat format() const { return formatFor(GetParam().rate, GetParam().dropFrame); }
};

TEST_P(TimecodeAtRate, EveryFrameOfFirstElevenMinutesMatchesLabelCounterAndParsesBack) {
    const TimecodeFormat fmt = format();
    LabelCounter counter(fmt);
    int64_t frame = 0;
    for (; counter.minutes() < 11; ++frame, counter.advance()) {
        const std::string text = formatTimecode(frame, fmt);
        ASSERT_EQ(text, counter.text()) << "frame " << frame;
        ASSERT_TRUE(parsesTo(text, fmt, frame));
    }
    // 11 minutes of labels: 2 numbers dropped in each of 10 minutes (1..9, 10 is kept, 11 not
    // reached) at 29.97 DF, 4 at 59.94 DF.
    const int64_t dropped = fmt.dropFrame ? fmt.nominalFps / 15 * 9 : 0;
    EXPECT_EQ(frame, int64_t{fmt.nominalFps} * 60 * 11 - dropped);
}

TEST_P(TimecodeAtRate, RandomFramesAcrossTwentyFourHoursRoundTrip) {
    const TimecodeFormat fmt = format();
    std::mt19937_64 rng(12345);
    std::uniform_int_distribution<int64_t> anyFrame(0, fmt.framesPerDay() - 1);
    std::vector<int64_t> frames = {fmt.framesPerDay() - 1, fmt.framesPerDay() / 2};
    for (int i = 0; i < 20000; ++i) frames.push_back(anyFrame(rng));
    for (int64_t frame : frames) {
        const std::string text = formatTimecode(frame, fmt);
        ASSERT_TRUE(parsesTo(text, fmt, frame)) << "frame " << frame;
        // The next frame is the next label: never the same string, never out of order.
        ASSERT_TRUE(
            parsesTo(formatTimecode(frame + 1, fmt), fmt, (frame + 1) % fmt.framesPerDay()));
    }
}

TEST_P(TimecodeAtRate, LastFrameOfTheDayIsFollowedByMidnight) {
    const TimecodeFormat fmt = format();
    const int64_t day = fmt.framesPerDay();
    char last[32];
    std::snprintf(last, sizeof(last), "23:59:59%c%02d", fmt.dropFrame ? ';' : ':',
                  fmt.nominalFps - 1);
    const std::string midnight = fmt.dropFrame ? "00:00:00;00" : "00:00:00:00";
    EXPECT_EQ(formatTimecode(day - 1, fmt), last);
    EXPECT_EQ(formatTimecode(day, fmt), midnight);
    EXPECT_EQ(formatTimecode(-1, fmt), last);
    EXPECT_EQ(formatTimecode(-day, fmt), midnight);
    EXPECT_EQ(formatTimecode(3 * day + 1, fmt), formatTimecode(1, fmt));
    EXPECT_TRUE(parsesTo(last, fmt, day - 1));
}

INSTANTIATE_TEST_SUITE_P(AllRates, TimecodeAtRate, ::testing::ValuesIn(kRates),
                         [](const auto& testInfo) { return std::string(testInfo.param.name); });

TEST(Timecode, KnownFrameCountsFormatToKnownTimecodes) {
    const struct {
        TimecodeFormat format;
        int64_t frame;
        const char* text;
    } cases[] = {
        {kDf2997, 0, "00:00:00;00"},
        {kDf2997, 1799, "00:00:59;29"},
        {kDf2997, 1800, "00:01:00;02"},
        {kDf2997, 17981, "00:09:59;29"},
        {kDf2997, 17982, "00:10:00;00"},
        {kDf2997, 107892, "01:00:00;00"},
        {kDf2997, 2589407, "23:59:59;29"},
        {kNdf2997, 1800, "00:01:00:00"},
        {kNdf2997, 107892, "00:59:56:12"},  // NDF falls 3.6 s behind the clock per hour
        {kDf5994, 3599, "00:00:59;59"},
        {kDf5994, 3600, "00:01:00;04"},
        {kDf5994, 35964, "00:10:00;00"},
        {kDf5994, 215784, "01:00:00;00"},
        {kFps25, 90000, "01:00:00:00"},
        {kFps25, 2159999, "23:59:59:24"},
        {formatFor({24000, 1001}, false), 23, "00:00:00:23"},
        {formatFor({24000, 1001}, false), 24, "00:00:01:00"},
        {formatFor({24000, 1001}, false), 86400, "01:00:00:00"},
        {formatFor({24, 1}, false), 86400, "01:00:00:00"},
        {formatFor({30, 1}, false), 108000, "01:00:00:00"},
        {formatFor({48, 1}, false), 172800, "01:00:00:00"},
        {formatFor({50, 1}, false), 180000, "01:00:00:00"},
        {formatFor({60, 1}, false), 216000, "01:00:00:00"},
        {formatFor({120000, 1001}, false), 119, "00:00:00:119"},
    };
    for (const auto& c : cases) {
        EXPECT_EQ(formatTimecode(c.frame, c.format), c.text)
            << "frame " << c.frame << " at " << c.format.nominalFps;
        EXPECT_TRUE(parsesTo(c.text, c.format, c.frame));
    }
}

TEST(Timecode, DropFrameBlocksAreTenMinutesAndHoursAreExact) {
    EXPECT_TRUE(parsesTo("00:10:00;00", kDf2997, 17982));
    EXPECT_TRUE(parsesTo("01:00:00;00", kDf2997, 107892));
    EXPECT_TRUE(parsesTo("00:10:00;00", kDf5994, 35964));
    EXPECT_TRUE(parsesTo("01:00:00;00", kDf5994, 215784));
    EXPECT_TRUE(parsesTo("10:00:00;00", kDf2997, 1078920));
}

// Walks every minute of the day: the label after SS=59 of the last frame is ;00 only on tenth
// minutes, otherwise the first `dropped` numbers are gone and unparseable.
void expectDropsAtEveryMinute(const TimecodeFormat& fmt, int dropped) {
    const int fps = fmt.nominalFps;
    char text[32];
    for (int m = 1; m < 24 * 60; ++m) {
        const int hh = m / 60, mm = m % 60, prevMm = (m - 1) % 60, prevHh = (m - 1) / 60;
        std::snprintf(text, sizeof(text), "%02d:%02d:59;%02d", prevHh, prevMm, fps - 1);
        auto lastOfPrevious = parseTimecode(text, fmt);
        ASSERT_TRUE(lastOfPrevious.ok()) << lastOfPrevious.error();

        const bool kept = mm % 10 == 0;
        const int firstNumber = kept ? 0 : dropped;
        std::snprintf(text, sizeof(text), "%02d:%02d:00;%02d", hh, mm, firstNumber);
        EXPECT_EQ(formatTimecode(lastOfPrevious.value() + 1, fmt), text) << "minute " << m;
        EXPECT_TRUE(
            parsesTo(text, fmt, int64_t{m} * 60 * fps + firstNumber - dropped * (m - m / 10)));

        for (int ff = 0; ff < dropped; ++ff) {
            std::snprintf(text, sizeof(text), "%02d:%02d:00;%02d", hh, mm, ff);
            if (kept)
                EXPECT_TRUE(parseTimecode(text, fmt).ok()) << text;
            else
                EXPECT_TRUE(rejectedWith(parseTimecode(text, fmt), text, "does not exist"));
        }
    }
}

TEST(Timecode, DropFrameSkipsTwoNumbersEachMinuteExceptTenths) {
    expectDropsAtEveryMinute(kDf2997, 2);
}

TEST(Timecode, DropFrameAt5994SkipsFourNumbersEachMinuteExceptTenths) {
    expectDropsAtEveryMinute(kDf5994, 4);
}

TEST(Timecode, NonDropFrameAt2997KeepsEveryNumber) {
    EXPECT_EQ(formatTimecode(1799, kNdf2997), "00:00:59:29");
    EXPECT_EQ(formatTimecode(1800, kNdf2997), "00:01:00:00");
    EXPECT_TRUE(parsesTo("00:01:00:01", kNdf2997, 1801));
}

// ---------------------------------------------------------------------------------------------
// Parsing

TEST(TimecodeParse, AcceptsEverySeparatorStyleForTheSameTimecode) {
    const int64_t expected = ((1 * 3600 + 2 * 60 + 3) * 25) + 4;
    for (const char* text :
         {"01:02:03:04", "01:02:03;04", "01;02;03;04", "01.02.03.04", "01:02:03.04",
          "  01:02:03:04\t\n", "\t01;02;03;04 ", "1:02:03:04", "1:2:3:4"}) {
        EXPECT_TRUE(parsesTo(text, kFps25, expected));
    }
}

TEST(TimecodeParse, ShortFormsArePaddedFromTheLeft) {
    EXPECT_TRUE(parsesTo("10:00", kFps25, 250));             // 00:00:10:00
    EXPECT_TRUE(parsesTo("3:04", kFps25, 79));               // 00:00:03:04
    EXPECT_TRUE(parsesTo("2:03:04", kFps25, 123 * 25 + 4));  // 00:02:03:04
    EXPECT_TRUE(parsesTo("1:00:00:00", kFps25, 90000));
    EXPECT_TRUE(parsesTo("1:00:02", kDf2997, 1800));  // 00:01:00;02
    EXPECT_TRUE(parsesTo(" 10.00 ", kDf2997, 300));
}

TEST(TimecodeParse, BareNumberIsAFrameCount) {
    EXPECT_TRUE(parsesTo("1234", kFps25, 1234));
    EXPECT_TRUE(parsesTo("0", kFps25, 0));
    EXPECT_TRUE(parsesTo(" 0042 ", kFps25, 42));
    EXPECT_TRUE(parsesTo("1800", kDf2997, 1800));
    EXPECT_TRUE(parsesTo("2159999", kFps25, 2159999));
}

TEST(TimecodeParse, SeparatorDoesNotDecideDropFrame) {
    // The format decides: ';' in non-drop and ':' in drop-frame mean the same as the other.
    EXPECT_TRUE(parsesTo("00:01:00;00", kNdf2997, 1800));
    EXPECT_TRUE(parsesTo("00:10:00;00", kNdf2997, 18000));
    EXPECT_TRUE(parsesTo("00:01:00:02", kDf2997, 1800));
    EXPECT_TRUE(parsesTo("00:10:00:00", kDf2997, 17982));
    EXPECT_TRUE(rejectedWith(parseTimecode("00:01:00:00", kDf2997), "00:01:00:00",
                             "does not exist in 29.97 drop-frame"));
}

TEST(TimecodeParse, RejectsMalformedTextNamingIt) {
    const struct {
        const char* text;
        const char* quoted;  // the text as the message quotes it: trimmed
        const char* reason;
    } cases[] = {
        {"", "", "empty"},
        {"   ", "", "empty"},
        {"01:0a:00:00", "01:0a:00:00", "'a' is not a digit"},
        {"01:00:00:00x", "01:00:00:00x", "'x' is not a digit"},
        {"-5", "-5", "'-' is not a digit"},
        {"+5", "+5", "'+' is not a digit"},
        {"01 :00", "01 :00", "' ' is not a digit"},
        {"01,00,00,00", "01,00,00,00", "',' is not a digit"},
        {"１:00", "１:00", "is not a digit"},  // full-width digit
        {"01:00::00", "01:00::00", "empty field"},
        {":10:00", ":10:00", "empty field"},
        {"10:00:", "10:00:", "ends with a separator"},
        {"01:00:00:00:00", "01:00:00:00:00", "more than 4 fields"},
        {"001:00:00:00", "001:00:00:00", "hours \"001\" has more than 2 digits"},
        {"00:00:00:000", "00:00:00:000", "frames \"000\" has more than 2 digits"},
        {"00:00:00:25", "00:00:00:25", "frames must be 00-24 at 25 fps, not 25"},
        {"00:00:60:00", "00:00:60:00", "seconds must be 00-59, not 60"},
        {"00:60:00:00", "00:60:00:00", "minutes must be 00-59, not 60"},
        {"24:00:00:00", "24:00:00:00", "hours must be 00-23, not 24"},
        {"99:00:00:00", "99:00:00:00", "hours must be 00-23, not 99"},
        {"2160000", "2160000", "beyond 24 hours"},
        {"99999999999999999999999999", "99999999999999999999999999", "beyond 24 hours"},
    };
    for (const auto& c : cases) {
        EXPECT_TRUE(rejectedWith(parseTimecode(c.text, kFps25), c.quoted, c.reason));
    }
}

TEST(TimecodeParse, RejectsFramesAtOrAboveTheNominalRate) {
    EXPECT_TRUE(rejectedWith(parseTimecode("00:00:00;30", kDf2997), "00:00:00;30",
                             "frames must be 00-29 at 29.97 drop-frame, not 30"));
    EXPECT_TRUE(rejectedWith(parseTimecode("00:00:00:24", TimecodeFormat{24, false}), "00:00:00:24",
                             "frames must be 00-23 at 24 fps"));
    EXPECT_TRUE(parsesTo("00:00:00;59", kDf5994, 59));
    EXPECT_TRUE(
        rejectedWith(parseTimecode("00:00:00;60", kDf5994), "00:00:00;60", "frames must be 00-59"));
}

TEST(TimecodeParse, RejectsDropFrameNumbersThatDoNotExistSayingWhy) {
    EXPECT_TRUE(rejectedWith(parseTimecode("00:01:00;00", kDf2997), "00:01:00;00",
                             "skips frame numbers 00-01 at the start of every minute except"));
    EXPECT_TRUE(rejectedWith(parseTimecode("00:01:00;01", kDf2997), "00:01:00;01",
                             "does not exist in 29.97 drop-frame"));
    EXPECT_TRUE(
        rejectedWith(parseTimecode(" 23:59:00;01 ", kDf2997), "23:59:00;01", "does not exist"));
    EXPECT_TRUE(rejectedWith(parseTimecode("00:01:00;03", kDf5994), "00:01:00;03",
                             "skips frame numbers 00-03"));
    EXPECT_TRUE(rejectedWith(parseTimecode("1:00;01", kDf2997), "1:00;01", "does not exist"));
    // Same numbers in a tenth minute, or later in the second, exist.
    EXPECT_TRUE(parsesTo("00:10:00;01", kDf2997, 17983));
    EXPECT_TRUE(parsesTo("00:01:01;00", kDf2997, 1828));
    EXPECT_TRUE(parsesTo("00:01:00;04", kDf5994, 3600));
}

// ---------------------------------------------------------------------------------------------
// Timecode clock: start timecode + media frame

TEST(TimecodeClock, StartTimecodeMapsFrameZeroToStart) {
    auto clock = Timecode::fromStart(kDf2997, "01:00:00;00");
    ASSERT_TRUE(clock.ok()) << clock.error();
    EXPECT_EQ(clock.value().startFrame(), 107892);
    EXPECT_EQ(clock.value().format(), kDf2997);
    EXPECT_EQ(clock.value().toString(0), "01:00:00;00");
    EXPECT_EQ(clock.value().toString(1800), "01:01:00;02");
    auto zero = clock.value().toFrame("01:00:00;00");
    ASSERT_TRUE(zero.ok()) << zero.error();
    EXPECT_EQ(zero.value(), 0);
    auto minute = clock.value().toFrame("1:01:00:02");
    ASSERT_TRUE(minute.ok()) << minute.error();
    EXPECT_EQ(minute.value(), 1800);
}

TEST(TimecodeClock, DefaultStartIsMidnight) {
    const Timecode clock(kFps25);
    EXPECT_EQ(clock.startFrame(), 0);
    EXPECT_EQ(clock.toString(90000), "01:00:00:00");
}

TEST(TimecodeClock, ToFrameWrapsAcrossMidnightFromALateStart) {
    auto clock = Timecode::fromStart(kFps25, "23:59:00:00");
    ASSERT_TRUE(clock.ok()) << clock.error();
    auto frame = clock.value().toFrame("00:00:10:00");
    ASSERT_TRUE(frame.ok()) << frame.error();
    EXPECT_EQ(frame.value(), 60 * 25 + 10 * 25);
    EXPECT_EQ(clock.value().toString(1500), "00:00:00:00");
    EXPECT_EQ(clock.value().toString(1750), "00:00:10:00");
}

TEST(TimecodeClock, ToFrameBeforeTheStartIsRefusedNotWrappedPastMidnight) {
    const Timecode clock(kFps25, 90000);  // 01:00:00:00
    EXPECT_TRUE(rejectedWith(clock.toFrame("00:59:59:24"), "00:59:59:24",
                             "before the clip's start (01:00:00:00)"));
    EXPECT_TRUE(
        rejectedWith(clock.toFrame("00:59:59:24", 250), "00:59:59:24", "before the clip's start"));
    // A bare number is a media frame, never before the start.
    EXPECT_EQ(clock.toFrame("0", 250).value(), 0);
}

TEST(TimecodeClock, ToFrameKnowsTheClipsLength) {
    const Timecode clock(kFps25, 90000);  // 01:00:00:00
    EXPECT_EQ(clock.toFrame("01:00:09:24", 250).value(), 249);
    EXPECT_TRUE(rejectedWith(clock.toFrame("01:00:10:00", 250), "01:00:10:00",
                             "beyond the clip's end (01:00:09:24)"));
    EXPECT_TRUE(
        rejectedWith(clock.toFrame("250", 250), "250", "beyond the clip's last frame (249)"));
    // A clip that crosses midnight holds the timecodes after it.
    auto late = Timecode::fromStart(kFps25, "23:59:00:00");
    ASSERT_TRUE(late.ok()) << late.error();
    EXPECT_EQ(late.value().toFrame("00:00:10:00", 3000).value(), 1750);
    EXPECT_TRUE(rejectedWith(late.value().toFrame("23:58:59:24", 3000), "23:58:59:24",
                             "before the clip's start (23:59:00:00)"));
}

TEST(TimecodeClock, NegativeFramesWrapBackwardsAcrossMidnight) {
    EXPECT_EQ(Timecode(kFps25).toString(-1), "23:59:59:24");
    EXPECT_EQ(Timecode(kDf2997).toString(-1), "23:59:59;29");
    EXPECT_EQ(Timecode(kFps25, 90000).toString(-25), "00:59:59:00");
    EXPECT_EQ(Timecode(kFps25, 90000).toString(-90001), "23:59:59:24");
}

TEST(TimecodeClock, ExtremeFrameNumbersWrapWithoutOverflow) {
    const Timecode clock(kDf2997, 107892);
    const int64_t day = kDf2997.framesPerDay();
    for (int64_t frame : {std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(),
                          std::numeric_limits<int64_t>::min() + 1}) {
        // A clip a whole day long holds every timecode, so each one converts back.
        auto back = clock.toFrame(clock.toString(frame), day);
        ASSERT_TRUE(back.ok()) << back.error();
        EXPECT_EQ(back.value(), ((frame % day) + day) % day) << frame;
    }
}

TEST(TimecodeClock, ConstructorWrapsStartFrameIntoOneDay) {
    EXPECT_EQ(Timecode(kFps25, 2160000 + 5).startFrame(), 5);
    EXPECT_EQ(Timecode(kFps25, -1).startFrame(), 2159999);
    EXPECT_EQ(Timecode(kFps25, -1).toString(1), "00:00:00:00");
}

TEST(TimecodeClock, ToFrameTreatsABareNumberAsAMediaFrame) {
    const Timecode clock(kFps25, 90000);  // 01:00:00:00
    auto frame = clock.toFrame(" 1234 ");
    ASSERT_TRUE(frame.ok()) << frame.error();
    EXPECT_EQ(frame.value(), 1234);
    auto last = clock.toFrame("2159999");
    ASSERT_TRUE(last.ok()) << last.error();
    EXPECT_EQ(last.value(), 2159999);
    EXPECT_TRUE(rejectedWith(clock.toFrame("2160000"), "2160000", "beyond 24 hours"));
}

TEST(TimecodeClock, ToFrameRejectsBadInputNamingIt) {
    const Timecode clock(kDf2997, 107892);
    EXPECT_TRUE(rejectedWith(clock.toFrame("01:01:00;00"), "01:01:00;00", "does not exist"));
    EXPECT_TRUE(rejectedWith(clock.toFrame("1h20m"), "1h20m", "'h' is not a digit"));
    EXPECT_TRUE(rejectedWith(clock.toFrame("00:00:00:30"), "00:00:00:30", "frames must be"));
}

TEST(TimecodeClock, FromStartRejectsABadStartTimecode) {
    auto clock = Timecode::fromStart(kFps25, "25:00:00:00");
    EXPECT_TRUE(rejectedWith(clock, "25:00:00:00", "hours must be 00-23"));
    if (!clock.ok()) {
        EXPECT_EQ(clock.error().rfind("Start timecode", 0), 0u) << clock.error();
    }
    EXPECT_TRUE(
        rejectedWith(Timecode::fromStart(kDf2997, "00:01:00;00"), "00:01:00;00", "does not exist"));
}

}  // namespace
}  // namespace framenote::media
