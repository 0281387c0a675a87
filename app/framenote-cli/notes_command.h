#pragma once
// `framenote-cli notes ...`: the draft store from scripts (list, search, export, import, report).
#include <QStringList>

#include "core/media/rational.h"

class QCommandLineParser;

// Returns the process exit code (0, 1 failure, 2 usage). `sequenceRate`: an image sequence's
// frame rate (--rate).
int runNotesCommand(const QCommandLineParser& parser, const QStringList& args,
                    framenote::media::Rational sequenceRate);
