#pragma once
// A folder a test fills with files of its own (sequences, damaged images), removed with it.
#include <QTemporaryDir>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace framenote::test {

class ScratchDir {
  public:
    // Under the system's temporary folder; `name` (optional) is a subfolder made inside it.
    explicit ScratchDir(const std::string& name = {}) {
        root_ = dir_.path().toStdString() + (name.empty() ? "" : "/" + name);
        std::filesystem::create_directories(root_);
    }
    bool valid() const { return dir_.isValid(); }
    const std::string& path() const { return root_; }
    std::string path(const std::string& file) const { return root_ + "/" + file; }
    // Writes `bytes` to `file` (a name inside the folder), replacing it.
    void write(const std::string& file, std::string_view bytes) const {
        std::ofstream out(path(file), std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    // Copies every file of `from` into this folder.
    void copyFilesFrom(const std::string& from) const {
        for (const auto& entry : std::filesystem::directory_iterator(from))
            std::filesystem::copy_file(entry.path(), path(entry.path().filename().string()),
                                       std::filesystem::copy_options::overwrite_existing);
    }

  private:
    QTemporaryDir dir_;
    std::string root_;
};

}  // namespace framenote::test
