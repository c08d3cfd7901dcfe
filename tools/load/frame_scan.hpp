// What the load generator needs to know about a server frame, without parsing it as JSON: the
// top-level "type" (the frame's kind) and the first "type" one level down (an event's type). A
// single pass over the bytes that tracks strings and nesting, so the generator's own CPU stays
// small next to the server's. Pure, so it is unit-tested (tests/tools/load_parts_test.cpp).
#pragma once

#include <cstddef>
#include <string_view>

namespace mi::load {

struct FrameKinds {
    std::string_view type;          // the frame's own "type": "ack", "event", "turn_complete", ...
    std::string_view nested_type;   // the first "type" inside an object one level down ("feedback")
};

// `frame` must outlive the result (the views point into it). Malformed input gives empty views.
inline FrameKinds scan_frame_kinds(std::string_view frame) {
    FrameKinds kinds;
    int depth = 0;
    bool expecting_key = false;     // the next string at this depth is a key
    std::string_view last_key;
    std::size_t i = 0;
    const std::size_t n = frame.size();
    while (i < n) {
        const char c = frame[i];
        if (c == '"') {
            const std::size_t start = ++i;
            while (i < n && frame[i] != '"') i += frame[i] == '\\' ? 2 : 1;
            if (i >= n) return {};
            const std::string_view text = frame.substr(start, i - start);
            ++i;
            if (expecting_key) {
                last_key = text;
                expecting_key = false;
            } else if (last_key == "type") {
                if (depth == 1 && kinds.type.empty()) kinds.type = text;
                if (depth == 2 && kinds.nested_type.empty()) kinds.nested_type = text;
                last_key = {};
            }
            continue;
        }
        if (c == '{') {
            ++depth;
            expecting_key = true;
        } else if (c == '}') {
            --depth;
        } else if (c == '[') {
            ++depth;
        } else if (c == ']') {
            --depth;
        } else if (c == ',') {
            // A comma inside an object starts a key; inside an array, a value. Arrays of objects
            // reset on '{', so treating every comma as "key next" only misleads inside arrays of
            // strings, where a string value is then taken as a key and ignored.
            expecting_key = true;
            last_key = {};
        } else if (c == ':') {
            expecting_key = false;
        }
        ++i;
    }
    return kinds;
}

}  // namespace mi::load
