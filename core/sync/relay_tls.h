#pragma once
// The relay's TLS settings (docs/PROTOCOL.md "Transport"): its certificate and key, checked to be
// a pair, TLS 1.2 or later, and on TLS 1.2 only forward-secret AEAD cipher suites.
#include <QSslConfiguration>
#include <QString>

#include "core/common/result.h"

namespace framenote::sync {

// Reads the PEM certificate (chain) and unencrypted PEM key (RSA or EC). Refuses a key that is
// not the certificate's, naming both files.
Result<QSslConfiguration> relayTlsConfiguration(const QString& certificatePath,
                                                const QString& keyPath);

}  // namespace framenote::sync
