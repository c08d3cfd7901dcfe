#include "content/json_text.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
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


// The quick road for text that is well-formed JSON with no repeated key, which is nearly all
// the server reads on every answer (the candidate's message, the stored events a report is
// rebuilt from). nlohmann's lexer takes each byte through its input adapter and pushes it into a
// token buffer one at a time; this parser copies a string's plain runs whole, and was about a
// sixth of the server's instructions. It builds the same tree nlohmann does (non-negative integers
// as unsigned, negative ones as signed, an integer beyond 64 bits as a double, the same doubles),
// and it gives up (returns false) at anything else: a syntax error, a repeated key, a number a
// double cannot hold, a byte-order mark, deep nesting. Then parse_json_text runs nlohmann's
// parser, which accepts or refuses it and says where and why, exactly as before.
class WellFormedJson {
public:
    explicit WellFormedJson(std::string_view text) : at_(text.data()), end_(text.data() + text.size()) {}

    bool parse(json& out) {
        if (end_ - at_ >= 3 && std::memcmp(at_, "\xEF\xBB\xBF", 3) == 0) return false;
        skip_space();
        if (!value(out, 0)) return false;
        skip_space();
        return at_ == end_;
    }

private:
    // Beyond this, nlohmann's parser (which recurses without a limit of its own) gets the text.
    static constexpr int max_depth = 200;

    void skip_space() {
        while (at_ != end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - at_) < word.size() || std::memcmp(at_, word.data(), word.size()) != 0) {
            return false;
        }
        at_ += word.size();
        return true;
    }

    bool value(json& out, int depth) {
        if (at_ == end_) return false;
        switch (*at_) {
            case '{': return object(out, depth + 1);
            case '[': return array(out, depth + 1);
            case '"': {
                std::string text;
                if (!string(text)) return false;
                out = std::move(text);
                return true;
            }
            case 't': out = true; return literal("true");
            case 'f': out = false; return literal("false");
            case 'n': out = nullptr; return literal("null");
            default: return number(out);
        }
    }

    bool object(json& out, int depth) {
        if (depth > max_depth) return false;
        ++at_;
        out = json::object();
        auto& members = out.get_ref<json::object_t&>();
        skip_space();
        if (at_ != end_ && *at_ == '}') {
            ++at_;
            return true;
        }
        for (;;) {
            skip_space();
            if (at_ == end_ || *at_ != '"') return false;
            std::string key;
            if (!string(key)) return false;
            skip_space();
            if (at_ == end_ || *at_ != ':') return false;
            ++at_;
            skip_space();
            json member;
            if (!value(member, depth)) return false;
            if (!members.emplace(std::move(key), std::move(member)).second) return false;   // repeated: nlohmann says where
            skip_space();
            if (at_ == end_) return false;
            if (*at_ == '}') {
                ++at_;
                return true;
            }
            if (*at_ != ',') return false;
            ++at_;
        }
    }

    bool array(json& out, int depth) {
        if (depth > max_depth) return false;
        ++at_;
        out = json::array();
        auto& elements = out.get_ref<json::array_t&>();
        skip_space();
        if (at_ != end_ && *at_ == ']') {
            ++at_;
            return true;
        }
        for (;;) {
            skip_space();
            if (!value(elements.emplace_back(), depth)) return false;
            skip_space();
            if (at_ == end_) return false;
            if (*at_ == ']') {
                ++at_;
                return true;
            }
            if (*at_ != ',') return false;
            ++at_;
        }
    }

    // The bytes of one UTF-8 character starting at at_ (RFC 3629: no overlong forms, no
    // surrogates, nothing past U+10FFFF), or 0 when they are not one.
    [[nodiscard]] std::size_t utf8_length() const {
        const auto byte = [&](std::ptrdiff_t i) { return static_cast<unsigned char>(at_[i]); };
        const auto left = end_ - at_;
        const auto lead = byte(0);
        const auto follows = [&](std::ptrdiff_t i, unsigned char low = 0x80, unsigned char high = 0xBF) {
            return i < left && byte(i) >= low && byte(i) <= high;
        };
        if (lead >= 0xC2 && lead <= 0xDF) return follows(1) ? 2 : 0;
        if (lead == 0xE0) return follows(1, 0xA0) && follows(2) ? 3 : 0;
        if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) return follows(1) && follows(2) ? 3 : 0;
        if (lead == 0xED) return follows(1, 0x80, 0x9F) && follows(2) ? 3 : 0;
        if (lead == 0xF0) return follows(1, 0x90) && follows(2) && follows(3) ? 4 : 0;
        if (lead >= 0xF1 && lead <= 0xF3) return follows(1) && follows(2) && follows(3) ? 4 : 0;
        if (lead == 0xF4) return follows(1, 0x80, 0x8F) && follows(2) && follows(3) ? 4 : 0;
        return 0;
    }

    bool hex4(unsigned& code) {
        if (end_ - at_ < 4) return false;
        code = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = *at_++;
            code <<= 4;
            if (c >= '0' && c <= '9') code |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f') code |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F') code |= static_cast<unsigned>(c - 'A' + 10);
            else return false;
        }
        return true;
    }

    static void append_utf8(std::string& out, unsigned code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    // After the opening quote: \uD83D\uDE00 pairs make one character; a lone half is an error.
    bool escape(std::string& out) {
        if (at_ == end_) return false;
        switch (*at_++) {
            case '"': out += '"'; return true;
            case '\\': out += '\\'; return true;
            case '/': out += '/'; return true;
            case 'b': out += '\b'; return true;
            case 'f': out += '\f'; return true;
            case 'n': out += '\n'; return true;
            case 'r': out += '\r'; return true;
            case 't': out += '\t'; return true;
            case 'u': {
                unsigned code = 0;
                if (!hex4(code)) return false;
                if (code >= 0xDC00 && code <= 0xDFFF) return false;
                if (code >= 0xD800 && code <= 0xDBFF) {
                    unsigned low = 0;
                    if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return false;
                    at_ += 2;
                    if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                }
                append_utf8(out, code);
                return true;
            }
            default: return false;
        }
    }

    bool string(std::string& out) {
        ++at_;   // the opening quote
        for (;;) {
            const char* run = at_;
            while (at_ != end_) {
                const auto c = static_cast<unsigned char>(*at_);
                if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
                ++at_;
            }
            out.append(run, static_cast<std::size_t>(at_ - run));
            if (at_ == end_) return false;
            const auto c = static_cast<unsigned char>(*at_);
            if (c == '"') {
                ++at_;
                return true;
            }
            if (c == '\\') {
                ++at_;
                if (!escape(out)) return false;
            } else if (c >= 0x80) {
                const auto length = utf8_length();
                if (length == 0) return false;
                out.append(at_, length);
                at_ += length;
            } else {
                return false;   // a control character must be escaped
            }
        }
    }

    static bool digit(char c) { return c >= '0' && c <= '9'; }

    bool number(json& out) {
        const char* start = at_;
        bool integer = true;
        if (at_ != end_ && *at_ == '-') ++at_;
        if (at_ == end_ || !digit(*at_)) return false;
        if (*at_ == '0') {
            ++at_;
        } else {
            while (at_ != end_ && digit(*at_)) ++at_;
        }
        if (at_ != end_ && *at_ == '.') {
            integer = false;
            ++at_;
            if (at_ == end_ || !digit(*at_)) return false;
            while (at_ != end_ && digit(*at_)) ++at_;
        }
        if (at_ != end_ && (*at_ == 'e' || *at_ == 'E')) {
            integer = false;
            ++at_;
            if (at_ != end_ && (*at_ == '+' || *at_ == '-')) ++at_;
            if (at_ == end_ || !digit(*at_)) return false;
            while (at_ != end_ && digit(*at_)) ++at_;
        }
        if (integer) {
            if (*start == '-') {
                std::int64_t signed_value = 0;
                if (std::from_chars(start, at_, signed_value).ec == std::errc{}) {
                    out = signed_value;
                    return true;
                }
            } else {
                std::uint64_t unsigned_value = 0;
                if (std::from_chars(start, at_, unsigned_value).ec == std::errc{}) {
                    out = unsigned_value;
                    return true;
                }
            }
        }
        // A fraction, an exponent or an integer beyond 64 bits: a double, as nlohmann reads it.
        double real = 0;
        const auto read = std::from_chars(start, at_, real);
        if (read.ec != std::errc{} || read.ptr != at_ || !std::isfinite(real)) return false;
        out = real;
        return true;
    }

    const char* at_;
    const char* end_;
};

}  // namespace

JsonText parse_json_text(std::string_view text) {
    JsonText result;
    if (WellFormedJson(text).parse(result.value)) return result;
    result.value = json();
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
