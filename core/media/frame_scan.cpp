#include "core/media/frame_scan.h"

#include <sstream>

namespace framenote::media {
namespace {

// The first few frame numbers, then how many more: a damaged hour must not print a novel.
std::string listed(const std::vector<int64_t>& frames) {
    constexpr size_t kShown = 20;
    std::ostringstream out;
    for (size_t i = 0; i < frames.size() && i < kShown; ++i) out << (i ? ", " : "") << frames[i];
    if (frames.size() > kShown) out << " and " << frames.size() - kShown << " more";
    return out.str();
}

}  // namespace

std::string DamageReport::summary() const {
    if (clean()) return "no damage in " + std::to_string(framesScanned) + " frames";
    std::ostringstream out;
    if (!damaged.empty())
        out << damaged.size() << " of " << framesScanned << " frames decoded with errors ("
            << listed(damaged) << ")";
    if (!undecodable.empty())
        out << (damaged.empty() ? "" : "; ") << undecodable.size() << " of " << framesScanned
            << " frames cannot be decoded (" << listed(undecodable) << ")";
    return out.str();
}

DamageReport scanFrames(FrameSource& source, int64_t from, int64_t to,
                        const std::function<void(const VideoFrame&)>& onFrame) {
    DamageReport report;
    for (int64_t n = from; n < to; ++n) {
        ++report.framesScanned;
        auto frame = source.frame(n);
        if (!frame) {
            report.undecodable.push_back(n);
            report.errors.push_back(frame.error());
            continue;
        }
        if (frame->damaged()) report.damaged.push_back(n);
        if (onFrame) onFrame(*frame);
    }
    return report;
}

}  // namespace framenote::media
