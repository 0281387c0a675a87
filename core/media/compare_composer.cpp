#include "core/media/compare_composer.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

extern "C" {
#include <libavutil/pixfmt.h>
#include <libswscale/swscale.h>
}

#include "core/media/rgb_converter.h"

namespace framenote::media {

namespace {

constexpr std::array<std::pair<CompareMode, const char*>, 6> kModeNames{{
    {CompareMode::A, "a"},
    {CompareMode::B, "b"},
    {CompareMode::Wipe, "wipe"},
    {CompareMode::SideBySide, "side-by-side"},
    {CompareMode::OverUnder, "over-under"},
    {CompareMode::Difference, "difference"},
}};

// `b` scaled to fit inside width x height, its aspect kept, centred on black.
RgbaImage fitted(const RgbaImage& b, int width, int height) {
    RgbaImage out{width, height, std::vector<uint8_t>(static_cast<size_t>(width) * height * 4, 0)};
    for (size_t i = 3; i < out.pixels.size(); i += 4) out.pixels[i] = 255;
    if (b.width <= 0 || b.height <= 0) return out;
    const double scale =
        std::min(static_cast<double>(width) / b.width, static_cast<double>(height) / b.height);
    const int w = std::clamp(static_cast<int>(b.width * scale + 0.5), 1, width);
    const int h = std::clamp(static_cast<int>(b.height * scale + 0.5), 1, height);
    const int x = (width - w) / 2;
    const int y = (height - h) / 2;
    if (w == b.width && h == b.height) {
        for (int row = 0; row < h; ++row)
            std::memcpy(&out.pixels[(static_cast<size_t>(y + row) * width + x) * 4],
                        &b.pixels[static_cast<size_t>(row) * b.width * 4],
                        static_cast<size_t>(w) * 4);
        return out;
    }
    SwsContextPtr sws(sws_getContext(b.width, b.height, AV_PIX_FMT_RGBA, w, h, AV_PIX_FMT_RGBA,
                                     SWS_BILINEAR, nullptr, nullptr, nullptr));
    if (!sws) return out;
    const uint8_t* source[] = {b.pixels.data()};
    const int sourceStride[] = {b.width * 4};
    uint8_t* target[] = {&out.pixels[(static_cast<size_t>(y) * width + x) * 4]};
    const int targetStride[] = {width * 4};
    sws_scale(sws.get(), source, sourceStride, 0, b.height, target, targetStride);
    return out;
}

// Copies `from` (width x height) into `to` (toWidth wide) at (x, y).
void place(const RgbaImage& from, RgbaImage& to, int x, int y) {
    for (int row = 0; row < from.height; ++row)
        std::memcpy(&to.pixels[(static_cast<size_t>(y + row) * to.width + x) * 4],
                    &from.pixels[static_cast<size_t>(row) * from.width * 4],
                    static_cast<size_t>(from.width) * 4);
}

}  // namespace

QString compareModeName(CompareMode mode) {
    for (const auto& [m, name] : kModeNames)
        if (m == mode) return QString::fromLatin1(name);
    return QStringLiteral("a");
}

std::optional<CompareMode> compareModeFromName(const QString& name) {
    for (const auto& [m, text] : kModeNames)
        if (name == QLatin1String(text)) return m;
    return std::nullopt;
}

RgbaImage composeCompare(const RgbaImage& a, const RgbaImage* b, const CompareLayout& layout) {
    if (a.width <= 0 || a.height <= 0) return {};
    const int w = a.width;
    const int h = a.height;
    if (layout.mode == CompareMode::A) return a;
    // B as it is when it already has A's size (the usual case: two versions of a shot), else
    // fitted into A's size.
    const bool sameSize = b && b->width == w && b->height == h;
    const RgbaImage fittedB = sameSize ? RgbaImage{} : fitted(b ? *b : RgbaImage{}, w, h);
    const RgbaImage& other = sameSize ? *b : fittedB;
    switch (layout.mode) {
        case CompareMode::A:
            return a;
        case CompareMode::B:
            return other;
        case CompareMode::Wipe: {
            RgbaImage out = a;
            const double at = std::clamp(layout.wipe, 0.0, 1.0);
            if (layout.wipeAcross) {
                const int from = static_cast<int>(at * h + 0.5);
                const size_t start = static_cast<size_t>(from) * w * 4;
                std::memcpy(&out.pixels[start], &other.pixels[start], out.pixels.size() - start);
            } else {
                const int from = static_cast<int>(at * w + 0.5);
                for (int row = 0; row < h && from < w; ++row) {
                    const size_t start = (static_cast<size_t>(row) * w + from) * 4;
                    std::memcpy(&out.pixels[start], &other.pixels[start],
                                static_cast<size_t>(w - from) * 4);
                }
            }
            return out;
        }
        case CompareMode::SideBySide:
        case CompareMode::OverUnder: {
            const bool across = layout.mode == CompareMode::SideBySide;
            RgbaImage out{across ? 2 * w : w, across ? h : 2 * h, {}};
            out.pixels.resize(static_cast<size_t>(out.width) * out.height * 4);
            place(a, out, 0, 0);
            place(other, out, across ? w : 0, across ? 0 : h);
            return out;
        }
        case CompareMode::Difference: {
            RgbaImage out{w, h, std::vector<uint8_t>(a.pixels.size())};
            // Fixed point: the gain in 1/256ths, so a 4K frame takes integer work only.
            const int gain = static_cast<int>(std::clamp(layout.gain, 1.0, 64.0) * 256 + 0.5);
            for (size_t i = 0; i < out.pixels.size(); i += 4) {
                for (size_t c = i; c < i + 3; ++c) {
                    const int d = std::abs(int(a.pixels[c]) - int(other.pixels[c])) * gain;
                    out.pixels[c] = static_cast<uint8_t>(std::min(255, (d + 128) >> 8));
                }
                out.pixels[i + 3] = 255;
            }
            return out;
        }
    }
    return a;
}

std::optional<ComparePick> pickCompareSource(const CompareLayout& layout, QPointF point,
                                             QSize aSize, QSize bSize) {
    double x = point.x();
    double y = point.y();
    if (x < 0 || x > 1 || y < 0 || y > 1) return std::nullopt;
    bool fromB = false;
    switch (layout.mode) {
        case CompareMode::A:
        case CompareMode::Difference:
            break;
        case CompareMode::B:
            fromB = true;
            break;
        case CompareMode::Wipe:
            fromB = (layout.wipeAcross ? y : x) >= std::clamp(layout.wipe, 0.0, 1.0);
            break;
        case CompareMode::SideBySide:
            fromB = x >= 0.5;
            x = fromB ? 2 * x - 1 : 2 * x;
            break;
        case CompareMode::OverUnder:
            fromB = y >= 0.5;
            y = fromB ? 2 * y - 1 : 2 * y;
            break;
    }
    if (!fromB) return ComparePick{false, {x, y}};
    if (bSize.isEmpty() || aSize.isEmpty()) return std::nullopt;
    // B fitted inside A, centred (as fitted() places it): the fraction of A it covers.
    const double scale =
        std::min(double(aSize.width()) / bSize.width(), double(aSize.height()) / bSize.height());
    const double w = bSize.width() * scale / aSize.width();
    const double h = bSize.height() * scale / aSize.height();
    const QPointF inB((x - (1 - w) / 2) / w, (y - (1 - h) / 2) / h);
    if (inB.x() < 0 || inB.x() > 1 || inB.y() < 0 || inB.y() > 1) return std::nullopt;
    return ComparePick{true, inB};
}

ComparePart comparePartOfA(const CompareLayout& layout) {
    const QRectF whole(0, 0, 1, 1);
    switch (layout.mode) {
        case CompareMode::A:
        case CompareMode::Difference:
            return {whole, whole};
        case CompareMode::B:
            return {};
        case CompareMode::Wipe: {
            const double at = std::clamp(layout.wipe, 0.0, 1.0);
            return {whole, layout.wipeAcross ? QRectF(0, 0, 1, at) : QRectF(0, 0, at, 1)};
        }
        case CompareMode::SideBySide:
            return {QRectF(0, 0, 0.5, 1), QRectF(0, 0, 0.5, 1)};
        case CompareMode::OverUnder:
            return {QRectF(0, 0, 1, 0.5), QRectF(0, 0, 1, 0.5)};
    }
    return {whole, whole};
}

}  // namespace framenote::media
