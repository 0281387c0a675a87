#pragma once
// A frame rate or time base as an exact fraction, independent of FFmpeg's AVRational.
#include <cstdint>

namespace framenote::media {

struct Rational {
    int num = 0;
    int den = 1;

    bool valid() const { return num > 0 && den > 0; }
    double toDouble() const { return den == 0 ? 0.0 : static_cast<double>(num) / den; }
    friend bool operator==(const Rational&, const Rational&) = default;
};

}  // namespace framenote::media
