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
