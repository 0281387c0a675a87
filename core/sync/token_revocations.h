#pragma once
// Revoked tokens (docs/PROTOCOL.md "Authentication"): `framenote-relay revoke` appends to
// relay.revoked in the data directory, and a running relay reads it again when it changes, so a
// revocation reaches live connections within seconds and outlives restarts.
//
// One line per revocation: "id JTI" revokes the token with that id; "user NAME SECONDS" revokes
// every token issued to NAME at or before SECONDS (since the Unix epoch), so that tokens issued
// afterwards work. Lines the relay does not understand are skipped.
#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QString>

#include "core/common/result.h"
#include "core/sync/relay_auth.h"

namespace framenote::sync {

class TokenRevocations {
  public:
    static constexpr const char* kFileName = "relay.revoked";

    // Reads `path` (none: nothing is revoked).
    static Result<TokenRevocations> load(const QString& path);
    // Appends one revocation to `path` (made 0600), on disk when it returns.
    static Status revokeId(const QString& path, const QString& tokenId);
    static Status revokeUser(const QString& path, const QString& user, int64_t issuedUpToSeconds);

    // Why the token is revoked ("token revoked: id t1"), or an empty string.
    QString reasonRevoked(const TokenClaims& claims) const;
    // Whether the file at `path` changed since this was read (its size or modification time).
    bool changedOnDisk(const QString& path) const;

  private:
    QSet<QString> ids_;
    QHash<QString, int64_t> users_;  // name -> tokens issued up to this second are revoked
    int64_t size_ = -1;
    QDateTime modified_;
};

}  // namespace framenote::sync
