// Coordinates and widths travel as 16-bit steps; local operations are snapped to the same steps so
// that every replica holds identical numbers.
#include "core/sync/quantization.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/sync/sync_fixtures.h"

namespace fs = framenote::sync;
namespace fm = framenote::model;
namespace ft = framenote::test;

namespace {

TEST(Quantization, CoordinatesSnapToMultiplesOfOne65535th) {
    EXPECT_EQ(fs::quantizeCoordinate(0.0), 0.0);
    EXPECT_EQ(fs::quantizeCoordinate(1.0), 1.0);
    EXPECT_EQ(fs::quantizeCoordinate(0.5), 32768.0 / 65535);
    EXPECT_EQ(fs::coordinateToWire(0.5), 32768u);
    for (double v = 0; v <= 1; v += 0.0123) {
        const double q = fs::quantizeCoordinate(v);
        EXPECT_LE(std::abs(q - v), 0.5 / 65535 + 1e-15) << v;
        EXPECT_EQ(q * 65535, std::round(q * 65535)) << v;
    }
}

TEST(Quantization, IsIdempotentSoRequantizingNeverDrifts) {
    for (uint32_t units = 0; units <= 65535; ++units) {
        const double v = fs::coordinateFromWire(units);
        ASSERT_EQ(fs::coordinateToWire(v), units);
        ASSERT_EQ(fs::quantizeCoordinate(v), v);
    }
}

TEST(Quantization, OutOfRangeAndNonFiniteValuesClampToThePicture) {
    EXPECT_EQ(fs::coordinateToWire(-0.5), 0u);
    EXPECT_EQ(fs::coordinateToWire(7.0), 65535u);
    EXPECT_EQ(fs::coordinateToWire(std::numeric_limits<double>::quiet_NaN()), 0u);
    EXPECT_EQ(fs::coordinateToWire(std::numeric_limits<double>::infinity()), 65535u);
}

TEST(Quantization, APositiveWidthNeverRoundsToZero) {
    EXPECT_EQ(fs::widthToWire(1e-9), 1u);
    EXPECT_GT(fs::quantizeWidth(1e-9), 0.0);
    EXPECT_EQ(fs::widthToWire(0.004), 262u);
    EXPECT_EQ(fs::widthToWire(0.0), 0u);
    EXPECT_EQ(fs::quantizeWidth(fs::quantizeWidth(0.0173)), fs::quantizeWidth(0.0173));
}

TEST(Quantization, QuantizeOperationSnapsTheAnnotationAndTheChanges) {
    auto create = fm::makeCreate(ft::annotationOf("freehand"), "ana", fm::Role::Reviewer);
    fs::quantizeOperation(create);
    for (const auto& p : create.annotation.points) {
        EXPECT_EQ(p.x, fs::quantizeCoordinate(p.x));
        EXPECT_EQ(p.y, fs::quantizeCoordinate(p.y));
    }
    EXPECT_EQ(create.annotation.style.width, 262.0 / 65535);

    fm::FieldChanges c;
    c.points = std::vector<fm::Point>{{0.333333, 0.666666}, {0.1, 0.9}};
    c.style = fm::Style{0xff00ff00, 0.0101, true, 0x2000ff00};
    auto set = fm::makeSetFields(ft::kRoomMedia, QUuid::createUuid(), c, "ana", fm::Role::Reviewer);
    fs::quantizeOperation(set);
    EXPECT_EQ((*set.changes.points)[0].x, fs::quantizeCoordinate(0.333333));
    EXPECT_EQ(set.changes.style->width, fs::quantizeWidth(0.0101));
    EXPECT_EQ(set.changes.style->color, 0xff00ff00u);  // colours are exact already
}

}  // namespace
