#include "server/secret_token.hpp"

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace mi::server {

namespace {

template <std::size_t N>
std::array<unsigned char, N> random_bytes() {
    std::array<unsigned char, N> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        throw std::runtime_error("the system's random number generator failed (OpenSSL RAND_bytes)");
    }
    return bytes;
}

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex.push_back(digits[bytes[i] >> 4]);
        hex.push_back(digits[bytes[i] & 0x0F]);
    }
    return hex;
}

}  // namespace

std::string generate_token() {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const auto bytes = random_bytes<32>();
    std::string token;
    unsigned int buffer = 0;
    int bits = 0;
    for (const unsigned char byte : bytes) {
        buffer = (buffer << 8) | byte;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            token.push_back(alphabet[(buffer >> bits) & 0x3F]);
        }
    }
    if (bits > 0) token.push_back(alphabet[(buffer << (6 - bits)) & 0x3F]);
    return token;
}

std::string generate_interview_id() {
    const auto bytes = random_bytes<16>();
    return to_hex(bytes.data(), bytes.size());
}

std::string sha256_hex(std::string_view text) {
    std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
    return to_hex(digest.data(), digest.size());
}

bool token_matches(std::string_view presented_token, std::string_view stored_sha256_hex) {
    const std::string presented_hash = sha256_hex(presented_token);
    return presented_hash.size() == stored_sha256_hex.size() &&
           CRYPTO_memcmp(presented_hash.data(), stored_sha256_hex.data(), presented_hash.size()) == 0;
}

}  // namespace mi::server
