#include "content/json_text.hpp"

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
    result.value = json::parse(text.begin(), text.end(), track);
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
