// The in-memory form of a role pack (see docs/content-format.md).
// Plain data: the loader fills it, the dialogue library reads it, nothing here does I/O.
#pragma once

#include <optional>
#include <span>
#include <string_view>
#include <string>
#include <vector>

namespace mi::content {

struct TextItem {
    std::string id;
    std::string text;
};

// Scorer vocabulary for one item. Terms are as written in the pack (lower case, unstemmed);
// the dialogue library compiles them into stemmed token sequences once at start-up.
struct MatchRule {
    std::vector<std::string> any;                 // each term alone covers the item
    std::vector<std::string> cues;                // weaker: need min_cues distinct ones
    int min_cues = 2;
    std::vector<std::vector<std::string>> all;    // every group must match (when non-empty)
    // Statements that get this item's fact the wrong way round ("indexes speed up writes"): said as
    // the candidate's own, they keep the item uncovered and count against the answer.
    std::vector<std::string> wrong;
    // What the item is for, told as what it spares ("so the query doesn't scan the whole table",
    // "instead of scanning"): said negated, these cover the item (scorer-2.6).
    std::vector<std::string> avoided;
    // Sentences that show the item covered, in varied words: a sentence of the answer that says much
    // of what one of them says covers the item too (the scorer's semantic layer).
    std::vector<std::string> examples;
};

struct CoverageItem {
    std::string id;
    std::string text;
    MatchRule match;
};

// Answer-level signals the scorer computes itself; red flags may name one.
enum class AnswerSignal {
    lack_of_specifics,
    generic_without_context,
    no_real_world_experience,
    no_teamwork,
    restart_as_fix,
    no_testing,
    no_tools,
    no_structure,
};

struct Detector {
    std::optional<AnswerSignal> signal;
    std::optional<MatchRule> when_present;
    std::optional<MatchRule> when_absent;
};

struct RedFlag {
    std::string id;
    std::string text;
    Detector detect;
};

struct FollowUp {
    std::string id;
    std::string text;
    // Coverage item ids, red flag ids, or "star:situation" / "star:task" / "star:action" / "star:result".
    std::vector<std::string> probes;
};

enum class QuestionCategory { common_hr, behavioral, motivation, basic_technical, advanced_technical };

// Which guide heading a question's coverage items came from.
enum class CoverageKind { none, key_points, expected_knowledge, metrics_to_mention };

struct StarGuidance {
    std::string situation;
    std::string task;
    std::string action;
    std::string result;
};

enum class Seniority { junior, mid, senior };

struct Question {
    std::string id;
    QuestionCategory category = QuestionCategory::common_hr;
    std::string text;
    std::string interviewer_wants;                  // empty when the guide has none
    CoverageKind coverage_kind = CoverageKind::none;
    std::vector<CoverageItem> coverage;             // key points / expected knowledge / metrics
    std::optional<StarGuidance> star;               // behavioural questions only
    std::string good_answer_example;                // empty when absent
    std::string bad_answer_example;                 // empty when absent
    std::vector<FollowUp> follow_ups;
    std::vector<RedFlag> red_flags;
    std::string derived_from;                       // empty for the guide's own questions
    std::vector<std::string> industries;            // empty = every industry
    std::vector<Seniority> seniority;               // empty = every level
};

struct PracticalTask {
    std::string id;
    std::string name;
    std::string summary;
    std::string duration;
    std::vector<CoverageItem> requirements;
    std::vector<CoverageItem> scenario_elements;
    std::vector<CoverageItem> deliverables;
    std::vector<CoverageItem> areas_to_analyze;
    std::vector<CoverageItem> evaluation_criteria;
    std::vector<RedFlag> common_mistakes;
    std::vector<TextItem> tips_for_success;
};

// One of the coverage lists a practical task may have. `task_sections()` is the only place that
// names them: the reader, the guide JSON, the validator, the scorer, the interview's task card
// and the terminal all walk it, and the card's events carry the title so clients need no table.
struct TaskSectionDefinition {
    std::string_view id;                                // JSON key in the pack and the guide JSON; section name in events
    std::string_view title;                             // the guide's heading, spelled as the guide spells it
    std::vector<CoverageItem> PracticalTask::*items;    // where the reader puts the list
    // Evaluation criteria stay off the candidate's task card: they are how the submission is
    // judged, and the hint command gives them on request.
    bool on_task_card;
};

// Every task section, in the guide's order.
[[nodiscard]] std::span<const TaskSectionDefinition> task_sections();
// nullptr when `id` names no task section.
[[nodiscard]] const TaskSectionDefinition* find_task_section(std::string_view id);

struct Stage {
    std::string id;
    std::string name;
    std::string focus_areas;
    std::vector<TextItem> participants;
    std::vector<TextItem> success_criteria;
    std::vector<TextItem> preparation_tips;
    std::vector<TextItem> typical_tasks;
    std::vector<TextItem> evaluation_criteria;
    std::vector<TextItem> typical_discussion_points;
    std::vector<std::string> question_ids;
    std::vector<std::string> practical_task_ids;
};

struct Industry {
    std::string id;
    std::string name;
    std::vector<TextItem> focus_areas;
    std::vector<TextItem> common_challenges;
    std::vector<TextItem> interview_emphasis;
};

enum class SkillLevel { must_verify, good_to_verify };

struct Skill {
    std::string id;
    std::string name;
    SkillLevel level = SkillLevel::must_verify;
    std::string verification_method;
    std::string minimum_requirement;                // empty when absent
    std::vector<TextItem> evaluation_criteria;
    std::vector<std::string> evidenced_by;          // question and task ids
};

struct TipGroup {
    std::string id;
    std::string name;
    std::vector<TextItem> tips;
};

struct InterviewProcess {
    std::string average_duration;
    std::string overall_success_rate;
};

struct RolePack {
    int format_version = 1;
    std::string id;
    std::string title;
    std::string overview;
    InterviewProcess interview_process;
    std::vector<Stage> stages;
    std::vector<Question> questions;
    std::vector<PracticalTask> practical_tasks;
    std::vector<Industry> industries;
    std::vector<Skill> skills;
    std::vector<TipGroup> preparation_tips;
    std::vector<std::vector<std::string>> synonyms;
    std::vector<std::string> technologies;

    [[nodiscard]] const Question* find_question(std::string_view question_id) const;
    [[nodiscard]] const Stage* find_stage(std::string_view stage_id) const;
    [[nodiscard]] const PracticalTask* find_task(std::string_view task_id) const;
    [[nodiscard]] const Industry* find_industry(std::string_view industry_id) const;
};

// All packs found in a content directory, keyed by role id.
struct ContentLibrary {
    std::vector<RolePack> roles;
    [[nodiscard]] const RolePack* find_role(std::string_view role_id) const;
};

[[nodiscard]] std::string_view to_string(QuestionCategory category);
[[nodiscard]] std::string_view to_string(CoverageKind kind);
[[nodiscard]] std::string_view to_string(AnswerSignal signal);
[[nodiscard]] std::string_view to_string(Seniority level);
[[nodiscard]] std::string_view to_string(SkillLevel level);
[[nodiscard]] std::optional<Seniority> parse_seniority(std::string_view text);
[[nodiscard]] std::optional<AnswerSignal> parse_answer_signal(std::string_view text);

}  // namespace mi::content
