#include "server/chat/webhook_signature.hpp"

#include <array>
#include <cstdint>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace mi::server::chat {

namespace {

// Unix seconds as the platforms send them: digits only, no sign, no fraction.
bool parse_unix_seconds(std::string_view text, std::int64_t& seconds) {
    if (text.empty() || text.size() > 12) return false;
    seconds = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return false;
        seconds = seconds * 10 + (c - '0');
    }
    return true;
}

SignatureCheck refuse(SignatureVerdict verdict, std::string reason) { return {verdict, std::move(reason)}; }

// The timestamp header, read and checked against the window.
SignatureCheck check_timestamp(std::string_view header_name, std::string_view timestamp,
                               std::chrono::system_clock::time_point now) {
    if (timestamp.empty()) {
        return refuse(SignatureVerdict::missing, "the " + std::string(header_name) + " header is missing");
    }
    std::int64_t seconds = 0;
    if (!parse_unix_seconds(timestamp, seconds)) {
        return refuse(SignatureVerdict::malformed,
                      "the " + std::string(header_name) + " header must be Unix time in whole seconds");
    }
    const auto now_seconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    const auto skew = now_seconds > seconds ? now_seconds - seconds : seconds - now_seconds;
    if (skew > signature_window.count()) {
        return refuse(SignatureVerdict::stale, "the request was signed " + std::to_string(skew) +
                                                   " s away from the server's time; at most " +
                                                   std::to_string(signature_window.count()) + " s is accepted");
    }
    return {SignatureVerdict::valid, {}};
}

SignatureCheck check_signature(std::string_view header_name, std::string_view prefix, std::string_view presented,
                               const std::string& expected) {
    if (presented.empty()) return refuse(SignatureVerdict::missing, "the " + std::string(header_name) + " header is missing");
    if (presented.substr(0, prefix.size()) != prefix) {
        return refuse(SignatureVerdict::malformed,
                      "the " + std::string(header_name) + " header must start with '" + std::string(prefix) + "'");
    }
    if (!constant_time_equal(presented, expected)) {
        return refuse(SignatureVerdict::mismatch, "the " + std::string(header_name) +
                                                      " header does not match the request body and timestamp");
    }
    return {SignatureVerdict::valid, {}};
}

}  // namespace

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), digest.data(), &length);
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex.push_back(digits[digest[i] >> 4]);
        hex.push_back(digits[digest[i] & 0x0F]);
    }
    return hex;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string generic_signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
    std::string message;
    message.reserve(timestamp.size() + 1 + body.size());
    message.append(timestamp).append(".").append(body);
    return "sha256=" + hmac_sha256_hex(secret, message);
}

SignatureCheck verify_generic_signature(std::string_view secret, std::string_view timestamp_header,
                                        std::string_view signature_header, std::string_view body,
                                        std::chrono::system_clock::time_point now) {
    if (signature_header.empty()) return refuse(SignatureVerdict::missing, "the X-Signature header is missing");
    auto time_check = check_timestamp("X-Signature-Timestamp", timestamp_header, now);
    if (!time_check.valid()) return time_check;
    return check_signature("X-Signature", "sha256=", signature_header, generic_signature(secret, timestamp_header, body));
}

std::string slack_signature(std::string_view secret, std::string_view timestamp, std::string_view body) {
    std::string message;
    message.reserve(4 + timestamp.size() + body.size());
    message.append("v0:").append(timestamp).append(":").append(body);
    return "v0=" + hmac_sha256_hex(secret, message);
}

SignatureCheck verify_slack_signature(std::string_view secret, std::string_view timestamp_header,
                                      std::string_view signature_header, std::string_view body,
                                      std::chrono::system_clock::time_point now) {
    if (signature_header.empty()) return refuse(SignatureVerdict::missing, "the X-Slack-Signature header is missing");
    auto time_check = check_timestamp("X-Slack-Request-Timestamp", timestamp_header, now);
    if (!time_check.valid()) return time_check;
    return check_signature("X-Slack-Signature", "v0=", signature_header, slack_signature(secret, timestamp_header, body));
}

SignatureCheck verify_telegram_secret(std::string_view secret, std::string_view header) {
    if (header.empty()) {
        return refuse(SignatureVerdict::missing, "the X-Telegram-Bot-Api-Secret-Token header is missing");
    }
    if (!constant_time_equal(header, secret)) {
        return refuse(SignatureVerdict::mismatch,
                      "the X-Telegram-Bot-Api-Secret-Token header is not the secret token this bot was given");
    }
    return {SignatureVerdict::valid, {}};
}

}  // namespace mi::server::chat
