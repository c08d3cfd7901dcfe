#include "content/json_writer.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace mi::content {

namespace {

// The length of the valid UTF-8 sequence starting at text[at] (2 to 4), or 0 when there is none:
// no overlong forms, no surrogates, nothing above U+10FFFF (what nlohmann's decoder accepts).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at) {
    const auto byte = [&](std::size_t offset) {
        return at + offset < text.size() ? static_cast<unsigned char>(text[at + offset]) : 0U;
    };
    const auto continuation = [&](std::size_t offset, unsigned low = 0x80, unsigned high = 0xbf) {
        const auto value = byte(offset);
        return at + offset < text.size() && value >= low && value <= high;
    };
    const auto lead = byte(0);
    if (lead >= 0xc2 && lead <= 0xdf) return continuation(1) ? 2 : 0;
    if (lead >= 0xe0 && lead <= 0xef) {
        const bool second = lead == 0xe0 ? continuation(1, 0xa0) : lead == 0xed ? continuation(1, 0x80, 0x9f)
                                                                               : continuation(1);
        return second && continuation(2) ? 3 : 0;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
        const bool second = lead == 0xf0 ? continuation(1, 0x90) : lead == 0xf4 ? continuation(1, 0x80, 0x8f)
                                                                               : continuation(1);
        return second && continuation(2) && continuation(3) ? 4 : 0;
    }
    return 0;
}

void append_escaped(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t run = 0;    // start of the bytes copied as they are
    std::size_t at = 0;
    while (at < text.size()) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\') {
            ++at;
            continue;
        }
        if (byte >= 0x80) {
            const auto length = utf8_sequence_length(text, at);
            if (length == 0) throw JsonWriterInvalidUtf8();
            at += length;
            continue;
        }
        out.append(text.substr(run, at - run));
        switch (byte) {
            case '"': out.append("\\\""); break;
            case '\\': out.append("\\\\"); break;
            case '\b': out.append("\\b"); break;
            case '\f': out.append("\\f"); break;
            case '\n': out.append("\\n"); break;
            case '\r': out.append("\\r"); break;
            case '\t': out.append("\\t"); break;
            default:
                out.append("\\u00");
                out.push_back(hex[byte >> 4]);
                out.push_back(hex[byte & 0x0f]);
        }
        run = ++at;
    }
    out.append(text.substr(run));
    out.push_back('"');
}

template <typename Number>
void append_integer(std::string& out, Number number) {
    std::array<char, 24> digits{};
    const char* end = std::to_chars(digits.data(), digits.data() + digits.size(), number).ptr;
    out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

void append_double(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out.append("null");
        return;
    }
    // nlohmann's own shortest round-trip form (Grisu2, "0.8", "1e-05", "3.0"), which its dump()
    // writes for a double.
    std::array<char, 64> digits{};
    const char* end = nlohmann::detail::to_chars(digits.data(), digits.data() + digits.size(), value);
    out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

// dump()'s text of a tree. Its objects are std::maps, so their keys come in dump()'s order and
// need no check. Throws JsonWriterInvalidUtf8 where dump() would throw.
void append_tree(std::string& out, const nlohmann::json& node) {
    using Kind = nlohmann::json::value_t;
    switch (node.type()) {
        case Kind::object: {
            out.push_back('{');
            bool first = true;
            for (const auto& [key, member] : node.get_ref<const nlohmann::json::object_t&>()) {
                if (!first) out.push_back(',');
                first = false;
                append_escaped(out, key);
                out.push_back(':');
                append_tree(out, member);
            }
            out.push_back('}');
            return;
        }
        case Kind::array: {
            out.push_back('[');
            bool first = true;
            for (const auto& element : node.get_ref<const nlohmann::json::array_t&>()) {
                if (!first) out.push_back(',');
                first = false;
                append_tree(out, element);
            }
            out.push_back(']');
            return;
        }
        case Kind::string: append_escaped(out, node.get_ref<const std::string&>()); return;
        case Kind::boolean: out.append(node.get<bool>() ? "true" : "false"); return;
        case Kind::number_integer: append_integer(out, node.get<std::int64_t>()); return;
        case Kind::number_unsigned: append_integer(out, node.get<std::uint64_t>()); return;
        case Kind::number_float: append_double(out, node.get<double>()); return;
        case Kind::null: out.append("null"); return;
        case Kind::binary:
        case Kind::discarded: break;
    }
    // Values the project never builds keep dump()'s own forms.
    out.append(node.dump());
}

}  // namespace

std::string dump_json_text(const nlohmann::json& tree) {
    std::string out;
    try {
        append_tree(out, tree);
    } catch (const JsonWriterInvalidUtf8&) {
        return tree.dump();   // throws nlohmann's type_error 316, saying where
    }
    return out;
}

std::string dump_json_text_replacing(const nlohmann::json& tree) {
    std::string out;
    try {
        append_tree(out, tree);
    } catch (const JsonWriterInvalidUtf8&) {
        return tree.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    return out;
}

void JsonWriter::before_value() {
    if (levels_.empty()) return;
    auto& level = levels_.back();
    if (level.object) {
        if (!after_key_) throw std::logic_error("JsonWriter: a value inside an object needs its key first");
        after_key_ = false;
        return;
    }
    if (!level.first) out_.push_back(',');
    level.first = false;
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    out_.push_back('{');
    levels_.push_back(Level{true, true, {}});
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    if (levels_.empty() || !levels_.back().object || after_key_) {
        throw std::logic_error("JsonWriter: end_object without an open object, or after a key");
    }
    levels_.pop_back();
    out_.push_back('}');
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    out_.push_back('[');
    levels_.push_back(Level{false, true, {}});
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    if (levels_.empty() || levels_.back().object) throw std::logic_error("JsonWriter: end_array without an open array");
    levels_.pop_back();
    out_.push_back(']');
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    if (levels_.empty() || !levels_.back().object || after_key_) {
        throw std::logic_error("JsonWriter: a key outside an object, or two keys in a row");
    }
    auto& level = levels_.back();
    if (!level.first && !(std::string_view(level.last_key) < name)) {
        throw std::logic_error("JsonWriter: key \"" + std::string(name) + "\" comes after \"" + level.last_key +
                               "\"; nlohmann's objects order keys, so must the writer");
    }
    if (!level.first) out_.push_back(',');
    level.first = false;
    level.last_key.assign(name);
    append_escaped(out_, name);
    out_.push_back(':');
    after_key_ = true;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view text) {
    before_value();
    append_escaped(out_, text);
    return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t number) {
    before_value();
    append_integer(out_, number);
    return *this;
}

JsonWriter& JsonWriter::unsigned_integer(std::uint64_t number) {
    before_value();
    append_integer(out_, number);
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
    before_value();
    out_.append(value ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::number(double value) {
    before_value();
    append_double(out_, value);
    return *this;
}

JsonWriter& JsonWriter::strings(const std::vector<std::string>& texts) {
    begin_array();
    for (const auto& text : texts) string(text);
    return end_array();
}

JsonWriter& JsonWriter::value(const nlohmann::json& tree) {
    before_value();
    append_tree(out_, tree);
    return *this;
}

std::string JsonWriter::take() {
    if (!levels_.empty()) throw std::logic_error("JsonWriter: take() with an object or array still open");
    std::string text = std::move(out_);
    out_.clear();
    after_key_ = false;
    return text;
}

}  // namespace mi::content
