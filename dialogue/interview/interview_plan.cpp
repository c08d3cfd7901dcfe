#include "dialogue/interview/interview_plan.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace mi::dialogue {
namespace {

std::vector<std::string> stage_ids(const content::RolePack& pack) {
    std::vector<std::string> ids;
    for (const auto& stage : pack.stages) ids.push_back(stage.id);
    return ids;
}

std::vector<std::string> industry_choices(const content::RolePack& pack) {
    std::vector<std::string> ids{std::string(no_industry)};
    for (const auto& industry : pack.industries) ids.push_back(industry.id);
    return ids;
}

bool contains(const std::vector<std::string>& values, std::string_view wanted) {
    return std::find(values.begin(), values.end(), wanted) != values.end();
}

}  // namespace

std::string join_quoted(const std::vector<std::string>& values) {
    std::string joined;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) joined += ", ";
        joined += '"' + values[i] + '"';
    }
    return joined;
}

// Juniors get a shorter, gentler interview; seniors are pressed further on each answer.
int default_questions_per_stage(content::Seniority level) {
    switch (level) {
        case content::Seniority::junior: return 2;
        case content::Seniority::mid: return 3;
        case content::Seniority::senior: return 3;
    }
    return 3;
}

int default_follow_ups_per_question(content::Seniority level) {
    switch (level) {
        case content::Seniority::junior: return 1;
        case content::Seniority::mid: return 1;
        case content::Seniority::senior: return 2;
    }
    return 1;
}

std::vector<std::string> validate_plan(const InterviewPlan& plan, const content::RolePack& pack,
                                       const InterviewLimits& limits) {
    std::vector<std::string> problems;
    if (plan.role != pack.id) {
        problems.push_back("role \"" + plan.role + "\" is not this pack's role; valid: \"" + pack.id + "\"");
    }
    const auto valid_stages = stage_ids(pack);
    std::vector<std::string> seen;
    for (const auto& stage : plan.stages) {
        if (!contains(valid_stages, stage)) {
            problems.push_back("stage \"" + stage + "\" is unknown; valid stages: " + join_quoted(valid_stages));
        } else if (contains(seen, stage)) {
            problems.push_back("stage \"" + stage + "\" is listed twice");
        }
        seen.push_back(stage);
    }
    const auto valid_industries = industry_choices(pack);
    if (!contains(valid_industries, plan.industry)) {
        problems.push_back("industry \"" + plan.industry + "\" is unknown; valid industries: " +
                           join_quoted(valid_industries));
    }
    if (plan.questions_per_stage &&
        (*plan.questions_per_stage < 1 || *plan.questions_per_stage > limits.max_questions_per_stage)) {
        problems.push_back("questions_per_stage " + std::to_string(*plan.questions_per_stage) +
                           " is out of range; valid: 1 to " + std::to_string(limits.max_questions_per_stage));
    }
    if (plan.follow_ups_per_question &&
        (*plan.follow_ups_per_question < 0 || *plan.follow_ups_per_question > limits.max_follow_ups_per_question)) {
        problems.push_back("follow_ups_per_question " + std::to_string(*plan.follow_ups_per_question) +
                           " is out of range; valid: 0 to " + std::to_string(limits.max_follow_ups_per_question));
    }
    if (!plan.practical_task.empty()) {
        std::vector<std::string> tasks;
        bool in_a_stage = false;
        for (const auto& stage : pack.stages) {
            const bool chosen = plan.stages.empty() || contains(plan.stages, stage.id);
            for (const auto& task : stage.practical_task_ids) {
                tasks.push_back(task);
                in_a_stage = in_a_stage || (chosen && task == plan.practical_task);
            }
        }
        if (!contains(tasks, plan.practical_task)) {
            problems.push_back("practical_task \"" + plan.practical_task + "\" is unknown; valid tasks: " + join_quoted(tasks));
        } else if (!in_a_stage) {
            problems.push_back("practical_task \"" + plan.practical_task + "\" belongs to a stage the plan leaves out");
        }
    }
    if (static_cast<int>(plan.questions.size()) > limits.max_listed_questions) {
        problems.push_back("questions lists " + std::to_string(plan.questions.size()) + " questions; at most " +
                           std::to_string(limits.max_listed_questions));
    }
    std::vector<std::string> listed;
    for (const auto& question_id : plan.questions) {
        const content::Stage* home = nullptr;
        for (const auto& stage : pack.stages) {
            if (contains(stage.question_ids, question_id)) home = &stage;
        }
        if (pack.find_question(question_id) == nullptr || home == nullptr) {
            problems.push_back("question \"" + question_id + "\" is not a question of role \"" + pack.id + "\"");
        } else if (contains(listed, question_id)) {
            problems.push_back("question \"" + question_id + "\" is listed twice");
        } else if (!plan.stages.empty() && !contains(plan.stages, home->id)) {
            problems.push_back("question \"" + question_id + "\" belongs to stage \"" + home->id +
                               "\", which the plan leaves out");
        }
        listed.push_back(question_id);
    }
    if (!plan.questions.empty() && !plan.practical_task.empty()) {
        problems.push_back("a plan that lists its questions has no practical task; leave out practical_task");
    }
    if (pack.stages.empty()) problems.push_back("role \"" + pack.id + "\" has no stages to interview on");
    return problems;
}

PlanResolution resolve_plan(const InterviewPlan& plan, const content::RolePack& pack,
                            const InterviewLimits& limits) {
    PlanResolution resolution;
    resolution.problems = validate_plan(plan, pack, limits);
    if (!resolution.problems.empty()) return resolution;
    ResolvedPlan resolved{plan, 0, 0};
    if (resolved.plan.stages.empty()) resolved.plan.stages = stage_ids(pack);
    resolved.questions_per_stage = plan.questions_per_stage.value_or(default_questions_per_stage(plan.seniority));
    resolved.follow_ups_per_question =
        plan.follow_ups_per_question.value_or(default_follow_ups_per_question(plan.seniority));
    resolution.resolved = std::move(resolved);
    return resolution;
}

nlohmann::json plan_to_json(const InterviewPlan& plan) {
    nlohmann::json json{{"role", plan.role},
                        {"stages", plan.stages},
                        {"industry", plan.industry},
                        {"seniority", std::string(content::to_string(plan.seniority))},
                        {"seed", plan.seed}};
    if (plan.questions_per_stage) json["questions_per_stage"] = *plan.questions_per_stage;
    if (plan.follow_ups_per_question) json["follow_ups_per_question"] = *plan.follow_ups_per_question;
    if (!plan.practical_task.empty()) json["practical_task"] = plan.practical_task;
    if (!plan.questions.empty()) json["questions"] = plan.questions;
    return json;
}

PlanParseResult plan_from_json(const nlohmann::json& json) {
    PlanParseResult result;
    auto& problems = result.problems;
    if (!json.is_object()) {
        problems.push_back("plan must be a JSON object");
        return result;
    }
    static constexpr std::string_view known_fields[] = {"role", "stages", "industry", "seniority",
                                                        "questions_per_stage", "follow_ups_per_question", "seed",
                                                        "practical_task", "questions"};
    for (const auto& [key, value] : json.items()) {
        if (std::find(std::begin(known_fields), std::end(known_fields), key) == std::end(known_fields)) {
            problems.push_back("plan field \"" + key + "\" is unknown");
        }
    }
    InterviewPlan plan;
    if (!json.contains("role") || !json["role"].is_string()) {
        problems.push_back("plan field \"role\" is required and must be a string");
    } else {
        plan.role = json["role"].get<std::string>();
    }
    if (json.contains("stages")) {
        const auto& stages = json["stages"];
        if (!stages.is_array() || !std::all_of(stages.begin(), stages.end(), [](const auto& s) { return s.is_string(); })) {
            problems.push_back("plan field \"stages\" must be an array of stage ids");
        } else {
            for (const auto& stage : stages) plan.stages.push_back(stage.get<std::string>());
        }
    }
    if (json.contains("industry")) {
        if (!json["industry"].is_string()) problems.push_back("plan field \"industry\" must be a string");
        else plan.industry = json["industry"].get<std::string>();
    }
    if (json.contains("seniority")) {
        const auto parsed = json["seniority"].is_string()
                                ? content::parse_seniority(json["seniority"].get<std::string>())
                                : std::nullopt;
        if (!parsed) problems.push_back("plan field \"seniority\" must be one of \"junior\", \"mid\", \"senior\"");
        else plan.seniority = *parsed;
    }
    for (auto [field, target] : {std::pair{"questions_per_stage", &plan.questions_per_stage},
                                 std::pair{"follow_ups_per_question", &plan.follow_ups_per_question}}) {
        if (!json.contains(field) || json[field].is_null()) continue;
        if (!json[field].is_number_integer()) {
            problems.push_back(std::string("plan field \"") + field + "\" must be an integer");
        } else {
            *target = json[field].get<int>();
        }
    }
    if (json.contains("seed")) {
        if (!json["seed"].is_number_unsigned()) {
            problems.push_back("plan field \"seed\" must be a non-negative integer");
        } else {
            plan.seed = json["seed"].get<std::uint64_t>();
        }
    }
    if (json.contains("practical_task") && !json["practical_task"].is_null()) {
        if (!json["practical_task"].is_string()) problems.push_back("plan field \"practical_task\" must be a task id (a string)");
        else plan.practical_task = json["practical_task"].get<std::string>();
    }
    if (json.contains("questions") && !json["questions"].is_null()) {
        const auto& questions = json["questions"];
        if (!questions.is_array() ||
            !std::all_of(questions.begin(), questions.end(), [](const auto& q) { return q.is_string(); })) {
            problems.push_back("plan field \"questions\" must be an array of question ids");
        } else {
            for (const auto& question : questions) plan.questions.push_back(question.get<std::string>());
        }
    }
    if (problems.empty()) result.plan = plan;
    result.partial = std::move(plan);
    return result;
}

}  // namespace mi::dialogue
