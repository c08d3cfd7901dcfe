#include "server/profiles/recovery_code.hpp"

#include <array>
#include <stdexcept>

#include <openssl/rand.h>

namespace mi::server::profiles {

namespace {

constexpr std::string_view alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::size_t group_size = 4;

}  // namespace

std::string generate_recovery_code() {
    std::array<unsigned char, recovery_code_characters> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("the system's random number generator failed (OpenSSL RAND_bytes)");
    }
    std::string code;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i > 0 && i % group_size == 0) code.push_back('-');
        // 256 is a multiple of 32: taking the low five bits keeps every character equally likely.
        code.push_back(alphabet[bytes[i] & 0x1F]);
    }
    return code;
}

std::optional<std::string> normalise_recovery_code(std::string_view typed) {
    std::string code;
    for (const char raw : typed) {
        if (raw == '-' || raw == ' ') continue;
        char c = raw >= 'a' && raw <= 'z' ? static_cast<char>(raw - 'a' + 'A') : raw;
        if (c == 'O') c = '0';
        if (c == 'I' || c == 'L') c = '1';
        if (alphabet.find(c) == std::string_view::npos) return std::nullopt;
        code.push_back(c);
        if (code.size() > recovery_code_characters) return std::nullopt;
    }
    if (code.size() != recovery_code_characters) return std::nullopt;
    return code;
}

}  // namespace mi::server::profiles
