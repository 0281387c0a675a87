#pragma once
// SHA-256 of a stream of bytes through OpenSSL, which uses the CPU's SHA instructions where it
// has them: several times Qt's own QCryptographicHash (6.4) on upload bodies, where the checksum
// was most of the relay's and the uploader's work (docs/PERFORMANCE.md, "Media transfer").
#include <openssl/evp.h>

#include <QByteArray>
#include <memory>

namespace framenote::sync {

class Sha256 {
  public:
    Sha256() : context_(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
        EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr);
    }
    void add(const char* data, size_t size) { EVP_DigestUpdate(context_.get(), data, size); }
    // The 32-byte digest; the object is used up.
    QByteArray result() {
        QByteArray digest(32, Qt::Uninitialized);
        unsigned int length = 0;
        EVP_DigestFinal_ex(context_.get(), reinterpret_cast<unsigned char*>(digest.data()),
                           &length);
        digest.resize(static_cast<qsizetype>(length));
        return digest;
    }
    static QByteArray of(const QByteArray& bytes) {
        Sha256 hash;
        hash.add(bytes.constData(), static_cast<size_t>(bytes.size()));
        return hash.result();
    }

  private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context_;
};

}  // namespace framenote::sync
