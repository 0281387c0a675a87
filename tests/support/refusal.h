#pragma once
// Refusals, checked one way whoever refuses: the Error the wire decoder would have the relay send
// (decoderRefusal), or the one a relay sent back (RawClient::refusalTo, ::refusalOf), matched by
// IsRefusal(code, message). The message is a string (the whole message) or a matcher such as
// HasSubstr or StartsWith.
#include <gmock/gmock.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/sync/wire_codec.h"

namespace framenote::test {

using ::testing::HasSubstr;
using ::testing::StartsWith;

// What the relay answers to `bytes` when the decoder refuses them (the message and code of
// refusalEnvelope); nullopt when they decode.
inline std::optional<sync::v1::Error> decoderRefusal(std::string_view bytes,
                                                     const sync::DecodeOptions& options = {}) {
    sync::DecodeFailure why;
    auto decoded = sync::decodeEnvelope(bytes, options, &why);
    if (decoded) return std::nullopt;
    return sync::refusalEnvelope(decoded.error(), why).error();
}

inline const sync::v1::Error* refusalIn(const std::optional<sync::v1::Error>& e) {
    return e ? &*e : nullptr;
}
inline const sync::v1::Error* refusalIn(const sync::v1::Error* e) { return e; }
inline const sync::v1::Error* refusalIn(const sync::v1::Error& e) { return &e; }

// A refusal with `code` whose message matches `message`.
MATCHER_P2(IsRefusal, code, message,
           std::string(negation ? "not " : "") + "a refusal " +
               sync::v1::ErrorCode_Name(static_cast<sync::v1::ErrorCode>(code)) +
               " whose message " + ::testing::DescribeMatcher<std::string>(message)) {
    const sync::v1::Error* e = refusalIn(arg);
    if (!e) {
        *result_listener << "no refusal came";
        return false;
    }
    *result_listener << sync::v1::ErrorCode_Name(e->code()) << " \"" << e->message() << "\"";
    return e->code() == code &&
           ::testing::SafeMatcherCast<const std::string&>(message).Matches(e->message());
}

}  // namespace framenote::test
