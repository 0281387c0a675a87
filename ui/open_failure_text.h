#pragma once
// What the app says when a clip cannot be opened, in the user's language: one sentence naming the
// file and the reason, by the media engine's category (core/media/open_problem.h). The engine's
// own message, in English, goes below it as the detail.
#include <QString>

#include "core/media/open_problem.h"

namespace framenote::ui {

// "Cannot open clip.mp4: the file does not exist." and so on, translated (context
// "OpenFailure"). `fileName` is shown as given.
QString openFailureReason(media::OpenProblem problem, const QString& fileName);

}  // namespace framenote::ui
