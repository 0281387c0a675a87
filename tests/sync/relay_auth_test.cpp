// Tokens: what the relay signs it accepts, and every kind of bad token is refused with the reason.
#include "core/sync/relay_auth.h"

#include <gtest/gtest.h>

#include <QCryptographicHash>
#include <QDateTime>
#include <QMessageAuthenticationCode>

namespace fs = framenote::sync;
namespace fm = framenote::model;

namespace {

const QByteArray kSecret = "demo-secret-do-not-use";

fs::TokenClaims claims(int64_t exp = 1764604800) {
    fs::TokenClaims c;
    c.user = "ana";
    c.role = fm::Role::Reviewer;
    c.rooms = {"9f2c4e0b7d1a5c3e8f6b2d4a0c9e7f1b3d5a7c9e1f3b5d7a9c0e2f4b6d8a0c2e"};
    c.issuedAt = 1764000000;
    c.expiresAt = exp;
    return c;
}

}  // namespace

TEST(RelayAuth, TheDocumentedExampleTokenVerifies) {
    const QString token =
        "eyJ2IjoxLCJzdWIiOiJhbmEiLCJyb2xlIjoicmV2aWV3ZXIiLCJyb29tcyI6WyI5ZjJjNGUwYjdkMWE1YzNlOGY2Yj"
        "JkNGEwYzllN2Yx"
        "YjNkNWE3YzllMWYzYjVkN2E5YzBlMmY0YjZkOGEwYzJlIl0sImlhdCI6MTc2NDAwMDAwMCwiZXhwIjoxNzY0NjA0OD"
        "AwfQ."
        "5o8KK5WFK0Tx6_sp1ByQRdzzvzG8UQ1CNT5sWz3_Opo";
    auto verified = fs::verifyToken(token, kSecret, 1764100000);
    ASSERT_TRUE(verified.ok()) << verified.error();
    EXPECT_EQ(verified->user, "ana");
    EXPECT_EQ(verified->role, fm::Role::Reviewer);
    EXPECT_EQ(verified->expiresAt, 1764604800);
    EXPECT_TRUE(verified->allowsRoom(claims().rooms.first()));
    EXPECT_FALSE(verified->allowsRoom("another"));
    // The same claims signed here give the same token (compact JSON in the documented order).
    EXPECT_EQ(fs::signToken(claims(), kSecret), token);
}

TEST(RelayAuth, SignedTokensRoundTripAndWildcardRoomsAllowAny) {
    fs::TokenClaims c = claims(1764000000 + 30 * 86400);
    c.rooms = {"*"};
    c.role = fm::Role::Admin;
    c.user = "李雷";
    auto verified = fs::verifyToken(fs::signToken(c, kSecret), kSecret, 1764100000);
    ASSERT_TRUE(verified.ok()) << verified.error();
    EXPECT_EQ(verified->user, "李雷");
    EXPECT_EQ(verified->role, fm::Role::Admin);
    EXPECT_TRUE(verified->allowsRoom("anything"));
}

TEST(RelayAuth, BadTokensAreRefusedWithTheReason) {
    const QString good = fs::signToken(claims(), kSecret);
    auto expired = fs::verifyToken(good, kSecret, 1764604800 + 61);
    ASSERT_FALSE(expired.ok());
    EXPECT_EQ(expired.error(), "token expired at 2025-12-01T16:00:00Z");
    // 60 s of clock skew are allowed.
    EXPECT_TRUE(fs::verifyToken(good, kSecret, 1764604800 + 59).ok());

    auto otherSecret = fs::verifyToken(good, "another-secret", 1764100000);
    ASSERT_FALSE(otherSecret.ok());
    EXPECT_EQ(otherSecret.error(), "token signature does not match");

    QString tampered = good;
    tampered[5] = tampered[5] == 'A' ? 'B' : 'A';
    EXPECT_EQ(fs::verifyToken(tampered, kSecret, 1764100000).error(),
              "token signature does not match");

    EXPECT_FALSE(fs::verifyToken("", kSecret, 0).ok());
    EXPECT_NE(fs::verifyToken("abc", kSecret, 0).error().find("malformed"), std::string::npos);
    EXPECT_NE(fs::verifyToken("a.b.c", kSecret, 0).error().find("malformed"), std::string::npos);
    EXPECT_NE(fs::verifyToken("a$b.cd", kSecret, 0).error().find("signature"), std::string::npos);

    // A correctly signed token with bad claims.
    const auto signRaw = [&](const QByteArray& json) {
        const QByteArray body = fs::base64UrlEncode(json);
        const QByteArray mac = fs::base64UrlEncode(
            QMessageAuthenticationCode::hash(body, kSecret, QCryptographicHash::Sha256));
        return QString::fromLatin1(body + "." + mac);
    };
    EXPECT_NE(fs::verifyToken(
                  signRaw(R"({"v":2,"sub":"a","role":"admin","rooms":["*"],"exp":4000000000})"),
                  kSecret, 0)
                  .error()
                  .find("format"),
              std::string::npos);
    EXPECT_NE(fs::verifyToken(
                  signRaw(R"({"v":1,"sub":"a","role":"root","rooms":["*"],"exp":4000000000})"),
                  kSecret, 0)
                  .error()
                  .find("role"),
              std::string::npos);
    EXPECT_NE(fs::verifyToken(
                  signRaw(R"({"v":1,"sub":"","role":"admin","rooms":["*"],"exp":4000000000})"),
                  kSecret, 0)
                  .error()
                  .find("sub"),
              std::string::npos);
    EXPECT_NE(
        fs::verifyToken(signRaw(R"({"v":1,"sub":"a","role":"admin","exp":4000000000})"), kSecret, 0)
            .error()
            .find("rooms"),
        std::string::npos);
    EXPECT_NE(fs::verifyToken(signRaw("[1,2]"), kSecret, 0).error().find("JSON object"),
              std::string::npos);
}

TEST(RelayAuth, DurationsParse) {
    EXPECT_EQ(*fs::parseDurationSeconds("7d"), 7 * 86400);
    EXPECT_EQ(*fs::parseDurationSeconds("12h"), 12 * 3600);
    EXPECT_EQ(*fs::parseDurationSeconds("90"), 90);
    EXPECT_FALSE(fs::parseDurationSeconds("0").ok());
    EXPECT_FALSE(fs::parseDurationSeconds("-3d").ok());
    EXPECT_FALSE(fs::parseDurationSeconds("3y").ok());
    EXPECT_FALSE(fs::parseDurationSeconds("").ok());
}
