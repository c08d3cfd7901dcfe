// Repeated keys: nlohmann keeps the last value of a repeated key and drops the rest without a word.
// parse_json_text names every repeat by its JSON pointer, so no reader of JSON in this project loses data silently.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

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
