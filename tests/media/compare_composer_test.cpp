// The compare composite as a reviewer reads it: a wipe shows A before the divider and B after
// it, side by side and over/under put both whole at A's size, the difference is black where
// the versions agree and grows with the gain, B of another resolution is fitted to A, and a
// missing B frame is black. Real frames: two different frames of a generated clip.
#include "core/media/compare_composer.h"

#include <gtest/gtest.h>

#include "tests/support/decoded_frame.h"
#include "tests/support/test_media.h"

namespace fm = framenote::media;
namespace ft = framenote::test;

namespace {

fm::RgbaImage rgbaOf(const std::string& clip, int64_t n) {
    auto rgba = ft::decodedFrame(ft::mediaPath(clip), n).toRgba();
    EXPECT_TRUE(rgba.ok());
    return rgba ? *rgba : fm::RgbaImage{};
}

const uint8_t* pixel(const fm::RgbaImage& image, int x, int y) {
    return &image.pixels[(static_cast<size_t>(y) * image.width + x) * 4];
}

bool samePixel(const fm::RgbaImage& a, int ax, int ay, const fm::RgbaImage& b, int bx, int by) {
    return std::equal(pixel(a, ax, ay), pixel(a, ax, ay) + 4, pixel(b, bx, by));
}

// The rows (or columns) where two same-size images differ, as a count.
int differingColumns(const fm::RgbaImage& a, const fm::RgbaImage& b, int from, int to) {
    int columns = 0;
    for (int x = from; x < to; ++x) {
        bool differs = false;
        for (int y = 0; y < a.height && !differs; ++y) differs = !samePixel(a, x, y, b, x, y);
        columns += differs;
    }
    return columns;
}

class CompareComposer : public ::testing::Test {
  protected:
    void SetUp() override {
        a_ = rgbaOf("h264_longgop.mp4", 10);
        b_ = rgbaOf("h264_longgop.mp4", 200);
        ASSERT_EQ(a_.width, 320);
        ASSERT_EQ(b_.width, 320);
        // The two frames differ in most columns, so a wrong side would show.
        ASSERT_GT(differingColumns(a_, b_, 0, 320), 200);
    }
    fm::RgbaImage a_;
    fm::RgbaImage b_;
};

TEST_F(CompareComposer, AWipeShowsAUpToTheDividerAndBAfterIt) {
    fm::CompareLayout layout{fm::CompareMode::Wipe, 0.25};
    const fm::RgbaImage shown = fm::composeCompare(a_, &b_, layout);
    ASSERT_EQ(shown.width, 320);
    ASSERT_EQ(shown.height, 180);
    EXPECT_EQ(differingColumns(shown, a_, 0, 80), 0);
    EXPECT_EQ(differingColumns(shown, b_, 80, 320), 0);
    // Across: A above, B below the divider at 60 %.
    layout.wipeAcross = true;
    layout.wipe = 0.6;
    const fm::RgbaImage across = fm::composeCompare(a_, &b_, layout);
    for (int y : {0, 50, 107})
        for (int x = 0; x < 320; x += 7) ASSERT_TRUE(samePixel(across, x, y, a_, x, y));
    for (int y : {108, 150, 179})
        for (int x = 0; x < 320; x += 7) ASSERT_TRUE(samePixel(across, x, y, b_, x, y));
}

TEST_F(CompareComposer, SideBySideAndOverUnderShowBothWhole) {
    const fm::RgbaImage side = fm::composeCompare(a_, &b_, {fm::CompareMode::SideBySide});
    ASSERT_EQ(side.width, 640);
    ASSERT_EQ(side.height, 180);
    const fm::RgbaImage stacked = fm::composeCompare(a_, &b_, {fm::CompareMode::OverUnder});
    ASSERT_EQ(stacked.width, 320);
    ASSERT_EQ(stacked.height, 360);
    for (int y = 0; y < 180; y += 5)
        for (int x = 0; x < 320; x += 5) {
            ASSERT_TRUE(samePixel(side, x, y, a_, x, y));
            ASSERT_TRUE(samePixel(side, 320 + x, y, b_, x, y));
            ASSERT_TRUE(samePixel(stacked, x, y, a_, x, y));
            ASSERT_TRUE(samePixel(stacked, x, 180 + y, b_, x, y));
        }
    // A's notes go on A's half only; a wipe clips them to A's side; B alone hides them.
    EXPECT_EQ(fm::comparePartOfA({fm::CompareMode::SideBySide}).area, QRectF(0, 0, 0.5, 1));
    EXPECT_EQ(fm::comparePartOfA({fm::CompareMode::OverUnder}).clip, QRectF(0, 0, 1, 0.5));
    EXPECT_EQ(fm::comparePartOfA({fm::CompareMode::Wipe, 0.3}).clip, QRectF(0, 0, 0.3, 1));
    EXPECT_TRUE(fm::comparePartOfA({fm::CompareMode::B}).area.isEmpty());
}

TEST_F(CompareComposer, TheDifferenceIsBlackWhereTheVersionsAgreeAndGrowsWithTheGain) {
    fm::CompareLayout layout{fm::CompareMode::Difference};
    const fm::RgbaImage same = fm::composeCompare(a_, &a_, layout);
    for (size_t i = 0; i < same.pixels.size(); ++i)
        ASSERT_EQ(same.pixels[i], i % 4 == 3 ? 255 : 0) << "byte " << i;
    const fm::RgbaImage plain = fm::composeCompare(a_, &b_, layout);
    layout.gain = 4;
    const fm::RgbaImage gained = fm::composeCompare(a_, &b_, layout);
    int checked = 0;
    for (size_t i = 0; i < plain.pixels.size(); ++i) {
        if (i % 4 == 3) continue;
        const int expected = std::abs(int(a_.pixels[i]) - int(b_.pixels[i]));
        ASSERT_EQ(plain.pixels[i], expected);
        ASSERT_EQ(gained.pixels[i], std::min(255, 4 * expected));
        checked += expected > 0;
    }
    EXPECT_GT(checked, 10000);
}

TEST_F(CompareComposer, BOfAnotherSizeIsFittedToAAndAMissingBIsBlack) {
    const fm::RgbaImage big = rgbaOf("prores.mov", 0);  // 640x360: scaled by half
    ASSERT_EQ(big.width, 640);
    const fm::RgbaImage shown = fm::composeCompare(a_, &big, {fm::CompareMode::B});
    ASSERT_EQ(shown.width, 320);
    ASSERT_EQ(shown.height, 180);
    double error = 0;
    for (int y = 10; y < 170; y += 10)
        for (int x = 10; x < 310; x += 10)
            for (int c = 0; c < 3; ++c)
                error += std::abs(pixel(shown, x, y)[c] - pixel(big, 2 * x, 2 * y)[c]);
    EXPECT_LT(error / (16 * 30 * 3), 12.0);
    // A square picture beside a 16:9 one: fitted to the height, black bars left and right.
    fm::RgbaImage square{90, 90, std::vector<uint8_t>(90 * 90 * 4, 200)};
    const fm::RgbaImage boxed = fm::composeCompare(a_, &square, {fm::CompareMode::B});
    EXPECT_EQ(pixel(boxed, 10, 90)[0], 0);
    EXPECT_EQ(pixel(boxed, 160, 90)[0], 200);
    EXPECT_EQ(pixel(boxed, 310, 90)[0], 0);
    const fm::RgbaImage missing = fm::composeCompare(a_, nullptr, {fm::CompareMode::Wipe, 0.5});
    EXPECT_TRUE(samePixel(missing, 10, 10, a_, 10, 10));
    EXPECT_EQ(pixel(missing, 300, 10)[0], 0);
    EXPECT_EQ(pixel(missing, 300, 10)[3], 255);
}

TEST(CompareModes, NamesRoundTripAndUnknownOnesAreRefused) {
    for (auto mode :
         {fm::CompareMode::A, fm::CompareMode::B, fm::CompareMode::Wipe,
          fm::CompareMode::SideBySide, fm::CompareMode::OverUnder, fm::CompareMode::Difference})
        EXPECT_EQ(fm::compareModeFromName(fm::compareModeName(mode)), mode);
    EXPECT_FALSE(fm::compareModeFromName("onion").has_value());
}

}  // namespace

// The pixel probe's question, "which version and which of its pixels is under this point of the
// composite?", answered the way the composite was made: every pixel of a composite of two
// coordinate-coded images (B of another shape, letterboxed) is found again in the version the
// pick names, at the point it names, in every mode; the black around B picks nothing.
TEST(ComparePick, EveryPixelOfTheCompositeIsFoundInTheVersionItCameFrom) {
    // R and G code the pixel's column and row (20 to 220), B tells the version (0: A, 255: B).
    const auto coded = [](int width, int height, uint8_t version) {
        fm::RgbaImage image{width, height, std::vector<uint8_t>(size_t(width) * height * 4)};
        for (int y = 0; y < height; ++y)
            for (int x = 0; x < width; ++x) {
                uint8_t* p = &image.pixels[(size_t(y) * width + x) * 4];
                p[0] = uint8_t(20 + 200 * x / (width - 1));
                p[1] = uint8_t(20 + 200 * y / (height - 1));
                p[2] = version;
                p[3] = 255;
            }
        return image;
    };
    const fm::RgbaImage a = coded(64, 32, 0);
    const fm::RgbaImage b = coded(40, 40, 255);  // square: fitted 32x32 in the middle of A
    for (fm::CompareMode mode : {fm::CompareMode::A, fm::CompareMode::B, fm::CompareMode::Wipe,
                                 fm::CompareMode::SideBySide, fm::CompareMode::OverUnder}) {
        const fm::CompareLayout layout{mode, 0.4, mode == fm::CompareMode::OverUnder, 1};
        const fm::RgbaImage shown = fm::composeCompare(a, &b, layout);
        int fromB = 0;
        for (int y = 0; y < shown.height; ++y)
            for (int x = 0; x < shown.width; ++x) {
                const uint8_t* s = pixel(shown, x, y);
                const auto pick = fm::pickCompareSource(
                    layout, {(x + 0.5) / shown.width, (y + 0.5) / shown.height}, {64, 32},
                    {40, 40});
                const std::string where = fm::compareModeName(mode).toStdString() + " at " +
                                          std::to_string(x) + "," + std::to_string(y);
                if (!pick) {
                    EXPECT_EQ(s[0] + s[1] + s[2], 0) << where << ": black expected";
                    continue;
                }
                const fm::RgbaImage& source = pick->fromB ? b : a;
                fromB += pick->fromB;
                EXPECT_EQ(s[2], pick->fromB ? 255 : 0) << where << ": the other version";
                const int sx = std::min(source.width - 1, int(pick->at.x() * source.width));
                const int sy = std::min(source.height - 1, int(pick->at.y() * source.height));
                // B is scaled (bilinear): within about a pixel of the coded place.
                EXPECT_NEAR(s[0], pixel(source, sx, sy)[0], 8) << where;
                EXPECT_NEAR(s[1], pixel(source, sx, sy)[1], 8) << where;
            }
        EXPECT_EQ(fromB > 0, mode != fm::CompareMode::A) << fm::compareModeName(mode).toStdString();
    }
    // The difference reads A.
    const auto pick =
        fm::pickCompareSource({fm::CompareMode::Difference}, {0.9, 0.9}, {64, 32}, {40, 40});
    ASSERT_TRUE(pick);
    EXPECT_FALSE(pick->fromB);
}
