// The guide's deliverable "New execution plan analysis", decided by the plan itself: does the
// candidate's explanation say what the new EXPLAIN QUERY PLAN shows, and nothing it contradicts?
//
// What the plan shows, read from the two listings (compare_plans):
//   a table that went from SCAN to SEARCH: named with the index the new plan uses
//     ("orders_by_user"), or as the table with "search", "index", "seek" or "lookup" in one sentence;
//   a sort that is gone (USE TEMP B-TREE before, not after): "sort", "sorted", "temp b-tree";
//   a correlated subquery that is gone: "correlated", "subquery";
//   an automatic index that is gone: "automatic index";
//   a new covering index: "covering".
// What contradicts it: naming an index of the submission's own DDL that the new plan does not use,
// or saying "no longer scans" / "no full scan" while a table is still read by a full scan.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "practical/slow_query_task.hpp"

namespace mi::practical {

// Where a word or name was found in a text: [begin, end) bytes, and what it showed.
struct TextEvidence {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string term;
};

struct PlanExplanation {
    bool explained = false;               // names what the plan shows, and nothing it contradicts
    std::string reason;                   // one sentence saying why, for the feedback
    std::vector<TextEvidence> evidence;   // where the explanation names what the plan shows
};

// `explanation` is the candidate's prose (explanation_text: the same offsets as the message);
// `index_names` are the indexes their DDL creates (created_index_names).
[[nodiscard]] PlanExplanation check_plan_explanation(std::string_view explanation, const QueryCheck& check,
                                                     const std::vector<std::string>& index_names);

// Every occurrence of `word` in `text` as a whole word (letters, digits and '_' around it end a
// word), ignoring ASCII case.
[[nodiscard]] std::vector<TextEvidence> find_words(std::string_view text, std::string_view word);

}  // namespace mi::practical
