#pragma once
// Editing an OpenEXR file's header in place, for tests that need a window no encoder here writes.
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

namespace framenote::test {

inline std::string bytesOf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Sets a box2i attribute ("dataWindow", "displayWindow") of the EXR file's `bytes`. The
// attribute is its name, the type "box2i", the size 16, then xMin yMin xMax yMax (int32, LE).
inline void setExrBox(std::string& bytes, const std::string& attribute, int32_t xMin, int32_t yMin,
                      int32_t xMax, int32_t yMax) {
    const std::string key = attribute + std::string(1, '\0') + "box2i" + std::string(1, '\0');
    const size_t at = bytes.find(key);
    if (at == std::string::npos) throw std::runtime_error("no " + attribute + " in the header");
    size_t field = at + key.size() + 4;
    for (const int32_t value : {xMin, yMin, xMax, yMax}) {
        for (int i = 0; i < 4; ++i)
            bytes[field + i] = static_cast<char>((static_cast<uint32_t>(value) >> (8 * i)) & 255);
        field += 4;
    }
}

}  // namespace framenote::test
