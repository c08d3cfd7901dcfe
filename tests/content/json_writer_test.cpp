// The JSON writer must give the bytes nlohmann's dump() gives: stored events and frames are
// written with it, and readers (and stored logs written before it) see one form.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "content/json_writer.hpp"

using mi::content::JsonWriter;
using mi::content::JsonWriterInvalidUtf8;
using nlohmann::json;

namespace {

std::string written_string(std::string_view text) {
    JsonWriter out;
    out.string(text);
    return out.take();
}

std::string written_number(double value) {
    JsonWriter out;
    out.number(value);
    return out.take();
}

}  // namespace

TEST_CASE("strings are escaped as dump() escapes them", "[content][json][writer]") {
    std::vector<std::string> texts = {"", "plain words", "quote \" backslash \\ slash /", "\b\f\n\r\t",
                                      "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "\x7f delete stays", "key\x1f"};
    std::string every_control;
    for (char c = 1; c < 0x20; ++c) every_control.push_back(c);
    texts.push_back(every_control);
    texts.push_back(std::string("nul \0 inside", 12));
    for (const auto& text : texts) {
        INFO(json(text).dump());
        CHECK(written_string(text) == json(text).dump());
    }
}

TEST_CASE("random UTF-8 and random bytes: the same text as dump(), or refused where dump() refuses", "[content][json][writer]") {
    const unsigned seed = 20261203;
    INFO("seed " << seed);
    std::mt19937 random(seed);
    const std::vector<std::string> pieces = {"a", " ", "\"", "\\", "\n", "\x01", "\xc3\xa9", "\xe2\x82\xac",
                                             "\xf0\x9f\x98\x80", "\xed\x9f\xbf", "\xef\xbf\xbf", "\xf4\x8f\xbf\xbf"};
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const int length = static_cast<int>(random() % 12);
        for (int index = 0; index < length; ++index) {
            if (round % 2 == 0) {
                text += pieces[random() % pieces.size()];
            } else {
                text.push_back(static_cast<char>(random() % 256));   // mostly not UTF-8
            }
        }
        std::string dumped;
        bool dump_refused = false;
        try {
            dumped = json(text).dump();
        } catch (const json::type_error&) {
            dump_refused = true;
        }
        INFO("round " << round << ", " << text.size() << " bytes");
        if (dump_refused) {
            CHECK_THROWS_AS(written_string(text), JsonWriterInvalidUtf8);
        } else {
            CHECK(written_string(text) == dumped);
        }
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    for (const std::string bad : {"\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80",
                                  "\xf5\x80\x80\x80", "\xe2\x82", "\x80", "\xff"}) {
        CHECK_THROWS_AS(json(bad).dump(), json::type_error);
        CHECK_THROWS_AS(written_string(bad), JsonWriterInvalidUtf8);
    }
}

TEST_CASE("numbers take dump()'s forms", "[content][json][writer]") {
    for (const double value : {0.0, -0.0, 1.0, 0.8, 0.55, 0.85, 0.1 + 0.2, 1e-5, 123456789.0, 1e300, -2.5,
                               std::numeric_limits<double>::min(), std::numeric_limits<double>::max()}) {
        INFO(value);
        CHECK(written_number(value) == json(value).dump());
    }
    CHECK(written_number(std::nan("")) == "null");
    CHECK(written_number(std::numeric_limits<double>::infinity()) == "null");
    for (const std::int64_t value : {std::int64_t{0}, std::int64_t{-1}, std::numeric_limits<std::int64_t>::min(),
                                     std::numeric_limits<std::int64_t>::max()}) {
        JsonWriter out;
        out.integer(value);
        CHECK(out.take() == json(value).dump());
    }
    JsonWriter out;
    out.unsigned_integer(std::numeric_limits<std::uint64_t>::max());
    CHECK(out.take() == json(std::numeric_limits<std::uint64_t>::max()).dump());
}

TEST_CASE("objects, arrays and trees nest as dump() writes them", "[content][json][writer]") {
    JsonWriter out;
    out.begin_object()
        .key("a").begin_array().integer(1).boolean(false).string("x").begin_object().end_object().end_array()
        .key("b").strings({"one", "two"})
        .key("c").value(json{{"z", 1}, {"y", {1, 2}}})
        .key("d").begin_array().end_array()
        .end_object();
    const json expected = {{"a", {1, false, "x", json::object()}}, {"b", {"one", "two"}},
                           {"c", {{"z", 1}, {"y", {1, 2}}}}, {"d", json::array()}};
    CHECK(out.take() == expected.dump());
}

TEST_CASE("a key out of dump()'s order, or a misplaced value, is a bug the writer names", "[content][json][writer]") {
    JsonWriter out;
    out.begin_object().key("b").integer(1);
    CHECK_THROWS_WITH(out.key("a"), Catch::Contains("key \"a\" comes after \"b\""));
    JsonWriter repeated;
    repeated.begin_object().key("a").integer(1);
    CHECK_THROWS_AS(repeated.key("a"), std::logic_error);
    JsonWriter keyless;
    keyless.begin_object();
    CHECK_THROWS_AS(keyless.integer(1), std::logic_error);
    JsonWriter open;
    open.begin_array();
    CHECK_THROWS_AS(open.take(), std::logic_error);
    CHECK_THROWS_AS(open.end_object(), std::logic_error);
}

TEST_CASE("dump_json_text gives dump()'s bytes for random trees, and dump()'s error or replacements for bad UTF-8", "[content][json][writer]") {
    using mi::content::dump_json_text;
    using mi::content::dump_json_text_replacing;
    const unsigned seed = 20261204;
    INFO("seed " << seed);
    std::mt19937 random(seed);
    // Strings from pieces, a few of them not UTF-8 (a lone continuation byte, a cut sequence).
    const std::vector<std::string> pieces = {"a", "key", " ", "\"", "\\", "/", "\n", "\t", "\x01", "\x1f", "\x7f",
                                             "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\x80", "\xe2\x82"};
    const auto text = [&](bool valid) {
        std::string out;
        for (int i = static_cast<int>(random() % 5); i > 0; --i) {
            out += pieces[random() % (valid ? pieces.size() - 2 : pieces.size())];
        }
        return out;
    };
    std::function<json(int, bool)> tree = [&](int depth, bool valid) -> json {
        switch (random() % (depth > 3 ? 7 : 9)) {
            case 0: return nullptr;
            case 1: return random() % 2 == 0;
            case 2: return static_cast<std::int64_t>(random()) * (random() % 2 == 0 ? -1 : 1) * 4099;
            case 3: return static_cast<std::uint64_t>(random()) << (random() % 33);
            case 4: return std::ldexp(static_cast<double>(random()), static_cast<int>(random() % 120) - 60);
            case 5: return random() % 9 == 0 ? std::nan("") : -0.0;
            case 6: return text(valid);
            case 7: {
                auto array = json::array();
                for (int i = static_cast<int>(random() % 5); i > 0; --i) array.push_back(tree(depth + 1, valid));
                return array;
            }
            default: {
                auto object = json::object();
                for (int i = static_cast<int>(random() % 5); i > 0; --i) object[text(valid)] = tree(depth + 1, valid);
                return object;
            }
        }
    };
    int refused = 0;
    for (int round = 0; round < 3000; ++round) {
        INFO("round " << round);
        const auto valid = round % 4 != 0;
        const auto value = tree(0, valid);
        const auto replaced = value.dump(-1, ' ', false, json::error_handler_t::replace);
        CHECK(dump_json_text_replacing(value) == replaced);
        std::string dumped;
        try {
            dumped = value.dump();
        } catch (const json::type_error& error) {
            ++refused;
            CHECK_THROWS_WITH(dump_json_text(value), error.what());
            continue;
        }
        CHECK(dump_json_text(value) == dumped);
        JsonWriter out;
        out.begin_array().value(value).end_array();
        CHECK(out.take() == "[" + dumped + "]");
    }
    CHECK(refused > 50);   // both roads were taken
}
