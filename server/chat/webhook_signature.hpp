// Request signatures of the chat integrations, checked before a payload is even parsed: the
// generic webhook's `sha256=` HMAC over "timestamp.body", Slack's `v0=` HMAC over
// "v0:timestamp:body", and Telegram's static secret token. Pure functions: the secret, the
// headers, the raw body and the time come in; a verdict comes out. A verdict's reason names what
// was wrong for the caller, never the secret nor the expected signature.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace mi::server::chat {

// How far a signed request's timestamp may be from the server's clock, either way: a captured
// request cannot be replayed later than this, and clocks kept by NTP are far closer.
inline constexpr std::chrono::seconds signature_window{300};

enum class SignatureVerdict { valid, missing, malformed, stale, mismatch };

struct SignatureCheck {
    SignatureVerdict verdict = SignatureVerdict::missing;
    std::string reason;     // empty when valid
    [[nodiscard]] bool valid() const { return verdict == SignatureVerdict::valid; }
};

// Lower-case hex HMAC-SHA256 of `message` under `key`.
[[nodiscard]] std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// Equality that takes the same time wherever the texts differ (CRYPTO_memcmp); false for
// different lengths without looking further, which leaks only the length.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b);

// The generic webhook: `X-Signature: sha256=<hex HMAC(secret, timestamp + "." + body)>` and
// `X-Signature-Timestamp: <Unix seconds>`. Also what the callback sender puts in those headers.
[[nodiscard]] std::string generic_signature(std::string_view secret, std::string_view timestamp, std::string_view body);
[[nodiscard]] SignatureCheck verify_generic_signature(std::string_view secret, std::string_view timestamp_header,
                                                      std::string_view signature_header, std::string_view body,
                                                      std::chrono::system_clock::time_point now);

// Slack: `X-Slack-Signature: v0=<hex HMAC(signing secret, "v0:" + timestamp + ":" + body)>` and
// `X-Slack-Request-Timestamp`.
[[nodiscard]] std::string slack_signature(std::string_view secret, std::string_view timestamp, std::string_view body);
[[nodiscard]] SignatureCheck verify_slack_signature(std::string_view secret, std::string_view timestamp_header,
                                                    std::string_view signature_header, std::string_view body,
                                                    std::chrono::system_clock::time_point now);

// Telegram: `X-Telegram-Bot-Api-Secret-Token` equals the secret given to setWebhook. It has no
// timestamp, so replays are caught by update_id instead.
[[nodiscard]] SignatureCheck verify_telegram_secret(std::string_view secret, std::string_view header);

}  // namespace mi::server::chat
