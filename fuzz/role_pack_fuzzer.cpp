// Any bytes as a role pack file: the loader reports problems (file, pointer, reason), never throws
// or crashes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "content/pack_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto result = mi::content::load_role_pack_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.json");
    for (const auto& problem : result.problems) {
        if (problem.message.empty()) __builtin_trap();
    }
    return 0;
}
