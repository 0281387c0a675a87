#include "ui/manifest_aside.h"

#include <QThread>
#include <memory>

#include "core/media/image_sequence.h"
#include "core/media/sequence_fingerprint.h"

namespace framenote::ui {

void makeManifestAside(QObject* receiver, const QString& path,
                       std::function<void(Result<SequenceToSend>)> done) {
    auto result = std::make_shared<Result<SequenceToSend>>(makeError("not made"));
    QThread* worker = QThread::create([result, path] {
        auto sequence = media::ImageSequence::discover(path.toStdString());
        if (!sequence) {
            *result = makeError(sequence.error());
            return;
        }
        auto manifest = media::sequenceManifest(*sequence);
        if (!manifest) {
            *result = makeError(manifest.error());
            return;
        }
        *result = SequenceToSend{std::move(*manifest), QString::fromStdString(sequence->directory),
                                 QString::fromStdString(sequence->pattern())};
    });
    // The answer rides on `finished`, queued to the receiver: a receiver destroyed meanwhile
    // takes the connection with it, and nothing runs.
    QObject::connect(worker, &QThread::finished, receiver,
                     [result, done = std::move(done)] { done(std::move(*result)); });
    QObject::connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

}  // namespace framenote::ui
