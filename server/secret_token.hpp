// Interview ids and candidate tokens. A token is shown to the candidate once; the server keeps
// only its SHA-256, so a leaked database does not let anyone into an interview.
#pragma once

#include <string>
#include <string_view>

namespace mi::server {

// 32 random bytes from OpenSSL's CSPRNG, base64url without padding (43 characters).
[[nodiscard]] std::string generate_token();
// 16 random bytes as 32 lower-case hex digits.
[[nodiscard]] std::string generate_interview_id();
// Lower-case hex SHA-256 of the text.
[[nodiscard]] std::string sha256_hex(std::string_view text);
// Constant-time comparison of a presented token against a stored hash.
[[nodiscard]] bool token_matches(std::string_view presented_token, std::string_view stored_sha256_hex);

}  // namespace mi::server
