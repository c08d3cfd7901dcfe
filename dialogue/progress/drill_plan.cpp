#include "dialogue/progress/drill_plan.hpp"

#include <algorithm>
#include <map>

namespace mi::dialogue::progress {

namespace {

bool missed(const PointOutcome& point) { return point.kind == PointKind::key_point ? !point.hit : point.hit; }

// Most urgent first: due earlier, then got right fewer times in a row, then missed more often,
// then seen more recently; the id breaks ties so the order never depends on anything else.
bool more_urgent(const DrillTarget& a, const DrillTarget& b) {
    if (a.due_session != b.due_session) return a.due_session < b.due_session;
    if (a.right_in_a_row != b.right_in_a_row) return a.right_in_a_row < b.right_in_a_row;
    if (a.misses != b.misses) return a.misses > b.misses;
    if (a.last_session != b.last_session) return a.last_session > b.last_session;
    if (a.kind != b.kind) return a.kind < b.kind;
    return a.id < b.id;
}

struct QuestionFacts {
    std::string stage_id, text;
};

}  // namespace

DrillPlan plan_drill(std::vector<InterviewHistory> histories, const DrillRules& rules) {
    std::stable_sort(histories.begin(), histories.end(), [](const InterviewHistory& a, const InterviewHistory& b) {
        return a.started_at_ms != b.started_at_ms ? a.started_at_ms < b.started_at_ms : a.interview_id < b.interview_id;
    });
    std::map<std::pair<PointKind, std::string>, DrillTarget> targets;
    std::map<std::string, QuestionFacts> questions;
    int session = 0;
    for (const auto& history : histories) {
        if (history.attempts.empty()) continue;   // an interview left before its first answer is no session
        for (const auto& attempt : history.attempts) {
            if (attempt.kind != ItemKind::question) continue;
            questions.try_emplace(attempt.item_id, QuestionFacts{attempt.stage_id, attempt.question_text});
            for (const auto& point : attempt.points) {
                auto& target = targets[{point.kind, point.id}];
                if (target.judged == 0) target = {point.kind, point.id, point.text, attempt.item_id, 0, 0, 0, 0, 0};
                ++target.judged;
                target.last_session = session;
                if (missed(point)) {
                    ++target.misses;
                    target.right_in_a_row = 0;
                } else {
                    ++target.right_in_a_row;
                }
            }
        }
        ++session;
    }
    DrillPlan plan;
    plan.session = session;
    std::vector<DrillTarget> candidates;
    const auto last_wait = static_cast<int>(rules.sessions_to_wait.size()) - 1;
    for (auto& [key, target] : targets) {
        if (target.misses == 0) continue;   // never got wrong: nothing to drill
        const auto box = std::min(target.right_in_a_row, last_wait);
        target.due_session = target.last_session + 1 + rules.sessions_to_wait[static_cast<std::size_t>(box)];
        candidates.push_back(target);
    }
    std::sort(candidates.begin(), candidates.end(), more_urgent);

    const int max_questions = std::max(1, rules.max_minutes * 60 / rules.seconds_per_question);
    const int min_questions = std::max(1, (rules.min_minutes * 60 + rules.seconds_per_question - 1) / rules.seconds_per_question);
    std::map<std::string, std::size_t> chosen;   // item id -> index in plan.questions
    for (const auto& target : candidates) {
        const bool due = target.due_session <= session;
        auto found = chosen.find(target.item_id);
        if (found != chosen.end()) {
            if (due || plan.questions[found->second].targets.front().due_session > session) {
                plan.questions[found->second].targets.push_back(target);
            } else {
                plan.later.push_back(target);
            }
            continue;
        }
        const auto count = static_cast<int>(plan.questions.size());
        // Due points fill the drill up to its longest; points not due yet only up to its shortest.
        if (count < (due ? max_questions : min_questions)) {
            const auto& facts = questions[target.item_id];
            chosen.emplace(target.item_id, plan.questions.size());
            plan.questions.push_back({target.item_id, facts.stage_id, facts.text, {target}});
        } else {
            plan.later.push_back(target);
        }
    }
    plan.estimated_minutes =
        static_cast<int>((static_cast<long>(plan.questions.size()) * rules.seconds_per_question + 59) / 60);
    return plan;
}

}  // namespace mi::dialogue::progress
