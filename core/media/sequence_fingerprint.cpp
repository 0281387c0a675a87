#include "core/media/sequence_fingerprint.h"

#include <QCryptographicHash>
#include <QtEndian>
#include <filesystem>

#include "core/media/media_fingerprint.h"

namespace framenote::media {

namespace {

template <typename T>
void addLittleEndian(QCryptographicHash& hash, T value) {
    const T le = qToLittleEndian(value);
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(&le), sizeof(le)));
}

void addText(QCryptographicHash& hash, const std::string& text) {
    addLittleEndian(hash, static_cast<quint32>(text.size()));
    hash.addData(QByteArrayView(text.data(), static_cast<qsizetype>(text.size())));
}

}  // namespace

Result<std::string> sequenceFingerprint(const ImageSequence& sequence) {
    if (sequence.present.empty()) return makeError(sequence.directory + ": the sequence is empty");
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("framenote image sequence 1"));
    addText(hash, sequence.prefix);
    addText(hash, sequence.suffix);
    addLittleEndian(hash, static_cast<quint64>(sequence.present.size()));
    for (const int64_t number : sequence.present) {
        const std::string path = sequence.path(number - sequence.first);
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec) return makeError(path + ": cannot be read (" + ec.message() + ")");
        addLittleEndian(hash, static_cast<qint64>(number));
        addLittleEndian(hash, static_cast<quint64>(size));
    }
    for (const int64_t number : {sequence.present.front(), sequence.present.back()}) {
        auto id = mediaFingerprint(sequence.path(number - sequence.first));
        if (!id) return makeError(id.error());
        hash.addData(QByteArrayView(id->data(), static_cast<qsizetype>(id->size())));
    }
    return hash.result().toHex().toStdString();
}

}  // namespace framenote::media
