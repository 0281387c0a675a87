#pragma once
// `framenote-cli notes ...`: the draft store from scripts (list, search, export, import, report).
#include <QStringList>

class QCommandLineParser;

// Returns the process exit code (0, 1 failure, 2 usage).
int runNotesCommand(const QCommandLineParser& parser, const QStringList& args);
