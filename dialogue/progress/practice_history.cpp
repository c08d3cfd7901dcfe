#include "dialogue/progress/practice_history.hpp"

#include <algorithm>

#include "dialogue/interview/interview_report.hpp"

namespace mi::dialogue::progress {

namespace {

std::int64_t epoch_ms(TimePoint at) { return at.time_since_epoch().count(); }

// The red flags an item could raise, from the guide: a question's red flags, a task's common mistakes.
const std::vector<content::RedFlag>* possible_red_flags(const content::RolePack& pack, const ScheduledItem& item) {
    if (item.kind == ItemKind::question) {
        const auto* question = pack.find_question(item.id);
        return question ? &question->red_flags : nullptr;
    }
    const auto* task = pack.find_task(item.id);
    return task ? &task->common_mistakes : nullptr;
}

std::vector<PointOutcome> outcomes_of(const content::RolePack& pack, const ScheduledItem& item,
                                      const std::vector<FeedbackItem>& feedback) {
    std::vector<PointOutcome> points;
    for (const auto& entry : feedback) {
        if (entry.kind == FeedbackKind::coverage) {
            points.push_back({PointKind::key_point, entry.subject_id, entry.text, entry.positive});
        } else if (entry.kind == FeedbackKind::red_flag) {
            points.push_back({PointKind::red_flag, entry.subject_id, entry.text, true});
        }
    }
    // A red flag the answer did not raise counts as avoided: that is what spaces it out in drills.
    if (const auto* flags = possible_red_flags(pack, item)) {
        for (const auto& flag : *flags) {
            const bool raised = std::any_of(points.begin(), points.end(), [&](const PointOutcome& point) {
                return point.kind == PointKind::red_flag && point.id == flag.id;
            });
            if (!raised) points.push_back({PointKind::red_flag, flag.id, flag.text, false});
        }
    }
    return points;
}

std::int64_t answer_time(const std::vector<MessageRecord>& messages) {
    std::int64_t total = 0;
    for (const auto& message : messages) total += message.elapsed_ms;
    return total;
}

}  // namespace

std::string_view to_string(PointKind kind) { return kind == PointKind::key_point ? "key_point" : "red_flag"; }

InterviewHistory history_of(const content::RolePack& pack, const InterviewState& state, std::string interview_id,
                            std::int64_t started_at_ms, bool drill) {
    InterviewHistory history;
    history.interview_id = std::move(interview_id);
    history.finished = state.finished;
    history.started_at_ms = started_at_ms;
    history.drill = drill;
    const auto report = build_report(pack, state);
    history.overall_score = report.overall_score;
    for (const auto& skill : report.skills) {
        if (skill.score) history.skills.push_back({skill.skill_id, skill.name, *skill.score});
    }
    for (const auto& stage : state.items) {
        for (const auto& record : stage) {
            for (std::size_t index = 0; index < record.earlier_attempts.size(); ++index) {
                const auto& earlier = record.earlier_attempts[index];
                Attempt attempt;
                attempt.item_id = record.item.id;
                attempt.kind = record.item.kind;
                attempt.stage_id = record.stage_id;
                attempt.question_text = record.text;
                attempt.at_ms = epoch_ms(earlier.messages.empty() ? TimePoint{} : earlier.messages.back().at);
                attempt.score = earlier.score.score;
                attempt.answer_ms = answer_time(earlier.messages);
                attempt.retry = index > 0;
                attempt.points = outcomes_of(pack, record.item, earlier.feedback);
                history.time_spent_ms += attempt.answer_ms;
                history.attempts.push_back(std::move(attempt));
            }
            // A retry still waiting for its answer has no messages yet: only its earlier attempts count.
            if (record.status != ItemStatus::answered || !record.score || record.messages.empty()) continue;
            Attempt attempt;
            attempt.item_id = record.item.id;
            attempt.kind = record.item.kind;
            attempt.stage_id = record.stage_id;
            attempt.question_text = record.text;
            attempt.at_ms = epoch_ms(record.messages.empty() ? TimePoint{} : record.messages.back().at);
            attempt.score = record.score->score;
            attempt.answer_ms = answer_time(record.messages);
            attempt.retry = !record.earlier_attempts.empty();
            attempt.points = outcomes_of(pack, record.item, record.feedback);
            history.time_spent_ms += attempt.answer_ms;
            history.attempts.push_back(std::move(attempt));
        }
    }
    return history;
}

}  // namespace mi::dialogue::progress
