#pragma once
// Relay tokens (docs/PROTOCOL.md "Authentication"):
//   token = base64url(claims_json) "." base64url(HMAC-SHA256(secret, base64url(claims_json)))
// base64url without padding; the MAC covers the ASCII text of the first segment, so the JSON
// never has to be canonical. Claims: v (1), sub, role, rooms (["*"] = any), iat, exp, jti.
#include <QByteArray>
#include <QString>
#include <QStringList>
#include <cstdint>

#include "core/common/result.h"
#include "core/model/annotation.h"

namespace framenote::sync {

struct TokenClaims {
    QString user;  // "sub"
    model::Role role = model::Role::Reviewer;
    QStringList rooms;      // media ids; {"*"} for any room
    int64_t issuedAt = 0;   // "iat", seconds since the Unix epoch (UTC)
    int64_t expiresAt = 0;  // "exp", seconds since the Unix epoch (UTC)
    QString tokenId;        // "jti", optional

    bool allowsRoom(const QString& mediaId) const;
};

inline constexpr int64_t kTokenClockSkewSeconds = 60;
// The longest lifetime (exp - iat) a relay accepts unless told otherwise (--max-token-ttl): a
// leaked token stops working within it even if nobody revokes it.
inline constexpr int64_t kDefaultMaxTokenTtlSeconds = int64_t{30} * 86400;
// iat and exp lie between the epoch and this (9999-12-31T23:59:59Z): exp * 1000 (milliseconds,
// as in Welcome.token_expires_ms) never overflows, and every such time has an ISO 8601 form.
inline constexpr int64_t kLatestTokenTimeSeconds = int64_t{253402300799};

QByteArray base64UrlEncode(const QByteArray& bytes);
// Refuses padding and characters outside the base64url alphabet.
Result<QByteArray> base64UrlDecode(const QByteArray& text);

QString signToken(const TokenClaims& claims, const QByteArray& secret);
// Checks the form, the MAC (constant time), v == 1, the role, the user name, iat and exp (within
// the epoch and kLatestTokenTimeSeconds), the lifetime exp - iat (at most maxTtlSeconds, and exp
// no later than that from now) and the expiry (with kTokenClockSkewSeconds of skew). The error
// names the reason, e.g. "token expired at 2026-12-02T00:00:00Z" or "token signature does not
// match".
Result<TokenClaims> verifyToken(const QString& token, const QByteArray& secret, int64_t nowSeconds,
                                int64_t maxTtlSeconds = kDefaultMaxTokenTtlSeconds);

// "30 days", "12 hours", "90 seconds": a lifetime in words for messages.
std::string describeSeconds(int64_t seconds);

// "7d", "12h", "30m", "45s" or plain seconds. Refuses zero, negative and malformed values, and
// more than kLatestTokenTimeSeconds (no duration this relay uses is longer).
Result<int64_t> parseDurationSeconds(const QString& text);

// A fresh random secret as text (43 base64url characters, 256 bits).
QByteArray makeSecret();

}  // namespace framenote::sync

namespace framenote::sync {
// The relay's token secret kept in `path` (one line of text): read it, or create it (mode 0600)
// with makeSecret() when the file does not exist.
Result<QByteArray> loadOrCreateSecret(const QString& path);
// The relay's data directory (the secret and the room logs): made mode 0700 whatever the umask
// when it does not exist (its parents as usual); an existing directory is left as it is.
Status makeDataDirectory(const QString& path);
}  // namespace framenote::sync
