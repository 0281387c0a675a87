#pragma once
// Frame n of a clip or sequence as the app opens it (openSource), for GoogleTest tests; a null
// frame with the failure recorded if it cannot be read.
#include <gtest/gtest.h>

#include <string>

#include "core/media/media_source.h"

namespace framenote::test {

inline media::VideoFrame decodedFrame(const std::string& path, int64_t n) {
    auto opened = media::openSource(path);
    EXPECT_TRUE(opened.ok()) << path << ": " << opened.error();
    if (!opened) return {};
    auto frame = opened->source->frame(n);
    EXPECT_TRUE(frame.ok()) << path << " frame " << n << ": " << frame.error();
    return frame ? *frame : media::VideoFrame();
}

}  // namespace framenote::test
