#include "content/role_pack.hpp"

#include <algorithm>
#include <array>

namespace mi::content {
namespace {

template <typename Range>
auto find_by_id(const Range& items, std::string_view id) -> decltype(&*std::begin(items)) {
    auto found = std::find_if(std::begin(items), std::end(items), [&](const auto& item) { return item.id == id; });
    return found == std::end(items) ? nullptr : &*found;
}

constexpr std::array<TaskSectionDefinition, 5> task_section_table{{
    {"requirements", "Requirements", &PracticalTask::requirements, true},
    {"scenario_elements", "Scenario Elements", &PracticalTask::scenario_elements, true},
    {"deliverables", "Deliverables", &PracticalTask::deliverables, true},
    {"areas_to_analyze", "Areas to Analyze", &PracticalTask::areas_to_analyze, true},
    {"evaluation_criteria", "Evaluation Criteria", &PracticalTask::evaluation_criteria, false},
}};

}  // namespace

std::span<const TaskSectionDefinition> task_sections() { return task_section_table; }

const TaskSectionDefinition* find_task_section(std::string_view id) { return find_by_id(task_section_table, id); }

const Question* RolePack::find_question(std::string_view question_id) const { return find_by_id(questions, question_id); }
const Stage* RolePack::find_stage(std::string_view stage_id) const { return find_by_id(stages, stage_id); }
const PracticalTask* RolePack::find_task(std::string_view task_id) const { return find_by_id(practical_tasks, task_id); }
const Industry* RolePack::find_industry(std::string_view industry_id) const { return find_by_id(industries, industry_id); }
const RolePack* ContentLibrary::find_role(std::string_view role_id) const { return find_by_id(roles, role_id); }

std::string_view to_string(QuestionCategory category) {
    switch (category) {
        case QuestionCategory::common_hr: return "common_hr";
        case QuestionCategory::behavioral: return "behavioral";
        case QuestionCategory::motivation: return "motivation";
        case QuestionCategory::basic_technical: return "basic_technical";
        case QuestionCategory::advanced_technical: return "advanced_technical";
    }
    return "unknown";
}

std::string_view to_string(CoverageKind kind) {
    switch (kind) {
        case CoverageKind::none: return "none";
        case CoverageKind::key_points: return "key_points";
        case CoverageKind::expected_knowledge: return "expected_knowledge";
        case CoverageKind::metrics_to_mention: return "metrics_to_mention";
    }
    return "unknown";
}

std::string_view to_string(AnswerSignal signal) {
    switch (signal) {
        case AnswerSignal::lack_of_specifics: return "lack_of_specifics";
        case AnswerSignal::generic_without_context: return "generic_without_context";
        case AnswerSignal::no_real_world_experience: return "no_real_world_experience";
        case AnswerSignal::no_teamwork: return "no_teamwork";
        case AnswerSignal::restart_as_fix: return "restart_as_fix";
        case AnswerSignal::no_testing: return "no_testing";
        case AnswerSignal::no_tools: return "no_tools";
        case AnswerSignal::no_structure: return "no_structure";
    }
    return "unknown";
}

std::string_view to_string(Seniority level) {
    switch (level) {
        case Seniority::junior: return "junior";
        case Seniority::mid: return "mid";
        case Seniority::senior: return "senior";
    }
    return "unknown";
}

std::string_view to_string(SkillLevel level) {
    return level == SkillLevel::must_verify ? "must_verify" : "good_to_verify";
}

std::optional<Seniority> parse_seniority(std::string_view text) {
    for (auto level : {Seniority::junior, Seniority::mid, Seniority::senior}) {
        if (to_string(level) == text) return level;
    }
    return std::nullopt;
}

std::optional<AnswerSignal> parse_answer_signal(std::string_view text) {
    for (auto signal : {AnswerSignal::lack_of_specifics, AnswerSignal::generic_without_context,
                        AnswerSignal::no_real_world_experience, AnswerSignal::no_teamwork,
                        AnswerSignal::restart_as_fix, AnswerSignal::no_testing, AnswerSignal::no_tools,
                        AnswerSignal::no_structure}) {
        if (to_string(signal) == text) return signal;
    }
    return std::nullopt;
}

}  // namespace mi::content
