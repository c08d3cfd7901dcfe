// The follow-up policy: after a scored answer, what (if anything) the interviewer asks next
// about the same question. Pure function of the score, the content and what was already asked.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "content/role_pack.hpp"
#include "dialogue/scoring/answer_scorer.hpp"
#include "dialogue/interview/interview_event.hpp"

namespace mi::dialogue {

// `measurable_result`: a story about something without any measurable result ("metric:any"); the
// guide's metrics to mention are examples of one, not topics every story must be about.
enum class GapKind { gate, coverage, star, ownership, red_flag, measurable_result };

// Something the answer lacks. `id` uses the same names as a guide follow-up's `probes`:
// a coverage item id, a red flag id, "star:<part>"; gates are "gate:<name>"; a behavioural answer
// that tells its actions only as "we" is "ownership".
struct AnswerGap {
    GapKind kind = GapKind::coverage;
    std::string id;
    std::string text;                                 // item text, STAR guidance or flag text
    std::optional<content::AnswerSignal> signal;      // red flags only
};

// In the order they are probed: a gate first (nothing else matters until the question is
// answered at all), then missing key points, absent STAR parts, "we"-only actions, raised red flags.
[[nodiscard]] std::vector<AnswerGap> answer_gaps(const content::Question& question, const AnswerScore& score);
[[nodiscard]] std::vector<AnswerGap> task_gaps(const content::PracticalTask& task, const TaskScore& score);

// Chooses the next follow-up, or none when the answer has no gap that was not already probed.
// Prefers the guide's own follow-up (not yet asked) whose probes cover most open gaps, ties in
// guide order; otherwise a probe written for the first open gap. A gate always gets a probe that
// asks for a real answer. `question` is null for practical tasks (they have no guide follow-ups).
[[nodiscard]] std::optional<FollowUpAsked> choose_follow_up(const std::string& item_id,
                                                            const content::Question* question,
                                                            const std::vector<AnswerGap>& gaps,
                                                            const std::vector<FollowUpAsked>& already_asked);

}  // namespace mi::dialogue
