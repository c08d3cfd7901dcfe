// A practice profile's recovery code: what the candidate writes down to use the profile on
// another device. Sixteen characters of Crockford's base32 (no I, L, O or U, so nothing reads as
// another character), in four groups: "K7QM-2XPD-9RTA-H4WN", 80 random bits. Only its SHA-256 is
// stored, of the normal form, so the code is accepted however it is typed back.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mi::server::profiles {

inline constexpr std::size_t recovery_code_characters = 16;

// A fresh code from OpenSSL's CSPRNG, grouped for reading ("K7QM-2XPD-9RTA-H4WN").
[[nodiscard]] std::string generate_recovery_code();

// The code as typed back (any case, spaces or hyphens anywhere, O for 0, I or L for 1) in its
// normal form ("K7QM2XPD9RTAH4WN"); nullopt when it is not sixteen characters of the alphabet.
[[nodiscard]] std::optional<std::string> normalise_recovery_code(std::string_view typed);

}  // namespace mi::server::profiles
