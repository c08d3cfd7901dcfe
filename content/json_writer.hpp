// JSON text written straight into a string, for the few values the server writes on every answer
// (the engine's events). Building an nlohmann tree only to dump it was a third of the server's CPU
// under load: every key and string allocated, copied, escaped and freed again.
//
// The text is byte for byte what nlohmann's dump() gives for the same value (no spaces, keys in
// the order of its std::map objects, the same escapes and number forms), so a reader cannot tell
// the two apart and stored events keep one form. That needs the caller to give each object's keys
// in ascending byte order; a key out of order throws std::logic_error (a bug in the caller, which
// its tests meet at once).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mi::content {

// A string that is not valid UTF-8: nlohmann's dump() refuses it too (type_error 316).
class JsonWriterInvalidUtf8 : public std::runtime_error {
public:
    JsonWriterInvalidUtf8() : std::runtime_error("a string is not valid UTF-8") {}
};

// dump()'s text of a tree, and dump(-1, ' ', false, replace)'s, without its serializer (which
// writes one byte at a time through a virtual adapter and decodes every string's UTF-8 byte by
// byte): for the trees still dumped where it counts (the report's event, API responses). A
// string that is not UTF-8 takes dump()'s own road, so its error (type_error 316) or its
// replacement characters are dump()'s.
[[nodiscard]] std::string dump_json_text(const nlohmann::json& tree);
[[nodiscard]] std::string dump_json_text_replacing(const nlohmann::json& tree);

class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    // The next member's key, inside an object; keys of one object must ascend.
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view text);   // throws JsonWriterInvalidUtf8
    JsonWriter& integer(std::int64_t number);
    JsonWriter& unsigned_integer(std::uint64_t number);
    JsonWriter& boolean(bool value);
    JsonWriter& number(double value);            // non-finite numbers as null, as dump() does
    JsonWriter& strings(const std::vector<std::string>& texts);   // an array of strings
    JsonWriter& value(const nlohmann::json& tree);                // dump()'s text of a tree

    // The text so far; the writer is left empty.
    [[nodiscard]] std::string take();

private:
    void before_value();

    struct Level {
        bool object = false;
        bool first = true;
        std::string last_key;
    };
    std::string out_;
    std::vector<Level> levels_;
    bool after_key_ = false;
};

}  // namespace mi::content
