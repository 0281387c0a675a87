#pragma once
// A real size-limited filesystem for full-disk tests: a tmpfs mounted on an existing, empty
// folder (this needs the right to mount, which CI has as root; check mounted() and skip
// otherwise), filled to its last byte and given room again on demand, and lazily unmounted at the
// end (whatever still has files open there keeps them until it closes them).
#include <sys/mount.h>

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QString>
#include <string>

namespace framenote::test {

class SmallDisk {
  public:
    // `size` as tmpfs takes it, for example "4m".
    SmallDisk(const QString& folder, const char* size) : folder_(folder) {
        const std::string options = std::string("size=") + size;
        mounted_ = ::mount("tmpfs", folder.toUtf8().constData(), "tmpfs", 0, options.c_str()) == 0;
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(folder_.toUtf8().constData(), MNT_DETACH);
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    bool mounted() const { return mounted_; }

    // Writes a filler file until the disk takes no more: 64 KiB writes, then 512-byte ones.
    bool fill() {
        QFile filler(fillerPath());
        if (!filler.open(QIODevice::WriteOnly)) return false;
        for (const int size : {64 * 1024, 512}) {
            const QByteArray chunk(size, 'x');
            while (filler.write(chunk) == chunk.size() && filler.flush()) {
            }
        }
        return true;
    }
    // Deletes the filler.
    bool makeRoom() { return QFile::remove(fillerPath()); }

  private:
    QString fillerPath() const { return QDir(folder_).filePath("filler"); }

    QString folder_;
    bool mounted_ = false;
};

}  // namespace framenote::test
