// The naive baseline `mock-interviewer eval --baseline naive` reports beside the scorer: what plain
// word overlap gets, with no stemming, synonyms, negation, hedges, sentences, gates or red-flag
// rules. A figure of the scorer means something only next to it (docs/scoring.md, "Baseline").
// Pure: a question and an answer in, decisions out.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "content/role_pack.hpp"

namespace mi::dialogue {

struct NaiveJudgement {
    std::vector<bool> covered;       // per coverage item: any content word of its text is in the answer
    std::vector<bool> raised;        // per red flag: every flag is raised
    bool star_applicable = false;    // behavioural questions only
    std::array<bool, 4> star{};      // situation, task, action, result: all present when applicable
    double score = 0.0;              // 0-100: the share of coverage items covered
};

// The baseline's three rules, each the simplest one a reader would try first:
// - a key point is covered when one of its text's content words (four letters or more, not one of
//   a few function words, compared case-insensitively as written) occurs as a word of the answer;
// - every red flag is raised and, on a behavioural question, every STAR part is present (the
//   "always yes" classifier: its F1 is what the labels' share of yeses alone gives);
// - the score is 100 times the share of key points covered (0 for a question without any).
[[nodiscard]] NaiveJudgement naive_judgement(const content::Question& question, std::string_view answer);

}  // namespace mi::dialogue
