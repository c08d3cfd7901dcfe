// Any bytes as JSON text: parse_json_text, whose quick road reads well-formed text itself, must
// read exactly what nlohmann's parser reads (the same tree, the same kind of every number) and
// refuse exactly what it refuses; and dump_json_text must write back what dump() writes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "content/json_text.hpp"
#include "content/json_writer.hpp"

namespace {

// The tree's dump and the kind of every node in it: dump() writes 1 alike for 1u and 1.
std::string reading(const nlohmann::json& tree) {
    std::string kinds;
    const auto walk = [&](const auto& self, const nlohmann::json& node) -> void {
        kinds += node.type_name()[0];
        if (node.is_number_unsigned()) kinds += 'u';
        if (node.is_structured()) {
            for (const auto& child : node) self(self, child);
        }
    };
    walk(walk, tree);
    return tree.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + " " + kinds;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string expected = "refused";
    try {
        const auto tree = nlohmann::json::parse(text);
        expected = reading(tree);
        // A parsed tree's strings are UTF-8, so dump() does not throw here.
        if (mi::content::dump_json_text(tree) != tree.dump()) __builtin_trap();
    } catch (const nlohmann::json::exception&) {
    }
    std::string ours = "refused";
    try {
        ours = reading(mi::content::parse_json_text(text).value);
    } catch (const mi::content::JsonTextError&) {
    }
    if (ours != expected) __builtin_trap();
    return 0;
}
