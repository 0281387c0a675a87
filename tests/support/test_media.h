#pragma once
// Access to the clips scripts/make-test-media generates, and to ffmpeg's ground truth for them.
#include <string>
#include <vector>

namespace framenote::test {

// The folder of generated clips (FRAMENOTE_TEST_MEDIA_DIR at build time).
std::string mediaDir();
std::string mediaPath(const std::string& name);

// Clip names listed in manifest.tsv (valid video clips) and bad.tsv (damaged/odd files).
std::vector<std::string> manifestClips();

// One line of `ffmpeg -f framemd5`: the values tests compare.
struct ReferenceFrame {
    int64_t pts = 0;
    int64_t size = 0;
    std::string md5;
};
// Parses NAME.framemd5 next to the clip; empty if missing.
std::vector<ReferenceFrame> referenceFrames(const std::string& clipName);

// Runs a command through the shell, capturing stdout (and the exit status).
struct CommandResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};
CommandResult runCommand(const std::string& command);

}  // namespace framenote::test
