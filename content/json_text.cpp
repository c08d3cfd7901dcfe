#include "content/json_text.hpp"

#include <cmath>
#include <cstdlib>
#include <set>
#include <vector>

namespace mi::content {
namespace {

using nlohmann::json;

// A JSON pointer reference token: '~' and '/' escaped (RFC 6901).
std::string escape_token(std::string_view key) {
    std::string token;
    for (char c : key) {
        if (c == '~') token += "~0";
        else if (c == '/') token += "~1";
        else token += c;
    }
    return token;
}

// Where the parser is: one frame per open object or array, with the child being read.
struct Frame {
    bool array = false;
    std::size_t index = 0;      // arrays: the element being read
    std::string key;            // objects: the member being read
    std::set<std::string> keys; // objects: the keys seen so far
};

std::string pointer_to(const std::vector<Frame>& frames) {
    std::string pointer;
    for (const Frame& frame : frames) pointer += "/" + (frame.array ? std::to_string(frame.index) : escape_token(frame.key));
    return pointer;
}

// The offset of the first number outside strings that a double cannot hold, or npos.
std::size_t find_overflowing_number(std::string_view text) {
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') ++i;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            std::size_t end = i;
            while (end < text.size() && std::string_view("+-.eE0123456789").find(text[end]) != std::string_view::npos) ++end;
            const std::string number(text.substr(i, end - i));
            if (std::isinf(std::strtod(number.c_str(), nullptr))) return i;
            i = end - 1;
        }
    }
    return std::string_view::npos;
}

}  // namespace

JsonText parse_json_text(std::string_view text) {
    JsonText result;
    std::vector<Frame> frames;
    auto element_done = [&] {
        if (!frames.empty() && frames.back().array) ++frames.back().index;
    };
    const json::parser_callback_t track = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
            case json::parse_event_t::object_start: frames.emplace_back(); break;
            case json::parse_event_t::array_start: frames.emplace_back().array = true; break;
            case json::parse_event_t::key: {
                Frame& frame = frames.back();
                frame.key = parsed.get<std::string>();
                if (!frame.keys.insert(frame.key).second) result.duplicate_keys.push_back(pointer_to(frames));
                break;
            }
            case json::parse_event_t::object_end:
            case json::parse_event_t::array_end:
                frames.pop_back();
                element_done();
                break;
            case json::parse_event_t::value: element_done(); break;
        }
        return true;
    };
    try {
        result.value = json::parse(text.begin(), text.end(), track);
    } catch (const json::parse_error& error) {
        // nlohmann's message quotes the text around the error; keep only its reason.
        std::string reason = error.what();
        if (const auto colon = reason.rfind(": "); colon != std::string::npos) reason = reason.substr(colon + 2);
        throw JsonTextError(error.byte, reason);
    } catch (const json::exception&) {
        // out_of_range 406: a number too large for a double. Its message repeats the whole number.
        const std::size_t at = find_overflowing_number(text);
        const std::size_t byte = at == std::string_view::npos ? 0 : at + 1;
        throw JsonTextError(byte, "a number too large to represent (JSON numbers here must stay within about 1.8e308)");
    }
    return result;
}

std::string describe_duplicate_key(std::string_view pointer) {
    const std::size_t slash = pointer.rfind('/');
    const std::string_view token = slash == std::string_view::npos ? pointer : pointer.substr(slash + 1);
    std::string key;   // the reference token unescaped: "~1" is '/', "~0" is '~'
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
            key += token[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            key += token[i];
        }
    }
    return "the key \"" + key + "\" appears more than once in the same object; only one of its values would be kept";
}

}  // namespace mi::content
