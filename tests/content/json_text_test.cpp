// Repeated keys: nlohmann keeps the last value of a repeated key and drops the rest without a word.
// parse_json_text names every repeat by its JSON pointer, so no reader of JSON in this project loses data silently.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/json_text.hpp"

using mi::content::describe_duplicate_key;
using mi::content::parse_json_text;

TEST_CASE("Repeated keys are found at any depth, each by its JSON pointer", "[content][json]") {
    const auto parsed = parse_json_text(R"({
        "a": [{"x": 1}, {"x": 1, "y": [], "x": 2}],
        "b": {"c": {"d": 1, "d": 2, "d": 3}},
        "a~/b": 1, "a~/b": 2
    })");
    CHECK(parsed.duplicate_keys == std::vector<std::string>{"/a/1/x", "/b/c/d", "/b/c/d", "/a~0~1b"});
    CHECK(parsed.value.at("b").at("c").at("d") == 3);   // what nlohmann kept: the last value
}

TEST_CASE("The same key in different objects, or at different depths, is not a repeat", "[content][json]") {
    const auto parsed = parse_json_text(R"([{"x": 1}, {"x": 2}, {"x": {"x": [{"x": 3}]}}, "x", ["x", "x"]])");
    CHECK(parsed.duplicate_keys.empty());
    CHECK(parsed.value.size() == 5);
}

TEST_CASE("Syntax errors and numbers beyond a double throw JsonTextError with the byte, and scalars parse", "[content][json]") {
    CHECK_THROWS_AS(parse_json_text(R"({"a": 1,})"), mi::content::JsonTextError);
    CHECK_THROWS_AS(parse_json_text(""), mi::content::JsonTextError);
    try {
        (void)parse_json_text(R"({"type": "answer", "v": 1e999})");
        FAIL("1e999 was accepted");
    } catch (const mi::content::JsonTextError& error) {
        CHECK(error.byte == 25);
        CHECK(std::string(error.what()).find("1e999") == std::string::npos);   // the input is never echoed
    }
    try {
        (void)parse_json_text(R"({"a": "1e999 in a string", "b": [-2e400]})");
        FAIL("-2e400 was accepted");
    } catch (const mi::content::JsonTextError& error) {
        CHECK(error.byte == 34);
    }
    CHECK(parse_json_text("42").value == 42);
    CHECK(parse_json_text("42").duplicate_keys.empty());
}

TEST_CASE("A repeated key is described with its own name, unescaped", "[content][json]") {
    CHECK(describe_duplicate_key("/questions/3/id") ==
          "the key \"id\" appears more than once in the same object; only one of its values would be kept");
    CHECK_THAT(describe_duplicate_key("/a~0~1b"), Catch::StartsWith("the key \"a~/b\" appears"));
}

namespace {

// What nlohmann's own parser makes of `text`: the tree's dump (with its number kinds), or "refused".
std::string nlohmann_reading(const std::string& text) {
    try {
        const auto tree = nlohmann::json::parse(text);
        std::string kinds;   // dump() writes 1 for both an unsigned and a signed 1
        std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& node) {
            kinds += node.type_name()[0];
            if (node.is_number_unsigned()) kinds += 'u';
            if (node.is_structured()) {
                for (const auto& child : node) walk(child);
            }
        };
        walk(tree);
        return tree.dump() + " " + kinds;
    } catch (const nlohmann::json::exception&) {
        return "refused";
    }
}

std::string our_reading(const std::string& text) {
    try {
        const auto parsed = parse_json_text(text);
        std::string kinds;
        std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& node) {
            kinds += node.type_name()[0];
            if (node.is_number_unsigned()) kinds += 'u';
            if (node.is_structured()) {
                for (const auto& child : node) walk(child);
            }
        };
        walk(parsed.value);
        return parsed.value.dump() + " " + kinds;
    } catch (const mi::content::JsonTextError&) {
        return "refused";
    }
}

}  // namespace

TEST_CASE("Every text reads as nlohmann reads it: random documents, and each of them broken at random", "[content][json]") {
    const unsigned seed = 20261203;
    INFO("seed " << seed);
    std::mt19937 random(seed);
    const std::vector<std::string> pieces{
        "{", "}", "[", "]", ",", ":", " ", "\n", "\t", "\"", "\\", "\\\"", "\\n", "\\u00e9", "\\ud83d\\ude00", "\\ud83d",
        "\\udc00", "\\x", "\\/", "\\b", "a", "key", "true", "false", "null", "nul", "0", "-0", "01", "1.", "1.5", "-", "1e5",
        "1E+2", "1e-400", "1e999", "-1e999", "18446744073709551615", "18446744073709551616", "-9223372036854775808",
        "-9223372036854775809", "123456789012345678901234567890", "0.1", "2.5e-3", "\xC3\xA9", "\xE2\x80\x99", "\xF0\x9F\x98\x80",
        "\xC3", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xC0\xAF", "\x01", "\x7F", "\xEF\xBB\xBF"};
    // Whole documents, built as trees, written by dump() and parsed back.
    std::function<nlohmann::json(int)> document = [&](int depth) -> nlohmann::json {
        switch (random() % (depth > 3 ? 5 : 7)) {
            case 0: return nullptr;
            case 1: return random() % 2 == 0;
            case 2: return static_cast<std::int64_t>(random()) - (1LL << 31);
            case 3: return std::ldexp(static_cast<double>(random()), static_cast<int>(random() % 80) - 40);
            case 4: {
                std::string text;
                for (int i = static_cast<int>(random() % 6); i > 0; --i) text += pieces[random() % pieces.size()];
                return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            }
            case 5: {
                auto array = nlohmann::json::array();
                for (int i = static_cast<int>(random() % 5); i > 0; --i) array.push_back(document(depth + 1));
                return array;
            }
            default: {
                auto object = nlohmann::json::object();
                for (int i = static_cast<int>(random() % 5); i > 0; --i) object[pieces[random() % pieces.size()]] = document(depth + 1);
                return object;
            }
        }
    };
    int accepted = 0;
    for (int round = 0; round < 3000; ++round) {
        INFO("round " << round);
        const auto text = document(0).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        REQUIRE(our_reading(text) == nlohmann_reading(text));
        // The same text with a piece put in, or a byte dropped: refused or read the same way.
        auto broken = text;
        const auto at = random() % (broken.size() + 1);
        if (random() % 3 == 0 && !broken.empty()) {
            broken.erase(std::min<std::size_t>(at, broken.size() - 1), 1);
        } else {
            broken.insert(at, pieces[random() % pieces.size()]);
        }
        INFO("text " << broken);
        const auto expected = nlohmann_reading(broken);
        REQUIRE(our_reading(broken) == expected);
        if (expected != "refused") ++accepted;
    }
    CHECK(accepted > 300);   // the broken texts were not all refused: both roads were taken
    // Texts made only of pieces: mostly nonsense, sometimes JSON.
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        for (int i = static_cast<int>(random() % 8); i > 0; --i) text += pieces[random() % pieces.size()];
        INFO("text " << text);
        REQUIRE(our_reading(text) == nlohmann_reading(text));
    }
}

TEST_CASE("Deep nesting and repeated keys take nlohmann's road and read the same", "[content][json]") {
    const std::string deep = std::string(300, '[') + "1" + std::string(300, ']');
    CHECK(our_reading(deep) == nlohmann_reading(deep));
    const auto repeated = parse_json_text(R"({"a": {"b": 1, "b": 2}})");
    CHECK(repeated.duplicate_keys == std::vector<std::string>{"/a/b"});
    CHECK(repeated.value.at("a").at("b") == 2);
    CHECK(our_reading("\xEF\xBB\xBF{\"a\":1}") == nlohmann_reading("\xEF\xBB\xBF{\"a\":1}"));
}
