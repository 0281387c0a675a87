#include "ui/render/note_pictures.h"

#include <QDir>
#include <QFile>
#include <QImageWriter>
#include <QSaveFile>
#include <algorithm>
#include <map>

#include "core/media/frame_source.h"
#include "core/store/exporters.h"

namespace framenote::render {

std::vector<QString> notePictureNames(const std::vector<model::Annotation>& sortedNotes,
                                      int64_t frameCount) {
    const int digits = std::max<int>(
        6, static_cast<int>(QString::number(std::max<int64_t>(frameCount, 1)).size()));
    std::vector<QString> names;
    int64_t previous = -1;
    int place = 0;
    for (const model::Annotation& note : sortedNotes) {
        place = note.firstFrame == previous ? place + 1 : 1;
        previous = note.firstFrame;
        names.push_back(QStringLiteral("%1_%2.jpg")
                            .arg(note.firstFrame, digits, 10, QLatin1Char('0'))
                            .arg(place, 2, 10, QLatin1Char('0')));
    }
    return names;
}

Result<int> writeNotePictures(const ReviewReportInput& input, media::FrameSource& decoder,
                              const QString& folder, const RenderProgress& progress, int maxWidth) {
    if (!QDir().mkpath(folder))
        return makeError("cannot make the folder " +
                         QDir::toNativeSeparators(folder).toStdString());
    const QDir dir(folder);
    const std::vector<model::Annotation> notes = sortedByFrame(input.notes);
    const std::vector<QString> names = notePictureNames(notes, decoder.index().frameCount());
    const int total = static_cast<int>(notes.size());
    for (size_t i = 0; i < notes.size(); ++i) {
        if (progress && !progress(static_cast<int>(i), total)) {
            for (size_t written = 0; written < i; ++written)
                QFile::remove(dir.filePath(names[written]));
            return makeError(kCancelled);
        }
        auto picture = noteFrameImage(decoder, notes[i], input.pixelAspect, maxWidth);
        if (!picture)
            return makeError("frame " + std::to_string(notes[i].firstFrame) + ": " +
                             picture.error());
        // QSaveFile: a failed export never leaves a truncated picture where a good one was.
        QSaveFile file(dir.filePath(names[i]));
        QImageWriter writer(&file, "jpeg");
        writer.setQuality(90);
        if (!file.open(QIODevice::WriteOnly) || !writer.write(*picture) || !file.commit())
            return makeError(
                "cannot write " + QDir::toNativeSeparators(file.fileName()).toStdString() + ": " +
                (file.error() != QFileDevice::NoError ? file.errorString() : writer.errorString())
                    .toStdString());
    }
    store::CsvOptions options;
    options.timecode = input.timecode;
    std::map<QUuid, QString> pictureOf;
    for (size_t i = 0; i < notes.size(); ++i) pictureOf[notes[i].id] = names[i];
    options.image = [&pictureOf](const model::Annotation& note) { return pictureOf[note.id]; };
    QSaveFile csv(dir.filePath(QStringLiteral("notes.csv")));
    if (!csv.open(QIODevice::WriteOnly) ||
        csv.write(store::csvFromAnnotations(notes, options)) < 0 || !csv.commit())
        return makeError("cannot write " + QDir::toNativeSeparators(csv.fileName()).toStdString() +
                         ": " + csv.errorString().toStdString());
    if (progress) progress(total, total);
    return static_cast<int>(notes.size());
}

}  // namespace framenote::render
