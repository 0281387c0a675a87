#pragma once
// Access to the clips scripts/make-test-media generates, and to ffmpeg's ground truth for them.
#include <cstdint>
#include <map>
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

// The image sequences under seq/ (seq/manifest.tsv): folder seq/NAME, files named by `pattern`
// (printf style) from `first` to `last`, gaps included.
struct SequenceClip {
    std::string name;
    std::string pattern;
    int64_t first = 0;
    int64_t last = 0;
};
std::vector<SequenceClip> manifestSequences();
std::string sequenceDir(const std::string& name);
// ffmpeg's frames of each contiguous run of a sequence, by the run's first file number
// (seq/NAME.START.framemd5).
std::map<int64_t, std::vector<ReferenceFrame>> referenceSequenceRuns(const std::string& name);

// Runs a command through the shell, capturing stdout (and the exit status).
struct CommandResult {
    int exitCode = -1;
    std::string out;
    std::string err;
};
CommandResult runCommand(const std::string& command);

}  // namespace framenote::test
