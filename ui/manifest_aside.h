#pragma once
// An open image sequence's manifest (core/media/sequence_manifest.h), made on a thread of its own:
// it reads 2 MiB of every file, seconds for a long sequence, which the window should not wait
// for. Used by the hosted session's offer and by Share Clip with Session.
#include <QObject>
#include <QString>
#include <functional>

#include "core/common/result.h"
#include "core/media/sequence_manifest.h"

namespace framenote::ui {

struct SequenceToSend {
    media::SequenceManifest manifest;
    QString directory;  // where its files are
    QString name;       // what the user knows it by: its pattern, "shot.%04d.exr"
};

// Calls `done` on `receiver`'s thread with the sequence at `path` (a file of it, a pattern or its
// folder), or why it cannot be read; never if `receiver` is gone by then.
void makeManifestAside(QObject* receiver, const QString& path,
                       std::function<void(Result<SequenceToSend>)> done);

}  // namespace framenote::ui
