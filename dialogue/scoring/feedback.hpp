// Feedback a person can act on: what was strong (quoting the answer's own words), what was
// missing, and one concrete tip drawn from the guide (its good answer example, STAR guidance,
// what the interviewer wants, or the task's tips for success).
#pragma once

#include <string>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/scoring/vocabulary.hpp"

namespace mi::dialogue {

// For each coverage item of a question, the sentence of the guide's good answer example that
// covers it (empty when none does): "this is how a strong answer says it".
using ItemExamples = std::vector<std::string>;

[[nodiscard]] Feedback build_answer_feedback(const content::Question& question, const ItemExamples& item_examples,
                                             const AnswerScore& score, const MatchedText& answer,
                                             const std::string& gate_reason);

[[nodiscard]] Feedback build_task_feedback(const content::PracticalTask& task, const TaskScore& score,
                                           const MatchedText& answer, const std::string& gate_reason);

}  // namespace mi::dialogue
