#include "core/media/open_problem.h"

#include "core/media/ffmpeg_util.h"

namespace framenote::media {

OpenProblem diagnoseOpenFailure(const std::string& path) {
    if (const auto problem = fileProblem(path)) return problem->problem;
    auto opened = openMediaFile(path);
    if (!opened) return OpenProblem::NotMedia;
    const int stream = findVideoStream(opened->get());
    if (stream < 0) return OpenProblem::NoVideoStream;
    if (!openDecoder(path, (*opened)->streams[stream], 1)) return OpenProblem::UnsupportedCodec;
    return OpenProblem::Damaged;
}

}  // namespace framenote::media
