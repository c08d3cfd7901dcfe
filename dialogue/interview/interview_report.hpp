// The end-of-interview report: per question, per stage (with a verdict against the stage's
// success criteria), per skill, top strengths, the three most valuable improvements with the
// guide's tips, and time per answer. Built from the interview state alone, so its numbers are
// exactly the per-answer scores the candidate saw. Rendering is pure (JSON and Markdown).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "content/role_pack.hpp"
#include "dialogue/interview/interview_state.hpp"

namespace mi::dialogue {

// Scores are 0-100. A stage or skill "meets" expectations at the seniority's pass mark,
// is "borderline" within borderline_margin below it, and "below" under that.
struct ReportRules {
    int junior_pass_mark = 55;
    int mid_pass_mark = 65;
    int senior_pass_mark = 75;
    int borderline_margin = 15;
    int strong_answer_score = 70;     // an answer at or above this is listed among the strengths
    std::size_t max_strengths = 3;
    std::size_t max_improvements = 3;
};

enum class Verdict { meets, borderline, below, not_assessed };

// A practical task that ran: what running the submission showed (the task_checked event it was scored with).
struct TaskCheckReport {
    std::string checker;
    std::string variant_id;
    CheckOutcome outcome = CheckOutcome::not_run;
    std::string summary;
    std::vector<CheckFinding> findings;     // texts and whether each is good news
    std::vector<LabelledBlock> exhibits;    // the plans before and after, the diagram, the endpoints
    nlohmann::json details;                 // the measurements, as the event has them
};

struct QuestionReport {
    std::string stage_id;
    std::string item_id;
    ItemKind kind = ItemKind::question;
    std::string text;
    ItemStatus status = ItemStatus::not_asked;
    std::optional<int> score;                   // answered: the best attempt's score; skipped: 0
    std::vector<std::string> covered;
    std::vector<std::string> missed;
    std::vector<std::string> red_flags;
    std::vector<std::string> answers;           // the candidate's own words (of the best attempt): the answer, then each follow-up's
    std::vector<std::string> star_present;      // behavioural questions only
    std::vector<std::string> star_missing;
    int follow_ups = 0;
    std::vector<std::int64_t> answer_ms;        // per message, time from prompt to answer
    std::int64_t total_ms = 0;
    std::string tip;
    std::optional<TaskCheckReport> check;       // a practical task that ran
    int attempts = 1;                           // answered again (`again`): more than one
    int best_attempt = 1;                       // the attempt that counts (1-based); > 1 is a retry
};

struct StageReport {
    std::string stage_id;
    std::string name;
    std::optional<int> score;                   // rounded mean of its scored questions
    double weight = 1.0;
    Verdict verdict = Verdict::not_assessed;
    std::vector<std::string> success_criteria;  // the stage's criteria (or its evaluation criteria)
    std::string summary;
};

struct SkillReport {
    std::string skill_id;
    std::string name;
    content::SkillLevel level = content::SkillLevel::must_verify;
    std::optional<int> score;                   // rounded mean of the evidencing questions' scores
    std::vector<std::string> evidence;          // item ids that were scored (never empty: a skill
                                                // without evidence is left out of the report)
    Verdict verdict = Verdict::not_assessed;
};

struct Improvement {
    std::string title;                          // what to improve
    std::string detail;                         // the missed points / flags behind it
    std::string tip;                            // from the guide
    double points_lost = 0;                     // weighted, for ranking
};

struct InterviewReport {
    std::string role_id;
    std::string role_title;
    nlohmann::json plan;
    std::optional<int> overall_score;           // weighted mean of stage means, rounded
    int pass_mark = 0;
    Verdict verdict = Verdict::not_assessed;
    bool ended_early = false;
    std::vector<QuestionReport> questions;
    std::vector<StageReport> stages;
    std::vector<SkillReport> skills;            // only skills some scored answer gives evidence of
    std::vector<std::string> strengths;
    std::vector<Improvement> improvements;      // only answers below the pass mark (or skipped)
    std::int64_t total_answer_ms = 0;
};

[[nodiscard]] InterviewReport build_report(const content::RolePack& pack, const InterviewState& state,
                                           const ReportRules& rules = {});
[[nodiscard]] nlohmann::json report_to_json(const InterviewReport& report);
[[nodiscard]] std::string report_to_markdown(const InterviewReport& report);
[[nodiscard]] std::string_view to_string(Verdict verdict);
// The verdict as a person reads it: "meets the pass mark", "just under the pass mark", ...
[[nodiscard]] std::string_view describe(Verdict verdict);

}  // namespace mi::dialogue
