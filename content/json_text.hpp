// JSON text as this project reads it everywhere (content packs, protocol messages, REST bodies,
// eval corpora): nlohmann's parser, plus one rule it does not enforce. An object that names the
// same key twice is refused, because nlohmann would keep only the last value and silently drop the
// others; an author or a client who wrote both meant something by each.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace mi::content {

struct JsonText {
    nlohmann::json value;                     // with a repeated key, holds the last of its values
    // The JSON pointer of every key that repeats one before it in the same object ("/questions/3/id"),
    // in text order; empty when the text is acceptable.
    std::vector<std::string> duplicate_keys;
};

// Why a text is not JSON this project can read: a syntax error, or a number beyond what a double
// holds (1e999). `byte` is the 1-based position nlohmann reports for a syntax error, or the
// offset + 1 of the number (0: unknown); `what()` is the reason alone, never the input.
class JsonTextError : public std::runtime_error {
public:
    JsonTextError(std::size_t byte, const std::string& reason) : std::runtime_error(reason), byte(byte) {}
    std::size_t byte;
};

// Parses `text`. Throws JsonTextError, and nothing else, for text it cannot accept.
[[nodiscard]] JsonText parse_json_text(std::string_view text);

// "the key \"id\" appears more than once in the same object; ..." for one of duplicate_keys.
[[nodiscard]] std::string describe_duplicate_key(std::string_view pointer);

}  // namespace mi::content
