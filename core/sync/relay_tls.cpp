#include "core/sync/relay_tls.h"

#include <QFile>
#include <QList>
#include <QSslCertificate>
#include <QSslCipher>
#include <QSslKey>
#include <QSslSocket>

namespace framenote::sync {

namespace {

// One DER element (tag, length, contents) at `at`; false when it runs past the end.
struct DerElement {
    unsigned char tag = 0;
    QByteArray contents;
    qsizetype end = 0;  // offset just after it
};

bool readDer(const QByteArray& der, qsizetype at, DerElement* out) {
    if (at + 2 > der.size()) return false;
    out->tag = static_cast<unsigned char>(der[at]);
    qsizetype length = static_cast<unsigned char>(der[at + 1]);
    qsizetype start = at + 2;
    if (length & 0x80) {
        const int bytes = static_cast<int>(length & 0x7f);
        if (bytes == 0 || bytes > 4 || start + bytes > der.size()) return false;
        length = 0;
        for (int i = 0; i < bytes; ++i)
            length = (length << 8) | static_cast<unsigned char>(der[start + i]);
        start += bytes;
    }
    if (length > der.size() - start) return false;
    out->contents = der.mid(start, length);
    out->end = start + length;
    return true;
}

// The bytes of a certificate's public key that its private key's DER must also hold: an RSA
// key's modulus and exponent (RSAPublicKey's contents; PKCS#1 RSAPrivateKey has them side by
// side after its version), an EC key's point (SEC1 ECPrivateKey carries it as publicKey). From
// SubjectPublicKeyInfo = SEQUENCE { AlgorithmIdentifier, BIT STRING key }.
QByteArray publicKeyMaterial(const QByteArray& spki) {
    DerElement info, algorithm, bits;
    if (!readDer(spki, 0, &info) || info.tag != 0x30) return {};
    if (!readDer(info.contents, 0, &algorithm) || !readDer(info.contents, algorithm.end, &bits) ||
        bits.tag != 0x03 || bits.contents.size() < 2)
        return {};
    const QByteArray key = bits.contents.mid(1);  // after the count of unused bits
    DerElement rsa;
    if (key.front() == 0x30 && readDer(key, 0, &rsa) && rsa.end == key.size()) return rsa.contents;
    return key;
}

// Qt exposes no way to derive a private key's public half, and OpenSSL is not linked here; both
// DER forms hold the public numbers verbatim, so the key is the certificate's when they match.
bool keyMatchesCertificate(const QSslKey& key, const QSslCertificate& certificate) {
    const QByteArray material = publicKeyMaterial(certificate.publicKey().toDer());
    return material.size() >= 32 && key.toDer().contains(material);
}

// TLS 1.3 suites are all AEAD with ephemeral keys: kept. Of the rest, only ECDHE key exchange
// (forward secrecy) with GCM or ChaCha20-Poly1305 (no CBC and its padding oracles).
QList<QSslCipher> strongCiphers() {
    QList<QSslCipher> kept;
    for (const QSslCipher& cipher : QSslConfiguration::supportedCiphers()) {
        const QString name = cipher.name();
        const bool tls13 =
            cipher.protocol() == QSsl::TlsV1_3 || name.startsWith(QLatin1String("TLS_"));
        const bool aead =
            name.contains(QLatin1String("GCM")) || name.contains(QLatin1String("CHACHA20"));
        if (tls13 || (name.startsWith(QLatin1String("ECDHE-")) && aead)) kept << cipher;
    }
    return kept;
}

}  // namespace

Result<QSslConfiguration> relayTlsConfiguration(const QString& certificatePath,
                                                const QString& keyPath) {
    const auto certs = QSslCertificate::fromPath(certificatePath, QSsl::Pem);
    if (certs.isEmpty())
        return makeError(certificatePath.toStdString() + ": no PEM certificate could be read");
    QFile keyFile(keyPath);
    if (!keyFile.open(QIODevice::ReadOnly))
        return makeError(keyPath.toStdString() + ": " + keyFile.errorString().toStdString());
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull()) key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return makeError(keyPath.toStdString() + ": not an unencrypted PEM RSA or EC key");
    if (!QSslSocket::supportsSsl())
        return makeError("TLS is not available: Qt found no TLS backend (OpenSSL)");
    if (!keyMatchesCertificate(key, certs.first()))
        return makeError(keyPath.toStdString() + ": this key does not match the certificate " +
                         certificatePath.toStdString() + " (its public key is another)");
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    ssl.setLocalCertificate(certs.first());
    if (certs.size() > 1) ssl.setLocalCertificateChain(certs);
    ssl.setPrivateKey(key);
    ssl.setPeerVerifyMode(QSslSocket::VerifyNone);
    ssl.setProtocol(QSsl::TlsV1_2OrLater);
    ssl.setCiphers(strongCiphers());
    return ssl;
}

}  // namespace framenote::sync
