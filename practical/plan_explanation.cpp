#include "practical/plan_explanation.hpp"

#include <algorithm>
#include <cctype>

#include "practical/sql_text.hpp"

namespace mi::practical {
namespace {

bool is_word_char(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return std::isalnum(byte) != 0 || c == '_' || byte >= 0x80;
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

bool any_line_contains(const std::vector<std::string>& plan, std::string_view part) {
    return std::any_of(plan.begin(), plan.end(), [&](const std::string& line) { return contains(line, part); });
}

// "SEARCH orders USING INDEX orders_by_user (user_id=?)" -> "orders_by_user"; "" when none.
std::string index_of(std::string_view line) {
    for (std::string_view marker : {"USING COVERING INDEX ", "USING INDEX "}) {
        const auto at = line.find(marker);
        if (at == std::string_view::npos) continue;
        const auto begin = at + marker.size();
        auto end = begin;
        while (end < line.size() && line[end] != ' ') ++end;
        return std::string(line.substr(begin, end - begin));
    }
    return {};
}

// The sentences of `text` as [begin, end) ranges: they end at . ! ? and line breaks.
std::vector<std::pair<std::size_t, std::size_t>> sentences(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> ranges;
    std::size_t start = 0;
    for (std::size_t index = 0; index <= text.size(); ++index) {
        const bool end = index == text.size() || text[index] == '\n' ||
                         ((text[index] == '.' || text[index] == '!' || text[index] == '?') &&
                          (index + 1 == text.size() || std::isspace(static_cast<unsigned char>(text[index + 1])) != 0));
        if (end) {
            if (index > start) ranges.emplace_back(start, index);
            start = index + 1;
        }
    }
    return ranges;
}

// Occurrences of `words` (any of them) inside [begin, end).
std::vector<TextEvidence> find_any(std::string_view text, std::initializer_list<std::string_view> words,
                                   std::size_t begin = 0, std::size_t end = std::string_view::npos) {
    std::vector<TextEvidence> found;
    for (std::string_view word : words) {
        for (auto& hit : find_words(text, word)) {
            if (hit.begin >= begin && hit.end <= std::min(end, text.size())) found.push_back(std::move(hit));
        }
    }
    std::sort(found.begin(), found.end(), [](const TextEvidence& left, const TextEvidence& right) { return left.begin < right.begin; });
    return found;
}

}  // namespace

std::vector<TextEvidence> find_words(std::string_view text, std::string_view word) {
    std::vector<TextEvidence> found;
    if (word.empty()) return found;
    const std::string haystack = ascii_lower(text);
    const std::string needle = ascii_lower(word);
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) {
        const std::size_t end = at + needle.size();
        const bool starts = at == 0 || !is_word_char(haystack[at - 1]) || !is_word_char(needle.front());
        const bool ends = end == haystack.size() || !is_word_char(haystack[end]) || !is_word_char(needle.back());
        if (starts && ends) found.push_back({at, end, std::string(word)});
    }
    return found;
}

PlanExplanation check_plan_explanation(std::string_view explanation, const QueryCheck& check,
                                       const std::vector<std::string>& index_names) {
    PlanExplanation result;
    if (check.verdict == QueryVerdict::failed || !check.submitted) {
        result.reason = "There is no new plan to analyse: the submission did not run.";
        return result;
    }
    if (check.verdict == QueryVerdict::different_rows) {
        result.reason = "The new plan is not worth analysing yet: the query does not return the original's rows.";
        return result;
    }
    const auto& before = check.original.plan;
    const auto& after = check.submitted->plan;
    if (before == after) {
        result.reason = "The plan did not change: the new query is read exactly as the original.";
        return result;
    }

    // What the new plan shows, and where the explanation says it.
    std::vector<std::string> shown;
    const auto spoken = sentences(explanation);
    for (const auto& change : check.plan_changes) {
        if (!change.scan_to_search()) continue;
        // Every index the new plan searches the table with (a MULTI-INDEX OR uses several).
        std::vector<std::string> indexes;
        for (const auto& line : after) {
            const std::string index = index_of(line);
            const auto trimmed = std::string_view(line).substr(std::min(line.find_first_not_of(' '), line.size()));
            if (!index.empty() && trimmed.starts_with("SEARCH " + change.table + " ") &&
                std::find(indexes.begin(), indexes.end(), index) == indexes.end()) {
                indexes.push_back(index);
            }
        }
        std::string with;
        for (const auto& index : indexes) with += (with.empty() ? " with " : " and ") + index;
        shown.push_back(change.table + " is searched" + with);
        std::vector<TextEvidence> named;
        for (const auto& index : indexes) {
            for (auto& hit : find_words(explanation, index)) named.push_back(std::move(hit));
        }
        if (named.empty()) {
            // The table and a word for searching it in one sentence.
            for (const auto& [begin, end] : spoken) {
                auto table = find_any(explanation, {change.table}, begin, end);
                auto how = find_any(explanation, {"search", "searches", "searched", "index", "seek", "lookup", "look-up"},
                                    begin, end);
                if (!table.empty() && !how.empty()) {
                    named.push_back(table.front());
                    named.push_back(how.front());
                    break;
                }
            }
        }
        for (auto& hit : named) result.evidence.push_back(std::move(hit));
    }
    auto gone = [&](std::string_view marker) { return any_line_contains(before, marker) && !any_line_contains(after, marker); };
    if (gone("USE TEMP B-TREE")) {
        shown.emplace_back("no sort after reading");
        for (auto& hit : find_any(explanation, {"sort", "sorted", "sorting", "temp b-tree", "b-tree"})) result.evidence.push_back(hit);
    }
    if (gone("CORRELATED")) {
        shown.emplace_back("no correlated subquery");
        for (auto& hit : find_any(explanation, {"correlated", "subquery"})) result.evidence.push_back(hit);
    }
    if (gone("AUTOMATIC")) {
        shown.emplace_back("no automatic index");
        for (auto& hit : find_any(explanation, {"automatic index"})) result.evidence.push_back(hit);
    }
    if (any_line_contains(after, "COVERING INDEX") && !any_line_contains(before, "COVERING INDEX")) {
        shown.emplace_back("a covering index");
        for (auto& hit : find_any(explanation, {"covering"})) result.evidence.push_back(hit);
    }
    std::sort(result.evidence.begin(), result.evidence.end(),
              [](const TextEvidence& left, const TextEvidence& right) { return left.begin < right.begin; });

    // What the explanation says that the plan contradicts.
    for (const auto& name : index_names) {
        if (find_words(explanation, name).empty()) continue;
        const bool used = std::any_of(after.begin(), after.end(), [&](const std::string& line) { return index_of(line) == name; });
        if (!used) {
            result.reason = "The explanation names " + name + ", which the new plan does not use.";
            return result;
        }
    }
    for (const auto& change : check.plan_changes) {
        const bool still_scanned = change.after.starts_with("SCAN ") && !contains(change.after, "COVERING INDEX");
        if (!still_scanned) continue;
        auto claims = find_any(explanation, {"no longer scans", "no longer scanned", "no full scan", "no full table scan",
                                             "no table scan", "avoids the scan", "avoids a full scan"});
        if (!claims.empty()) {
            result.reason = "The explanation says the scan is gone, but the new plan still reads " + change.table +
                            " by a full scan (\"" + change.after + "\").";
            return result;
        }
    }

    if (shown.empty()) {
        result.reason = "The new plan reads the tables as the original did (no SCAN became a SEARCH, no sort or "
                        "subquery went away), so there is no change to explain.";
        return result;
    }
    std::string what;
    for (std::size_t index = 0; index < shown.size(); ++index) {
        if (index > 0) what += index + 1 == shown.size() ? " and " : ", ";
        what += shown[index];
    }
    result.explained = !result.evidence.empty();
    result.reason = result.explained ? "The explanation says what the new plan shows: " + what + "."
                                     : "The explanation does not say what the new plan shows: " + what + ".";
    return result;
}

}  // namespace mi::practical
