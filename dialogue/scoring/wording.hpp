// English for sentences a person reads (interviewer turns, the report, the terminal): a count with
// its plural, a spoken list, a sentence's one full stop. One place for them, so "5 stage(s)" and
// "etc.." cannot come back one call site at a time. Pure and header-only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mi::dialogue {

// "1 stage", "5 stages"; an irregular plural is passed in: count_of(2, "match", "matches").
[[nodiscard]] inline std::string count_of(std::size_t count, std::string_view singular, std::string_view plural = {}) {
    std::string out = std::to_string(count) + ' ';
    if (count == 1) {
        out += singular;
    } else if (!plural.empty()) {
        out += plural;
    } else {
        out += singular;
        out += 's';
    }
    return out;
}

// "a", "a and b", "a, b and c"; `article` goes before each item ("the HR Manager and the Recruiter").
[[nodiscard]] inline std::string spoken_list(const std::vector<std::string>& values, std::string_view article = {}) {
    std::string out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) out += i + 1 == values.size() ? " and " : ", ";
        out += article;
        out += values[i];
    }
    return out;
}

// `text` as a finished sentence: a full stop is added unless it already ends in one (or in ? or !),
// so guide text such as "databases, APIs, etc." does not become "etc..".
[[nodiscard]] inline std::string with_full_stop(std::string text) {
    while (!text.empty() && text.back() == ' ') text.pop_back();
    if (text.empty()) return text;
    const char last = text.back();
    if (last != '.' && last != '?' && last != '!') text += '.';
    return text;
}

}  // namespace mi::dialogue
