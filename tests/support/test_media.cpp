#include "tests/support/test_media.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace framenote::test {

std::string mediaDir() {
    if (const char* env = std::getenv("FRAMENOTE_TEST_MEDIA_DIR")) return env;
    return FRAMENOTE_TEST_MEDIA_DIR;
}

std::string mediaPath(const std::string& name) { return mediaDir() + "/" + name; }

std::vector<std::string> manifestClips() {
    std::vector<std::string> names;
    std::ifstream in(mediaPath("manifest.tsv"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        names.push_back(line.substr(0, line.find('\t')));
    }
    return names;
}

std::vector<ReferenceFrame> referenceFrames(const std::string& clipName) {
    std::vector<ReferenceFrame> frames;
    std::ifstream in(mediaPath(clipName + ".framemd5"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string stream, dts, pts, duration, size, md5;
        std::getline(fields, stream, ',');
        std::getline(fields, dts, ',');
        std::getline(fields, pts, ',');
        std::getline(fields, duration, ',');
        std::getline(fields, size, ',');
        std::getline(fields, md5, ',');
        ReferenceFrame frame;
        frame.pts = std::stoll(pts);
        frame.size = std::stoll(size);
        frame.md5 = md5.substr(md5.find_first_not_of(' '));
        frames.push_back(frame);
    }
    return frames;
}

std::vector<SequenceClip> manifestSequences() {
    std::vector<SequenceClip> sequences;
    std::ifstream in(mediaPath("seq/manifest.tsv"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        SequenceClip clip;
        std::string first, last;
        std::getline(fields, clip.name, '\t');
        std::getline(fields, clip.pattern, '\t');
        std::getline(fields, first, '\t');
        std::getline(fields, last, '\t');
        clip.first = std::stoll(first);
        clip.last = std::stoll(last);
        sequences.push_back(clip);
    }
    return sequences;
}

std::string sequenceDir(const std::string& name) { return mediaPath("seq/" + name); }

std::map<int64_t, std::vector<ReferenceFrame>> referenceSequenceRuns(const std::string& name) {
    std::map<int64_t, std::vector<ReferenceFrame>> runs;
    const std::string head = name + ".", tail = ".framemd5";
    for (const auto& entry : std::filesystem::directory_iterator(mediaPath("seq"))) {
        const std::string file = entry.path().filename().string();
        if (file.size() <= head.size() + tail.size() || file.rfind(head, 0) != 0 ||
            file.compare(file.size() - tail.size(), tail.size(), tail) != 0)
            continue;
        const std::string start = file.substr(head.size(), file.size() - head.size() - tail.size());
        if (start.find_first_not_of("0123456789") != std::string::npos) continue;
        runs[std::stoll(start)] =
            referenceFrames("seq/" + file.substr(0, file.size() - tail.size()));
    }
    return runs;
}

CommandResult runCommand(const std::string& command) {
    const std::string errFile = (std::filesystem::temp_directory_path() /
                                 ("framenote-cmd-" + std::to_string(getpid()) + ".err"))
                                    .string();
    CommandResult result;
    FILE* pipe = popen((command + " 2>" + errFile).c_str(), "r");
    if (!pipe) return result;
    std::array<char, 65536> buffer;
    size_t got;
    while ((got = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
        result.out.append(buffer.data(), got);
    const int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ifstream err(errFile);
    std::stringstream errText;
    errText << err.rdbuf();
    result.err = errText.str();
    std::filesystem::remove(errFile);
    return result;
}

}  // namespace framenote::test
