// A task's score once its submission has been run: the text scorer's TaskScore, with the coverage
// items and common mistakes the check decided set as the check says, and the points added up again.
//
// Why this lives here and not in the scorer: the scorer is pure text analysis and knows nothing of
// checks. The adding-up repeats the scorer's rule for tasks (coverage = the share of items covered
// x ScoringConfig::max_coverage_points; a common mistake costs red_flag_penalty_points; a gated
// submission is capped at gated_score_cap, never below 0); a test holds the two equal (a check that
// decides nothing gives exactly the scorer's score), so a change to the rule there fails here.
// Structure and specificity are the scorer's, unchanged: they are about how it is written.
#pragma once

#include "content/role_pack.hpp"
#include "dialogue/interview/task_check.hpp"
#include "dialogue/scoring/answer_scorer.hpp"

namespace mi::dialogue {

[[nodiscard]] TaskScore apply_task_check(TaskScore score, const TaskChecked& check, const ScoringConfig& config);

}  // namespace mi::dialogue
