#include "core/media/sequence_manifest.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtEndian>
#include <algorithm>
#include <cstdio>

namespace framenote::media {

namespace {

constexpr const char* kFormat = "framenote image sequence";
constexpr int kVersion = 1;
constexpr size_t kMaxNameBytes = 255;

template <typename T>
void addLittleEndian(QCryptographicHash& hash, T value) {
    const T le = qToLittleEndian(value);
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(&le), sizeof(le)));
}

void addText(QCryptographicHash& hash, const std::string& text) {
    addLittleEndian(hash, static_cast<quint32>(text.size()));
    hash.addData(QByteArrayView(text.data(), static_cast<qsizetype>(text.size())));
}

bool isMediaId(const std::string& id) {
    return id.size() == 64 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

// A part of a file name: no folder, no NUL, not a name that means another folder.
bool isNamePart(const std::string& text) {
    return text.size() <= kMaxNameBytes && text.find('/') == std::string::npos &&
           text.find('\0') == std::string::npos && text != "." && text != "..";
}

}  // namespace

std::string sequenceMediaId(const SequenceIdInput& input) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView("framenote image sequence 1"));
    addText(hash, input.prefix);
    addText(hash, input.suffix);
    addLittleEndian(hash, static_cast<quint64>(input.numberedSizes.size()));
    for (const auto& [number, size] : input.numberedSizes) {
        addLittleEndian(hash, static_cast<qint64>(number));
        addLittleEndian(hash, static_cast<quint64>(size));
    }
    for (const std::string* id : {&input.firstMediaId, &input.lastMediaId})
        hash.addData(QByteArrayView(id->data(), static_cast<qsizetype>(id->size())));
    return hash.result().toHex().toStdString();
}

Result<SequenceManifest> SequenceManifest::parse(const QByteArray& bytes,
                                                 const SequenceLimits& limits) {
    const auto bad = [](const std::string& why) {
        return makeError("not a valid image sequence manifest: " + why);
    };
    if (bytes.size() > kMaxBytes) return bad("larger than " + std::to_string(kMaxBytes) + " bytes");
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (!document.isObject()) return bad(error.errorString().toStdString());
    const QJsonObject root = document.object();
    if (root["format"].toString() != QLatin1String(kFormat) || root["version"].toInt() != kVersion)
        return bad("format or version is not \"framenote image sequence\" 1");
    SequenceManifest manifest;
    manifest.prefix = root["prefix"].toString().toStdString();
    manifest.suffix = root["suffix"].toString().toStdString();
    manifest.padding = root["padding"].toInt(0);
    if (!isNamePart(manifest.prefix) || !isNamePart(manifest.suffix) || manifest.suffix.empty())
        return bad("prefix or suffix could name a path");
    if (manifest.padding < 1 || manifest.padding > 18) return bad("padding outside 1 to 18");
    const QJsonArray files = root["files"].toArray();
    if (files.isEmpty() || files.size() > limits.maxFiles)
        return bad("holds no file, or more than " + std::to_string(limits.maxFiles));
    manifest.files.reserve(static_cast<size_t>(files.size()));
    for (const QJsonValue& value : files) {
        const QJsonObject file = value.toObject();
        const double number = file["number"].toDouble(-1);
        const double size = file["size"].toDouble(-1);
        File entry{static_cast<int64_t>(number), static_cast<int64_t>(size),
                   file["media_id"].toString().toStdString()};
        // Numbers and sizes arrive as JSON numbers: exact integers up to 2^53.
        if (number < 0 || number > 9e15 || number != static_cast<double>(entry.number) ||
            size < 0 || size > 9e15 || size != static_cast<double>(entry.size) ||
            !isMediaId(entry.mediaId))
            return bad("a file's number, size or media id is not valid");
        if (!manifest.files.empty() && entry.number <= manifest.files.back().number)
            return bad("file numbers are not in ascending order");
        manifest.files.push_back(std::move(entry));
    }
    if (manifest.files.back().number - manifest.files.front().number + 1 > limits.maxSpan)
        return bad("its numbers span more than " + std::to_string(limits.maxSpan));
    return manifest;
}

Result<SequenceManifest> SequenceManifest::readFile(const QString& path,
                                                    const SequenceLimits& limits) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError("cannot read the manifest: " + file.errorString().toStdString());
    if (file.size() > kMaxBytes)
        return makeError("not a valid image sequence manifest: larger than " +
                         std::to_string(kMaxBytes) + " bytes");
    return parse(file.readAll(), limits);
}

QByteArray SequenceManifest::toJson() const {
    QJsonArray list;
    for (const File& file : files)
        list.append(QJsonObject{{"number", static_cast<double>(file.number)},
                                {"size", static_cast<double>(file.size)},
                                {"media_id", QString::fromStdString(file.mediaId)}});
    return QJsonDocument(QJsonObject{{"format", kFormat},
                                     {"version", kVersion},
                                     {"prefix", QString::fromStdString(prefix)},
                                     {"suffix", QString::fromStdString(suffix)},
                                     {"padding", padding},
                                     {"files", list}})
        .toJson(QJsonDocument::Compact);
}

std::string SequenceManifest::mediaId() const {
    if (files.empty()) return {};  // no sequence: parse() and sequenceManifest() make none
    SequenceIdInput input{prefix, suffix, {}, files.front().mediaId, files.back().mediaId};
    input.numberedSizes.reserve(files.size());
    for (const File& file : files)
        input.numberedSizes.emplace_back(file.number, static_cast<uint64_t>(file.size));
    return sequenceMediaId(input);
}

std::string SequenceManifest::fileName(const File& file) const {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%0*lld", padding, static_cast<long long>(file.number));
    return prefix + digits + suffix;
}

}  // namespace framenote::media
