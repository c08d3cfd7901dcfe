// The recovery code's form. The profile store's own tests are contract tests, run on every
// backend (store_contract_profile_test.cpp).
#include <catch2/catch.hpp>

#include <string_view>

#include "server/profiles/recovery_code.hpp"

using namespace mi::server::profiles;

TEST_CASE("a recovery code is four groups of the unambiguous alphabet and reads back however it is typed", "[server][profiles]") {
    const auto code = generate_recovery_code();
    REQUIRE(code.size() == 19);
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i % 5 == 4) {
            CHECK(code[i] == '-');
        } else {
            CHECK(std::string_view("0123456789ABCDEFGHJKMNPQRSTVWXYZ").find(code[i]) != std::string_view::npos);
        }
    }
    CHECK(generate_recovery_code() != code);
    CHECK(normalise_recovery_code("K7QM-2XPD-9RTA-H4WN") == "K7QM2XPD9RTAH4WN");
    CHECK(normalise_recovery_code("k7qm 2xpd 9rta h4wn") == "K7QM2XPD9RTAH4WN");
    CHECK(normalise_recovery_code("OOOO-IIII-LLLL-0000") == "0000111111110000");
    CHECK_FALSE(normalise_recovery_code("K7QM-2XPD-9RTA"));          // too short
    CHECK_FALSE(normalise_recovery_code("K7QM-2XPD-9RTA-H4WNX"));    // too long
    CHECK_FALSE(normalise_recovery_code("K7QM-2XPD-9RTA-H4WU"));     // U is not in the alphabet
}
