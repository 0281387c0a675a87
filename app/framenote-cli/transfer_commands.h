#pragma once
// `framenote-cli upload FILE` and `framenote-cli download MEDIA_ID -o FILE`: media to and from a
// relay's media port (docs/PROTOCOL.md, "Media transfer"), resumable, with progress on stderr.
#include <QStringList>

class QCommandLineParser;

// Returns the process exit code (0, 1 failure, 2 usage).
int runUploadCommand(const QCommandLineParser& parser, const QStringList& args);
int runDownloadCommand(const QCommandLineParser& parser, const QStringList& args);
