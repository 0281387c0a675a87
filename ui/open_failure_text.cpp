#include "ui/open_failure_text.h"

#include <QCoreApplication>

namespace framenote::ui {

namespace {
// tr() for a file without a QObject: the context lupdate and AppTranslator see is "OpenFailure".
struct Text {
    Q_DECLARE_TR_FUNCTIONS(OpenFailure)
};
}  // namespace

QString openFailureReason(media::OpenProblem problem, const QString& fileName) {
    using media::OpenProblem;
    // Each sentence is written out whole, so a translation can order it as its language needs.
    switch (problem) {
        case OpenProblem::NotFound:
            return Text::tr(
                       "Cannot open %1: the file does not exist (it may have been moved or "
                       "renamed).")
                .arg(fileName);
        case OpenProblem::NotPermitted:
            return Text::tr("Cannot open %1: you are not permitted to read it.").arg(fileName);
        case OpenProblem::NotAFile:
            return Text::tr("Cannot open %1: it is a folder, not a video file.").arg(fileName);
        case OpenProblem::Empty:
            return Text::tr("Cannot open %1: the file is empty.").arg(fileName);
        case OpenProblem::NotMedia:
            return Text::tr(
                       "Cannot open %1: it is not a video file Framenote can read, or it is "
                       "damaged.")
                .arg(fileName);
        case OpenProblem::NoVideoStream:
            return Text::tr("Cannot open %1: it holds no video, only sound or other data.")
                .arg(fileName);
        case OpenProblem::UnsupportedCodec:
            return Text::tr("Cannot open %1: its video is in a format this computer cannot decode.")
                .arg(fileName);
        case OpenProblem::Damaged:
            return Text::tr(
                       "Cannot open %1: the file is truncated or damaged, its video cannot be "
                       "read.")
                .arg(fileName);
        case OpenProblem::Unknown:
            break;
    }
    return Text::tr("Cannot open %1.").arg(fileName);
}

}  // namespace framenote::ui
